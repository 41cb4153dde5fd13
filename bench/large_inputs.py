"""Peak memory and wall time of a run on large inputs, with a fake (instant) translator.

    python bench/large_inputs.py [--cases jsonl_1gb,text_50mb,tiny_100k,line_20mb,long_doc]
                                 [--workdir /tmp/large-inputs] [--json]

Each case runs in its own process; peak RSS is that process's VmHWM (Python, the package and
the input's own working set; no model is loaded, so a real run adds the model's size). Cases:

- ``jsonl_1gb``: 1 GB of JSONL (news-sized articles, about 1.9 KB each). Read and chunked in
  full (the whole input streams through ``document_chunks``); the whole pipeline (clean,
  segment, fake translation, flags, summary, briefs) runs on its first ``--pipeline-mb`` MB.
- ``jsonl_small``: the same pipeline on a 10x smaller prefix, to show RSS does not grow with it.
- ``text_50mb``: one 50 MB .txt file: over the default ``max_document_chars``, it fails alone
  without being read.
- ``tiny_100k``: a folder of 100,000 one-sentence .txt files through the whole pipeline.
- ``line_20mb``: a JSONL with one 20 MB line between two normal ones (the long one fails alone).
- ``long_doc``: one article just under the limit (999,000 characters, ~12,000 sentences)
  through the whole pipeline, translated in passes.
The machine may be shared: compare cases within one run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "राजधानी में मंगलवार को हुई बारिश से कई इलाकों में पानी भर गया। नगर निगम ने बताया कि 1,200 "
    "कर्मचारी राहत कार्य में लगे हैं। डॉ. शर्मा ने कहा कि स्थिति जल्द सामान्य होगी। "
)


def _article(i: int, sentences: int = 6) -> str:
    return f"खबर {i}\n" + ARTICLE * (sentences // 3)


def make_inputs(case: str, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    if case in ("jsonl_1gb", "jsonl_small"):
        path = work / "big.jsonl"
        if not path.exists():
            with path.open("w", encoding="utf-8") as out:
                written, i = 0, 0
                while written < 1_000_000_000:
                    line = json.dumps({"id": f"a{i}", "text": _article(i)}, ensure_ascii=False)
                    out.write(line + "\n")
                    written += len(line.encode()) + 1
                    i += 1
        return path
    if case == "text_50mb":
        path = work / "fifty" / "big.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(ARTICLE * (50_000_000 // len(ARTICLE.encode())), encoding="utf-8")
        return path.parent
    if case == "tiny_100k":
        folder = work / "tiny"
        if not folder.exists():
            folder.mkdir()
            for i in range(100_000):
                (folder / f"{i:06d}.txt").write_text(f"खबर संख्या {i} यहाँ है।", encoding="utf-8")
        return folder
    if case == "line_20mb":
        path = work / "line.jsonl"
        rows = [{"id": "before", "text": _article(0)}, {"id": "huge", "text": ARTICLE * 45_000}]
        rows.append({"id": "after", "text": _article(1)})
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        return path
    if case == "long_doc":
        path = work / "long" / "long.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text((ARTICLE * 10_000)[:999_000].rsplit("। ", 1)[0] + "।", encoding="utf-8")
        return path.parent
    raise SystemExit(f"unknown case {case}")


def _child(case: str, source: Path, out: Path, pipeline_mb: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.helpers import FakeTranslator
    from translate_summarize.config import load_config
    from translate_summarize.engine.pipeline import document_chunks, run

    started = time.perf_counter()
    config = load_config(overrides={"input": str(source), "output": str(out)})
    result: dict = {"case": case, "input_bytes": _size(source)}
    if case == "jsonl_1gb":
        docs = chars = 0
        for chunk in document_chunks(config):
            docs += len(chunk)
            chars += sum(len(d.text) for d in chunk)
        result.update(read_documents=docs, read_chars=chars)
        result["read_seconds"] = round(time.perf_counter() - started, 1)
    if case in ("jsonl_1gb", "jsonl_small"):
        limit = pipeline_mb * 1_000_000 // 1900 // (10 if case == "jsonl_small" else 1)
        config = config.model_copy(update={"limit": limit})
    run_started = time.perf_counter()
    run_result = run(config, translator=FakeTranslator(), force=True)
    result.update(
        counts=dict(run_result.counts),
        sentences=run_result.sentences,
        failed=[reason[:90] for _, reason in run_result.failed[:2]],
        pipeline_seconds=round(time.perf_counter() - run_started, 1),
        seconds=round(time.perf_counter() - started, 1),
        peak_rss_mb=round(_vmhwm_kb() / 1024),
    )
    return result


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.iterdir())


def _vmhwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--cases", default="jsonl_1gb,jsonl_small,text_50mb,tiny_100k,line_20mb,long_doc"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/large-inputs"))
    parser.add_argument("--pipeline-mb", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        case, source, out = args.child.split("|")
        print(json.dumps(_child(case, Path(source), Path(out), args.pipeline_mb)))
        return
    rows = []
    for case in args.cases.split(","):
        source = make_inputs(case, args.workdir)
        out = args.workdir / f"out-{case}"
        child = f"{case}|{source}|{out}"
        command = [
            sys.executable,
            __file__,
            "--child",
            child,
            "--pipeline-mb",
            str(args.pipeline_mb),
        ]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            raise SystemExit(f"{case} failed:\n{done.stderr[-2000:]}")
        rows.append(json.loads(done.stdout.splitlines()[-1]))
        if not args.json:
            print(rows[-1], flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
