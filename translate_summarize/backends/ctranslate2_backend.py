"""The CTranslate2 backend: a folder made by ``translate-summarize models convert``.

CTranslate2 runs the same NLLB/M2M100 weights with int8 kernels and optional vocabulary
restriction (``use_vmap``), which makes CPU decoding many times faster than transformers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from translate_summarize.backends.transformers_backend import (
    count_tokens,
    language_id,
    load_tokenizer,
)
from translate_summarize.config import TranslatorConfig
from translate_summarize.errors import ModelLoadError
from translate_summarize.models import METADATA_FILE, VMAP_FILE


class CTranslate2Backend:
    """Translate with ``ctranslate2.Translator.translate_batch``."""

    def __init__(self, config: TranslatorConfig) -> None:
        try:
            import ctranslate2
        except ImportError:
            raise ModelLoadError(
                "translator.backend is 'ctranslate2' but the ctranslate2 package is not installed; "
                "install it with `pip install 'translate_summarize[ct2]'`."
            ) from None
        folder = Path(config.model)
        if not (folder / "model.bin").is_file():
            raise ModelLoadError(
                f"Cannot load CTranslate2 model {config.model!r}: it is not a converted model "
                "folder (no model.bin). Convert the checkpoint first with `translate-summarize "
                f"models convert {config.model} --to DIR` and point translator.model at DIR."
            )
        if config.use_vmap and not (folder / VMAP_FILE).is_file():
            raise ModelLoadError(
                f"translator.use_vmap is set but {folder} has no {VMAP_FILE}; reconvert with "
                "`translate-summarize models convert --vmap` or set use_vmap: false."
            )
        self.config = config
        self.tokenizer = load_tokenizer(str(folder), "translation", src_lang=config.src_lang)
        language_id(self.tokenizer, config.tgt_lang, config.model)
        language_id(self.tokenizer, config.src_lang, config.model)
        self.translator = self._load(ctranslate2, folder)
        metadata = _metadata(folder)
        self.max_input_tokens = int(metadata.get("max_input_tokens", 1022))
        self.info = {
            "library": f"ctranslate2 {ctranslate2.__version__}",
            "compute_type": self.translator.compute_type,
            "source_model": str(metadata.get("source_model", "")),
        }

    def _load(self, ctranslate2, folder: Path):
        device = self.config.device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() else "cpu"
        try:
            return ctranslate2.Translator(
                str(folder),
                device=device,
                compute_type=self.config.compute_type,
                intra_threads=self.config.threads,
                inter_threads=self.config.inter_threads,
            )
        except Exception as exc:  # noqa: BLE001 - one clear sentence, not a C++ traceback
            raise ModelLoadError(f"Cannot load CTranslate2 model {str(folder)!r}: {exc}.") from None

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_tokens(self.tokenizer, texts)

    def translate_batch(self, texts: Sequence[str], max_new_tokens: int) -> list[str]:
        encoded = self.tokenizer(list(texts))["input_ids"]
        source = [self.tokenizer.convert_ids_to_tokens(ids) for ids in encoded]
        results = self.translator.translate_batch(
            source,
            target_prefix=[[self.config.tgt_lang]] * len(source),
            beam_size=self.config.beam_size,
            max_decoding_length=max_new_tokens,
            # The Translator already split anything too long; never let CT2 truncate silently.
            max_input_length=0,
            use_vmap=self.config.use_vmap,
        )
        outputs = []
        for result in results:
            ids = self.tokenizer.convert_tokens_to_ids(result.hypotheses[0])
            outputs.append(self.tokenizer.decode(ids, skip_special_tokens=True).strip())
        return outputs


def _metadata(folder: Path) -> dict:
    path = folder / METADATA_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
