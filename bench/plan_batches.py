"""Batch-planning time for 1k…1M sentences: the O(n log n) planner against the old one.

    python bench/plan_batches.py [--sizes 1000,10000,100000,1000000] [--old-max 16000] [--json]
    python bench/plan_batches.py --decode 256 [--runs 3]

``--decode N`` instead times what the plans cost to decode: the first N FLORES-200 devtest
Hindi sentences translated by the random NLLB-600M of bench/nightly_throughput.py (converted
to CTranslate2; run that bench once first), every sentence decoded to 40 tokens, with the
Translator planning by the new planner and by the old one (interleaved rounds, medians).

Sentence sizes are what the Translator plans with (source tokens plus the default output cap),
source tokens drawn from a log-normal fitted by eye to FLORES-200 Hindi (median ~25 tokens).
The old planner (before issue 23, quadratic: it re-cut all items once per extra batch) is the
oracle from ``tests/test_plan_batches_scale.py`` and runs only up to ``--old-max`` sentences.
Medians of ``--runs`` runs, in CPU seconds of this process (other jobs on a shared machine
do not count; cache contention still does), so compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.test_plan_batches_scale import _lognormal_sizes, _quadratic_plan  # noqa: E402
from translate_summarize.translation.batching import padded_size, plan_batches


def _time(plan, lengths: list[int], budget: int, parallel: int, runs: int) -> tuple[float, list]:
    samples, batches = [], []
    for _ in range(runs):
        started = time.process_time()  # CPU seconds: the machine may be shared
        batches = plan(lengths, budget, parallel)
        samples.append(time.process_time() - started)
    return statistics.median(samples), batches


def decode(count: int, rounds: int) -> dict:
    """Median wall seconds to translate ``count`` FLORES sentences under each planner."""
    from window_size import flores_hindi, random_nllb_translator  # this folder is on the path

    from translate_summarize.translation import translator as translate

    translator = random_nllb_translator(max_tokens=40)
    texts = flores_hindi(count)
    wall: dict[str, list[float]] = {"new": [], "old": []}
    cpu: dict[str, list[float]] = {"new": [], "old": []}
    for _ in range(rounds):
        for name, plan in (("new", plan_batches), ("old", _quadratic_plan)):
            translate.plan_batches = plan  # what Translator._plan calls
            started, started_cpu = time.perf_counter(), time.process_time()
            translator.translate(texts)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
            print(f"{name}: {wall[name][-1]:.1f} s", file=sys.stderr)
    result: dict = {"sentences": count}
    for label, samples in (("seconds", wall), ("cpu_seconds", cpu)):
        new, old = (statistics.median(samples[k]) for k in ("new", "old"))
        result[label] = {
            "new": round(new, 2),
            "old": round(old, 2),
            "old_over_new": round(old / new, 3),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,4000,16000,100000,1000000")
    parser.add_argument("--budget", type=int, default=600, help="per-batch tokens (1200 ÷ 2)")
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--old-max", type=int, default=16000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--decode", type=int, help="time decoding N sentences under each plan")
    args = parser.parse_args()
    if args.decode:
        print(json.dumps(decode(args.decode, args.runs), indent=1))
        return
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        lengths = _lognormal_sizes(n, seed=n)
        row = {"sentences": n}
        for name, plan in (("new", plan_batches), ("old", _quadratic_plan)):
            if name == "old" and n > args.old_max:
                continue
            seconds, batches = _time(plan, lengths, args.budget, args.parallel, args.runs)
            row[f"{name}_seconds"] = round(seconds, 4)
            row[f"{name}_batches"] = len(batches)
            row[f"{name}_padded"] = sum(padded_size(b, lengths) for b in batches)
        rows.append(row)
        if not args.json:
            print(row, flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
