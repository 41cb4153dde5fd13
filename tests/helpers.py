"""Helpers the tests (and the benchmarks) share: paths, a fake translator, the CLI in a subprocess.

A plain module of the ``tests`` package: test files import it as ``tests.helpers``; fixtures
stay in ``conftest.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from translate_summarize.config import DEFAULT_PLACEHOLDERS
from translate_summarize.translation.evaluate import DEFAULT_DATA
from translate_summarize.translation.translator import Translation

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FLORES = DEFAULT_DATA
"""FLORES-200 devtest (Hindi, English, metadata), shipped as package data for ``eval``."""


class FakeTranslator:
    """Stands in for Translator in runner tests: deterministic, instant, can be told to fail."""

    family = "nllb"
    placeholder_policy = DEFAULT_PLACEHOLDERS["nllb"]

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.calls: list[list[str]] = []
        self.info = {"model": "fake", "backend": "fake"}

    def translate(self, texts, progress=None, reverse=False, weights=None):
        self.calls.append(list(texts))
        if self.fail_on and any(self.fail_on in t for t in texts):
            raise RuntimeError(f"cannot translate {self.fail_on!r}")
        if progress:
            progress(sum(weights) if weights is not None else len(texts))
        return [Translation(f"EN[{t}]") for t in texts]


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300):
    """Run the real console entry point in a subprocess (offline), capturing its output."""
    command = [sys.executable, "-m", "translate_summarize", *args]
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=timeout)
