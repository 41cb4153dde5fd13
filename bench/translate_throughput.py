"""Translation throughput on the real NLLB-200-distilled-600M architecture with random weights.

Builds (once, cached under bench/.cache) the published 600M configuration with a 256,206-entry
vocabulary, converts it to CTranslate2 int8 with an English vocabulary map, and translates the
same FLORES-200 devtest Hindi sentences through:

  naive            transformers, one sentence at a time (the loop every user starts from)
  hf_sorted        transformers, length-sorted batches cut by the same token budget
  tool_transformers  our Translator, transformers backend
  tool_ct2         our Translator, ctranslate2 backend, int8
  raw_ct2          ctranslate2.Translator.translate_batch called directly, same settings
  tool_ct2_vmap    our Translator, ctranslate2 int8 with the English vocabulary map

Random weights rarely emit </s>, so every path decodes to the same cap (--max-tokens) and does
the same work. Each path runs in a fresh subprocess (so peak RSS is its own), after one warm-up
sentence; the timing excludes model loading. Repetitions are interleaved across paths, so host
drift during the run touches every path alike; the fast CTranslate2 paths run --fast-per-round
times per round, in rotating order. Reported: medians of each path's runs.

    python bench/translate_throughput.py [--quick] [--json] [--runs N] [--sentences N]
        [--paths tool_ct2,raw_ct2,tool_ct2_vmap] [--tool-batch-tokens N]
        [--tool-inter-threads N] [--raw-inter-threads N]

The tool's CTranslate2 paths use its own thread plan for --threads cores (by default two
single-thread batches in flight sharing the token budget); raw CT2 uses one --threads-thread
worker unless --raw-inter-threads says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from throughput_paths import tool_threads, worker

from translate_summarize.config import TranslatorConfig

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache"

SLOW_PATHS = ("naive", "hf_sorted", "tool_transformers")
FAST_PATHS = ("tool_ct2", "raw_ct2", "tool_ct2_vmap")
PATHS = SLOW_PATHS + FAST_PATHS


def prepare(cache: Path, latin_share: float) -> tuple[Path, Path]:
    """The random 600M checkpoint and its CTranslate2 int8 conversion, built once."""
    from tests.tiny_models import build_random_nllb_600m
    from translate_summarize.translation.conversion import convert

    hf_dir, ct2_dir = (
        cache / f"nllb600m-random-latin{latin_share}",
        cache / f"nllb600m-ct2-int8-latin{latin_share}",
    )
    if not (hf_dir / "model.safetensors").is_file():
        print(f"building the random 600M model in {hf_dir} ...", file=sys.stderr)
        build_random_nllb_600m(hf_dir, latin_share=latin_share)
    if not (ct2_dir / "model.bin").is_file():
        print(f"converting to CTranslate2 int8 in {ct2_dir} ...", file=sys.stderr)
        convert(str(hf_dir), ct2_dir, "int8", vmap=True, force=True)
    return hf_dir, ct2_dir


def run_once(args: argparse.Namespace, path: str, sentences_count: int) -> dict:
    """One timed run of ``path`` in a fresh subprocess."""
    command = [
        sys.executable,
        __file__,
        "--worker",
        path,
        "--hf-dir",
        str(args.hf_dir),
        "--ct2-dir",
        str(args.ct2_dir),
        "--sentences",
        str(sentences_count),
        "--beam",
        str(args.beam),
        "--max-tokens",
        str(args.max_tokens),
        "--batch-tokens",
        str(args.batch_tokens),
        "--threads",
        str(args.threads),
        "--tool-batch-tokens",
        str(args.tool_batch_tokens),
        "--tool-inter-threads",
        str(args.tool_inter_threads),
        "--raw-inter-threads",
        str(args.raw_inter_threads),
    ]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    run = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {path}: {run['seconds']:.2f} s", file=sys.stderr)
    return run


def summarize_runs(runs: list[dict], sentences_count: int) -> dict:
    """Median seconds and tokens, peak RSS over the runs of one path."""
    seconds = statistics.median(r["seconds"] for r in runs)
    tokens = statistics.median(r["tokens"] for r in runs)
    return {
        "seconds": round(seconds, 3),
        "sentences": sentences_count,
        "sentences_per_s": round(sentences_count / seconds, 3),
        "tokens_per_s": round(tokens / seconds, 1),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "runs": [round(r["seconds"], 3) for r in runs],
    }


def schedule(paths: Sequence[str], rounds: int, fast_per_round: int) -> list[str]:
    """The order of the timed runs: ``rounds`` rounds, each running every slow path once and
    every CTranslate2 path ``fast_per_round`` times.

    The CTranslate2 paths take ~15 s and the ratios between them have thin margins, so they get
    more repetitions. Their order rotates from one mini-round to the next: the first CT2 run
    after a long torch run was measured slower (in all three earlier full runs), and rotation
    spreads that position over every CT2 path alike instead of always charging ``tool_ct2``.
    """
    slow = [p for p in SLOW_PATHS if p in paths]
    fast = [p for p in FAST_PATHS if p in paths]
    order: list[str] = []
    turn = 0
    for _ in range(rounds):
        order += slow
        for _ in range(fast_per_round if fast else 0):
            start = turn % len(fast)
            order += fast[start:] + fast[:start]
            turn += 1
    return order


def report(args: argparse.Namespace) -> dict:
    args.hf_dir, args.ct2_dir = prepare(args.cache, args.latin_share)
    metadata = json.loads((args.ct2_dir / "translate_summarize.json").read_text())
    counts = {
        path: min(args.sentences, args.naive_sentences) if path == "naive" else args.sentences
        for path in args.paths
    }
    # Repetitions are interleaved (every path once, then again), so that a host whose speed
    # drifts during the ~35-minute run affects every path alike instead of biasing the ratios.
    runs: dict[str, list[dict]] = {path: [] for path in args.paths}
    for path in schedule(args.paths, args.runs, args.fast_per_round):
        runs[path].append(run_once(args, path, counts[path]))
    paths = {path: summarize_runs(runs[path], counts[path]) for path in args.paths}
    return {
        "machine": machine(),
        "settings": settings(args, metadata, paths),
        "paths": paths,
        "peak_rss_mb": paths.get("tool_ct2", {}).get("peak_rss_mb"),
        "ratios": ratios(paths),
    }


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "processor": platform.machine(),
        "python": platform.python_version(),
    }


def settings(args: argparse.Namespace, metadata: dict, paths: dict) -> dict:
    return {
        "sentences": args.sentences,
        "naive_sentences": paths.get("naive", {}).get("sentences"),
        "beam_size": args.beam,
        "max_tokens": args.max_tokens,
        "batch_tokens": args.batch_tokens,
        "tool_batch_tokens": args.tool_batch_tokens,
        "threads": args.threads,
        "tool_ct2_threads": "{} x {}".format(*tool_threads(args)),  # intra x inter
        "raw_ct2_inter_threads": args.raw_inter_threads,
        "runs": args.runs,
        "ct2_runs": args.runs * args.fast_per_round,
        "order": "interleaved; CT2 paths rotated",
        "vocabulary": metadata["vocabulary_size"],
        "vmap_tokens": metadata["vmap_tokens"],
        "latin_share": args.latin_share,
    }


def ratios(paths: dict) -> dict:
    """The issue's ratios, for the paths that ran (a ``--paths`` subset may lack some)."""

    def per_sentence(name: str) -> float:
        return paths[name]["seconds"] / paths[name]["sentences"]

    found: dict[str, float] = {}
    if {"naive", "tool_ct2"} <= paths.keys():
        # The naive loop may run on fewer sentences (it is slow); compare it per sentence.
        found["tool_vs_naive"] = round(per_sentence("naive") / per_sentence("tool_ct2"), 2)
    if {"tool_ct2", "raw_ct2"} <= paths.keys():
        found["tool_vs_raw_ct2"] = round(per_sentence("tool_ct2") / per_sentence("raw_ct2"), 3)
    if {"raw_ct2", "tool_ct2_vmap"} <= paths.keys():
        found["vmap_speedup"] = round(per_sentence("raw_ct2") / per_sentence("tool_ct2_vmap"), 3)
    return found


def print_table(result: dict) -> None:
    s = result["settings"]
    print(
        f"batches: raw CT2 and HF {s['batch_tokens']} tokens (raw CT2 inter_threads "
        f"{s['raw_ct2_inter_threads']}), our tool {s['tool_batch_tokens']} tokens in flight "
        f"(CT2 threads intra x inter: {s['tool_ct2_threads']})"
    )
    print(
        f"NLLB-200-distilled-600M architecture, random weights, vocabulary {s['vocabulary']:,} "
        f"(English map {s['vmap_tokens']:,}); beam {s['beam_size']}, {s['max_tokens']} output "
        f"tokens, {s['threads']} threads, medians of {s['runs']} runs ({s['ct2_runs']} for CT2)"
    )
    print(
        f"{'path':<19}{'sentences':>10}{'seconds':>10}{'sent/s':>9}{'tok/s':>9}{'peak RSS MB':>13}"
    )
    for name, p in result["paths"].items():
        print(
            f"{name:<19}{p['sentences']:>10}{p['seconds']:>10.2f}{p['sentences_per_s']:>9.2f}"
            f"{p['tokens_per_s']:>9.1f}{p['peak_rss_mb']:>13.0f}"
        )
    labels = {
        "tool_vs_naive": "tool vs naive (per sentence)",
        "tool_vs_raw_ct2": "tool / raw CT2 time",
        "vmap_speedup": "vocabulary map speed-up over raw CT2",
    }
    # A --paths subset reports only the ratios its paths allow.
    print("; ".join(f"{labels[name]}: {value}" for name, value in result["ratios"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 sentences, 1 run, naive on 4")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=32)
    parser.add_argument("--naive-sentences", type=int, default=32, help="the naive loop is slow")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--max-tokens", type=int, default=40)
    parser.add_argument("--batch-tokens", type=int, default=2048, help="raw CT2 and HF paths")
    parser.add_argument(
        "--tool-batch-tokens",
        type=int,
        default=TranslatorConfig().max_batch_tokens,
        help="our Translator's token budget (default: the tool's own default)",
    )
    parser.add_argument(
        "--tool-inter-threads",
        type=int,
        default=TranslatorConfig().inter_threads,
        help="our Translator's CT2 batches in flight (default: the tool's own, 0 = automatic)",
    )
    parser.add_argument(
        "--raw-inter-threads",
        type=int,
        default=1,
        help="raw CT2 workers; each --batch-tokens batch gets --threads / N threads",
    )
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="cores to use")
    parser.add_argument(
        "--latin-share",
        type=float,
        default=0.4,
        help="share of the filler vocabulary in Latin script (sets the English map size)",
    )
    parser.add_argument(
        "--fast-per-round",
        type=int,
        default=2,
        help="repetitions of each CTranslate2 path per round (they are fast; margins are thin)",
    )
    parser.add_argument(
        "--paths",
        type=lambda text: [p for p in text.split(",") if p],
        default=list(PATHS),
        help=f"comma-separated subset of {','.join(PATHS)}",
    )
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--worker", choices=PATHS, dest="path", help=argparse.SUPPRESS)
    parser.add_argument("--hf-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ct2-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.path:
        worker(args)
        return
    if args.quick:
        args.sentences, args.naive_sentences, args.runs, args.fast_per_round = 8, 4, 1, 1
    unknown = sorted(set(args.paths) - set(PATHS))
    if unknown:
        parser.error(f"unknown path(s) {', '.join(unknown)}; choose from {', '.join(PATHS)}")
    result = report(args)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
