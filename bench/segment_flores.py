"""Sentence-splitting F1 on FLORES-200 devtest Hindi, ours beside indic-nlp-library and pysbd.

Consecutive FLORES lines that share a metadata URL form one document (281 in all). Each
document's gold lines are joined with a space, split by each tool, and the predicted sentences
are matched exactly (as multisets, whitespace-trimmed) against the gold lines:
precision = matched / predicted, recall = matched / gold, F1 their harmonic mean.

FLORES lines are translation units, and some hold two or more real sentences; a splitter that
finds those boundaries is penalised by the exact-sentence measure. So the script also reports
boundary F1: where inside each document a tool puts sentence ends, compared with where the gold
lines end (positions counted over non-space characters, so spacing does not matter). The
"ceiling" row scores the gold lines themselves with those inner sentence ends split: no splitter
that finds every real sentence end can score higher on the exact measure.

    python bench/segment_flores.py [--data DIR] [--json] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "translate_summarize" / "data" / "flores200-devtest"

Splitter = Callable[[str], list[str]]


def load_documents(data: Path) -> list[list[str]]:
    """FLORES Hindi lines grouped into documents by consecutive metadata URL."""
    lines = (data / "hin_Deva.devtest").read_text(encoding="utf-8").splitlines()
    with (data / "metadata_devtest.tsv").open(encoding="utf-8") as handle:
        urls = [row["URL"] for row in csv.DictReader(handle, delimiter="\t")]
    if len(urls) != len(lines):
        sys.exit(f"{data}: {len(lines)} sentences but {len(urls)} metadata rows")
    documents: list[list[str]] = []
    previous = None
    for line, url in zip(lines, urls):
        if url != previous:
            documents.append([])
            previous = url
        documents[-1].append(line.strip())
    return documents


def _prf(matched: int, predicted: int, gold: int, prefix: str = "") -> dict[str, float]:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
    return {
        f"{prefix}precision": round(precision, 4),
        f"{prefix}recall": round(recall, 4),
        f"{prefix}f1": round(f1, 4),
    }


def _ends(pieces: list[str]) -> set[int]:
    """Inner sentence-end positions, counted in non-space characters."""
    total, ends = 0, set()
    for piece in pieces[:-1]:
        total += len("".join(piece.split()))
        ends.add(total)
    return ends


def score(split: Splitter, documents: list[list[str]]) -> dict[str, float]:
    matched = predicted = gold = 0
    b_matched = b_predicted = b_gold = 0
    for document in documents:
        pieces = [s.strip() for s in split(" ".join(document)) if s.strip()]
        prediction, reference = Counter(pieces), Counter(document)
        matched += sum((prediction & reference).values())
        predicted += len(pieces)
        gold += len(document)
        predicted_ends, gold_ends = _ends(pieces), _ends(document)
        b_matched += len(predicted_ends & gold_ends)
        b_predicted += len(predicted_ends)
        b_gold += len(gold_ends)
    return {**_prf(matched, predicted, gold), **_prf(b_matched, b_predicted, b_gold, "boundary_")}


def splitters() -> dict[str, Splitter]:
    from translate_summarize.text.segment import split_sentences

    tools: dict[str, Splitter] = {"translate_summarize": split_sentences}
    try:
        from indicnlp.tokenize.sentence_tokenize import DELIM_PAT_NO_DANDA, sentence_split

        tools["indic-nlp-library"] = lambda text: sentence_split(text, lang="hi")
        # Its own option to end sentences at "." too, which it otherwise ignores in any text
        # holding a danda; this is the peer's best configuration on FLORES (about 0.75).
        tools["indic-nlp-library, '.' ends"] = lambda text: sentence_split(
            text, lang="hi", delim_pat=DELIM_PAT_NO_DANDA
        )
    except ImportError:
        print("indic-nlp-library not installed; skipped", file=sys.stderr)
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="hi", clean=False)
        tools["pysbd"] = segmenter.segment
    except ImportError:
        print("pysbd not installed; skipped", file=sys.stderr)
    return tools


def errors(documents: list[list[str]], split: Splitter) -> dict[str, list[str]]:
    """Where ``split`` disagrees with the gold lines, for a reader to audit.

    ``divided``: gold lines it splits further (shown with ``‖`` at its boundaries); a reader can
    check that these hold several real sentences. ``missed``: the other gold lines it does not
    return whole, e.g. a line without final punctuation run into the next.
    """
    divided, missed = [], []
    for document in documents:
        found = Counter(s.strip() for s in split(" ".join(document)))
        for line in document:
            parts = split(line)
            if len(parts) > 1:
                divided.append(" ‖ ".join(part.strip() for part in parts))
            elif found[line]:
                found[line] -= 1
            else:
                missed.append(line)
    return {"divided": divided, "missed": missed}


def ceiling(documents: list[list[str]], split: Splitter) -> dict[str, float]:
    """The exact-sentence score of the gold lines themselves, each split at its inner sentence ends.

    That is the best exact score any splitter can reach that finds every real sentence end: the
    gold lines it must divide (``errors()["divided"]``, all audited by eye) can never match.
    """
    whole = {" ".join(document): document for document in documents}

    def gold_then_split(text: str) -> list[str]:
        return [piece for line in whole[text] for piece in split(line)]

    return score(gold_then_split, documents)


def print_errors(found: dict[str, list[str]], limit: int) -> None:
    for kind, lines in found.items():
        print(f"\n{kind}: {len(lines)} gold lines (first {min(limit, len(lines))})")
        for line in lines[:limit]:
            print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="show N gold lines of each error kind"
    )
    args = parser.parse_args()
    documents = load_documents(args.data)
    tools = splitters()
    results = {name: score(split, documents) for name, split in tools.items()}
    ours = tools["translate_summarize"]
    results["ceiling: gold lines split at real ends"] = ceiling(documents, ours)
    found = errors(documents, ours)
    report = {
        "documents": len(documents),
        "gold_sentences": sum(map(len, documents)),
        "gold_lines_split_by_us": len(found["divided"]),
        "results": results,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"FLORES-200 devtest Hindi: {report['documents']} documents, "
        f"{report['gold_sentences']} gold lines"
    )
    print(f"{'':<38}{'exact sentences':^30}{'boundaries':^30}")
    print(f"{'tool':<38}" + f"{'precision':>10}{'recall':>10}{'F1':>10}" * 2)
    for name, f in results.items():
        print(
            f"{name:<38}{f['precision']:>10.3f}{f['recall']:>10.3f}{f['f1']:>10.3f}"
            f"{f['boundary_precision']:>10.3f}{f['boundary_recall']:>10.3f}{f['boundary_f1']:>10.3f}"
        )
    print(f"gold lines that our splitter divides further: {report['gold_lines_split_by_us']}")
    if args.errors:
        print_errors(found, args.errors)


if __name__ == "__main__":
    main()
