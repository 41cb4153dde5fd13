"""CPU seconds of each text function on a 1 MB line of each pathological shape.

    python bench/pathological_lines.py [--bytes 1000000] [--budget 20] [--shapes dandas,pipes]

Shapes (``fuzz.strategies.PATHOLOGICAL_UNITS``) are the ones that once took quadratic time:
runs of abbreviations ("डॉ. "), initials, list markers, pipes, dandas, Latin letters, dots,
numbers… Each function gets the line once; any call over ``--budget`` CPU seconds makes the
script exit non-zero. Sizes are in characters of the repeated unit (about ``--bytes``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from fuzz.strategies import PATHOLOGICAL_UNITS  # noqa: E402
from translate_summarize.text.clean import clean  # noqa: E402
from translate_summarize.text.placeholders import protect, restore  # noqa: E402
from translate_summarize.text.quality import check  # noqa: E402
from translate_summarize.text.segment import split_sentences  # noqa: E402

FUNCTIONS = {
    "clean": lambda line: clean(line),
    "split_sentences": split_sentences,
    "protect+restore": lambda line: restore(*protect(line)),
    "quality.check": lambda line: check(line, line),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bytes", type=int, default=1_000_000)
    parser.add_argument("--budget", type=float, default=20.0)
    parser.add_argument("--shapes", default=",".join(PATHOLOGICAL_UNITS))
    args = parser.parse_args()
    print("| shape | " + " | ".join(FUNCTIONS) + " |")
    print("| --- |" + " ---: |" * len(FUNCTIONS))
    over = []
    for shape in args.shapes.split(","):
        unit = PATHOLOGICAL_UNITS[shape]
        line = unit * (args.bytes // len(unit))
        cells = []
        for name, function in FUNCTIONS.items():
            started = time.process_time()
            function(line)
            seconds = time.process_time() - started
            cells.append(f"{seconds:.2f}")
            if seconds > args.budget:
                over.append(f"{shape}/{name}: {seconds:.1f} s")
        print(f"| {shape} | " + " | ".join(cells) + " |", flush=True)
    if over:
        raise SystemExit("over budget: " + ", ".join(over))


if __name__ == "__main__":
    main()
