"""Incremental reruns and the manifest's all-or-nothing rename."""

import json
import shutil
from pathlib import Path

from tests.helpers import FakeTranslator
from translate_summarize.config import load_config
from translate_summarize.engine.pipeline import run


def _run(corpus: Path, out: Path, translator: FakeTranslator, force: bool = False, **overrides):
    config = load_config(None, {"input": corpus, "output": out, **overrides})
    return run(config, translator=translator, force=force)


def _statuses(out: Path) -> dict[str, str]:
    lines = (out / "manifest.jsonl").read_text().splitlines()
    return {entry["id"]: entry["status"] for entry in map(json.loads, lines)}


def test_rerun_skips_unchanged_redoes_changed_and_force_redoes_all(
    seeds: Path, tmp_path: Path
) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(seeds, corpus)
    assert _run(corpus, out, FakeTranslator()).counts == {"ok": 5}
    brief_before = (out / "briefs" / "000_7ef7da78973b1ba2.json").read_text()

    second = FakeTranslator()
    result = _run(corpus, out, second)
    assert result.counts == {"skipped": 5} and second.calls == []
    assert set(_statuses(out).values()) == {"skipped"}
    assert (out / "briefs" / "000_7ef7da78973b1ba2.json").read_text() == brief_before
    manifest = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    assert all(m["brief"] and m["sentences"] > 0 for m in manifest)

    changed = corpus / "003_0d6a352e8def3620.txt"
    changed.write_text(
        "नया वाक्य जोड़ा गया।\n" + changed.read_text(encoding="utf-8"), encoding="utf-8"
    )
    third = FakeTranslator()
    assert _run(corpus, out, third).counts == {"skipped": 4, "ok": 1}
    assert _statuses(out)["003_0d6a352e8def3620"] == "ok"
    assert any("नया वाक्य जोड़ा गया।" in text for text in third.calls[0])

    assert _run(corpus, out, FakeTranslator(), force=True).counts == {"ok": 5}


def test_changed_settings_invalidate_every_brief(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(seeds, out, FakeTranslator())
    assert _run(seeds, out, FakeTranslator(), **{"summarizer.sentences": 2}).counts == {"ok": 5}
    # Speed-only settings do not change output, so they keep the briefs.
    result = _run(
        seeds, out, FakeTranslator(), **{"summarizer.sentences": 2, "translator.threads": 1}
    )
    assert result.counts == {"skipped": 5}


def test_failed_documents_are_retried_on_the_next_run(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(seeds, out, FakeTranslator(fail_on="राजनाथ सिंह"))
    assert _statuses(out)["002_880fecec8a66a465"] == "failed"
    assert _run(seeds, out, FakeTranslator()).counts == {"skipped": 4, "ok": 1}


def test_manifest_is_renamed_into_place_and_stale_temp_files_go(
    seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "briefs").mkdir(parents=True)
    stale = out / "briefs" / ".000.json.abc.tmp"
    stale.write_text('{"half": ')
    _run(seeds, out, FakeTranslator())
    assert not stale.exists()
    assert not (out / "manifest.jsonl.partial").exists()
    assert len(_statuses(out)) == 5
