"""The ``translate-summarize`` command line. It only parses, loads config and calls the library."""

from __future__ import annotations

import enum
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from translate_summarize.config import load_config
from translate_summarize.errors import InputError, Interrupted, TranslateSummarizeError
from translate_summarize.output.files import check_writable_file, write_atomic
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


@app.command()
def run(
    config: Annotated[Path, typer.Argument(help="YAML config of the batch run.")],
    input: Annotated[Path | None, typer.Option("--input", help="Folder or .jsonl to read.")] = None,
    output: Annotated[Path | None, typer.Option("--output", help="Folder for the results.")] = None,
    model: ModelOption = None,
    backend: BackendOption = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N documents.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Redo every document, even unchanged ones.")
    ] = False,
    no_memory: Annotated[
        bool, typer.Option("--no-memory", help="Do not use or fill the translation memory.")
    ] = False,
    wait: Annotated[
        bool,
        typer.Option("--wait", help="If another run holds the output folder, wait for it."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    """Run the batch pipeline described by CONFIG.

    Exit 0: all documents ok; 1: some documents failed; 2: the run could not start or could
    not write its output; 130/143: interrupted (run again to resume).
    """
    from translate_summarize.engine.pipeline import run as run_pipeline
    from translate_summarize.engine.progress import make_reporter

    _setup_logging(verbose)
    _quiet_library_bars()
    overrides = {
        "input": input,
        "output": output,
        "translator.model": model,
        "translator.backend": backend,
        "limit": limit,
        "translator.memory.enabled": False if no_memory else None,
    }
    with interruptible(), user_errors():
        settings = load_config(config, _absolute(overrides))
        reporter = make_reporter(quiet)
        try:
            result = run_pipeline(settings, reporter=reporter, force=force, wait=wait)
        finally:
            if reporter:
                reporter.close()
    counts = result.counts
    rate = result.sentences / result.seconds if result.seconds else 0.0
    flags = ", ".join(f"{name} {n}" for name, n in sorted(result.flags.items())) or "none"
    typer.echo(
        f"done: {counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} skipped; "
        f"{result.sentences} sentences translated in {result.seconds:.1f} s ({rate:.1f}/s), "
        f"{result.memory_hits} from memory; "
        f"flags: {flags}; output in {result.output}",
        err=True,
    )
    if counts["failed"]:
        raise typer.Exit(1)


@app.command()
def translate(
    path: Annotated[str, typer.Argument(help="A .txt/.html/.jsonl file, or - for stdin.")],
    model: ModelOption = None,
    backend: BackendOption = None,
    config: ConfigOption = None,
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="What to print.")
    ] = OutputFormat.text,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")
    ] = None,
    input_format: InputFormatOption = None,
) -> None:
    """Translate one article: English text, or the whole brief as JSON or Markdown."""
    from translate_summarize.engine.pipeline import translate_document
    from translate_summarize.output.brief import render_markdown

    _quiet_library_bars()
    with user_errors():
        if out is not None:
            check_writable_file(out)  # before the model loads and the article is translated
        settings = load_config(config, {"translator.model": model, "translator.backend": backend})
        brief = translate_document(_one_document(path, input_format), settings)
    renderers: dict[OutputFormat, Callable[[dict[str, Any]], str]] = {
        OutputFormat.text: lambda b: b["en"] + "\n",
        OutputFormat.json: lambda b: json.dumps(b, ensure_ascii=False, indent=2) + "\n",
        OutputFormat.md: render_markdown,
    }
    with user_errors():
        _emit(renderers[format](brief), out)


@app.command()
def export(
    run_dir: Annotated[Path, typer.Argument(help="Output folder of a run.")],
    to: Annotated[Path, typer.Option("--to", help="Folder to write the dataset to.")],
    format: Annotated[
        ExportFormat, typer.Option("--format", help="Dataset format.")
    ] = ExportFormat.parquet,
    max_shard_size: Annotated[
        str | None,
        typer.Option("--max-shard-size", help="Largest arrow/parquet/jsonl shard, e.g. 500MB."),
    ] = None,
    exclude_flags: Annotated[
        str | None,
        typer.Option(
            "--exclude-flags", help="Drop documents with these flags (comma list, or 'all')."
        ),
    ] = None,
    max_flag_rate: Annotated[
        float | None,
        typer.Option("--max-flag-rate", help="Drop documents with more flagged sentences (0-1)."),
    ] = None,
    license: Annotated[
        str | None, typer.Option("--license", help="Licence field of the dataset card.")
    ] = None,
    push_to_hub: Annotated[
        str | None, typer.Option("--push-to-hub", help="Also upload to this Hub dataset repo.")
    ] = None,
    allow_partial: Annotated[
        bool, typer.Option("--allow-partial", help="Export an unfinished run's finished documents.")
    ] = False,
) -> None:
    """Export a run as a Hugging Face dataset (configs documents and sentences) with a card.

    Replaces an earlier export in the same folder. Defaults come from the run config's
    ``export`` section; these flags override them.
    """
    import datasets

    from translate_summarize.output.export import export_run
    from translate_summarize.output.export_options import options_for

    datasets.disable_progress_bars()  # one summary line says what was written
    flags = None
    if exclude_flags is not None:
        flags = tuple(f.strip() for f in exclude_flags.split(",") if f.strip())
    with user_errors():
        options = options_for(
            run_dir,
            format.value,
            max_shard_size=max_shard_size,
            exclude_flags=flags,
            max_flag_rate=max_flag_rate,
            license=license,
            push_to_hub=push_to_hub,
            allow_partial=allow_partial,
        )
        result = export_run(run_dir, to, options)
    dropped = ", ".join(f"{n} by {why}" for why, n in sorted(result.dropped.items())) or "none"
    typer.echo(
        f"exported {result.documents.num_rows} documents and {result.sentences.num_rows} "
        f"sentence pairs to {to} ({format.value}); dropped: {dropped}",
        err=True,
    )


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(help="Output folder of a run.")],
) -> None:
    """Rebuild RUN_DIR/report.html from the run's briefs (e.g. after a partial run).

    One self-contained page: open it in any browser, no network needed.
    """
    from translate_summarize.output.report import write_report

    with user_errors():
        path = write_report(run_dir)
    typer.echo(f"report written: {path.resolve().as_uri()}", err=True)


@app.command()
def clean(
    path: Annotated[str, typer.Argument(help="A .txt/.html/.jsonl file, or - for stdin.")],
    input_format: InputFormatOption = None,
) -> None:
    """Print the cleaned text (boilerplate removed, Unicode normalised), headline first."""
    with user_errors():
        docs = _prepared(path, input_format)
    _emit("\n".join(_headed(doc.title, doc.cleaned.split("\n")) for doc in docs), None)


@app.command()
def segment(
    path: Annotated[str, typer.Argument(help="A .txt/.html/.jsonl file, or - for stdin.")],
    input_format: InputFormatOption = None,
) -> None:
    """Print one sentence per line (after cleaning), headline first: what ``run`` translates."""
    with user_errors():
        docs = _prepared(path, input_format)
    _emit("\n".join(_headed(doc.title, [s.hi for s in doc.sentences]) for doc in docs), None)


def _headed(title: str | None, lines: list[str]) -> str:
    """Lines of one document, the headline first unless the text already starts with it."""
    lines = [line for line in lines if line]
    if title and lines[:1] != [title]:
        lines.insert(0, title)
    return "".join(f"{line}\n" for line in lines)


def _prepared(path: str, input_format: InputFormat | None) -> list:
    """The documents of ``path`` read and cleaned exactly as ``run`` reads and cleans them."""
    from translate_summarize.engine.stages import prepare

    config = load_config(None, {})
    docs = read_input(path, input_format.value if input_format else None)
    for doc in docs:
        prepare(doc, config)
    return docs


def _one_document(path: str, input_format: InputFormat | None):
    docs = read_input(path, input_format.value if input_format else None)
    if len(docs) != 1:
        raise InputError(
            f"{path} holds {len(docs)} documents; translate takes one article: use run for more."
        )
    return docs[0]


@app.command("eval")
def eval_command(
    model: ModelOption = None,
    backend: BackendOption = None,
    config: ConfigOption = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="First N sentences only.")
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder with hin_Deva.devtest and eng_Latn.devtest."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Score a model on FLORES-200 devtest Hindi→English: chrF++ and BLEU (sacrebleu)."""
    from translate_summarize.translation.evaluate import DEFAULT_DATA, evaluate

    _quiet_library_bars()
    with user_errors():
        settings = load_config(config, {"translator.model": model, "translator.backend": backend})
        result = evaluate(settings.translator, data or DEFAULT_DATA, limit)
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
        return
    typer.echo(
        f"{result.model} ({result.backend}) on FLORES-200 devtest hin_Deva→eng_Latn, "
        f"{result.sentences} sentences: chrF++ {result.chrf_pp:.2f}, BLEU {result.bleu:.2f}; "
        f"{result.seconds:.1f} s ({result.sentences_per_s:.2f} sentences/s)"
    )


@models_app.command("convert")
def models_convert(
    model: Annotated[
        str,
        typer.Argument(help="NLLB/M2M100 or IndicTrans2 checkpoint: hub id or folder."),
    ],
    to: Annotated[Path, typer.Option("--to", help="Folder for the CTranslate2 model.")],
    quantization: Annotated[
        str,
        typer.Option(
            "--quantization", help="int8, int8_float32, int8_float16, float16 or float32."
        ),
    ] = "int8",
    tgt_lang: Annotated[
        str, typer.Option("--tgt-lang", help="Target language of the vocabulary map.")
    ] = "eng_Latn",
    vmap: Annotated[
        bool, typer.Option("--vmap/--no-vmap", help="Write a target vocabulary map.")
    ] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite a non-empty --to folder.")
    ] = False,
) -> None:
    """Convert a checkpoint for the ctranslate2 backend (weights, tokenizer, vocabulary map)."""
    from translate_summarize.translation.conversion import convert

    with user_errors():
        metadata = convert(model, to, quantization, tgt_lang=tgt_lang, vmap=vmap, force=force)
    restricted = metadata["vmap_tokens"]
    note = (
        f"; vocabulary map: {restricted} of {metadata['vocabulary_size']} tokens"
        if restricted
        else ""
    )
    if metadata.get("family"):
        note += f"; model family: {metadata['family']}"
    typer.echo(f"converted {model} to {to} ({quantization}){note}", err=True)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(out, text)


def _absolute(overrides: dict[str, Any]) -> dict[str, Any]:
    # CLI paths are relative to where the user is, not to the config file.
    return {k: (v.resolve() if isinstance(v, Path) else v) for k, v in overrides.items()}


def _quiet_library_bars() -> None:
    # transformers draws its own "Loading weights" bar on stderr; the run shows its own progress.
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()


def _setup_logging(verbose: bool) -> None:
    # The package logger alone goes to debug under -v; libraries stay at warnings.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)


def main() -> None:
    """Console-script entry point."""
    app()
