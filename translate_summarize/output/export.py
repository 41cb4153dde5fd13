"""Export a run's briefs as a Hugging Face dataset that ``datasets.load_dataset(folder)`` reads.

Two configs: ``documents`` (default; one row per document, sentence pairs nested) and
``sentences`` (one row per sentence pair, the form MT training uses). Formats: ``parquet``
(``documents/train-*.parquet``, ``sentences/train-*.parquet``: shards under a size limit, small
row groups for the Hub's dataset viewer), ``jsonl`` (same layout) and ``arrow``
(``documents/`` and ``sentences/``, each a ``save_to_disk`` folder). Every export
writes a dataset card whose YAML ``datasets`` reads back (see :mod:`dataset_card`).

An export is written to a temp sibling folder and swapped in with renames, so a re-export never
mixes old shards with new ones and a failed export leaves the previous one as it was.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from translate_summarize.errors import InputError
from translate_summarize.output.dataset_card import dataset_card
from translate_summarize.output.export_options import (
    MARKER,
    ExportOptions,
    ExportResult,
    check_options,
    read_run_json,
    shard_limit,
)
from translate_summarize.output.files import replace_folder
from translate_summarize.record import META_KEYS, SENTENCE_KEYS
from translate_summarize.text.quality import ALL_FLAGS, NOTICE_FLAGS
from translate_summarize.translation.hub import push_folder

CONFIGS = ("documents", "sentences")
ROW_GROUP_BYTES = 32 * 10**6
"""Target uncompressed size of a parquet row group: the dataset viewer reads one at a time."""
ROW_GROUP_MAX_ROWS = 5_000


# --- reading the run -------------------------------------------------------------------------


def check_finished(run_dir: Path, allow_partial: bool) -> None:
    """Refuse a run that did not finish: its manifest would be stale or missing documents."""
    if not (run_dir / "manifest.jsonl.partial").exists() or allow_partial:
        return
    raise InputError(
        f"{run_dir} holds an unfinished run (manifest.jsonl.partial is present): run it again "
        "to finish, or pass --allow-partial to export the documents finished so far."
    )


def manifest_entries(run_dir: Path, allow_partial: bool = False) -> list[dict[str, Any]]:
    """Manifest lines of a run; with ``allow_partial`` the unfinished run's lines come first and
    the previous complete manifest fills in the documents it has not reached."""
    files = [run_dir / "manifest.jsonl.partial"] if allow_partial else []
    files.append(run_dir / "manifest.jsonl")
    if not any(path.is_file() for path in files):
        raise InputError(f"{run_dir} is not a finished run folder: it has no manifest.jsonl.")
    entries: dict[str, dict[str, Any]] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
            try:  # a killed run can leave its last partial line half-written
                entry = json.loads(line)
            except ValueError:
                continue
            entries.setdefault(entry["id"], entry)
    return list(entries.values())


def load_briefs(run_dir: Path, allow_partial: bool = False) -> list[dict[str, Any]]:
    """The JSON briefs of every finished document of a run, in manifest order."""
    briefs = []
    for entry in manifest_entries(run_dir, allow_partial):
        if entry.get("status") in {"ok", "skipped"} and entry.get("brief"):
            path = run_dir / "briefs" / entry["brief"]
            briefs.append(json.loads(path.read_text(encoding="utf-8")))
    return briefs


def flag_rate(brief: dict[str, Any]) -> float:
    """Share of the brief's sentences that carry a flag other than a notice (0 for none)."""
    sentences = brief["sentences"]
    flagged = sum(1 for s in sentences if set(s["flags"]) - set(NOTICE_FLAGS))
    return flagged / len(sentences) if sentences else 0.0


def drop_reason(brief: dict[str, Any], options: ExportOptions) -> str | None:
    """Why the filters drop ``brief`` (``"flagged"``, ``"flag_rate"``), or None to keep it."""
    flags = {flag for sentence in brief["sentences"] for flag in sentence["flags"]}
    excluded = set(options.exclude_flags)
    if "all" in excluded:  # every flag that doubts a translation; passthrough only notes a copy
        excluded = set(ALL_FLAGS) - set(NOTICE_FLAGS)
    if flags & excluded:
        return "flagged"
    if options.max_flag_rate is not None and flag_rate(brief) > options.max_flag_rate:
        return "flag_rate"
    return None


# --- rows and schema -------------------------------------------------------------------------


def features():
    """The ``documents`` schema: one row per document, sentence pairs nested."""
    from datasets import Features, List, Value

    text = Value("string")
    return Features(
        {
            "id": text,
            "source": text,
            "url": text,
            **{name: text for name in META_KEYS},
            "title_hi": text,
            "title_en": text,
            "hi": text,
            "en": text,
            "sentences": List(
                {"hi": text, "en": text, "paragraph": Value("int32"), "flags": List(text)}
            ),
            "num_sentences": Value("int32"),
            "flag_rate": Value("float32"),
            "summary_hi": List(text),
            "summary_en": List(text),
            "summary_method": text,
            "removed_boilerplate": Value("int32"),
            "translator_model": text,
            "translator_backend": text,
            "summarizer_model": text,
            "key": text,
            "settings_fingerprint": text,
            "warnings": List(text),
        }
    )


def sentence_features():
    """The ``sentences`` schema: one row per Hindi/English sentence pair."""
    from datasets import Features, List, Value

    return Features(
        {
            "doc_id": Value("string"),
            "index": Value("int32"),
            "paragraph": Value("int32"),
            "hi": Value("string"),
            "en": Value("string"),
            "flags": List(Value("string")),
            "translator_model": Value("string"),
        }
    )


def brief_to_row(brief: dict[str, Any], fingerprint: str | None = None) -> dict[str, Any]:
    """Flatten one JSON brief into a ``documents`` row matching :func:`features`."""
    title = brief.get("title") or {}
    meta = brief.get("meta") or {}  # briefs before metadata extraction have none
    translator = brief["models"]["translator"]
    return {
        "id": brief["id"],
        "source": brief["source"],
        "url": brief.get("url"),
        **{name: meta.get(name) for name in META_KEYS},
        "title_hi": title.get("hi"),
        "title_en": title.get("en"),
        "hi": brief["hi"],
        "en": brief["en"],
        "sentences": [{key: s[key] for key in SENTENCE_KEYS} for s in brief["sentences"]],
        "num_sentences": len(brief["sentences"]),
        "flag_rate": flag_rate(brief),
        "summary_hi": brief["summary"]["hi"],
        "summary_en": brief["summary"]["en"],
        "summary_method": brief["summary"]["method"],
        "removed_boilerplate": len(brief.get("removed", [])),
        "translator_model": translator["model"],
        "translator_backend": translator.get("backend"),
        "summarizer_model": brief["models"]["summarizer"]["model"],
        "key": brief.get("key"),
        "settings_fingerprint": fingerprint,
        "warnings": brief["warnings"],
    }


def sentence_rows(brief: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The ``sentences`` rows of one brief, in document order."""
    model = brief["models"]["translator"]["model"]
    for index, s in enumerate(brief["sentences"]):
        yield {
            "doc_id": brief["id"],
            "index": index,
            "paragraph": s["paragraph"],
            "hi": s["hi"],
            "en": s["en"],
            "flags": s["flags"],
            "translator_model": model,
        }


def settings_fingerprint(run: dict[str, Any]) -> str | None:
    """A short hash of the run's output-deciding settings and models, the same for every row
    of one run (the per-document ``key`` also hashes the text). None without ``run.json``."""
    import hashlib

    if not run:
        return None
    config = run.get("config", {})
    relevant = {
        "tool": run.get("tool", {}).get("version"),
        "models": run.get("models"),
        **{name: config.get(name) for name in ("clean", "translator", "summarizer", "quality")},
    }
    for speed_only in ("threads", "inter_threads", "max_batch_tokens", "device"):
        (relevant["translator"] or {}).pop(speed_only, None)
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]


def _dataset(rows: list[dict[str, Any]], schema):
    from datasets import Dataset

    return Dataset.from_dict({name: [row[name] for row in rows] for name in schema}, schema)


# --- the export ------------------------------------------------------------------------------


def export_run(run_dir: Path, to: Path, options: ExportOptions | None = None) -> ExportResult:
    """Write the run in ``run_dir`` to the folder ``to``, replacing an earlier export there.

    ``datasets.load_dataset(str(to))`` loads the documents, ``load_dataset(str(to),
    "sentences")`` the sentence pairs, for every format; ``load_from_disk(to / "documents")``
    also reads arrow.
    """

    options = options or ExportOptions()
    run_dir, to = Path(run_dir), Path(to)
    check_options(options)
    check_finished(run_dir, options.allow_partial)
    briefs = load_briefs(run_dir, options.allow_partial)
    reasons = [drop_reason(brief, options) for brief in briefs]
    kept = [brief for brief, reason in zip(briefs, reasons) if reason is None]
    if not kept:  # load_dataset cannot read a split with no rows, so publish none
        raise InputError(
            f"Nothing to export: the filters dropped all {len(briefs)} finished documents of "
            f"{run_dir}; an earlier export in {to} is unchanged."
        )
    fingerprint = settings_fingerprint(read_run_json(run_dir))
    result = ExportResult(
        documents=_dataset([brief_to_row(b, fingerprint) for b in kept], features()),
        sentences=_dataset([r for b in kept for r in sentence_rows(b)], sentence_features()),
        dropped=Counter(reason for reason in reasons if reason),
        folder=to,
    )
    check_replaceable(to)
    with replace_folder(to) as staging:
        patterns = write_dataset(result, staging, options)
        card = dataset_card(result, briefs, patterns, staging, options)
        (staging / "README.md").write_text(card, encoding="utf-8")
    if options.push_to_hub:
        push_folder(to, options.push_to_hub)
    return result


def write_dataset(result: ExportResult, folder: Path, options: ExportOptions) -> dict[str, str]:
    """Write both configs into ``folder``; return each config's data-file pattern."""
    shard_bytes = shard_limit(options.max_shard_size)
    if options.fmt == "arrow":
        # One save_to_disk folder per config: load_from_disk reads each, and load_dataset reads
        # the parent (it refuses a folder that is itself a save_to_disk folder).
        for name in CONFIGS:
            getattr(result, name).save_to_disk(str(folder / name), max_shard_size=shard_bytes)
        return {name: f"{name}/data-*.arrow" for name in CONFIGS}
    for name in CONFIGS:
        _write_shards(getattr(result, name), folder / name, options.fmt, shard_bytes)
    return {name: f"{name}/train-*.{options.fmt}" for name in CONFIGS}


def _write_shards(dataset, folder: Path, fmt: str, shard_bytes: int) -> None:
    folder.mkdir(parents=True)
    wanted = math.ceil(dataset.data.nbytes / shard_bytes)
    shards = max(1, min(wanted, dataset.num_rows))  # a row is never split across shards
    row_bytes = dataset.data.nbytes / max(1, dataset.num_rows)
    group = int(max(1, min(ROW_GROUP_MAX_ROWS, ROW_GROUP_BYTES // max(1, row_bytes))))
    for index in range(shards):
        shard = dataset.shard(num_shards=shards, index=index, contiguous=True)
        path = str(folder / f"train-{index:05d}-of-{shards:05d}.{fmt}")
        if fmt == "parquet":
            shard.to_parquet(path, batch_size=group)  # one row group per batch
        else:
            shard.to_json(path, lines=True, force_ascii=False)


# --- replacing the previous export -----------------------------------------------------------


def check_replaceable(to: Path) -> None:
    """Only a missing folder, an empty one or an earlier export of this tool may be replaced."""
    if not to.exists():
        return
    if not to.is_dir():
        raise InputError(f"{to} is a file; export to a new or empty folder.")
    card = to / "README.md"
    if any(to.iterdir()) and not (card.is_file() and MARKER in card.read_text(errors="replace")):
        raise InputError(
            f"{to} exists and is not a dataset exported by translate_summarize; export to a new "
            "or empty folder (nothing was changed)."
        )
