"""report.html without a browser: what it embeds, how it escapes, partial runs, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import FakeTranslator
from translate_summarize.cli import app
from translate_summarize.config import load_config
from translate_summarize.engine.pipeline import run
from translate_summarize.errors import InputError
from translate_summarize.output.report import csp_hash, embed_json, load_run, write_report
from translate_summarize.output.report_overview import flag_chart


@pytest.fixture(scope="module")
def run_dir(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report-run")
    config = load_config(None, {"input": seeds, "output": out})
    run(config, translator=FakeTranslator(fail_on="राजनाथ सिंह"))  # seed 002 fails
    return out


def _blocks(html: str) -> dict[str, str]:
    pattern = r'<script type="application/json" id="([\w-]+)">(.*?)</script>'
    return dict(re.findall(pattern, html, flags=re.S))


@pytest.mark.parametrize(
    "text",
    ["</script><script>alert(1)</script>", "<!--<script>", "a & b > c", "\u2028\u2029", "हिन्दी।"],
)
def test_embedded_json_cannot_end_its_script_element_and_reads_back(text: str) -> None:
    embedded = embed_json({"t": text})
    assert not set(embedded) & set("<>&\u2028\u2029")
    assert json.loads(embedded) == {"t": text}


def test_run_writes_report_with_every_document_and_a_matching_csp(run_dir: Path) -> None:
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    index = json.loads(_blocks(html)["index-data"])["documents"]
    manifest = [json.loads(line) for line in (run_dir / "manifest.jsonl").read_text().splitlines()]
    assert [row["id"] for row in index] == [m["id"] for m in manifest]
    ok = [row for row in index if row["status"] == "ok"]
    assert {f"doc-{row['n']}" for row in ok} == set(_blocks(html)) - {"index-data"}
    script = re.search(r"<script>(.*?)</script>", html, flags=re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", html, flags=re.S).group(1)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#x27;none&#x27;" in csp
    assert csp_hash(script).replace("'", "&#x27;") in csp
    assert csp_hash(style).replace("'", "&#x27;") in csp
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing remote
    failed = '<a href="#doc/2">002_880fecec8a66a465</a>: translation failed'
    assert failed in html


def test_overview_escapes_what_comes_from_the_run(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    hostile = "<b onmouseover=alert(1)>"
    rows = [{"id": hostile, "text": "यह एक वाक्य है।"}, {"id": "bad", "text": "दूसरा <i>x</i> है।"}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    config = load_config(None, {"input": source, "output": tmp_path / "out"})
    run(config, translator=FakeTranslator(fail_on="<i>x</i>"))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    outside_data = re.sub(r'<script type="application/json".*?</script>', "", html, flags=re.S)
    assert "<i>x</i>" not in outside_data and "&lt;i&gt;x&lt;/i&gt;" in outside_data
    assert hostile not in html


def test_flag_chart_draws_one_bar_per_flag_longest_first() -> None:
    from collections import Counter

    svg = flag_chart(Counter({"repetition": 2, "untranslated": 10, "<x>": 1}))
    widths = [int(w) for w in re.findall(r'<rect[^>]* width="(\d+)"', svg)]
    assert len(widths) == 3 and widths == sorted(widths, reverse=True)
    assert "&lt;x&gt;" in svg and "<x>" not in svg
    assert "No sentence is flagged" in flag_chart(Counter())


def test_report_command_rebuilds_a_partial_run(run_dir: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    (partial / "briefs").mkdir(parents=True)
    for brief in sorted((run_dir / "briefs").glob("*.json"))[:3]:
        (partial / "briefs" / brief.name).write_bytes(brief.read_bytes())
    first = (run_dir / "manifest.jsonl").read_text().splitlines()[0]
    (partial / "manifest.jsonl.partial").write_text(first + "\n{torn line")
    result = CliRunner().invoke(app, ["report", str(partial)])
    assert result.exit_code == 0, result.output
    assert "report written: file://" in result.output
    data = load_run(partial)
    assert len(data.entries) == 3  # one manifest line + two briefs without one
    assert any("run.json is missing" in note for note in data.notes)
    assert any("line 2 is not a manifest entry" in note for note in data.notes)
    assert any("2 documents are shown from their briefs alone" in note for note in data.notes)
    assert "run.json is missing" in (partial / "report.html").read_text(encoding="utf-8")


def test_report_of_a_folder_that_is_no_run_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="has no manifest and no briefs"):
        write_report(tmp_path)
    result = CliRunner().invoke(app, ["report", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "is not a folder" in result.output


def test_a_run_with_no_documents_still_gets_a_report(tmp_path: Path) -> None:
    source = tmp_path / "empty.jsonl"
    source.write_text("", encoding="utf-8")
    run(
        load_config(None, {"input": source, "output": tmp_path / "out"}),
        translator=FakeTranslator(),
    )
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<dd data-count=documents>0</dd>" in html and "No sentence is flagged" in html


def test_skipped_documents_keep_their_briefs_and_flags_in_the_report(seeds: Path, tmp_path: Path):
    config = load_config(None, {"input": seeds, "output": tmp_path, "limit": 2})
    run(config, translator=FakeTranslator())
    run(config, translator=FakeTranslator())  # unchanged: both skipped
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    rows = json.loads(_blocks(html)["index-data"])["documents"]
    assert [row["status"] for row in rows] == ["skipped", "skipped"]
    assert {"doc-0", "doc-1"} <= set(_blocks(html))
    assert all(row["sentences"] > 0 and row["flags"] for row in rows)
    assert "<dd data-count=skipped>2</dd>" in html


def test_the_report_holds_one_brief_at_a_time(run_dir: Path, tmp_path: Path) -> None:
    # 300 copies of a seed's brief (~9 MB of briefs): the page is written a document at a time,
    # so building it never holds them all (it held every brief, and a 100,000-document run's
    # report took over 1 GB).
    import tracemalloc

    big = tmp_path / "big"
    (big / "briefs").mkdir(parents=True)
    entry = json.loads((run_dir / "manifest.jsonl").read_text().splitlines()[0])
    brief = (run_dir / "briefs" / Path(entry["brief"]).name).read_bytes()
    lines = []
    for number in range(300):
        (big / "briefs" / f"d{number}.json").write_bytes(brief)
        lines.append(json.dumps({**entry, "id": f"d{number}", "brief": f"briefs/d{number}.json"}))
    (big / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        write_report(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    html = (big / "report.html").read_text(encoding="utf-8")
    assert len(_blocks(html)) == 301  # the index and every document
    assert peak < 300 * len(brief) / 4, f"peak {peak:,} bytes for {300 * len(brief):,} of briefs"
