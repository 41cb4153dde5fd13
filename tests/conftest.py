"""Shared fixtures: the seeds, a tiny NLLB model built once per session, a fake translator."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# huggingface_hub reads HF_HUB_OFFLINE once, at import: set it before anything imports it, so no
# test can reach for the network and a hub id fails fast and clearly.
os.environ["HF_HUB_OFFLINE"] = "1"
# Automatic CTranslate2 conversions go to a per-session cache, never the user's ~/.cache.
os.environ["TRANSLATE_SUMMARIZE_CACHE"] = tempfile.mkdtemp(prefix="translate-summarize-cache-")
atexit.register(shutil.rmtree, os.environ["TRANSLATE_SUMMARIZE_CACHE"], ignore_errors=True)

from tests.helpers import SEEDS, FakeTranslator  # noqa: E402
from tests.tiny_models import build_tiny_bart, build_tiny_nllb  # noqa: E402


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


@pytest.fixture
def fake_translator() -> FakeTranslator:
    return FakeTranslator()
