"""Backends of the abstractive summarizer: one BART-family model, through transformers or
CTranslate2 (converted once into the same cache as the translator, see ``translation.model_cache``).

Both take the same transformers tokenizer and return the same kind of text, so
``summarizer.AbstractiveSummarizer`` windows and reduces articles the same way on either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from translate_summarize.config import SummarizerConfig
from translate_summarize.errors import ModelLoadError
from translate_summarize.translation.conversion import read_metadata
from translate_summarize.translation.ctranslate2_backend import resolve_device, usable_cores
from translate_summarize.translation.loading import load_seq2seq, load_tokenizer
from translate_summarize.translation.model_cache import best_quantization, ct2_model

KIND = "summarization"


class Generator(Protocol):
    """What the summarizer needs from a backend."""

    tokenizer: Any  # a transformers tokenizer: windows are measured and encoded with it
    max_positions: int  # input positions of the model, special tokens included

    def generate(self, texts: Sequence[str], limit: int) -> list[str]: ...


class TransformersGenerator:
    """``model.generate`` with beam search; the checkpoint's generation config applies."""

    def __init__(self, model_id: str, config: SummarizerConfig) -> None:
        self.config = config
        self.tokenizer, self.model = load_seq2seq(model_id, KIND, config.device)
        self.max_positions = int(getattr(self.model.config, "max_position_embeddings", 1024))

    def generate(self, texts: Sequence[str], limit: int) -> list[str]:
        tokenizer = self.tokenizer
        import torch

        # Windows are packed to fit; truncation at the model limit is only a guard.
        inputs = tokenizer(
            list(texts), return_tensors="pt", padding=True, truncation=True, max_length=limit
        )
        with torch.inference_mode():
            output = self.model.generate(
                **inputs.to(self.model.device),
                num_beams=self.config.beam_size,
                max_new_tokens=self.config.max_length,
                min_new_tokens=min(self.config.min_length, self.config.max_length),
            )
        return [t.strip() for t in tokenizer.batch_decode(output, skip_special_tokens=True)]


class CTranslate2Generator:
    """``ctranslate2.Translator.translate_batch`` on the converted model, int8 on a CPU.

    The checkpoint's ``generation_config.json`` (kept by the conversion) supplies the
    repetition and length settings transformers would apply, so both backends decode alike.
    """

    def __init__(self, model_id: str, config: SummarizerConfig, cache_dir: str | None) -> None:
        import ctranslate2

        self.config = config
        device = resolve_device(config.device)
        quantization = best_quantization(device)
        folder = ct2_model(model_id, KIND, quantization, cache_dir)
        self.tokenizer = load_tokenizer(str(folder), KIND)
        self.max_positions = int(read_metadata(folder).get("max_input_tokens", 1022)) + 2
        self.options = _generation_options(folder)
        try:
            self.model = ctranslate2.Translator(
                str(folder), device=device, compute_type=quantization, intra_threads=usable_cores()
            )
        except Exception as exc:  # noqa: BLE001 - one clear sentence, not a C++ traceback
            raise ModelLoadError(f"Cannot load CTranslate2 model {str(folder)!r}: {exc}.") from None

    def generate(self, texts: Sequence[str], limit: int) -> list[str]:
        tokenizer = self.tokenizer
        ids = tokenizer(list(texts), truncation=True, max_length=limit)["input_ids"]
        results = self.model.translate_batch(
            [tokenizer.convert_ids_to_tokens(row) for row in ids],
            beam_size=self.config.beam_size,
            max_decoding_length=self.config.max_length,
            min_decoding_length=min(self.config.min_length, self.config.max_length),
            max_input_length=0,
            **self.options,
        )
        return [
            tokenizer.decode(
                tokenizer.convert_tokens_to_ids(r.hypotheses[0]), skip_special_tokens=True
            ).strip()
            for r in results
        ]


def _generation_options(folder: Path) -> dict[str, Any]:
    """CTranslate2 options from the checkpoint's generation config (BART-CNN sets both)."""
    path = folder / "generation_config.json"
    settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    options = {}
    if settings.get("no_repeat_ngram_size"):
        options["no_repeat_ngram_size"] = int(settings["no_repeat_ngram_size"])
    if settings.get("length_penalty") is not None:
        options["length_penalty"] = float(settings["length_penalty"])
    return options


GENERATORS: dict[str, Callable[[str, SummarizerConfig, str | None], Any]] = {
    # transformers loads the checkpoint as it is: no conversion cache.
    "transformers": lambda model_id, config, cache_dir: TransformersGenerator(model_id, config),
    "ctranslate2": CTranslate2Generator,
}
