"""Export a run's briefs as a Hugging Face ``datasets.Dataset`` with an explicit schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from translate_summarize.errors import InputError

FORMATS = ("arrow", "parquet", "jsonl")


def features():
    """The dataset schema: one row per document, sentence pairs nested."""
    from datasets import Features, List, Value

    text = Value("string")
    return Features(
        {
            "id": text,
            "source": text,
            "url": text,
            "title_hi": text,
            "title_en": text,
            "hi": text,
            "en": text,
            "sentences": List(
                {"hi": text, "en": text, "paragraph": Value("int32"), "flags": List(text)}
            ),
            "summary_hi": List(text),
            "summary_en": List(text),
            "summary_method": text,
            "translator_model": text,
            "translator_backend": text,
            "summarizer_model": text,
            "warnings": List(text),
        }
    )


def brief_to_row(brief: dict[str, Any]) -> dict[str, Any]:
    """Flatten one JSON brief into a dataset row matching :func:`features`."""
    title = brief.get("title") or {}
    translator = brief["models"]["translator"]
    return {
        "id": brief["id"],
        "source": brief["source"],
        "url": brief.get("url"),
        "title_hi": title.get("hi"),
        "title_en": title.get("en"),
        "hi": brief["hi"],
        "en": brief["en"],
        "sentences": [
            {"hi": s["hi"], "en": s["en"], "paragraph": s["paragraph"], "flags": s["flags"]}
            for s in brief["sentences"]
        ],
        "summary_hi": brief["summary"]["hi"],
        "summary_en": brief["summary"]["en"],
        "summary_method": brief["summary"]["method"],
        "translator_model": translator["model"],
        "translator_backend": translator.get("backend"),
        "summarizer_model": brief["models"]["summarizer"]["model"],
        "warnings": brief["warnings"],
    }


def load_briefs(run_dir: Path) -> list[dict[str, Any]]:
    """The JSON briefs of every finished document of a run, in manifest order."""
    manifest = run_dir / "manifest.jsonl"
    if not manifest.is_file():
        raise InputError(f"{run_dir} is not a run folder: it has no manifest.jsonl.")
    briefs = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("status") in {"ok", "skipped"} and entry.get("brief"):
            briefs.append(
                json.loads((run_dir / "briefs" / entry["brief"]).read_text(encoding="utf-8"))
            )
    return briefs


def export_run(run_dir: Path, to: Path, fmt: str = "arrow"):
    """Write the run in ``run_dir`` to ``to`` as ``arrow`` (save_to_disk), ``parquet`` or ``jsonl``.

    Returns the :class:`datasets.Dataset`. Arrow loads back with ``datasets.load_from_disk(to)``;
    parquet with ``load_dataset("parquet", data_files=str(to / "data.parquet"))``.
    """
    from datasets import Dataset

    if fmt not in FORMATS:
        raise InputError(f"Unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}.")
    rows = [brief_to_row(brief) for brief in load_briefs(Path(run_dir))]
    dataset = Dataset.from_list(rows, features=features())
    to = Path(to)
    if fmt == "arrow":
        dataset.save_to_disk(str(to))
    else:
        to.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            dataset.to_parquet(str(to / "data.parquet"))
        else:
            dataset.to_json(str(to / "data.jsonl"), lines=True, force_ascii=False)
    return dataset
