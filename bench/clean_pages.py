"""Gold-sentence recall and precision of reading HTML pages, ours beside plain trafilatura.

For every ``NAME.html`` with a ``NAME.gold.txt`` (one article sentence a line: headline, body,
sub-headings) under the page folder:

- ours: the page read as ``run`` reads it (``read_documents`` then ``prepare``); what is kept
  is the title followed by the sentences the translator would get;
- peer: ``trafilatura.extract(page)`` with its defaults, each line split by our sentence
  splitter (so both sides are cut into sentences the same way).

recall = gold sentences found in the kept text / gold sentences; precision = kept sentences
found in the gold text / kept sentences. Text is compared after NFC, removal of zero-width
characters and whitespace collapsing, and a sentence counts as found when it occurs inside the
other side's text (so a different sentence split is not counted as a miss); a kept sentence
repeating an earlier one counts as wrong (a body printed twice is read twice). The script also
counts Hindi sentences that would reach the brief untranslated (``en == hi``): must be 0.

    python bench/clean_pages.py [--pages DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate_summarize.config import load_config  # noqa: E402
from translate_summarize.engine.stages import prepare  # noqa: E402
from translate_summarize.reading.read import read_documents  # noqa: E402
from translate_summarize.text.script import needs_translation  # noqa: E402
from translate_summarize.text.segment import split_sentences  # noqa: E402

DEFAULT_PAGES = ROOT / "tests" / "data" / "pages"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u200b", "").replace("\u00a0", " ")
    return " ".join(text.split())


def ours(page: Path) -> tuple[list[str], int]:
    """Kept sentences (title first) and how many Hindi sentences would pass untranslated."""
    doc = next(read_documents(page))
    prepare(doc, load_config(None, {}))
    kept = ([doc.title] if doc.title else []) + [s.hi for s in doc.sentences]
    hindi_passed = sum(
        1 for s in kept if re.search("[\u0900-\u097f]", s) and not needs_translation(s)
    )
    return kept, hindi_passed


def peer(page: Path) -> list[str]:
    import trafilatura

    text = trafilatura.extract(page.read_bytes()) or ""
    return [s for line in text.split("\n") for s in split_sentences(line)]


def score(kept: list[str], gold: list[str]) -> tuple[int, int]:
    """(gold sentences found in the kept text, kept sentences found in the gold text)."""
    kept_text, gold_text = norm(" ".join(kept)), norm(" ".join(gold))
    found = sum(1 for g in gold if norm(g) in kept_text)
    right, seen = 0, set()
    for sentence in map(norm, kept):
        right += bool(sentence) and sentence in gold_text and sentence not in seen
        seen.add(sentence)  # a second copy of a sentence is not article text: it counts wrong
    return found, right


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows, totals = [], {"gold": 0, "ours": [0, 0, 0], "peer": [0, 0, 0], "passed": 0}
    for gold_file in sorted(args.pages.glob("*.gold.txt")):
        page = gold_file.with_name(gold_file.name.replace(".gold.txt", ".html"))
        gold = [line for line in gold_file.read_text(encoding="utf-8").split("\n") if line]
        kept, passed = ours(page)
        row = {"page": page.stem, "gold": len(gold), "hindi_passed_through": passed}
        for name, sentences in (("ours", kept), ("peer", peer(page))):
            found, right = score(sentences, gold)
            row[name] = {
                "kept": len(sentences),
                "recall": found / len(gold),
                "precision": right / len(sentences) if sentences else 0.0,
            }
            for index, value in enumerate((found, right, len(sentences))):
                totals[name][index] += value
        totals["gold"] += len(gold)
        totals["passed"] += passed
        rows.append(row)
    total = {"page": "total", "gold": totals["gold"], "hindi_passed_through": totals["passed"]}
    for name in ("ours", "peer"):
        found, right, kept = totals[name]
        total[name] = {"kept": kept, "recall": found / totals["gold"], "precision": right / kept}
    rows.append(total)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(
        "| page | gold | ours kept | ours recall | ours precision | trafilatura kept | "
        "trafilatura recall | trafilatura precision | Hindi passed as English |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        o, p = row["ours"], row["peer"]
        print(
            f"| {row['page']} | {row['gold']} | {o['kept']} | {o['recall']:.3f} | "
            f"{o['precision']:.3f} | {p['kept']} | {p['recall']:.3f} | {p['precision']:.3f} | "
            f"{row['hindi_passed_through']} |"
        )


if __name__ == "__main__":
    main()
