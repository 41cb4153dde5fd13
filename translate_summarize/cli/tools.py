"""The inspection and model commands: ``clean`` and ``segment`` show what ``run`` would
translate, ``eval`` scores a model on FLORES-200, ``models convert`` prepares one for
CTranslate2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from translate_summarize.cli.common import (
    BackendOption,
    ConfigOption,
    InputFormat,
    InputFormatOption,
    ModelOption,
    SourceArgument,
    app,
    emit,
    models_app,
    quiet_library_bars,
    user_errors,
)
from translate_summarize.config import load_config
from translate_summarize.reading.read import read_input


@app.command()
def clean(
    path: SourceArgument,
    input_format: InputFormatOption = None,
) -> None:
    """Print the cleaned text (boilerplate removed, Unicode normalised), headline first."""
    with user_errors():
        docs = _prepared(path, input_format)
    emit("\n".join(_headed(doc.title, doc.cleaned.split("\n")) for doc in docs), None)


@app.command()
def segment(
    path: SourceArgument,
    input_format: InputFormatOption = None,
) -> None:
    """Print one sentence per line (after cleaning), headline first: what ``run`` translates."""
    with user_errors():
        docs = _prepared(path, input_format)
    emit("\n".join(_headed(doc.title, [s.hi for s in doc.sentences]) for doc in docs), None)


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

    quiet_library_bars()
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
