"""Export a run's briefs as a Hugging Face ``datasets.Dataset`` with an explicit schema.

Formats: ``arrow`` (``save_to_disk``, sharded by size), ``parquet`` (``data/train-*.parquet``
shards under a size limit) and ``jsonl``. Every export writes a dataset card (``README.md``
with YAML metadata: languages, task categories, licence, features, counts, models, flag
statistics). Documents can be filtered out by the fidelity flags their sentences carry.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate_summarize.errors import HubError, InputError

FORMATS = ("arrow", "parquet", "jsonl")


@dataclass
class ExportOptions:
    """What to export and how."""

    fmt: str = "arrow"
    max_shard_size: str = "500MB"
    exclude_flags: tuple[str, ...] = ()
    """Drop documents with a sentence carrying any of these flags; ``("all",)`` means any flag."""
    license: str = "other"
    push_to_hub: str | None = None
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)


def options_for(run_dir: Path, fmt: str = "arrow", **overrides: Any) -> ExportOptions:
    """Export options: the run's own ``export`` config (from ``run.json``), then ``overrides``
    that are not None."""
    from translate_summarize.config import ExportConfig

    run_json = Path(run_dir) / "run.json"
    section = {}
    if run_json.is_file():
        section = (
            json.loads(run_json.read_text(encoding="utf-8")).get("config", {}).get("export", {})
        )
    defaults = ExportConfig.model_validate(section or {})
    settings = {
        "license": defaults.license,
        "exclude_flags": tuple(defaults.exclude_flags),
        "max_shard_size": defaults.max_shard_size,
    }
    settings.update({key: value for key, value in overrides.items() if value is not None})
    return ExportOptions(fmt=fmt, **settings)


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
        raise InputError(f"{run_dir} is not a finished run folder: it has no manifest.jsonl.")
    briefs = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("status") in {"ok", "skipped"} and entry.get("brief"):
            path = run_dir / "briefs" / entry["brief"]
            briefs.append(json.loads(path.read_text(encoding="utf-8")))
    return briefs


def keep(brief: dict[str, Any], exclude_flags: tuple[str, ...]) -> bool:
    """False if a sentence of ``brief`` carries an excluded flag."""
    flags = {flag for sentence in brief["sentences"] for flag in sentence["flags"]}
    if "all" in exclude_flags:
        return not flags
    return not flags & set(exclude_flags)


def export_run(run_dir: Path, to: Path, options: ExportOptions | None = None):
    """Write the run in ``run_dir`` to ``to``; return the :class:`datasets.Dataset`.

    Arrow loads back with ``datasets.load_from_disk(to)``; parquet with
    ``load_dataset("parquet", data_dir=to / "data")``; jsonl with
    ``load_dataset("json", data_files=to / "data.jsonl")``.
    """
    from datasets import Dataset

    options = options or ExportOptions()
    if options.fmt not in FORMATS:
        raise InputError(
            f"Unknown export format {options.fmt!r}; valid formats: {', '.join(FORMATS)}."
        )
    briefs = load_briefs(Path(run_dir))
    rows = [brief_to_row(b) for b in briefs if keep(b, options.exclude_flags)]
    options.kept, options.dropped = len(rows), Counter({"flagged": len(briefs) - len(rows)})
    schema = features()
    # from_list([]) would lose the columns; an empty export still has the full schema.
    columns = {name: [row[name] for row in rows] for name in schema}
    dataset = Dataset.from_dict(columns, features=schema)
    to = Path(to)
    _write(dataset, to, options)
    (to / "README.md").write_text(dataset_card(dataset, briefs, options), encoding="utf-8")
    if options.push_to_hub:
        push(dataset, options.push_to_hub, to / "README.md")
    return dataset


def _write(dataset, to: Path, options: ExportOptions) -> None:
    if options.fmt == "arrow":
        dataset.save_to_disk(str(to), max_shard_size=options.max_shard_size)
        return
    to.mkdir(parents=True, exist_ok=True)
    if options.fmt == "jsonl":
        dataset.to_json(str(to / "data.jsonl"), lines=True, force_ascii=False)
        return
    wanted = math.ceil(dataset.data.nbytes / parse_size(options.max_shard_size))
    shards = max(1, min(wanted, dataset.num_rows))  # a row is never split across shards
    (to / "data").mkdir(exist_ok=True)
    for index in range(shards):
        shard = dataset.shard(num_shards=shards, index=index, contiguous=True)
        shard.to_parquet(str(to / "data" / f"train-{index:05d}-of-{shards:05d}.parquet"))


def parse_size(size: str) -> int:
    """``"500MB"`` → bytes (KB, MB, GB; powers of 1000, as datasets uses)."""
    units = {"KB": 10**3, "MB": 10**6, "GB": 10**9, "B": 1}
    text = size.strip().upper()
    for unit, factor in units.items():
        if text.endswith(unit) and text[: -len(unit)].strip().replace(".", "", 1).isdigit():
            return max(1, int(float(text[: -len(unit)]) * factor))
    if text.isdigit():
        return int(text)
    raise InputError(f"Invalid shard size {size!r}; write it like 500MB, 2GB or 100KB.")


def dataset_card(dataset, briefs: list[dict[str, Any]], options: ExportOptions) -> str:
    """A dataset card: YAML metadata for the Hub, then a human description."""
    import yaml

    flags = Counter(f for b in briefs for s in b["sentences"] for f in s["flags"])
    models = sorted({json.dumps(b["models"], sort_keys=True) for b in briefs})
    metadata = {
        "language": ["hi", "en"],
        "license": options.license,
        "task_categories": ["translation", "summarization"],
        "pretty_name": "Hindi–English bilingual news briefs",
        "size_categories": [_size_category(dataset.num_rows)],
        "dataset_info": {
            "features": [
                {"name": name, "dtype": str(feature)} for name, feature in dataset.features.items()
            ],
            "splits": [{"name": "train", "num_examples": dataset.num_rows}],
        },
    }
    sentences = sum(len(row) for row in dataset["sentences"]) if dataset.num_rows else 0
    lines = [
        "---",
        yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False).strip(),
        "---",
        "",
        "# Hindi–English bilingual news briefs",
        "",
        "Made by translate_summarize: cleaned Hindi news articles, their sentence-aligned English",
        "translations and parallel summaries. One row per document.",
        "",
        f"- Documents: {dataset.num_rows} (dropped by flag filter {list(options.exclude_flags)}: "
        f"{options.dropped['flagged']})",
        f"- Sentence pairs: {sentences}",
        f"- Fidelity flags over all exported-run sentences: {dict(flags) or 'none'}",
        "- Models:",
        *[f"  - `{m}`" for m in models],
        f"- Licence of this data: {options.license}. Check the licences of the source articles and "
        "of the models (NLLB-200 weights are CC-BY-NC 4.0).",
        "",
    ]
    return "\n".join(lines)


def _size_category(rows: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if rows < limit:
            return name
    return "100K<n<1M"


def push(dataset, repo: str, card: Path) -> None:
    """Upload to the Hugging Face Hub; one clear error when offline or not logged in."""
    from translate_summarize.hub import offline_requested

    if offline_requested():
        raise HubError(f"Cannot push to {repo!r}: HF_HUB_OFFLINE is set; unset it to upload.")
    try:
        from huggingface_hub import HfApi

        dataset.push_to_hub(repo)
        HfApi().upload_file(
            path_or_fileobj=str(card), path_in_repo="README.md", repo_id=repo, repo_type="dataset"
        )
    except Exception as exc:  # noqa: BLE001 - network/auth problems become one sentence
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise HubError(
            f"Cannot push to {repo!r}: {first}. Check the network and log in with "
            "`huggingface-cli login` (or set HF_TOKEN)."
        ) from None
