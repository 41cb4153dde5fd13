"""The ``translate-summarize`` command line. It only parses, loads config and calls the library.

``common`` holds the Typer app and what every command shares; ``batch`` and ``tools`` hold the
commands, which register themselves on the app when imported.
"""

from translate_summarize.cli import batch, tools  # noqa: F401 - importing registers the commands
from translate_summarize.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
