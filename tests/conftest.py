"""Shared fixtures: the seeds, a tiny NLLB model built once per session, a fake translator."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# huggingface_hub reads HF_HUB_OFFLINE once, at import: set it before anything imports it, so no
# test can reach for the network and a hub id fails fast and clearly.
os.environ["HF_HUB_OFFLINE"] = "1"
# Automatic CTranslate2 conversions go to a per-session cache, never the user's ~/.cache.
os.environ["TRANSLATE_SUMMARIZE_CACHE"] = tempfile.mkdtemp(prefix="translate-summarize-cache-")
atexit.register(shutil.rmtree, os.environ["TRANSLATE_SUMMARIZE_CACHE"], ignore_errors=True)

sys.path.insert(0, str(Path(__file__).parent))

from tiny_models import build_tiny_bart, build_tiny_nllb  # noqa: E402

from translate_summarize.translate import Translation  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer, d_model-32 BART summarizer with a byte-level BPE trained on FLORES English."""
    return build_tiny_bart(tmp_path_factory.mktemp("models") / "tiny-bart")


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer, d_model-32 NLLB model with a FLORES-trained sentencepiece vocabulary."""
    return build_tiny_nllb(tmp_path_factory.mktemp("models") / "tiny-nllb")


class FakeTranslator:
    """Stands in for Translator in runner tests: deterministic, instant, can be told to fail."""

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
    import subprocess

    command = [sys.executable, "-m", "translate_summarize", *args]
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=timeout)


@pytest.fixture
def fake_translator() -> FakeTranslator:
    return FakeTranslator()
