"""The CTranslate2 backend, the default: a CTranslate2 folder, or a checkpoint converted once.

CTranslate2 runs the same NLLB/M2M100 weights with int8 kernels and optional vocabulary
restriction (``use_vmap``), which makes CPU decoding many times faster than transformers.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from translate_summarize.config import TranslatorConfig
from translate_summarize.errors import ModelLoadError
from translate_summarize.translation.conversion import QUANTIZATIONS, VMAP_FILE, read_metadata
from translate_summarize.translation.indictrans import FAMILY
from translate_summarize.translation.model_cache import best_quantization, ct2_model
from translate_summarize.translation.tokenizers import tokenizer_for

log = logging.getLogger(__name__)
ENGLISH = "eng_Latn"
# translator.patience when unset: the value whose beam search matched the reference's
# (transformers generate, early_stopping=False) in our measurements; see the README.
REFERENCE_PATIENCE = 1.0


def model_folder(config: TranslatorConfig, device: str = "cpu") -> Path:
    """The CTranslate2 folder to load: ``translator.model`` if it is one, else its automatic
    conversion in the cache (with an English vocabulary map for an English target)."""
    quantization = conversion_type(config.compute_type, device)
    vmap_lang = config.tgt_lang if config.tgt_lang == ENGLISH else None
    return ct2_model(config.model, "translation", quantization, config.cache_dir, vmap_lang)


def conversion_type(compute_type: str, device: str) -> str:
    """Weights type of an automatic conversion: the configured compute type when it names
    one, else int8 on a CPU and the device's best type on a GPU."""
    return compute_type if compute_type in QUANTIZATIONS else best_quantization(device)


def compute_type_for(compute_type: str, device: str) -> str:
    """``auto`` is what :func:`conversion_type` converts to; anything else is kept."""
    return best_quantization(device) if compute_type == "auto" else compute_type


def resolve_device(device: str) -> str:
    """``auto`` means CUDA when CTranslate2 sees a GPU, else CPU; ``cuda`` without one is an
    error, raised before any conversion or weight loading."""
    if device == "cpu":
        return device
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "auto":
        return "cuda" if gpus else "cpu"
    if not gpus:
        raise ModelLoadError(
            f"device is {device!r} but CTranslate2 {ctranslate2.__version__} sees no CUDA GPU "
            "here; set translator.device (and summarizer.device) to cpu or auto."
        )
    return device


class CTranslate2Backend:
    """Translate with ``ctranslate2.Translator.translate_batch``."""

    def __init__(self, config: TranslatorConfig) -> None:
        try:
            import ctranslate2
        except ImportError:
            raise ModelLoadError(
                "translator.backend is 'ctranslate2' but the ctranslate2 package is not installed; "
                "reinstall translate_summarize (it depends on ctranslate2)."
            ) from None
        device = resolve_device(config.device)
        folder = model_folder(config, device)
        metadata = read_metadata(folder)
        if config.use_vmap is True and not (folder / VMAP_FILE).is_file():
            raise _missing_vmap(folder, metadata)
        self.config = config
        # "auto": the map is used for an English target when the folder has one, which
        # conversion writes only after it passed the coverage check (models.ENGLISH_PROBE).
        self.use_vmap = bool(config.use_vmap) and (folder / VMAP_FILE).is_file()
        if config.use_vmap == "auto":
            self.use_vmap = self.use_vmap and config.tgt_lang == ENGLISH
        self.family = str(metadata.get("family", "nllb"))
        self.tokenizer = tokenizer_for(folder, metadata)
        self.reversible = self.tokenizer.reversible
        for code in (config.src_lang, config.tgt_lang):
            self.tokenizer.require(code, config.model)
        self.intra_threads, self.parallel_batches = thread_plan(config, device, usable_cores())
        warning = kernel_warning(os.environ, cpu_vendor) if device == "cpu" else None
        if warning:
            log.warning(warning)
        started = time.perf_counter()
        self.translator = self._load(ctranslate2, folder, device)
        log.info(
            "loaded translation model %s from %s in %.1f s",
            config.model,
            folder,
            time.perf_counter() - started,
        )
        self.max_input_tokens = int(metadata.get("max_input_tokens", 1022))

    def _load(self, ctranslate2, folder: Path, device: str):
        try:
            return ctranslate2.Translator(
                str(folder),
                device=device,
                compute_type=compute_type_for(self.config.compute_type, device),
                intra_threads=self.intra_threads,
                inter_threads=self.parallel_batches,
            )
        except Exception as exc:  # noqa: BLE001 - one clear sentence, not a C++ traceback
            raise ModelLoadError(f"Cannot load CTranslate2 model {str(folder)!r}: {exc}.") from None

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source length in tokens, including the language tag(s) and ``</s>``."""
        extra = self.tokenizer.extra_tokens
        return [len(pieces) + extra for pieces in self.tokenizer.pieces(texts)]

    def translate_batch(
        self, texts: Sequence[str], max_new_tokens: int, src_lang: str, tgt_lang: str
    ) -> list[str]:
        tokenizer = self.tokenizer
        source = [tokenizer.source(p, src_lang, tgt_lang) for p in tokenizer.pieces(texts)]
        prefix = tokenizer.prefix(tgt_lang)
        results = self.translator.translate_batch(
            source,
            target_prefix=[prefix] * len(source) if prefix else None,
            max_decoding_length=max_new_tokens,
            **decoding_options(self.config),
            # The Translator already split anything too long; never let CT2 truncate silently.
            max_input_length=0,
            # The map holds the configured target's tokens; other directions decode unrestricted.
            use_vmap=self.use_vmap and tgt_lang == self.config.tgt_lang,
        )
        return [self.tokenizer.decode(result.hypotheses[0]) for result in results]


def decoding_options(config: TranslatorConfig) -> dict[str, float]:
    """The configured search settings as ``translate_batch`` arguments.

    ``min_decoding_length`` is set explicitly: CTranslate2's default of 1 would turn an empty
    output (the model's first token is ``</s>``) into one token, where the reference gives "".
    """
    return {
        "beam_size": config.beam_size,
        "patience": config.patience or REFERENCE_PATIENCE,
        "length_penalty": config.length_penalty,
        "repetition_penalty": config.repetition_penalty,
        "no_repeat_ngram_size": config.no_repeat_ngram_size,
        "min_decoding_length": config.min_length,
    }


def usable_cores() -> int:
    """CPU cores this process may run on (a container's CPU set, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def thread_plan(config: TranslatorConfig, device: str, cores: int) -> tuple[int, int]:
    """``(intra_threads, inter_threads)`` for CTranslate2; a config value of 0 means automatic.

    On a CPU, two batches decoded at once with the cores split between them beat one batch on
    every core: beam search spends much of each step in work one thread does alone (top-k,
    gathers), and the other batch fills that gap, in less memory than one large batch
    (bench/translate_throughput.py; the figures are in the README). Automatic stops at two: the
    token budget is shared among the batches in flight, and more, smaller batches pay more
    per-step overhead for each token.
    """
    inter = config.inter_threads or (2 if device == "cpu" and cores >= 2 else 1)
    intra = config.threads or max(1, cores // inter)
    return intra, inter


def cpu_vendor() -> str:
    """The CPU's ``vendor_id`` (``AuthenticAMD``, ``GenuineIntel``), or ``""`` if unknown."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "vendor_id":
            return value.strip()
    return ""


def kernel_warning(environ: Mapping[str, str], vendor: Callable[[], str]) -> str | None:
    """A warning when ``CT2_USE_MKL`` forces Intel MKL on an AMD CPU, else None.

    MKL takes slow code paths on AMD CPUs: on the bench host (AMD EPYC) raw CT2 took 259.9 s
    with ``CT2_USE_MKL=1`` against 20.2 s with CTranslate2's default (oneDNN) kernels.
    ``vendor`` is only called when the variable is set, so a normal load reads no CPU info.
    """
    value = environ.get("CT2_USE_MKL", "")
    # The spellings CTranslate2 itself reads as true; it ignores any other value.
    if value not in {"1", "true", "TRUE"} or vendor() != "AuthenticAMD":
        return None
    return (
        f"CT2_USE_MKL={value} forces Intel MKL on this AMD CPU, where it "
        "ran many times slower in our benchmark; unset CT2_USE_MKL to use CTranslate2's defaults."
    )


def _missing_vmap(folder: Path, metadata: dict) -> ModelLoadError:
    if metadata.get("family") == FAMILY:
        return ModelLoadError(
            f"translator.use_vmap is set but {folder} is an IndicTrans2 model, for which "
            "models convert writes no vocabulary map (its indic-en target vocabulary is 87% "
            "Latin-script already); set use_vmap: false."
        )
    return ModelLoadError(
        f"translator.use_vmap is set but {folder} has no {VMAP_FILE}; reconvert with "
        "`translate-summarize models convert --vmap` or set use_vmap: false."
    )
