"""Briefs: the per-document output, as JSON for machines and Markdown for people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from translate_summarize.output.files import safe_name, write_atomic
from translate_summarize.record import META_KEYS, Document

BRIEF_VERSION = 1


def brief_dict(doc: Document, models: dict[str, Any]) -> dict[str, Any]:
    """The JSON brief of a processed document (see README, "Brief format")."""
    title = {"hi": doc.title, "en": doc.title_en} if doc.title else None
    summary = doc.summary
    return {
        "brief_version": BRIEF_VERSION,
        "id": doc.id,
        "key": doc.extra.get("key"),
        "source": doc.source,
        "url": doc.url,
        "meta": {key: doc.meta.get(key) for key in META_KEYS},
        "title": title,
        "hi": doc.hindi,
        "en": doc.english,
        "sentences": [sentence.as_dict() for sentence in doc.sentences],
        "summary": {
            "hi": summary.hi if summary else [],
            "en": summary.en if summary else [],
            "method": summary.method if summary else None,
            "indices": summary.indices if summary else [],
        },
        "models": models,
        "warnings": doc.warnings,
        "removed": [{"line": r.line, "rule": r.rule} for r in doc.removed],
    }


def render_markdown(brief: dict[str, Any]) -> str:
    """A person's view of a brief: title, the bilingual summary, then the text as sentence pairs."""
    title = brief["title"]
    heading = (title["en"] or title["hi"]) if title else brief["id"]
    lines = [f"# {heading}", ""]
    if title and title["en"]:
        lines += [f"*{title['hi']}*", ""]
    lines += [f"Source: {brief['source']}", "", "## Summary", ""]
    for hi, en in zip(brief["summary"]["hi"], brief["summary"]["en"]):
        lines += [f"- {en}", f"  - {hi}"]
    lines += ["", f"*Summary method: {brief['summary']['method']}*", "", "## Full text", ""]
    paragraph = None
    for sentence in brief["sentences"]:
        if paragraph is not None and sentence["paragraph"] != paragraph:
            lines += ["---", ""]
        paragraph = sentence["paragraph"]
        flags = f" `{', '.join(sentence['flags'])}`" if sentence["flags"] else ""
        lines += [f"> {sentence['hi']}", "", f"{sentence['en']}{flags}", ""]
    if brief["warnings"]:
        lines += ["## Warnings", ""] + [f"- {w}" for w in brief["warnings"]] + [""]
    return "\n".join(lines)


def brief_paths(briefs_dir: Path, doc_id: str) -> tuple[Path, Path]:
    """Where the JSON and Markdown briefs of ``doc_id`` live (safe, unique file names)."""
    stem = safe_name(doc_id)
    return briefs_dir / f"{stem}.json", briefs_dir / f"{stem}.md"


def write_brief(doc: Document, briefs_dir: Path, models: dict[str, Any]) -> dict[str, Any]:
    """Write both briefs atomically; return the JSON brief."""
    brief = brief_dict(doc, models)
    json_path, md_path = brief_paths(briefs_dir, doc.id)
    # Markdown first: the JSON is what marks a document done, so it is written last.
    write_atomic(md_path, render_markdown(brief))
    write_atomic(json_path, json.dumps(brief, ensure_ascii=False, indent=2) + "\n")
    return brief
