"""What the commands share: the Typer apps, option types, and how errors, interrupts, logging
and output are handled (one line on stderr, never a traceback)."""

from __future__ import annotations

import ctypes
import enum
import logging
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from translate_summarize.errors import InputError, Interrupted, TranslateSummarizeError
from translate_summarize.output.files import write_atomic
from translate_summarize.reading.read import read_input

log = logging.getLogger("translate_summarize")

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Turn Hindi news articles into parallel Hindi/English briefs.",
)

models_app = typer.Typer(no_args_is_help=True, help="Prepare translation models.")
app.add_typer(models_app, name="models")

ModelOption = Annotated[
    str | None, typer.Option("--model", help="Translation model: hub id or local folder.")
]
BackendOption = Annotated[
    str | None, typer.Option("--backend", help="Translation backend: transformers or ctranslate2.")
]
ConfigOption = Annotated[Path | None, typer.Option("--config", "-c", help="YAML config file.")]


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"
    md = "md"


class InputFormat(str, enum.Enum):
    txt = "txt"
    jsonl = "jsonl"
    html = "html"


SourceArgument = Annotated[str, typer.Argument(help="A .txt/.html/.jsonl file, or - for stdin.")]
InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format", help="Read the input as this format (default: by suffix; - is txt)."
    ),
]


class ExportFormat(str, enum.Enum):
    arrow = "arrow"
    parquet = "parquet"
    jsonl = "jsonl"


@contextmanager
def user_errors() -> Iterator[None]:
    """Report the tool's own errors as one line on stderr and exit 2 — never a traceback.

    Under ``-v`` the full chain of causes is logged first, for whoever debugs it.
    """
    try:
        yield
    except TranslateSummarizeError as exc:
        log.debug("the full cause:", exc_info=exc)
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop a run with one line — what finished, how to resume — and exit
    128 + the signal number (130, 143), as shells and cron expect."""

    def terminate(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except KeyboardInterrupt as exc:
        signum, counts = (
            (exc.signum, exc.counts) if isinstance(exc, Interrupted) else (signal.SIGINT, {})
        )
        finished = sum(counts.values())
        detail = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        typer.echo(
            f"interrupted ({signal.Signals(signum).name}): {finished} documents finished"
            f"{f' ({detail})' if detail else ''}, their briefs are kept; run the same command "
            "again to resume.",
            err=True,
        )
        raise typer.Exit(128 + signum) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def one_document(path: str, input_format: InputFormat | None):
    docs = read_input(path, input_format.value if input_format else None)
    if len(docs) != 1:
        raise InputError(
            f"{path} holds {len(docs)} documents; translate takes one article: use run for more."
        )
    return docs[0]


def emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(out, text)


def absolute(overrides: dict[str, Any]) -> dict[str, Any]:
    # CLI paths are relative to where the user is, not to the config file.
    return {k: (v.resolve() if isinstance(v, Path) else v) for k, v in overrides.items()}


def quiet_library_bars() -> None:
    # transformers and the Hub draw their own bars on stderr ("Loading weights", downloads); the
    # run shows its own progress. transformers takes the Hub's setting when it is imported, so
    # the CTranslate2 path, which never needs transformers, does not pay for importing it here.
    from huggingface_hub.utils import disable_progress_bars

    disable_progress_bars()
    if "transformers" in sys.modules:  # imported already: it read the setting before
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()


_M_ARENA_MAX = -8  # glibc's mallopt parameter


def limit_malloc_arenas(count: int = 2) -> bool:
    """Let glibc's malloc use at most ``count`` arenas; True when it was set here.

    glibc gives threads that allocate at once their own arenas (up to eight per core), and
    memory freed in one is not reused by another: CTranslate2's worker threads each grow one.
    Two arenas kept a night's peak RSS about 100 MB lower at no measured cost (README,
    *The nightly run end to end*). Does nothing off glibc, or when ``MALLOC_ARENA_MAX`` is set
    (the user's choice, which glibc has applied already).
    """
    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # musl and other C libraries
        return False
    return bool(mallopt(_M_ARENA_MAX, count))


def setup_logging(verbose: bool) -> None:
    # The package logger alone goes to debug under -v; libraries stay at warnings.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)
