"""How big report.html gets, and how fast it opens, for a large run (5,000 briefs by default).

Writes a synthetic run folder — briefs made of real FLORES-200 devtest Hindi/English sentence
pairs (10–40 sentences each, a few flags, boilerplate removed, 2 % failed) with its manifest and
run.json — builds the report with the tool's own ``write_report``, then opens it in Debian's
Chromium (Playwright) several times and measures:

- ``write_s`` / ``write_cpu_s``: building and writing report.html (wall clock / CPU time);
- ``interactive_ms``: navigation start until the page script has rendered the table and set
  ``data-ready`` (``performance.now()`` in the page), and ``load_wall_ms`` as Playwright sees it;
- ``open_document_ms``: from setting ``#doc/N`` to the document view being built;
- ``filter_ms``: choosing a flag in the filter until the table is redrawn.

    python bench/report_scale.py [--documents 5000] [--loads 5] [--json] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from translate_summarize.output.report import write_report

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT / "translate_summarize" / "data" / "flores200-devtest"
sys.path.insert(0, str(ROOT))
FLAGS = ["untranslated", "numbers_mismatch", "length_ratio", "repetition", "truncated"]


def synthetic_brief(number: int, pairs: list[tuple[str, str]], rng: random.Random) -> dict:
    chosen = rng.sample(pairs, rng.randint(10, 40))
    sentences = [
        {
            "hi": hi,
            "en": en,
            "paragraph": i // 4,
            "flags": [rng.choice(FLAGS)] if rng.random() < 0.05 else [],
        }
        for i, (hi, en) in enumerate(chosen)
    ]
    return {
        "brief_version": 1,
        "id": f"doc-{number:05d}",
        "source": f"input/doc-{number:05d}.txt",
        "url": f"https://example.in/news/{number}",
        "title": {"hi": _words(chosen[0][0]), "en": _words(chosen[0][1])},
        "hi": " ".join(s["hi"] for s in sentences),
        "en": " ".join(s["en"] for s in sentences),
        "sentences": sentences,
        "summary": {
            "hi": [s["hi"] for s in sentences[:3]],
            "en": [s["en"] for s in sentences[:3]],
            "method": "extractive-textrank",
            "indices": [0, 1, 2],
        },
        "models": {"translator": {"model": "synthetic"}, "summarizer": {"model": "synthetic"}},
        "warnings": [],
        "removed": [{"line": "ये भी पढ़ें: अन्य खबर", "rule": "read_more"}] * 5,
    }


def _words(sentence: str, count: int = 8) -> str:
    return " ".join(sentence.split()[:count])


def write_run(folder: Path, documents: int, seed: int = 0) -> None:
    """A run folder with ``documents`` manifest lines, their briefs and a run.json."""
    rng = random.Random(seed)
    hindi = (FLORES / "hin_Deva.devtest").read_text(encoding="utf-8").splitlines()
    english = (FLORES / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    pairs = list(zip(hindi, english))
    (folder / "briefs").mkdir(parents=True)
    lines, counts, total = [], {"ok": 0, "failed": 0}, 0
    for number in range(documents):
        entry = {"id": f"doc-{number:05d}", "status": "ok", "error": None, "brief": None}
        if rng.random() < 0.02:
            entry.update(status="failed", error="translation failed: RuntimeError: synthetic")
        else:
            brief = synthetic_brief(number, pairs, rng)
            entry["brief"] = f"{brief['id']}.json"
            entry["sentences"] = len(brief["sentences"])
            total += len(brief["sentences"])
            (folder / "briefs" / entry["brief"]).write_text(json.dumps(brief, ensure_ascii=False))
        counts[entry["status"]] += 1
        lines.append(json.dumps(entry, ensure_ascii=False))
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    seconds = total / 3.0  # a plausible CPU rate; the report only displays it
    started = datetime(2026, 11, 24, 1, 0, tzinfo=timezone.utc)
    run = {
        "tool": {"name": "translate_summarize", "version": "synthetic"},
        "started": started.isoformat(),
        "finished": (started + timedelta(seconds=seconds)).isoformat(timespec="seconds"),
        "duration_s": round(seconds, 1),
        "counts": {"documents": documents, **counts},
        "sentences": total,
        "sentences_per_s": 3.0,
        "models": {
            "translator": {"model": "FLORES-200 reference translations (synthetic run)"},
            "summarizer": {"model": "extractive-textrank"},
        },
        "config": {"summarizer": {"method": "extractive", "sentences": 3}, "engine": "local"},
    }
    (folder / "run.json").write_text(json.dumps(run))


OPEN_DOCUMENT = """async (n) => {
  const t0 = performance.now();
  const done = new Promise((r) => addEventListener("hashchange", r, { once: true }));
  location.hash = "#doc/" + n;
  await done;
  return performance.now() - t0;
}"""
FILTER = """() => {
  const select = document.getElementById("flag-filter");
  select.value = "repetition";
  const t0 = performance.now();
  select.dispatchEvent(new Event("change"));
  return performance.now() - t0;
}"""


def measure_browser(report: Path, loads: int, documents: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    samples: dict[str, list[float]] = {
        "interactive_ms": [],
        "load_wall_ms": [],
        "open_document_ms": [],
        "filter_ms": [],
    }
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for load in range(loads):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            started = time.perf_counter()
            page.goto(report.resolve().as_uri())
            page.wait_for_selector("html[data-ready=true]")
            samples["load_wall_ms"].append((time.perf_counter() - started) * 1000)
            samples["interactive_ms"].append(page.evaluate("window.reportReadyAt"))
            samples["filter_ms"].append(page.evaluate(FILTER))
            samples["open_document_ms"].append(
                page.evaluate(OPEN_DOCUMENT, (load * 997) % documents)
            )
            page.close()
        browser.close()
    return samples


def screenshots(report: Path, folder: Path) -> None:
    """The overview and the first document's view, as a reader's 1280×900 window shows them."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(report.resolve().as_uri())
        page.wait_for_selector("html[data-ready=true]")
        page.screenshot(path=str(folder / "report.png"))
        page.click("#doc-table tbody tr:has(.flag) a")  # a document with a flagged sentence
        page.wait_for_selector("#doc-view table.sentences")
        page.screenshot(path=str(folder / "report-document.png"))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    parser.add_argument(
        "--screenshots", type=Path, help="Also save the overview and a document view as PNGs here."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "run"
        write_run(folder, args.documents)
        briefs_mb = sum(p.stat().st_size for p in (folder / "briefs").glob("*.json")) / 1e6
        write_s, write_cpu_s = [], []
        for _ in range(3):
            started, cpu = time.perf_counter(), time.process_time()
            report = write_report(folder)
            write_s.append(time.perf_counter() - started)
            write_cpu_s.append(time.process_time() - cpu)
        samples = measure_browser(report, args.loads, args.documents)
        if args.screenshots:
            screenshots(report, args.screenshots)
        result = {
            "documents": args.documents,
            "briefs_json_mb": round(briefs_mb, 1),
            "report_mb": round(report.stat().st_size / 1e6, 1),
            "write_s_median": round(statistics.median(write_s), 2),
            "write_cpu_s_median": round(statistics.median(write_cpu_s), 2),
            **{f"{k}_median": round(statistics.median(v), 1) for k, v in samples.items()},
            "samples": {k: [round(x, 1) for x in v] for k, v in samples.items()},
        }
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
