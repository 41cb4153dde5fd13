"""The runner with a fake translator: structure, alignment, failure isolation, bad input."""

import json
from pathlib import Path

import pytest

from tests.helpers import FakeTranslator
from translate_summarize.config import load_config
from translate_summarize.engine.pipeline import run
from translate_summarize.errors import InputError


def _run(input_path: Path, out: Path, translator=None, **overrides):
    config = load_config(None, {"input": input_path, "output": out, **overrides})
    return run(config, translator=translator or FakeTranslator())


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def test_seeds_run_gives_aligned_briefs_and_complete_manifest(seeds: Path, tmp_path: Path) -> None:
    result = _run(seeds, tmp_path)
    assert result.counts["ok"] == 5 and result.counts["failed"] == 0
    manifest = _manifest(tmp_path)
    assert sorted(m["id"] for m in manifest) == sorted(p.stem for p in seeds.glob("*.txt"))
    for entry in manifest:
        brief = json.loads((tmp_path / "briefs" / entry["brief"]).read_text())
        assert (tmp_path / "briefs" / entry["brief"]).with_suffix(".md").is_file()
        assert len(brief["sentences"]) == entry["sentences"] > 0
        for pair in brief["sentences"]:
            assert pair["en"] == f"EN[{pair['hi']}]"  # one English entry per Hindi sentence
        assert brief["summary"]["en"] == [f"EN[{h}]" for h in brief["summary"]["hi"]]
        assert set(brief) >= {
            "id",
            "source",
            "title",
            "hi",
            "en",
            "sentences",
            "summary",
            "models",
            "warnings",
        }
    run_json = json.loads((tmp_path / "run.json").read_text())
    assert run_json["counts"] == {"documents": 5, "ok": 5}
    assert run_json["models"]["translator"]["model"] == "fake"


def test_headline_becomes_title(seeds: Path, tmp_path: Path) -> None:
    _run(seeds, tmp_path)
    brief = json.loads((tmp_path / "briefs" / "004_fd5c4bb32c535bfb.json").read_text())
    assert brief["title"]["hi"].startswith("रूस मेक इन इंडिया")
    assert brief["title"]["en"] == f"EN[{brief['title']['hi']}]"
    assert brief["sentences"][0]["hi"] != brief["title"]["hi"]


def test_one_failing_document_does_not_fail_its_neighbours(seeds: Path, tmp_path: Path) -> None:
    translator = FakeTranslator(fail_on="राजनाथ सिंह")  # appears only in seed 002
    result = _run(seeds, tmp_path, translator=translator)
    statuses = {m["id"]: (m["status"], m["error"]) for m in _manifest(tmp_path)}
    assert statuses["002_880fecec8a66a465"][0] == "failed"
    assert "translation failed" in statuses["002_880fecec8a66a465"][1]
    assert [s for s, _ in statuses.values()].count("ok") == 4
    assert result.counts == {"ok": 4, "failed": 1}
    assert not (tmp_path / "briefs" / "002_880fecec8a66a465.json").exists()


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"  \n\t\n",
    "binary.txt": bytes(range(256)),
    "cp1252.txt": "caf\u00e9 \u201cquoted\u201d".encode("cp1252"),
    "utf16.txt": "यह यूटीएफ-16 है।".encode("utf-16"),
    "utf8bom.txt": "\ufeffयह बीओएम वाला है।".encode(),
    "good.txt": "यह ठीक है।".encode(),
}


def test_bad_inputs_fail_alone_with_reasons(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, data in BAD_INPUTS.items():
        (corpus / name).write_bytes(data)
    _run(corpus, tmp_path / "out")
    manifest = {m["id"]: m for m in _manifest(tmp_path / "out")}
    assert set(manifest) == {Path(n).stem for n in BAD_INPUTS}
    assert manifest["empty"]["error"] == "empty document"
    assert manifest["blank"]["status"] == "failed"
    assert "not UTF-8" in manifest["cp1252"]["error"] and "0x" in manifest["cp1252"]["error"]
    assert manifest["binary"]["status"] == "failed"
    for ok in ("utf16", "utf8bom", "good"):
        assert manifest[ok]["status"] == "ok", manifest[ok]
    brief = json.loads((tmp_path / "out" / "briefs" / "utf8bom.json").read_text())
    assert brief["hi"] == "यह बीओएम वाला है।"


def test_jsonl_input_malformed_lines_duplicates_and_unsafe_ids(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": "a", "text": "पहला लेख है।", "title": "शीर्षक", "url": "https://x.in/a"}),
        "{not json",
        json.dumps({"id": "a", "text": "दूसरा लेख उसी आईडी से।"}),
        json.dumps({"id": "../../escape", "text": "बाहर जाने की कोशिश।"}),
        json.dumps({"id": "x/y:z*?", "text": "अजीब नाम।"}),
        json.dumps({"id": "no-text"}),
        json.dumps(["a", "list"]),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    _run(source, out)
    manifest = _manifest(out)
    assert len(manifest) == len(rows)
    by_id = {m["id"]: m for m in manifest}
    assert (
        by_id["in-line2"]["status"] == "failed" and "not valid JSON" in by_id["in-line2"]["error"]
    )
    assert by_id["a~2"]["status"] == "ok"
    assert by_id["no-text"]["status"] == "failed"
    written = sorted(p.resolve() for p in out.rglob("*") if p.is_file())
    assert all(p.is_relative_to(out.resolve()) for p in written)
    escape = json.loads((out / "briefs" / by_id["../../escape"]["brief"]).read_text())
    assert escape["id"] == "../../escape"
    first = json.loads((out / "briefs" / "a.json").read_text())
    assert first["title"] == {"hi": "शीर्षक", "en": "EN[शीर्षक]"} and first["url"] == "https://x.in/a"
    second = json.loads((out / "briefs" / by_id["a~2"]["brief"]).read_text())
    assert any("duplicate id" in w for w in second["warnings"])


def test_limit_and_missing_input(seeds: Path, tmp_path: Path) -> None:
    assert _run(seeds, tmp_path / "o", limit=2).counts["ok"] == 2
    with pytest.raises(InputError, match="does not exist"):
        _run(tmp_path / "nowhere", tmp_path / "o2")
