"""Model preparation: convert a transformers NLLB/M2M100 checkpoint for CTranslate2.

``convert`` writes a CTranslate2 model folder that the ``ctranslate2`` backend loads: the
converted weights, the tokenizer (so the folder is self-contained), an optional vocabulary map
restricting the output layer to tokens that can occur in the target language, and
``translate_summarize.json`` recording where it came from.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from translate_summarize.errors import InputError, ModelLoadError

QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "float16", "float32")
METADATA_FILE = "translate_summarize.json"
VMAP_FILE = "vmap.txt"

# Characters English text can contain: ASCII, Latin-1 and Latin Extended-A letters (names such
# as "Zoë", "Łódź"), general punctuation, currency and letter-like symbols, and the sentencepiece
# word marker. A token made only of these may be produced for eng_Latn; no other token can be.
_ENGLISH_CHARS = re.compile(
    r"^[\u0020-\u007e\u00a0-\u017f\u2000-\u206f\u20a0-\u20cf\u2100-\u214f\u2150-\u218f"
    r"\u2190-\u21ff\u2200-\u22ff\u2581]+$"
)


def english_vocabulary(tokenizer: Any, tgt_lang: str = "eng_Latn") -> list[str]:
    """Target tokens allowed for English output: Latin-script pieces, specials, the language tag.

    Built from the tokenizer alone, so it needs no corpus and covers every English string the
    tokenizer can produce from those characters.
    """
    vocabulary = tokenizer.get_vocab()
    specials = set(tokenizer.all_special_tokens) - set(_language_codes(tokenizer))
    allowed = {t for t in vocabulary if _ENGLISH_CHARS.match(t)} | specials | {tgt_lang}
    return sorted(allowed, key=vocabulary.__getitem__)


def _language_codes(tokenizer: Any) -> list[str]:
    return [t for t in tokenizer.all_special_tokens if re.fullmatch(r"[a-z]{3}_[A-Z][a-z]{3}", t)]


def coverage(tokenizer: Any, allowed: Iterable[str], texts: Iterable[str]) -> tuple[int, list[str]]:
    """How many ``texts`` tokenize entirely inside ``allowed``; the texts that do not."""
    allowed_set = set(allowed)
    inside, outside = 0, []
    for text in texts:
        tokens = tokenizer.convert_ids_to_tokens(
            tokenizer(text, add_special_tokens=False)["input_ids"]
        )
        if set(tokens) <= allowed_set:
            inside += 1
        else:
            outside.append(text)
    return inside, outside


def write_vmap(path: Path, tokens: list[str]) -> None:
    """A CTranslate2 vocabulary map whose only rule is "always allow these tokens"."""
    path.write_text("\t" + " ".join(tokens) + "\n", encoding="utf-8")


def convert(
    model: str,
    output: Path,
    quantization: str = "int8",
    tgt_lang: str = "eng_Latn",
    vmap: bool = True,
    force: bool = False,
) -> dict[str, Any]:
    """Convert ``model`` (hub id or folder) to a CTranslate2 folder at ``output``.

    Returns the metadata written to ``translate_summarize.json``.
    """
    if quantization not in QUANTIZATIONS:
        raise InputError(
            f"Unknown quantization {quantization!r}; valid values: {', '.join(QUANTIZATIONS)}."
        )
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        raise ModelLoadError(
            "The ctranslate2 package is not installed; install it with "
            "`pip install 'translate_summarize[ct2]'`."
        ) from None
    from translate_summarize.backends.transformers_backend import load_tokenizer

    output = Path(output)
    if output.exists() and any(output.iterdir()) and not force:
        raise InputError(f"{output} exists and is not empty; pass --force to overwrite it.")
    tokenizer = load_tokenizer(model, "translation")
    vmap_tokens = english_vocabulary(tokenizer, tgt_lang) if vmap else None
    # The converter empties the output folder first, so the map is staged outside it.
    with tempfile.TemporaryDirectory() as staging:
        vmap_path = Path(staging) / VMAP_FILE
        if vmap_tokens:
            write_vmap(vmap_path, vmap_tokens)
        try:
            TransformersConverter(model, low_cpu_mem_usage=True).convert(
                str(output),
                quantization=quantization,
                vmap=str(vmap_path) if vmap_tokens else None,
                force=True,
            )
        except Exception as exc:  # noqa: BLE001 - one sentence, not the converter's traceback
            raise ModelLoadError(
                f"Cannot convert {model!r} with CTranslate2: {exc}".rstrip(".") + "."
            ) from None
    tokenizer.save_pretrained(str(output))
    metadata = {
        "source_model": model,
        "quantization": quantization,
        "tgt_lang": tgt_lang,
        "vmap_tokens": len(vmap_tokens) if vmap_tokens else None,
        "vocabulary_size": len(tokenizer),
        "max_input_tokens": _max_input_tokens(model),
    }
    (output / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return metadata


def _max_input_tokens(model: str) -> int:
    from transformers import AutoConfig

    positions = getattr(AutoConfig.from_pretrained(model), "max_position_embeddings", 1024)
    return int(positions) - 2  # the language tag and </s>
