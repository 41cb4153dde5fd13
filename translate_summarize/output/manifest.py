"""Run bookkeeping: the manifest, ``run.json`` and the keys that make reruns incremental.

A document's key hashes its content with every setting that changes its brief (models,
backend, decoding and summary settings, tool version). A rerun finds the previous brief by id;
if its key matches, the document is ``skipped``. The manifest is written to
``manifest.jsonl.partial``, one fsynced line per document, and renamed to ``manifest.jsonl``
when the run ends, so ``manifest.jsonl`` is always the complete record of a finished run.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate_summarize.config import RunConfig, config_snapshot
from translate_summarize.output.brief import brief_paths
from translate_summarize.output.files import output_error, write_atomic
from translate_summarize.record import Document
from translate_summarize.translation.identity import (
    fingerprint,
    identified,
    model_identity,
    translation_settings,
)
from translate_summarize.version import __version__

if TYPE_CHECKING:
    from translate_summarize.record import RunResult


def settings_fingerprint(config: RunConfig, models: dict[str, Any]) -> str:
    """Hash of everything besides the text that decides a brief's content.

    Models count by identity (:func:`~translate_summarize.translation.identity.model_identity`),
    not by how their path was spelled: ``M``, ``M/`` and ``./x/../M`` are the same model.
    """
    summarizer = config.summarizer.model_dump(mode="json")
    if summarizer.get("model"):
        summarizer["model"] = model_identity(summarizer["model"])
    described = {role: identified(info) for role, info in models.items()}
    relevant = {
        **translation_settings(config.translator, models["translator"]),
        "clean": config.clean.model_dump(mode="json"),
        "summarizer": summarizer,
        "models": described,
    }
    return fingerprint(relevant)


def document_key(doc: Document, fingerprint: str) -> str:
    """Hash of the document's content and the run's settings fingerprint."""
    content = json.dumps([fingerprint, doc.id, doc.text, doc.title, doc.url, doc.source])
    return hashlib.sha256(content.encode()).hexdigest()


def previous_brief(briefs_dir: Path, doc_id: str) -> dict[str, Any] | None:
    """The brief an earlier run wrote for ``doc_id``; None if there is none or it is unreadable."""
    path, _ = brief_paths(briefs_dir, doc_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temp files a killed run left behind (``write_atomic`` names them ``.*.tmp``)."""
    stale = list(folder.glob(".*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


class ManifestWriter:
    """One fsynced JSON line per finished document; renamed into place when the run ends.

    A write that fails (full disk, unwritable folder) is an ``OutputError``; the partial file
    stays behind and the previous ``manifest.jsonl``, if any, is left untouched.
    """

    def __init__(self, output: Path) -> None:
        self.final = output / "manifest.jsonl"
        self.partial = output / "manifest.jsonl.partial"

    def __enter__(self) -> ManifestWriter:
        try:
            self.handle = self.partial.open("w", encoding="utf-8")
        except OSError as exc:
            raise output_error(self.partial, exc) from exc
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            self.handle.close()
            if exc_type is None:
                os.replace(self.partial, self.final)
        except OSError as exc:
            if exc_type is None:  # else the run's own error is the one to report
                raise output_error(self.partial, exc) from exc

    def add(self, doc: Document, briefs_dir: Path) -> None:
        json_path, _ = brief_paths(briefs_dir, doc.id)
        line = {
            "id": doc.id,
            "status": doc.status,
            "error": doc.error,
            "source": doc.source,
            "brief": json_path.name if doc.status in ("ok", "skipped") else None,
            "sentences": len(doc.sentences) or doc.extra.get("previous_sentences", 0),
            "flags": dict(document_flags(doc)),
            "warnings": len(doc.warnings),
            "memory_hits": doc.extra.get("memory_hits", 0),
            "timings": doc.timings,
        }
        try:
            self.handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            self.handle.flush()
            os.fsync(self.handle.fileno())
        except OSError as exc:
            raise output_error(self.partial, exc) from exc


def document_flags(doc: Document) -> Counter:
    """Flag counts of a document's sentences; a skipped document keeps its previous brief's."""
    if doc.status == "skipped":
        return Counter(doc.extra.get("previous_flags", {}))
    return Counter(flag for s in doc.sentences for flag in s.flags)


def write_run_json(
    config: RunConfig, models: dict[str, Any], result: RunResult, started_at: datetime
) -> None:
    """``run.json``: config snapshot, models, counts and durations of the whole run."""
    summary = {
        "tool": {"name": "translate_summarize", "version": __version__},
        "started": started_at.isoformat(timespec="seconds"),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "duration_s": round(result.seconds, 3),
        "counts": {"documents": sum(result.counts.values()), **result.counts},
        "sentences": result.sentences,
        "sentences_in_output": result.sentences_in_output,
        "flags": dict(result.flags),
        "memory_hits": result.memory_hits,
        "sentences_per_s": round(result.sentences / result.seconds, 3) if result.seconds else None,
        "models": models,
        "config": config_snapshot(config),
        "platform": {"python": platform.python_version(), "machine": platform.machine()},
    }
    write_atomic(
        config.output / "run.json", json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    )
