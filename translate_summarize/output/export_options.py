"""What an export is asked to do and what it made: the options (from the run's ``export`` config
and the command's flags, checked before anything is read), the result, and the marker every
exported dataset card carries.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate_summarize.config import ExportConfig, parse_size
from translate_summarize.errors import InputError
from translate_summarize.text.quality import ALL_FLAGS

FORMATS = ("arrow", "parquet", "jsonl")
MARKER = "translate_summarize"
"""Written in every card; a folder whose README.md lacks it is never replaced."""


@dataclass
class ExportOptions:
    """What to export and how."""

    fmt: str = "parquet"
    max_shard_size: str = "500MB"
    exclude_flags: tuple[str, ...] = ()
    """Drop documents with a sentence carrying any of these flags; ``("all",)`` means any flag."""
    max_flag_rate: float | None = None
    """Drop documents whose share of flagged sentences is above this (0–1)."""
    license: str = "other"
    push_to_hub: str | None = None
    allow_partial: bool = False
    """Export the finished documents of a run that did not finish (otherwise refused)."""


@dataclass
class ExportResult:
    """The two exported datasets, what the filters dropped, and where it went."""

    documents: Any
    sentences: Any
    dropped: Counter = field(default_factory=Counter)
    folder: Path = Path()


def options_for(run_dir: Path, fmt: str = "parquet", **overrides: Any) -> ExportOptions:
    """Export options: the run's own ``export`` config (from ``run.json``), then ``overrides``
    that are not None."""
    section = read_run_json(Path(run_dir)).get("config", {}).get("export", {})
    defaults = ExportConfig.model_validate(section or {})
    settings = {
        "license": defaults.license,
        "exclude_flags": tuple(defaults.exclude_flags),
        "max_flag_rate": defaults.max_flag_rate,
        "max_shard_size": defaults.max_shard_size,
    }
    settings.update({key: value for key, value in overrides.items() if value is not None})
    return ExportOptions(fmt=fmt, **settings)


def read_run_json(run_dir: Path) -> dict[str, Any]:
    """A run folder's ``run.json``; ``{}`` when the run did not finish."""
    path = run_dir / "run.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def check_options(options: ExportOptions) -> None:
    """Reject an unknown format, flag name or flag rate before anything is read or written."""
    if options.fmt not in FORMATS:
        raise InputError(
            f"Unknown export format {options.fmt!r}; valid formats: {', '.join(FORMATS)}."
        )
    for name in options.exclude_flags:
        if name not in (*ALL_FLAGS, "all"):
            raise InputError(
                f"Unknown flag {name!r} in exclude_flags; valid flags: {', '.join(ALL_FLAGS)}, "
                "or all."
            )
    if options.max_flag_rate is not None and not 0 <= options.max_flag_rate <= 1:
        raise InputError(f"max_flag_rate must be between 0 and 1, not {options.max_flag_rate}.")
    shard_limit(options.max_shard_size)


def shard_limit(size: str) -> int:
    """The shard size limit in bytes (see :func:`~translate_summarize.config.parse_size`)."""
    try:
        return parse_size(size)
    except ValueError as exc:
        raise InputError(f"Invalid shard size: {exc}.") from None
