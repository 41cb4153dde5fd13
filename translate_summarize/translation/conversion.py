"""Model preparation: convert an NLLB/M2M100 or IndicTrans2 checkpoint for CTranslate2.

``convert`` writes a CTranslate2 model folder that the ``ctranslate2`` backend loads: the
converted weights, the tokenizer (so the folder is self-contained), an optional vocabulary map
restricting the output layer to tokens that can occur in the target language, and
``translate_summarize.json`` recording where it came from.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from translate_summarize.errors import InputError, ModelLoadError
from translate_summarize.translation.hub import resolve
from translate_summarize.translation.indictrans import (
    FAMILY,
    TOKENIZER_FILES,
    build_ct2_spec,
    is_indictrans,
    missing_tokenizer_files,
)
from translate_summarize.translation.loading import checkpoint_folder, load_tokenizer, model_config

log = logging.getLogger(__name__)
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


# English the map must cover before it is written: every printable ASCII character, and news
# sentences with names, Indian number grouping, currencies and typographic punctuation.
ENGLISH_PROBE = (
    "".join(chr(code) for code in range(0x21, 0x7F)),
    "The Prime Minister said on Tuesday that 1,87,500 people (about 3.5%) had applied.",
    "“We will not stop,” said Zoë Müller of Łódź — adding: ‘₹500 crore is enough’…",
    "Visit https://example.org/news?id=42 or write to desk@example.com #Budget2024 @PMOIndia",
)


def _checked_vmap(tokenizer: Any, tgt_lang: str) -> tuple[list[str] | None, str]:
    """The English vocabulary map, or None when it fails to cover :data:`ENGLISH_PROBE`.

    A map that cannot spell ordinary English would force wrong tokens into every translation;
    no map only costs speed.
    """
    tokens = english_vocabulary(tokenizer, tgt_lang)
    inside, outside = coverage(tokenizer, tokens, ENGLISH_PROBE)
    if outside:
        log.warning(
            "No vocabulary map written: it cannot spell %d of %d English probe texts (first: %r).",
            len(outside),
            len(ENGLISH_PROBE),
            outside[0][:60],
        )
        return None, f"failed: {inside}/{len(ENGLISH_PROBE)} probe texts covered"
    return tokens, f"passed: {inside}/{len(ENGLISH_PROBE)} probe texts covered"


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
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Convert ``model`` (hub id or folder) to a CTranslate2 folder at ``output``.

    NLLB/M2M100 checkpoints go through CTranslate2's transformers converter; IndicTrans2
    checkpoints through :func:`translate_summarize.translation.indictrans.build_ct2_spec`; BART
    summarizers through the former too (with ``vmap=False``). ``extra`` is added to the
    metadata written to ``translate_summarize.json``, which is returned.
    """
    if quantization not in QUANTIZATIONS:
        raise InputError(
            f"Unknown quantization {quantization!r}; valid values: {', '.join(QUANTIZATIONS)}."
        )
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        raise ModelLoadError(
            "The ctranslate2 package is not installed; reinstall translate_summarize, which "
            "depends on it."
        ) from None
    output = Path(output)
    if output.exists() and any(output.iterdir()) and not force:
        raise InputError(f"{output} exists and is not empty; pass --force to overwrite it.")
    config = model_config(model)
    # Written beside the target and renamed into place: a conversion killed half-way leaves
    # only a hidden ``.NAME.converting-PID-…`` folder, never a ``model.bin`` at ``output``
    # that a later run would load as a model.
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(output)
    prefix = f"{_staging_prefix(output)}{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=output.parent))
    try:
        if is_indictrans(config):
            metadata = _convert_indictrans(model, config, staging, quantization, tgt_lang)
        else:
            metadata = _convert_transformers(model, config, staging, quantization, tgt_lang, vmap)
        metadata.update(extra or {})
        text = json.dumps(metadata, indent=2) + "\n"
        (staging / METADATA_FILE).write_text(text, encoding="utf-8")
        _replace(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return metadata


def _staging_prefix(output: Path) -> str:
    return f".{output.name}.converting-"


def _replace(staging: Path, output: Path) -> None:
    """Move the finished ``staging`` folder to ``output``, replacing what was there."""
    if output.exists():
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        output.rename(old)
        staging.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(output)


def remove_abandoned(output: Path) -> list[Path]:
    """Delete staging folders of ``output`` left by conversions whose process is gone (killed).

    A staging folder's name carries its process id; one whose process still runs is left alone.
    """
    removed = []
    for folder in output.parent.glob(f"{_staging_prefix(output)}*"):
        pid = folder.name[len(_staging_prefix(output)) :].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        pass
    return True


def _convert_transformers(
    model: str, config: dict[str, Any], output: Path, quantization: str, tgt_lang: str, vmap: bool
) -> dict[str, Any]:
    from ctranslate2.converters import TransformersConverter

    source = resolve(model)  # a cached snapshot when the Hub is unreachable
    tokenizer = load_tokenizer(source, "translation")
    vmap_tokens, vmap_note = _checked_vmap(tokenizer, tgt_lang) if vmap else (None, None)
    # The converter empties the output folder first, so the map is staged outside it.
    with tempfile.TemporaryDirectory() as staging:
        vmap_path = Path(staging) / VMAP_FILE
        if vmap_tokens:
            write_vmap(vmap_path, vmap_tokens)
        _run(
            _converter(TransformersConverter)(source, low_cpu_mem_usage=True),
            model,
            output,
            quantization,
            vmap=str(vmap_path) if vmap_tokens else None,
        )
    tokenizer.save_pretrained(str(output))
    generation = Path(source) / "generation_config.json"
    if generation.is_file():  # decoding defaults (BART-CNN: no_repeat_ngram_size, length_penalty)
        shutil.copyfile(generation, output / generation.name)
    return {
        "source_model": model,
        "quantization": quantization,
        "tgt_lang": tgt_lang,
        "vmap_tokens": len(vmap_tokens) if vmap_tokens else None,
        "vmap_check": vmap_note,
        "vocabulary_size": len(tokenizer),
        # Two positions go to the language tag and </s>.
        "max_input_tokens": int(config.get("max_position_embeddings", 1024)) - 2,
    }


def _converter(base: type) -> type:
    """CTranslate2's transformers converter, fitted to transformers 5: BartConfig no longer
    carries ``normalize_before``, which CTranslate2's BART loader reads. BART is post-norm."""

    class Converter(base):
        def load_model(self, model_class, model_name_or_path, **kwargs):
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            if model.config.model_type == "bart" and not hasattr(model.config, "normalize_before"):
                model.config.normalize_before = False
            return model

    return Converter


def _convert_indictrans(
    model: str, config: dict[str, Any], output: Path, quantization: str, tgt_lang: str
) -> dict[str, Any]:
    from ctranslate2.converters import Converter

    folder = checkpoint_folder(model)
    missing = missing_tokenizer_files(folder)
    if missing:
        raise ModelLoadError(f"Cannot convert {model!r}: it lacks {', '.join(missing)}.")

    class IndicTransConverter(Converter):
        def _load(self):
            return build_ct2_spec(folder, config)

    _run(IndicTransConverter(), model, output, quantization)
    for name in TOKENIZER_FILES:
        shutil.copyfile(folder / name, output / name)
    return {
        "family": FAMILY,
        "source_model": model,
        "quantization": quantization,
        "tgt_lang": tgt_lang,
        # No map: the real indic-en target vocabulary is 87% Latin-script already (28,103 of
        # 32,296 entries, tests/test_indictrans_tokenizer.py), so a map would cut little.
        "vmap_tokens": None,
        "vocabulary_size": config["decoder_vocab_size"],
        "max_input_tokens": int(config.get("max_source_positions", 256)),
    }


def _run(converter: Any, model: str, output: Path, quantization: str, vmap: str | None = None):
    try:
        converter.convert(str(output), quantization=quantization, vmap=vmap, force=True)
    except ModelLoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - one sentence, not the converter's traceback
        raise ModelLoadError(
            f"Cannot convert {model!r} with CTranslate2: {exc}".rstrip(".") + "."
        ) from None


def read_metadata(folder: Path) -> dict[str, Any]:
    """The ``translate_summarize.json`` that ``convert`` wrote in ``folder``; ``{}`` if none."""
    path = Path(folder) / METADATA_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
