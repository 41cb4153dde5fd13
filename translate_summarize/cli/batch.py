"""The batch commands: ``run`` the nightly job, ``translate`` one article, ``export`` a run as a
dataset, rebuild its ``report``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from translate_summarize.cli.common import (
    BackendOption,
    ConfigOption,
    ExportFormat,
    InputFormatOption,
    ModelOption,
    OutputFormat,
    SourceArgument,
    absolute,
    app,
    emit,
    interruptible,
    limit_malloc_arenas,
    one_document,
    quiet_library_bars,
    setup_logging,
    user_errors,
)
from translate_summarize.config import load_config
from translate_summarize.output.files import check_writable_file


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

    setup_logging(verbose)
    quiet_library_bars()
    limit_malloc_arenas()  # before the model's threads start
    overrides = {
        "input": input,
        "output": output,
        "translator.model": model,
        "translator.backend": backend,
        "limit": limit,
        "translator.memory.enabled": False if no_memory else None,
    }
    with interruptible(), user_errors():
        settings = load_config(config, absolute(overrides))
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
    path: SourceArgument,
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

    quiet_library_bars()
    limit_malloc_arenas()
    with user_errors():
        if out is not None:
            check_writable_file(out)  # before the model loads and the article is translated
        settings = load_config(config, {"translator.model": model, "translator.backend": backend})
        brief = translate_document(one_document(path, input_format), settings)
    renderers: dict[OutputFormat, Callable[[dict[str, Any]], str]] = {
        OutputFormat.text: lambda b: b["en"] + "\n",
        OutputFormat.json: lambda b: json.dumps(b, ensure_ascii=False, indent=2) + "\n",
        OutputFormat.md: render_markdown,
    }
    with user_errors():
        emit(renderers[format](brief), out)


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
