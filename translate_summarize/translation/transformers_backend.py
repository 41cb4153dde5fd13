"""The transformers backend: NLLB-200 / M2M100 checkpoints through ``AutoModelForSeq2SeqLM``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from translate_summarize.config import TranslatorConfig
from translate_summarize.errors import ConfigError, ModelLoadError
from translate_summarize.translation.indictrans import is_indictrans, remote_code_refusal
from translate_summarize.translation.loading import load_seq2seq, model_config

log = logging.getLogger(__name__)


def refuse_remote_code_models(config: TranslatorConfig) -> None:
    """IndicTrans2 checkpoints need remote code this backend cannot run under transformers 5:
    one clear sentence instead (read from ``config.json`` as data, nothing imported)."""
    if is_indictrans(model_config(config.model)):
        raise remote_code_refusal(config.model, config.trust_remote_code)


def refuse_ctranslate2_folder(model: str) -> None:
    """A folder made by ``models convert`` holds CTranslate2 weights transformers cannot read."""
    if (Path(model) / "model.bin").is_file():
        raise ModelLoadError(
            f"Cannot load translation model {model!r} with the transformers backend: it is a "
            "CTranslate2 model folder (it holds model.bin); use --backend ctranslate2 "
            "(translator.backend: ctranslate2)."
        )


def language_id(tokenizer, code: str, model: str) -> int:
    """The token id of language tag ``code``; a model without it is a :class:`ModelLoadError`."""
    token_id = tokenizer.convert_tokens_to_ids(code)
    if token_id is None or token_id == tokenizer.unk_token_id:
        raise ModelLoadError(
            f"Model {model!r} has no language token {code!r}; use an NLLB-200 language code "
            "such as hin_Deva or eng_Latn, or a model that supports it."
        )
    return int(token_id)


def count_tokens(tokenizer, texts: Sequence[str]) -> list[int]:
    """Source length in model tokens, including the language tag and ``</s>``."""
    if not texts:
        return []
    return [len(ids) + 2 for ids in tokenizer(list(texts), add_special_tokens=False)["input_ids"]]


def encode(tokenizer, texts: Sequence[str], src_lang: str) -> list[list[int]]:
    """NLLB source ids, ``[src_lang] tokens </s>``, built explicitly so that the language is a
    per-call argument and not state set on the shared tokenizer."""
    lang = tokenizer.convert_tokens_to_ids(src_lang)
    pieces = tokenizer(list(texts), add_special_tokens=False)["input_ids"]
    return [[lang, *ids, tokenizer.eos_token_id] for ids in pieces]


class TransformersBackend:
    """Translate with a transformers seq2seq model and beam search (``generate``)."""

    family = "nllb"  # IndicTrans2 needs remote code this backend does not run
    reversible = True  # NLLB translates in every direction it has tags for
    parallel_batches = 1  # one generate() at a time; torch uses the threads

    def __init__(self, config: TranslatorConfig) -> None:
        import torch

        self.config = config
        refuse_ctranslate2_folder(config.model)
        if config.patience is not None:
            raise ConfigError(
                "translator.patience applies to the ctranslate2 backend only; transformers' "
                "beam search has no patience setting (leave it unset)."
            )
        refuse_remote_code_models(config)
        if config.threads:
            torch.set_num_threads(config.threads)
        self.tokenizer, self.model = load_seq2seq(
            config.model, "translation", config.device, src_lang=config.src_lang
        )
        language_id(self.tokenizer, config.tgt_lang, config.model)
        language_id(self.tokenizer, config.src_lang, config.model)
        positions = getattr(self.model.config, "max_position_embeddings", 1024)
        # Two positions go to the language tag and </s>.
        self.max_input_tokens = int(positions) - 2

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_tokens(self.tokenizer, texts)

    def translate_batch(
        self, texts: Sequence[str], max_new_tokens: int, src_lang: str, tgt_lang: str
    ) -> list[str]:
        import torch

        ids = encode(self.tokenizer, texts, src_lang)
        inputs = self.tokenizer.pad({"input_ids": ids}, return_tensors="pt").to(self.model.device)
        with torch.inference_mode():
            generated = self.model.generate(
                **inputs,
                forced_bos_token_id=self.tokenizer.convert_tokens_to_ids(tgt_lang),
                num_beams=self.config.beam_size,
                max_new_tokens=max_new_tokens,
                min_new_tokens=self.config.min_length,
                length_penalty=self.config.length_penalty,
                repetition_penalty=self.config.repetition_penalty,
                no_repeat_ngram_size=self.config.no_repeat_ngram_size,
            )
        return [t.strip() for t in self.tokenizer.batch_decode(generated, skip_special_tokens=True)]
