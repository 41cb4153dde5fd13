"""The one exception family the tool raises on purpose.

Every message is a complete sentence meant for the user: it names the bad value and, where
there is a fixed set, the valid ones. The CLI prints it on one line with no traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def first_line(exc: BaseException, limit: int) -> str:
    """The first line of ``exc``'s message (its type name when empty), cut to ``limit``
    characters: how a library's multi-line error becomes part of one user sentence."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:limit]


class TranslateSummarizeError(Exception):
    """Base class of every error the tool reports to the user."""


@dataclass(frozen=True)
class ConfigProblem:
    """One invalid setting: its dotted key (``translator.beam_size``), what is wrong with it,
    and the value given."""

    key: str
    message: str
    value: Any = None


class ConfigError(TranslateSummarizeError):
    """The YAML config or a CLI override is invalid.

    ``problems`` lists every invalid setting (empty when the file itself cannot be read);
    ``source`` is the config file, if there is one. The message is built from them here, once.
    """

    def __init__(
        self, message: str = "", problems: Iterable[ConfigProblem] = (), source: Path | None = None
    ) -> None:
        self.problems, self.source = tuple(problems), source
        super().__init__(message or self._describe())

    @classmethod
    def from_validation(
        cls, errors: Iterable[Mapping[str, Any]], source: Path | None = None
    ) -> ConfigError:
        """From pydantic's error list (``ValidationError.errors()``): location, message, input."""
        problems = [
            ConfigProblem(
                key=".".join(str(part) for part in error["loc"]) or "(top level)",
                message="unknown key" if error["type"] == "extra_forbidden" else error["msg"],
                value=error.get("input"),
            )
            for error in errors
        ]
        return cls(problems=problems, source=source)

    def _describe(self) -> str:
        where = f" in {self.source}" if self.source else ""
        listed = "; ".join(f"{p.key}: {p.message} (got {p.value!r})" for p in self.problems)
        return f"Invalid config{where}: {listed}."


class ModelLoadError(TranslateSummarizeError):
    """A translation or summarization model could not be loaded."""


class InputError(TranslateSummarizeError):
    """An input path or document cannot be read."""


class HubError(TranslateSummarizeError):
    """The Hugging Face Hub could not be reached or refused an upload."""


class OutputError(TranslateSummarizeError):
    """The output folder cannot be used: not a folder, not writable, full, or held by another
    run."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a run. A ``KeyboardInterrupt``, so that no ``except
    Exception`` on the way out swallows it; ``counts`` says what had finished."""

    def __init__(self, signum: int = 2, counts: dict[str, int] | None = None) -> None:
        super().__init__(signum)
        self.signum, self.counts = signum, dict(counts or {})
