"""The one exception family the tool raises on purpose.

Every message is a complete sentence meant for the user: it names the bad value and, where
there is a fixed set, the valid ones. The CLI prints it on one line with no traceback.
"""


def first_line(exc: BaseException, limit: int) -> str:
    """The first line of ``exc``'s message (its type name when empty), cut to ``limit``
    characters: how a library's multi-line error becomes part of one user sentence."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:limit]


class TranslateSummarizeError(Exception):
    """Base class of every error the tool reports to the user."""


class ConfigError(TranslateSummarizeError):
    """The YAML config or a CLI override is invalid."""


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
