"""A nightly run that never loses a document: kill -9 and resume, and a corpus of bad input.

Both run the real CLI in a subprocess with the tiny NLLB model.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import cli
from tests.tiny_models import flores_lines

ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def _config(tmp_path: Path, corpus: Path, out: Path, extra: str = "") -> Path:
    config = tmp_path / "run.yaml"
    config.write_text(
        f"input: {corpus}\noutput: {out}\ndocs_per_chunk: 2\n"
        f"translator:\n  beam_size: 1\n  max_length: 8\n{extra}"
    )
    return config


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def _flores_corpus(folder: Path, documents: int) -> list[str]:
    folder.mkdir()
    lines = flores_lines()
    ids = []
    for number in range(documents):
        doc_id = f"doc{number:03d}"
        (folder / f"{doc_id}.txt").write_text("\n".join(lines[number * 4 : number * 4 + 4]) + "\n")
        ids.append(doc_id)
    return ids


def test_kill_9_mid_run_then_rerun_completes_without_loss(tiny_nllb: Path, tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    ids = _flores_corpus(corpus, 60)
    config = _config(tmp_path, corpus, out)
    command = [
        sys.executable,
        "-m",
        "translate_summarize",
        "run",
        str(config),
        "--model",
        str(tiny_nllb),
        "-q",
    ]
    process = subprocess.Popen(
        command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while len(list((out / "briefs").glob("*.json"))) < 6 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    done_before = len(list((out / "briefs").glob("*.json")))
    assert 6 <= done_before < len(ids), "the kill must land mid-run"
    assert not (out / "manifest.jsonl").exists()  # only a finished run publishes a manifest
    for brief in (out / "briefs").glob("*.json"):
        json.loads(brief.read_text())  # every brief on disk is whole

    rerun = cli("run", str(config), "--model", str(tiny_nllb), "-q")
    assert rerun.returncode == 0, rerun.stderr
    manifest = _manifest(out)
    assert sorted(m["id"] for m in manifest) == ids  # every document exactly once
    assert {m["status"] for m in manifest} <= {"ok", "skipped"}
    assert (
        sum(m["status"] == "skipped" for m in manifest) >= done_before - 2
    )  # at most a chunk redone
    for entry in manifest:
        brief = json.loads((out / "briefs" / entry["brief"]).read_text())
        assert len(brief["sentences"]) == entry["sentences"] > 0
    assert not list(out.rglob("*.tmp")) and not (out / "manifest.jsonl.partial").exists()


def _bad_corpus(folder: Path) -> None:
    folder.mkdir()
    hindi = flores_lines()
    files = {
        "empty.txt": b"",
        "blank.txt": b" \n\t \r\n",
        "binary.txt": bytes(range(256)) * 4,
        "cp1252.txt": "“Smart quotes” and café".encode("cp1252"),
        "latin1.txt": "Déjà vu à Paris".encode("latin-1"),
        "utf16.txt": ("\n".join(hindi[:3])).encode("utf-16"),
        "utf8bom.txt": ("\ufeff" + "\n".join(hindi[3:6])).encode(),
        "english.txt": b"The minister met his Russian counterpart. They discussed trade.",
        "urdu.txt": "وزیر اعظم نے روس کے صدر سے ملاقات کی۔ دونوں نے تجارت پر بات کی۔".encode(),
        "long_article.txt": ("\n".join(hindi) + "\n").encode() * 1,
        "run_on.txt": re.sub(r"[।॥.?!|]", "", " ".join(hindi[:60]))[:5000].encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    rows = [
        json.dumps({"id": "dup", "text": hindi[10]}, ensure_ascii=False),
        "{broken json",
        json.dumps({"id": "dup", "text": hindi[11]}, ensure_ascii=False),
        json.dumps({"id": "../../etc/passwd", "text": hindi[12]}, ensure_ascii=False),
        json.dumps({"id": 'con:*?"<>|', "text": hindi[13]}, ensure_ascii=False),
    ]
    (folder / "rows.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def bad_run(
    tiny_nllb: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess, Path]:
    root = tmp_path_factory.mktemp("bad")
    _bad_corpus(root / "in")
    config = _config(root, root / "in", root / "out", "  max_input_tokens: 60\n")
    return cli("run", str(config), "--model", str(tiny_nllb)), root / "out"


def test_bad_input_gives_per_document_errors_and_no_crash(bad_run) -> None:
    proc, out = bad_run
    assert proc.returncode == 1, proc.stderr  # some documents failed, the run finished
    assert "Traceback" not in proc.stderr
    manifest = {m["id"]: m for m in _manifest(out)}
    assert len(manifest) == 11 + 5
    failed = {i: m["error"] for i, m in manifest.items() if m["status"] == "failed"}
    assert set(failed) == {"empty", "blank", "binary", "cp1252", "latin1", "urdu", "rows-line2"}
    assert "not UTF-8" in failed["cp1252"] and "not UTF-8" in failed["latin1"]
    assert "Arabic" in failed["urdu"] and "not valid JSON" in failed["rows-line2"]
    assert all(m["status"] == "ok" for i, m in manifest.items() if i not in failed)
    assert f"{len(failed)} failed" in proc.stderr and "failed: urdu:" in proc.stderr


def test_bom_files_decode_and_english_passes_through(bad_run) -> None:
    _, out = bad_run
    utf16 = json.loads((out / "briefs" / "utf16.json").read_text())
    assert utf16["sentences"][0]["hi"] == flores_lines()[0]
    english = json.loads((out / "briefs" / "english.json").read_text())
    assert english["en"] == english["hi"] and any("untranslated" in w for w in english["warnings"])


def test_long_inputs_are_chunked_not_dropped(bad_run) -> None:
    _, out = bad_run
    run_on = json.loads((out / "briefs" / "run_on.json").read_text())
    assert len(run_on["sentences"]) == 1 and "chunked" in run_on["sentences"][0]["flags"]
    assert run_on["sentences"][0]["en"]
    article = json.loads((out / "briefs" / "long_article.json").read_text())
    assert len(article["sentences"]) >= 1000 and all(s["en"] for s in article["sentences"])


def test_unsafe_and_duplicate_ids_stay_inside_the_output(bad_run) -> None:
    _, out = bad_run
    manifest = {m["id"]: m for m in _manifest(out)}
    written = [p.resolve() for p in out.rglob("*")]
    assert all(p.is_relative_to(out.resolve()) for p in written)
    for doc_id in ("../../etc/passwd", 'con:*?"<>|', "dup", "dup~2"):
        brief = json.loads((out / "briefs" / manifest[doc_id]["brief"]).read_text())
        assert brief["id"] == doc_id
    assert len({m["brief"] for m in manifest.values() if m["brief"]}) == 9
