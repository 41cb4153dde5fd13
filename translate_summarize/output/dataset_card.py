"""The dataset card (``README.md``) of an export: YAML metadata the Hub and ``datasets`` read,
then a description for people.

The ``dataset_info`` and ``configs`` sections are made by the ``datasets`` library's own
serialisation (``DatasetInfosDict`` and ``MetadataConfigs``), so ``load_dataset(folder)`` reads
them back with the exact features, and the Hub's dataset viewer finds both configs.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from translate_summarize.output.export_options import MARKER, ExportOptions, ExportResult

TITLE = "Hindi–English bilingual news briefs"
MODEL_LICENSES = {
    "nllb": "cc-by-nc-4.0",
    "indictrans2": "mit",
    "distilbart-cnn": "apache-2.0",
    "bart-large-cnn": "mit",
}
"""Licences of the models the tool is documented with, matched by a part of the model id."""
NON_COMMERCIAL = ("-nc", "nc-")


def dataset_card(
    result: ExportResult,
    briefs: list[dict[str, Any]],
    patterns: dict[str, str],
    folder: Path,
    options: ExportOptions,
) -> str:
    """The card's text: ``---`` YAML ``---`` then Markdown."""
    metadata = card_metadata(result, patterns, folder, options)
    return f"---\n{metadata.to_yaml()}\n---\n\n{card_body(result, briefs, options)}"


def card_metadata(result: ExportResult, patterns: dict[str, str], folder: Path, options):
    """``huggingface_hub.DatasetCardData`` with languages, licence, tasks, configs, features."""
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    data = DatasetCardData(
        language=["hi", "en"],
        license=options.license,
        multilinguality="translation",
        task_categories=["translation", "summarization"],
        size_categories=[_size_category(result.documents.num_rows)],
        pretty_name=TITLE,
        tags=[MARKER.replace("_", "-"), "parallel-corpus", "news"],
    )
    infos = {name: _info(getattr(result, name), folder, patterns[name]) for name in patterns}
    DatasetInfosDict(infos).to_dataset_card_data(data)
    configs = {
        name: {"data_files": [{"split": "train", "path": pattern}], "default": name == "documents"}
        for name, pattern in patterns.items()
    }
    MetadataConfigs(configs).to_dataset_card_data(data)
    return data


def _info(dataset, folder: Path, pattern: str):
    from datasets import DatasetInfo, SplitDict, SplitInfo

    size = dataset.data.nbytes
    splits = SplitDict()
    splits.add(SplitInfo(name="train", num_bytes=size, num_examples=dataset.num_rows))
    files = sum(path.stat().st_size for path in folder.glob(pattern))
    return DatasetInfo(
        features=dataset.features, splits=splits, dataset_size=size, download_size=files
    )


def card_body(result: ExportResult, briefs: list[dict[str, Any]], options) -> str:
    """The Markdown after the metadata: what the data is, how to load it, counts, licences."""
    documents = result.documents
    flags = Counter(f for b in briefs for s in b["sentences"] for f in s["flags"])
    models = sorted({json.dumps(b["models"], sort_keys=True) for b in briefs})
    filters = f"exclude_flags {list(options.exclude_flags)}, max_flag_rate {options.max_flag_rate}"
    lines = [
        f"# {TITLE}",
        "",
        "Made by translate_summarize: cleaned Hindi news articles, their sentence-aligned English",
        "translations and parallel summaries. Config `documents` (default) has one row per",
        "document with its sentence pairs nested; config `sentences` has one row per pair.",
        "",
        "```python",
        "from datasets import load_dataset",
        'documents = load_dataset("THIS_REPO_OR_FOLDER", split="train")',
        'pairs = load_dataset("THIS_REPO_OR_FOLDER", "sentences", split="train")',
        "```",
        "",
        f"- Documents: {documents.num_rows} (dropped by the filters — {filters}: "
        f"{dict(result.dropped) or 'none'})",
        f"- Sentence pairs: {result.sentences.num_rows}",
        f"- Fidelity flags over all sentences of the run: {dict(flags) or 'none'}",
        "- Models:",
        *[f"  - `{m}`" for m in models],
        "",
        "## Licence",
        "",
        *license_notes(options.license, briefs),
        "",
    ]
    return "\n".join(lines)


def license_notes(license: str, briefs: list[dict[str, Any]]) -> list[str]:
    """What the card says about licences: the chosen one, each model's, the sources'."""
    lines = [f"- This dataset: `{license}`."]
    ids = sorted(
        {b["models"][kind]["model"] for b in briefs for kind in ("translator", "summarizer")}
    )
    restrictive = []
    for model_id in ids:
        known = model_license(model_id)
        if known:
            lines.append(f"- Model `{model_id}`: `{known}`.")
            if any(tag in known for tag in NON_COMMERCIAL):
                restrictive.append(model_id)
    if restrictive and not any(tag in license for tag in NON_COMMERCIAL):
        lines.append(
            f"- Note: {', '.join(restrictive)} is licensed for non-commercial use only; a "
            "dataset made with it should not be offered under a licence that permits more."
        )
    lines.append(
        "- Source articles remain under their publishers' copyright and terms; check them "
        "before redistributing the Hindi text."
    )
    return lines


def model_license(model_id: str) -> str | None:
    """The licence of a documented model family, or None when the id is not one of them."""
    lowered = model_id.lower()
    return next((lic for part, lic in MODEL_LICENSES.items() if part in lowered), None)


def _size_category(rows: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if rows < limit:
            return name
    return "100K<n<1M"
