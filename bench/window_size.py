"""What translating a chunk in windows costs: decode time by window size, same sentences.

    python bench/window_size.py [--sentences 256] [--windows 0,256,128,64] [--rounds 2]

The run translates a chunk's documents in windows of ``engine.stages.WINDOW_UNITS`` units so that
documents are written and counted as they finish; smaller windows give finer progress but
less length sorting and more part-filled batches. This times ``Translator.translate`` over the
first ``--sentences`` FLORES-200 devtest Hindi sentences cut into windows of each size (0: all
at once), on the random NLLB-600M of bench/nightly_throughput.py converted to CTranslate2 (run
that bench once first; its cache is reused), decoding every sentence to ``--max-tokens``.
Rounds are interleaved; medians of wall and CPU seconds (CPU time is the steadier on a shared
host), ratios against the whole-chunk pass.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"


def random_nllb_translator(max_tokens: int):
    """The random NLLB-600M of bench/nightly_throughput.py on CTranslate2 (its conversion cache
    reused), with the nightly config, every sentence decoded to ``max_tokens``."""
    os.environ.setdefault("TRANSLATE_SUMMARIZE_CACHE", str(CACHE / "nightly-ct2-cache"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from translate_summarize.config import load_config
    from translate_summarize.translation.translator import Translator

    model = CACHE / "nllb600m-random-latin0.4"
    overrides = {"translator.model": str(model), "translator.max_length": max_tokens,
                 "translator.length_ratio": 1000}  # fmt: skip
    return Translator(load_config(ROOT / "configs" / "nightly.yaml", overrides).translator)


def flores_hindi(count: int) -> list[str]:
    """The first ``count`` FLORES-200 devtest Hindi sentences."""
    flores = ROOT / "translate_summarize" / "data" / "flores200-devtest" / "hin_Deva.devtest"
    return flores.read_text(encoding="utf-8").splitlines()[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=256)
    parser.add_argument("--windows", default="0,256,128,64")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=40)
    args = parser.parse_args()
    translator = random_nllb_translator(args.max_tokens)
    texts = flores_hindi(args.sentences)
    sizes = [int(w) for w in args.windows.split(",")]
    samples: dict[int, list[float]] = {size: [] for size in sizes}
    cpu: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(args.rounds):
        for size in sizes:
            step = size or len(texts)
            started, started_cpu = time.perf_counter(), time.process_time()
            for first in range(0, len(texts), step):
                translator.translate(texts[first : first + step])
            samples[size].append(time.perf_counter() - started)
            cpu[size].append(time.process_time() - started_cpu)
            print(f"window {size or 'all'}: {samples[size][-1]:.1f} s", file=sys.stderr)
    whole = statistics.median(samples[sizes[0]])
    whole_cpu = statistics.median(cpu[sizes[0]])
    result = {
        str(size or "all"): {
            "seconds": round(statistics.median(runs), 2),
            "cpu_seconds": round(statistics.median(cpu[size]), 2),
            "vs_all": round(statistics.median(runs) / whole, 3),
            "cpu_vs_all": round(statistics.median(cpu[size]) / whole_cpu, 3),
        }
        for size, runs in samples.items()
    }
    print(json.dumps({"sentences": len(texts), "windows": result}, indent=2))


if __name__ == "__main__":
    main()
