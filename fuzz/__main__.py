"""Long fuzz run: ``python -m fuzz --minutes 10 [--engine atheris|hypothesis]``.

atheris (coverage-guided, libFuzzer) when installed, else hypothesis generating inputs from
``fuzz.strategies`` for the same time. Prints executions and seconds; a failing input is
printed and the run exits non-zero — add it to ``tests/test_fuzz_invariants.py`` as a
regression example.
"""

from __future__ import annotations

import argparse
import sys
import time


def _run_atheris(seconds: int) -> None:
    import atheris

    with atheris.instrument_imports():
        from fuzz.invariants import check_all

    def one_input(data: bytes) -> None:
        provider = atheris.FuzzedDataProvider(data)
        check_all(provider.ConsumeUnicodeNoSurrogates(len(data)))

    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-print_final_stats=1"], one_input)
    atheris.Fuzz()


def _run_hypothesis(seconds: int) -> None:
    from hypothesis import HealthCheck, given, settings

    from fuzz.invariants import check_all
    from fuzz.strategies import any_text

    executions = 0
    started = time.monotonic()

    @settings(
        max_examples=1000, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(any_text)
    def one_input(text: str) -> None:
        nonlocal executions
        executions += 1
        check_all(text)

    while time.monotonic() - started < seconds:
        one_input()
    print(f"hypothesis: {executions} executions in {time.monotonic() - started:.0f} s, no failure")


def main() -> None:
    parser = argparse.ArgumentParser(description="Fuzz the text functions for a while.")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    args = parser.parse_args()
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    seconds = max(1, int(args.minutes * 60))
    (_run_atheris if engine == "atheris" else _run_hypothesis)(seconds)


if __name__ == "__main__":
    main()
