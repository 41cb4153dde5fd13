"""report.html in a real browser: Debian's Chromium driven by Playwright.

The report of a tiny-NLLB run over the seeds must load without console errors, show run.json's
counts, open documents side by side and filter by flag; a hostile document must run nothing.
Screenshots of the overview and of a document view are saved to ``outputs/test-artifacts/``
(or ``$REPORT_ARTIFACTS``) for a person to look at.

Skipped, with the reason, only where Chromium or Playwright is missing — and never in CI
(``CI`` or ``TS_REQUIRE_BROWSER`` set): ``.ci/run`` installs Chromium, so there a missing browser
is a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.browser import CHROMIUM, launch
from tests.helpers import FakeTranslator
from translate_summarize.cli import app
from translate_summarize.config import load_config
from translate_summarize.engine.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("REPORT_ARTIFACTS", ROOT / "outputs" / "test-artifacts"))


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    return None


def expect(locator):
    """Playwright's auto-waiting assertions (imported late: playwright may be missing)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture(scope="module")
def browser():
    problem = _missing()
    if problem and (os.environ.get("CI") or os.environ.get("TS_REQUIRE_BROWSER")):
        pytest.fail(f"browser tests must run in CI: {problem}")
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class Page:
    """A page with every console error, page error, dialog and request it caused recorded."""

    def __init__(self, browser, report: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = report.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready=true]")

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def table_ids(self) -> list[str]:
        return self.page.locator("#doc-table tbody tr td:nth-child(2)").all_text_contents()


@pytest.fixture(scope="module")
def seeds_run(tiny_nllb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    out, config = folder / "nightly", folder / "fast.yaml"
    # Greedy and short: the tiny model's output is noise anyway, and the suite must stay fast.
    config.write_text(f"input: {ROOT / 'seeds'}\ntranslator:\n  beam_size: 1\n  max_length: 24\n")
    args = ["run", str(config), "--model", str(tiny_nllb), "--output", str(out), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def _briefs(run_dir: Path) -> dict[str, dict]:
    briefs = (json.loads(p.read_text()) for p in (run_dir / "briefs").glob("*.json"))
    return {brief["id"]: brief for brief in briefs}


def test_seeds_report_overview_matches_run_json(browser, seeds_run: Path) -> None:
    page = Page(browser, seeds_run / "report.html")
    counts = json.loads((seeds_run / "run.json").read_text())["counts"]
    for key in ("documents", "ok", "failed", "skipped"):
        shown = page.page.text_content(f"dd[data-count={key}]")
        assert int(shown.replace(",", "")) == counts.get(key, 0), key
    assert sorted(page.table_ids()) == sorted(_briefs(seeds_run))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "report-overview.png"), full_page=True)
    assert page.errors == [] and page.dialogs == []
    assert set(page.requests) == {page.url}


def test_clicking_a_document_shows_its_sentences_side_by_side(browser, seeds_run: Path) -> None:
    page = Page(browser, seeds_run / "report.html")
    brief = _briefs(seeds_run)["004_fd5c4bb32c535bfb"]
    page.page.click("#doc-table a:text-is('004_fd5c4bb32c535bfb')")
    page.page.wait_for_selector("#doc-view table.sentences")
    rows = page.page.locator("#doc-view table.sentences tbody tr")
    hindi = rows.locator("td:nth-child(2)").all_text_contents()
    english = rows.locator("td:nth-child(3) > span:first-child").all_text_contents()
    assert hindi == [s["hi"] for s in brief["sentences"]]
    assert english == [s["en"] for s in brief["sentences"]]
    flagged = [i for i, s in enumerate(brief["sentences"]) if s["flags"]]
    classes = [rows.nth(i).get_attribute("class") or "" for i in range(rows.count())]
    assert [i for i, c in enumerate(classes) if "flagged" in c] == flagged
    summary = page.page.locator("#doc-view .summary ol")
    assert summary.nth(0).locator("li").all_text_contents() == brief["summary"]["hi"]
    assert summary.nth(1).locator("li").all_text_contents() == brief["summary"]["en"]
    assert page.page.text_content("#doc-view header h2") == brief["title"]["hi"]
    removed = page.page.locator("#doc-view details.removed tr td.rule").all_text_contents()
    assert removed == [r["rule"] for r in brief["removed"]]
    page.page.screenshot(path=str(ARTIFACTS / "report-document.png"))
    page.page.check("#only-flagged")
    visible = page.page.locator("#doc-view table.sentences tbody tr:visible")
    assert visible.locator("td:nth-child(2)").all_text_contents() == [
        brief["sentences"][i]["hi"] for i in flagged
    ]
    page.page.click("text=← all documents")
    expect(page.page.locator("#doc-table")).to_be_visible()
    expect(page.page.locator("#doc-view")).to_be_hidden()
    assert page.errors == []


def test_flag_filter_sort_and_search_narrow_the_table(browser, seeds_run: Path) -> None:
    page = Page(browser, seeds_run / "report.html")
    briefs = _briefs(seeds_run)
    flags_of = {i: {f for s in b["sentences"] for f in s["flags"]} for i, b in briefs.items()}
    options = page.page.locator("#flag-filter option").evaluate_all("os => os.map(o => o.value)")
    names = sorted(set().union(*flags_of.values()))
    assert options == ["", "*", "-", *names]
    sizes = []
    for name in names:
        page.page.select_option("#flag-filter", name)
        assert sorted(page.table_ids()) == sorted(i for i, f in flags_of.items() if name in f)
        sizes.append(len(page.table_ids()))
    page.page.select_option("#flag-filter", "-")
    assert sorted(page.table_ids()) == sorted(i for i, f in flags_of.items() if not f)
    sizes.append(len(page.table_ids()))
    assert min(sizes) < len(briefs)  # some choice narrows the table
    page.page.select_option("#flag-filter", "")
    page.page.click("th[data-sort=sentences]")
    counts = page.page.locator("#doc-table tbody td:nth-child(4)").all_text_contents()
    assert [int(c) for c in counts] == sorted(len(b["sentences"]) for b in briefs.values())
    page.page.click("th[data-sort=sentences]")
    counts = page.page.locator("#doc-table tbody td:nth-child(4)").all_text_contents()
    assert [int(c) for c in counts] == sorted(len(b["sentences"]) for b in briefs.values())[::-1]
    page.page.fill("#search", "रूस मेक इन")
    assert page.table_ids() == ["004_fd5c4bb32c535bfb"]
    assert page.errors == []


# Enough Hindi around the markup that the documents are translated, not passed through.
HINDI = "राजधानी में आज सुबह से बारिश हो रही है और सड़कों पर पानी भर गया है।"
HOSTILE = [
    {
        "id": "<img src=x onerror=alert('id')>",
        "title": "<script>alert(1)</script>",
        "url": "javascript:alert(2)",
        "text": f"{HINDI} यह <img src=x onerror=alert(3)> है। {HINDI}\n"
        f"फिर </script><script>alert(4)</script> आया। {HINDI}\n"
        f'एक <a href="javascript:alert(5)">कड़ी</a> और <!-- टिप्पणी --> \u2028 यहाँ है। {HINDI}',
    },
    {"id": "fails", "title": "<svg onload=alert(6)>", "text": f"{HINDI} <svg onload=alert(7)> है।"},
]


def test_hostile_document_shows_as_text_and_runs_nothing(browser, tmp_path: Path) -> None:
    source = tmp_path / "hostile.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in HOSTILE), encoding="utf-8")
    config = load_config(None, {"input": source, "output": tmp_path / "out"})
    run(config, translator=FakeTranslator(fail_on="<svg onload="))
    page = Page(browser, tmp_path / "out" / "report.html")
    assert "<svg onload=" in page.page.text_content(".failed-docs")
    row = page.page.locator("#doc-table tbody tr").first
    assert "<script>alert(1)</script>" in row.text_content()
    row.locator("a").click()
    view = page.page.locator("#doc-view")
    expect(view.locator("table.sentences")).to_be_visible()
    assert "javascript:alert(2)" in view.text_content()
    assert "</script><script>alert(4)</script>" in view.text_content()
    assert page.page.locator("img, iframe, a[href^='javascript']").count() == 0
    assert page.page.locator("script").count() == 3  # index, one brief, the page script
    page.page.go_back()
    expect(page.page.locator("#doc-table")).to_be_visible()
    page.page.locator("#doc-table a", has_text="fails").click()
    expect(page.page.locator("#doc-view .error")).to_contain_text("cannot translate '<svg onload=")
    page.page.wait_for_timeout(200)
    assert page.dialogs == [] and page.errors == []
    assert set(page.requests) == {page.url}
