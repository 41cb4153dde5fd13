"""Export time and size per 1,000 documents, for each format.

Writes a synthetic finished run of ``--docs`` briefs (default 1,000) built from FLORES-200
devtest Hindi/English pairs (``--sentences`` pairs per document, 3 paragraphs, a 3-sentence
summary, a few removed boilerplate lines, metadata, one flag in ten sentences), then exports it
with ``translate_summarize.output.export.export_run`` in every format ``--runs`` times (formats
interleaved) and reports the median wall and CPU seconds (CPU time of this process, steadier on a
shared machine), the folder size on disk and the sentence pairs.

    python bench/export_size.py [--docs 1000] [--sentences 25] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "translate_summarize" / "data" / "flores200-devtest"
FORMATS = ("parquet", "jsonl", "arrow")


def brief(index: int, hi: list[str], en: list[str], per_doc: int) -> dict:
    """One synthetic brief shaped like the pipeline's, FLORES pairs as its sentences."""
    start = (index * per_doc) % (len(hi) - per_doc)
    pairs = list(zip(hi[start : start + per_doc], en[start : start + per_doc]))
    sentences = [
        {"hi": h, "en": e, "paragraph": i * 3 // per_doc, "flags": ["length_ratio"] * (i % 10 == 9)}
        for i, (h, e) in enumerate(pairs)
    ]
    return {
        "brief_version": 1,
        "id": f"doc{index:06d}",
        "key": f"{index:064x}",
        "source": f"input/doc{index:06d}.html",
        "url": f"https://example.com/news/{index}",
        "meta": {"date": "2026-11-24", "author": None, "site": "Example", "canonical_url": None},
        "title": {"hi": pairs[0][0][:60], "en": pairs[0][1][:60]},
        "hi": "\n".join(h for h, _ in pairs),
        "en": "\n".join(e for _, e in pairs),
        "sentences": sentences,
        "summary": {
            "hi": [h for h, _ in pairs[:3]],
            "en": [e for _, e in pairs[:3]],
            "method": "extractive-textrank",
            "indices": [0, 1, 2],
        },
        "models": {
            "translator": {"model": "facebook/nllb-200-distilled-600M", "backend": "ctranslate2"},
            "summarizer": {"model": "extractive-textrank"},
        },
        "warnings": [],
        "removed": [{"line": "LIVE TV", "rule": "furniture"}] * 4,
    }


def make_run(folder: Path, docs: int, per_doc: int) -> int:
    """Write a finished run folder; return its number of sentence pairs."""
    hi = (DATA / "hin_Deva.devtest").read_text(encoding="utf-8").splitlines()
    en = (DATA / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    (folder / "briefs").mkdir(parents=True)
    lines = []
    for index in range(docs):
        data = brief(index, hi, en, per_doc)
        name = f"{data['id']}.json"
        (folder / "briefs" / name).write_text(json.dumps(data, ensure_ascii=False))
        lines.append(json.dumps({"id": data["id"], "status": "ok", "brief": name}))
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    return docs * per_doc


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=25, help="sentence pairs per document")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    os.environ["HF_DATASETS_CACHE"] = str(work / "cache")
    import datasets

    from translate_summarize.output.export import export_run
    from translate_summarize.output.export_options import ExportOptions

    datasets.disable_progress_bars()
    pairs = make_run(work / "run", args.docs, args.sentences)
    times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    cpu: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    for _ in range(args.runs):
        for fmt in FORMATS:
            started, started_cpu = time.perf_counter(), time.process_time()
            export_run(work / "run", work / fmt, ExportOptions(fmt=fmt))
            times[fmt].append(time.perf_counter() - started)
            cpu[fmt].append(time.process_time() - started_cpu)
    scale = 1000 / args.docs
    results = {
        fmt: {
            "seconds_per_1000_docs": round(statistics.median(times[fmt]) * scale, 3),
            "cpu_seconds_per_1000_docs": round(statistics.median(cpu[fmt]) * scale, 3),
            "mb_per_1000_docs": round(folder_bytes(work / fmt) * scale / 1e6, 2),
            "runs": [round(t, 3) for t in times[fmt]],
        }
        for fmt in FORMATS
    }
    briefs_mb = folder_bytes(work / "run" / "briefs") * scale / 1e6
    summary = {"docs": args.docs, "sentence_pairs": pairs, "briefs_mb_per_1000": briefs_mb}
    if args.json:
        print(json.dumps({**summary, "formats": results}, indent=2))
        return
    print(f"{args.docs} documents, {pairs} sentence pairs; JSON briefs {briefs_mb:.1f} MB/1,000")
    print("format   wall s/1,000 docs   CPU s/1,000 docs   MB/1,000 docs   (medians)")
    for fmt, row in results.items():
        wall, cpu_s = row["seconds_per_1000_docs"], row["cpu_seconds_per_1000_docs"]
        print(f"{fmt:8} {wall:>17.2f} {cpu_s:>18.2f} {row['mb_per_1000_docs']:>15.2f}")


if __name__ == "__main__":
    main()
