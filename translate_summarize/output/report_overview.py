"""The run overview of ``report.html``: counts, throughput, models, settings, the flag chart.

Rendered here, as escaped HTML and an inline SVG, so the overview reads even with scripts off.
Every value that comes from the run's files goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

_BAR_HEIGHT, _BAR_GAP, _LABEL_WIDTH, _CHART_WIDTH = 18, 6, 150, 520

# Settings an editor asks about when judging a run's output; the rest is in run.json.
_SETTINGS = {
    "translator": ("backend", "beam_size", "max_length", "max_input_tokens", "compute_type"),
    "summarizer": ("method", "sentences", "model"),
    "clean": ("remove_boilerplate",),
}


def overview_html(
    run: dict[str, Any] | None, rows: list[dict[str, Any]], notes: list[str], folder: Path
) -> str:
    """The overview section: notes, failed documents, counts, models and settings, flag chart."""
    flags: Counter = Counter()
    for row in rows:
        flags.update(row["flags"])
    parts = [
        f"<h1>Run report <span class=muted>{escape(str(folder.resolve()))}</span></h1>",
        _when(run),
        "".join(f"<p class=note>{escape(note)}</p>" for note in notes),
        _failed(rows),
        '<div class="cards">',
        _counts(run, rows),
        _models(run),
        "</div>",
        "<h2>Flagged sentences</h2>",
        flag_chart(flags),
    ]
    return "\n".join(part for part in parts if part)


def _when(run: dict[str, Any] | None) -> str:
    if not run:
        return ""
    tool = run.get("tool", {})
    return (
        f"<p class=muted>Started {escape(str(run.get('started', '?')))}, finished "
        f"{escape(str(run.get('finished', '?')))}; "
        f"{escape(str(tool.get('name', '')))} {escape(str(tool.get('version', '')))}</p>"
    )


def _failed(rows: list[dict[str, Any]]) -> str:
    failed = [row for row in rows if row["status"] == "failed"]
    if not failed:
        return ""
    items = "".join(
        f'<li><a href="#doc/{row["n"]}">{escape(row["id"])}</a>: {escape(row["error"])}</li>'
        for row in failed
    )
    heading = f"<h2>Failed documents ({len(failed)})</h2>"
    return f'<section class="failed-docs">{heading}<ul>{items}</ul></section>'


def _counts(run: dict[str, Any] | None, rows: list[dict[str, Any]]) -> str:
    statuses = Counter(row["status"] for row in rows)
    items = [("documents", "Documents", len(rows))]
    items += [(s, s.capitalize(), statuses.get(s, 0)) for s in ("ok", "failed", "skipped")]
    in_briefs = sum(row["sentences"] for row in rows if row["has_brief"])
    items.append(("sentences", "Sentences in the briefs", in_briefs))
    if run:
        items.append(("translated", "Sentences translated this run", run.get("sentences", 0)))
        rate = run.get("sentences_per_s")
        items.append(("throughput", "Sentences per second", "–" if rate is None else rate))
        items.append(("duration", "Duration (s)", run.get("duration_s", "–")))
    cells = "".join(
        f"<dt>{escape(label)}</dt><dd data-count={key}>{escape(_number(value))}</dd>"
        for key, label, value in items
    )
    return f'<section class="card"><h2>Counts</h2><dl>{cells}</dl></section>'


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _models(run: dict[str, Any] | None) -> str:
    if not run:
        return ""
    models = run.get("models", {})
    cells = [
        (f"{role.capitalize()} model", info.get("model", "?"))
        for role, info in models.items()
        if isinstance(info, dict)
    ]
    config = run.get("config", {})
    for section, keys in _SETTINGS.items():
        values = config.get(section, {})
        cells += [(f"{section}.{key}", values[key]) for key in keys if values.get(key) is not None]
    if "engine" in config:
        cells.append(("engine", config["engine"]))
    body = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in cells)
    return f'<section class="card"><h2>Models and settings</h2><dl>{body}</dl></section>'


def flag_chart(flags: Counter) -> str:
    """A horizontal bar chart of flag counts as inline SVG (no script, no external assets)."""
    if not flags:
        return "<p class=muted>No sentence is flagged.</p>"
    ranked = flags.most_common()
    top = ranked[0][1]
    step = _BAR_HEIGHT + _BAR_GAP
    height = step * len(ranked)
    room = _CHART_WIDTH - _LABEL_WIDTH - 60
    bars = []
    for row, (name, count) in enumerate(ranked):
        y = row * step
        width = max(2, round(room * count / top))
        middle = y + _BAR_HEIGHT / 2
        bars.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="central">{escape(name)}</text>'
            f'<rect class="bar" x="{_LABEL_WIDTH}" y="{y}" width="{width}" '
            f'height="{_BAR_HEIGHT}" rx="3"><title>{escape(name)}: {count}</title></rect>'
            f'<text x="{_LABEL_WIDTH + width + 6}" y="{middle}" '
            f'dominant-baseline="central">{count:,}</text>'
        )
    return (
        f'<div class="chart"><svg role="img" aria-label="Flagged sentences by flag" '
        f'width="{_CHART_WIDTH}" height="{height}" viewBox="0 0 {_CHART_WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg></div>'
    )
