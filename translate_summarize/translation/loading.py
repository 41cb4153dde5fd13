"""Checkpoint loading: a hub id or folder becomes a transformers tokenizer, model or config.

Everything that reads a checkpoint goes through here — the transformers backend, the
summarizer, and the conversion to CTranslate2 — so a model fails to load the same way
everywhere: one :class:`~translate_summarize.errors.ModelLoadError` sentence naming it.
Loading honours ``HF_HUB_OFFLINE`` and uses the local cache at once when the Hub is
unreachable (:func:`~translate_summarize.translation.hub.resolve`).
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from translate_summarize.errors import ModelLoadError
from translate_summarize.translation.hub import load_failure, resolve
from translate_summarize.translation.indictrans import TOKENIZER_FILES

log = logging.getLogger(__name__)


def resolve_device(device: str) -> str:
    """``auto`` means CUDA when torch sees a GPU, else CPU; ``cuda`` without one is an error."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        cause = "has no CUDA support" if torch.version.cuda is None else "sees no GPU"
        raise ModelLoadError(
            f"device is {device!r} but this torch ({torch.__version__}) {cause}; set "
            "translator.device (and summarizer.device) to cpu or auto."
        )
    return device


def load_tokenizer(model_id: str, kind: str, **kwargs: str):
    """Load a tokenizer by hub id or local path; failures become one :class:`ModelLoadError`."""
    from transformers import AutoTokenizer

    return _from_pretrained(AutoTokenizer, resolve(model_id, kind), model_id, kind, **kwargs)


def load_seq2seq(model_id: str, kind: str, device: str, **tokenizer_kwargs: str):
    """Load a tokenizer and a seq2seq model by hub id or local path, the standard way.

    ``from_pretrained`` honours ``HF_HUB_OFFLINE`` and the local cache (used at once when the Hub
    is unreachable, see :func:`resolve`); any failure becomes a one-sentence
    :class:`ModelLoadError` naming the model.
    """
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    device = resolve_device(device)  # a wrong device fails before gigabytes of weights load
    source = resolve(model_id, kind)
    tokenizer = _from_pretrained(AutoTokenizer, source, model_id, kind, **tokenizer_kwargs)
    started = time.perf_counter()
    model = _from_pretrained(AutoModelForSeq2SeqLM, source, model_id, kind)
    log.info(
        "loaded %s model %s from %s in %.1f s",
        kind,
        model_id,
        source,
        time.perf_counter() - started,
    )
    return tokenizer, model.to(device).eval()


def _from_pretrained(loader, source: str, model_id: str, kind: str, **kwargs: str):
    try:
        return loader.from_pretrained(source, **kwargs)
    except Exception as exc:  # noqa: BLE001 - every loader failure must become one clear sentence
        raise load_failure(kind, model_id, exc) from exc


def model_config(model: str) -> dict[str, Any]:
    """A checkpoint's ``config.json`` (local folder or Hub, honouring ``HF_HUB_OFFLINE``),
    read as data: no remote code runs."""
    source = resolve(model)
    path = Path(source) / "config.json"
    if not Path(source).is_dir():
        from huggingface_hub import hf_hub_download

        try:
            path = Path(hf_hub_download(model, "config.json"))
        except Exception as exc:  # noqa: BLE001
            raise load_failure("translation", model, exc) from None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise load_failure("translation", model, exc) from None


def checkpoint_folder(model: str) -> Path:
    """``model`` as a local folder: itself, its cached snapshot, or its Hub snapshot (config,
    weights, tokenizer)."""
    source = resolve(model)
    if Path(source).is_dir():
        return Path(source)
    from huggingface_hub import snapshot_download

    wanted = ["config.json", *TOKENIZER_FILES]
    try:
        folder = Path(snapshot_download(model, allow_patterns=[*wanted, "model.safetensors"]))
        if not (folder / "model.safetensors").is_file():
            folder = Path(snapshot_download(model, allow_patterns=[*wanted, "pytorch_model.bin"]))
    except Exception as exc:  # noqa: BLE001
        raise load_failure("translation", model, exc) from None
    return folder
