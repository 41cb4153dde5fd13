"""The run report: one self-contained HTML page to look at a run.

``report.html`` has a run overview (counts, throughput, models and settings, a flag bar chart,
failed documents first), a sortable and filterable table of documents, and each brief side by
side — Hindi left, English right. It opens from disk with no network: CSS and JS are inline and a
Content-Security-Policy forbids every remote load. Everything shown comes from scraped input, so
the overview is escaped here and the page script builds the rest with ``textContent`` only.

Large runs stay fast to open: the index of documents is one JSON block, and each document's
brief is its own JSON block that the page parses only when the document is opened.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from translate_summarize.errors import InputError
from translate_summarize.output.files import write_atomic
from translate_summarize.output.report_overview import overview_html

REPORT_NAME = "report.html"

# Inside <script type="application/json"> the HTML parser only looks for "</script"; escaping
# every <, > and & also rules out "<!--" tricks, and U+2028/2029 keep it valid JavaScript too.
_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@dataclass(slots=True)
class Entry:
    """One document of the report: its line of the document table and where its brief is.

    The brief itself is not held: the page is written one document at a time, each brief read
    again as its block is written, so memory grows by a table row per document, not a brief.
    """

    row: dict[str, Any]
    brief: Path | None
    """The document's readable brief, or None."""
    name: str | None = None
    """The brief as the manifest names it."""


@dataclass
class RunData:
    """What a run folder holds: ``run.json`` (if the run finished) and one entry per document."""

    folder: Path
    run: dict[str, Any] | None
    entries: list[Entry] = field(default_factory=list)
    """Manifest lines, or stand-ins for briefs without one."""
    notes: list[str] = field(default_factory=list)
    """Problems met while reading, shown at the top of the report."""


def load_run(run_dir: Path) -> RunData:
    """Read ``run.json``, the manifest and the briefs of ``run_dir``.

    A finished run's ``manifest.jsonl`` lists every document. After an interrupted run only
    ``manifest.jsonl.partial`` exists; then briefs no manifest line names are shown too.
    """
    if not run_dir.is_dir():
        raise InputError(f"Cannot build a report: {run_dir} is not a folder.")
    data = RunData(folder=run_dir, run=_read_json(run_dir / "run.json"))
    if data.run is None:
        data.notes.append("run.json is missing: the run did not finish (or is still running).")
    manifest = run_dir / "manifest.jsonl"
    partial = run_dir / "manifest.jsonl.partial"
    complete = manifest.is_file() and not partial.is_file()
    source = manifest if complete else partial
    briefs_dir = run_dir / "briefs"
    lines = _read_manifest(source, data.notes) if source.is_file() else []
    for number, entry in enumerate(lines):
        name = entry.get("brief")
        path = briefs_dir / Path(name).name if name else None
        brief = _read_brief(path, name, data.notes)
        data.entries.append(_entry(number, entry, brief, path, name))
    if not complete:
        _add_unlisted_briefs(data, briefs_dir)
    if not data.entries and not source.is_file():
        raise InputError(f"Cannot build a report: {run_dir} has no manifest and no briefs.")
    return data


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_manifest(path: Path, notes: list[str]) -> Iterator[dict[str, Any]]:
    """The manifest's entries, a line at a time."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                entry = json.loads(line)
            except ValueError:
                entry = None
            if isinstance(entry, dict) and "id" in entry:
                yield entry
            elif line.strip():
                notes.append(f"{path.name} line {number} is not a manifest entry; left out.")


def _read_brief(path: Path | None, name: str | None, notes: list[str]) -> dict[str, Any] | None:
    if path is None:
        return None
    brief = _read_json(path)
    if not isinstance(brief, dict):
        notes.append(f"brief {name} is missing or unreadable.")
        return None
    return brief


def _entry(
    number: int, entry: dict[str, Any], brief: dict | None, path: Path | None, name: str | None
) -> Entry:
    """Keep what the table needs of ``brief`` and where to read it again; drop the rest."""
    return Entry(index_row(number, entry, brief), path if brief is not None else None, name)


def _add_unlisted_briefs(data: RunData, briefs_dir: Path) -> None:
    listed = {entry.name for entry in data.entries}
    added = 0
    for path in sorted(briefs_dir.glob("*.json")) if briefs_dir.is_dir() else []:
        brief = None if path.name in listed else _read_json(path)
        if isinstance(brief, dict) and "sentences" in brief:
            stand_in = {"id": brief.get("id", path.stem), "status": "ok"}
            data.entries.append(_entry(len(data.entries), stand_in, brief, path, path.name))
            added += 1
    if added:
        data.notes.append(
            f"The manifest is incomplete: {added} documents are shown from their briefs alone."
        )


def brief_flags(brief: dict[str, Any] | None) -> Counter:
    """How many sentences of a brief carry each flag."""
    if not brief:
        return Counter()
    return Counter(flag for s in brief.get("sentences", []) for flag in s.get("flags", []))


def index_row(number: int, entry: dict[str, Any], brief: dict[str, Any] | None) -> dict[str, Any]:
    """One line of the document table (what the page needs before any document is opened)."""
    title = (brief or {}).get("title") or {}
    return {
        "n": number,
        "id": str(entry["id"]),
        "title_hi": title.get("hi") or "",
        "title_en": title.get("en") or "",
        "sentences": len(brief["sentences"]) if brief else entry.get("sentences", 0),
        "flags": dict(brief_flags(brief)),
        "status": entry.get("status", "ok"),
        "error": entry.get("error") or "",
        "has_brief": brief is not None,
    }


def document_payload(brief: dict[str, Any]) -> dict[str, Any]:
    """The part of a brief the document view shows (sentences as compact rows)."""
    return {
        "id": brief.get("id"),
        "source": brief.get("source"),
        "url": brief.get("url"),
        "title": brief.get("title"),
        "summary": brief.get("summary") or {},
        "sentences": [
            [s.get("hi", ""), s.get("en", ""), s.get("flags", []), s.get("paragraph", 0)]
            for s in brief.get("sentences", [])
        ],
        "warnings": brief.get("warnings", []),
        "removed": [[r.get("line", ""), r.get("rule", "")] for r in brief.get("removed", [])],
    }


def embed_json(value: Any) -> str:
    """JSON that is safe as the text of a ``<script type="application/json">`` element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


def csp_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _asset(name: str) -> str:
    return (resources.files(__package__) / "report_assets" / name).read_text("utf-8")


def report_pieces(data: RunData) -> Iterator[str]:
    """The report page in pieces: the page around the documents, then one block per document,
    each brief read from disk as its block is written (so a run of 100,000 documents is never
    in memory at once)."""
    rows = [entry.row for entry in data.entries]
    script, style = _asset("report.js"), _asset("report.css")
    csp = (
        "default-src 'none'; "
        f"script-src {csp_hash(script)}; style-src {csp_hash(style)}; "
        "base-uri 'none'; form-action 'none'"
    )
    marker = f"<!--{uuid.uuid4().hex}-->"  # where the document blocks go; unguessable
    page = Template(_asset("report.html")).substitute(
        csp=escape(csp),
        title=escape(f"Run report: {data.folder.resolve().name}"),
        style=style,
        overview=overview_html(data.run, rows, data.notes, data.folder),
        index=embed_json({"documents": rows}),
        documents=marker,
        script=script,
    )
    head, tail = page.split(marker)
    del rows, page
    yield head
    for number, entry in enumerate(data.entries):
        brief = _read_json(entry.brief) if entry.brief else None
        if isinstance(brief, dict):
            payload = embed_json(document_payload(brief))
            yield f'<script type="application/json" id="doc-{number}">{payload}</script>\n'
    yield tail


def write_report(run_dir: Path) -> Path:
    """Build ``run_dir/report.html`` from the run's files, atomically; return its path."""
    path = run_dir / REPORT_NAME
    write_atomic(path, report_pieces(load_run(run_dir)))
    return path
