"""The one exception family the tool raises on purpose.

Every message is a complete sentence meant for the user: it names the bad value and, where
there is a fixed set, the valid ones. The CLI prints it on one line with no traceback.
"""


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
