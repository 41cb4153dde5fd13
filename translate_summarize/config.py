"""Run configuration: YAML validated up front, every error reported with its key path.

Plain data: this module imports nothing of the package but its errors, so any module can read
settings without pulling in the stages. Every choice is a ``Literal`` of the names its registry
holds (``translation.translator.BACKENDS``, ``summary.summarizer.SUMMARIZERS``, …); a test
keeps the two equal.

Relative paths in a config file are resolved against the file's own folder, so a cron job can
run ``translate-summarize run /abs/path/configs/nightly.yaml`` from anywhere. Paths given as CLI
flags are relative to the current directory, as usual for command-line arguments.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from translate_summarize.errors import ConfigError

DEFAULT_TRANSLATION_MODEL = "facebook/nllb-200-distilled-600M"

# The names each registry holds (tests/test_config.py checks that they agree).
TranslationBackend = Literal["ctranslate2", "transformers"]  # translator.BACKENDS
SummaryMethod = Literal["extractive", "abstractive"]  # summarizer.SUMMARIZERS
SummaryBackend = Literal["ctranslate2", "transformers"]  # generators.GENERATORS
Engine = Literal["local", "ray"]
ModelFamily = Literal["nllb", "indictrans2"]  # tokenizers.TOKENIZERS, DEFAULT_PLACEHOLDERS
PlaceholderKind = Literal["url", "email", "handle", "hashtag", "number"]  # placeholders.KINDS
Device = Literal["cpu", "cuda", "auto"]
INDICPROCESSOR = "indicprocessor"
Policy = tuple[str, ...] | str
"""What is masked with placeholders: kinds, or IndicTrans2's own rules (``"indicprocessor"``)."""
DEFAULT_PLACEHOLDERS: dict[str, Policy] = {
    "nllb": ("url", "email", "handle", "hashtag"),
    "indictrans2": INDICPROCESSOR,
}
"""Placeholder policy per model family when the config names none (see ``text.placeholders``)."""


def normalize_model(model: str) -> str:
    """``model`` spelled one way: an existing local folder as its resolved path, a hub id
    without trailing slashes (so keys and briefs do not depend on how a path was typed)."""
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path.resolve())
    return model.rstrip("/") or model


_SIZE_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
_SIZE_UNITS |= {"KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]I?B|B)?", re.IGNORECASE)


def parse_size(size: str | int) -> int:
    """Bytes of a size such as ``500MB``, ``1.5GB`` (powers of 1000) or ``1GiB`` (powers of
    1024); raises :class:`ValueError` naming the accepted forms."""
    match = _SIZE.fullmatch(str(size).strip())
    if not match:
        raise ValueError(f"invalid size {size!r}; write it like 500MB, 1.5GB, 100KB or 1GiB")
    number, unit = match.groups()
    return max(1, int(float(number) * _SIZE_UNITS[(unit or "").upper()]))


class _Strict(BaseModel):
    # Unknown keys are an error: a typo in a nightly config must not silently become a default.
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class MemoryConfig(_Strict):
    """The translation memory: translations of earlier runs, reused (see ``translation.memory``)."""

    enabled: bool = True
    path: Path | None = Field(
        None,
        description="SQLite file; relative to the output folder; default "
        "translation-memory.sqlite there.",
    )
    max_entries: int = Field(
        1_000_000, ge=1, description="Entries kept; the least recently used go first."
    )


_Policy = Literal["indicprocessor"] | list[PlaceholderKind]


class TranslatorConfig(_Strict):
    """How sentences are translated."""

    # CTranslate2 int8 is several times faster on CPU (README, "Fast by default"); a hub id or
    # a checkpoint folder is converted once into cache_dir. "transformers" stays available.
    backend: TranslationBackend = "ctranslate2"
    model: str = DEFAULT_TRANSLATION_MODEL
    src_lang: str = "hin_Deva"
    tgt_lang: str = "eng_Latn"
    beam_size: int = Field(4, ge=1, le=16)
    # Decoding settings, passed to CTranslate2 and to transformers' generate. Their defaults
    # are the reference's (transformers generate, num_beams > 1, early_stopping=False), see
    # the README's "Decoding settings" for what was measured.
    patience: float | None = Field(
        None,
        gt=0,
        description="ctranslate2 beam search: stop once beam_size x patience hypotheses have "
        "finished; unset = the value documented as matching transformers' beam search.",
    )
    length_penalty: float = Field(1.0, description="Beam scores are divided by length^this.")
    repetition_penalty: float = Field(
        1.0, gt=0, description="Penalty on tokens already generated; 1 = none."
    )
    no_repeat_ngram_size: int = Field(
        0, ge=0, description="Forbid repeating any n-gram of this size; 0 = off."
    )
    min_length: int = Field(0, ge=0, description="Fewest tokens generated before </s>.")
    max_length: int = Field(256, ge=1, description="Hard cap on generated tokens per sentence.")
    length_ratio: float = Field(
        2.0,
        gt=0,
        description="Output cap per sentence is length_ratio * source tokens + length_offset.",
    )
    length_offset: int = Field(10, ge=0)
    max_input_tokens: int = Field(
        0, ge=0, description="Longest source the model accepts; 0 means the model's own limit."
    )
    # Counts each sentence's source tokens plus its output cap: decoder state grows with
    # both. It bounds the tokens in flight, not each batch, so memory stays put whatever
    # inter_threads is. 1,000 keeps a night's peak RSS under 1.6 GB on NLLB-600M; 1,200 is
    # 6-10 % faster at 100-200 MiB more (README, *The nightly run end to end*).
    max_batch_tokens: int = Field(
        1000,
        ge=1,
        description="Tokens in flight, each sentence counted as its source tokens plus its "
        "output cap: one batch, or inter_threads batches of an equal share each.",
    )
    threads: int = Field(
        0,
        ge=0,
        description="CPU threads per batch (ctranslate2: intra_threads); 0 = automatic "
        "(ctranslate2: the usable cores split among inter_threads; transformers: torch's).",
    )
    inter_threads: int = Field(
        0,
        ge=0,
        description="ctranslate2: batches decoded at once; 0 = automatic (2 on a CPU with 2+ "
        "cores, else 1).",
    )
    compute_type: Literal[
        "default",
        "auto",
        "int8",
        "int8_float32",
        "int8_float16",
        "int8_bfloat16",
        "int16",
        "float16",
        "bfloat16",
        "float32",
    ] = "auto"
    """ctranslate2 compute type; auto: int8 on a CPU, the device's best type on a GPU."""
    use_vmap: bool | Literal["auto"] = Field(
        "auto",
        description="ctranslate2: restrict output to the model's target vocabulary map; auto: "
        "for an English target when the model folder has one (it passed the coverage check).",
    )
    cache_dir: str | None = Field(
        None,
        description="Where hub ids and checkpoint folders are converted for ctranslate2 "
        "(default $TRANSLATE_SUMMARIZE_CACHE, else $XDG_CACHE_HOME or ~/.cache, "
        "/translate_summarize); the abstractive summarizer's conversions go there too.",
    )
    device: Device = "cpu"
    trust_remote_code: bool = Field(
        False,
        description="Allow a checkpoint's own modelling code from its Hub repository to run "
        "(IndicTrans2 ships its model that way); off unless a config says so.",
    )
    placeholders: _Policy | dict[ModelFamily, _Policy] = Field(
        default_factory=lambda: {
            family: policy if isinstance(policy, str) else list(policy)
            for family, policy in DEFAULT_PLACEHOLDERS.items()
        }
    )
    """Spans replaced by <IDn> placeholders for the model to copy: kinds, [] for none, or
    "indicprocessor" (IndicTrans2's own rules); one policy for every family or one per family
    (a family left out keeps its default, see translate_summarize.text.placeholders)."""
    memory: MemoryConfig = MemoryConfig()

    @field_validator("model")
    @classmethod
    def _normalized_model(cls, model: str) -> str:
        return normalize_model(model)

    def placeholder_policy(self, family: str) -> Policy:
        """The placeholder policy for a model of ``family`` (``nllb``, ``indictrans2``)."""
        policy = self.placeholders
        if isinstance(policy, dict):
            policy = policy.get(family, DEFAULT_PLACEHOLDERS.get(family, ()))  # type: ignore
        return policy if isinstance(policy, str) else tuple(policy)


class SummarizerConfig(_Strict):
    """How the parallel summary is made."""

    method: SummaryMethod = "extractive"
    sentences: int = Field(3, ge=1, description="Summary length for the extractive method.")
    model: str | None = None
    """Abstractive: seq2seq summarization model (default sshleifer/distilbart-cnn-12-6)."""
    backend: SummaryBackend = Field(
        "ctranslate2",
        description="Abstractive: ctranslate2 (converted once, like the translator) or "
        "transformers.",
    )
    beam_size: int = Field(4, ge=1, le=16)
    max_length: int = Field(142, ge=1, description="Abstractive: tokens per (partial) summary.")
    min_length: int = Field(0, ge=0)
    device: Device = "cpu"

    @field_validator("model")
    @classmethod
    def _normalized_model(cls, model: str | None) -> str | None:
        return model and normalize_model(model)


class QualityConfig(_Strict):
    """Thresholds of the fidelity flags (see ``translate_summarize.text.quality``)."""

    untranslated_min_letters: int = Field(2, ge=1)
    repetition_min_repeats: int = Field(3, ge=2)
    length_ratio_min: float = Field(0.6, ge=0)
    length_ratio_max: float = Field(1.8, gt=0)
    length_ratio_min_chars: int = Field(20, ge=1)
    truncated_max_ratio: float = Field(0.9, gt=0)


class CleanConfig(_Strict):
    """Cleaning switches."""

    remove_boilerplate: bool = True


class RayConfig(_Strict):
    """The Ray engine: where it connects and how many model-holding workers it starts."""

    address: str | None = Field(
        None, description="Cluster address; default RAY_ADDRESS, else a local Ray instance."
    )
    num_workers: int = Field(1, ge=1, description="Actors, each holding one loaded Translator.")
    num_cpus_per_worker: float = Field(1.0, gt=0)
    num_gpus_per_worker: float = Field(0.0, ge=0)


class InputColumns(_Strict):
    """Field names of a record in a .jsonl file or a Hugging Face dataset on disk."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    url: str = "url"


class ExportConfig(_Strict):
    """Defaults of ``translate-summarize export`` for this run's output (flags override)."""

    license: str = Field("other", description="Licence field of the dataset card.")
    exclude_flags: list[str] = Field(
        default_factory=list, description="Drop documents with sentences carrying these flags."
    )
    max_flag_rate: float | None = Field(
        None, ge=0, le=1, description="Drop documents with a larger share of flagged sentences."
    )
    max_shard_size: str = Field("500MB", description="Largest shard: 500MB, 1.5GB, 1GiB…")

    @field_validator("max_shard_size")
    @classmethod
    def _valid_size(cls, size: str) -> str:
        parse_size(size)
        return size


class RunConfig(_Strict):
    """A whole batch run."""

    input: Path = Field(Path("seeds"), validate_default=True)
    input_columns: InputColumns = InputColumns()
    input_split: str = Field("train", description="Split to read from a saved DatasetDict.")
    engine: Engine = "local"
    ray: RayConfig = RayConfig()
    output: Path = Field(Path("outputs/run"), validate_default=True)
    limit: int | None = Field(None, ge=1)
    docs_per_chunk: int = Field(
        64, ge=1, description="Documents translated together; bounds memory on large corpora."
    )
    max_document_chars: int = Field(
        1_000_000,
        ge=1,
        description="Longer documents fail alone with the reason; a chunk also closes at this "
        "many characters, so memory is bounded by it and docs_per_chunk, not by the input.",
    )
    clean: CleanConfig = CleanConfig()
    translator: TranslatorConfig = TranslatorConfig()
    summarizer: SummarizerConfig = SummarizerConfig()
    quality: QualityConfig = QualityConfig()
    export: ExportConfig = ExportConfig()

    @field_validator("input", "output")
    @classmethod
    def _clean_path(cls, path: Path) -> Path:
        # Resolved once here: "configs/../seeds" and "seeds" must name the same documents.
        return path.expanduser().resolve()


def load_config(
    path: Path | str | None = None, overrides: dict[str, Any] | None = None
) -> RunConfig:
    """Load and validate a YAML config, then apply ``overrides`` (keys like ``translator.model``).

    ``None`` values in ``overrides`` mean "not given" and are ignored. Raises :class:`ConfigError`
    naming the offending key.
    """
    data: dict[str, Any] = {}
    base = Path.cwd()
    if path is not None:
        path = Path(path)
        data = _read_yaml(path)
        base = path.resolve().parent
    data = _resolve_paths(data, base)
    for dotted, value in (overrides or {}).items():
        if value is not None:
            _set_dotted(data, dotted, value)
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError.from_validation(exc.errors(), path) from None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot read config file {path}: {exc.strerror or exc}.") from None
    try:
        # safe_load: a config must never be able to construct arbitrary Python objects.
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(
            f"Config file {path} is not valid YAML: {exc}".replace("\n", " ")
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"Config file {path} must be a mapping of keys, not {type(data).__name__}."
        )
    return data


def _resolve_paths(data: dict[str, Any], base: Path) -> dict[str, Any]:
    data = dict(data)
    for key in ("input", "output"):
        if isinstance(data.get(key), str) and not Path(data[key]).is_absolute():
            data[key] = str((base / data[key]).resolve())
    translator = data.get("translator")
    if isinstance(translator, dict) and isinstance(translator.get("cache_dir"), str):
        cache = Path(translator["cache_dir"]).expanduser()
        translator = data["translator"] = {**translator, "cache_dir": str(base / cache)}
    if isinstance(translator, dict) and isinstance(translator.get("model"), str):
        # A model is a hub id ("org/name") or a path. "./x", "../x" are always paths; a bare
        # relative name is a path only if it exists next to the config file.
        model = translator["model"]
        candidate = base / model
        if not Path(model).is_absolute() and (model.startswith(".") or candidate.exists()):
            data["translator"] = {**translator, "model": str(candidate)}
    return data


def _set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = data
    for key in parents:
        child = node.get(key)
        node[key] = child = dict(child) if isinstance(child, dict) else {}
        node = child
    node[leaf] = value


def config_snapshot(config: RunConfig) -> dict[str, Any]:
    """The config as plain JSON-able data, for ``run.json``."""
    return config.model_dump(mode="json")
