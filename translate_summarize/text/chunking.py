"""Cutting text that is too long for a model: a sentence at clause boundaries (then words), and
consecutive parts packed into pieces under a token limit, so that nothing is ever truncated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CLAUSE_BREAK = re.compile(r"(?<=[,;:–—])\s+|\s+(?=(?:और|लेकिन|किंतु|परंतु|तथा|जबकि|क्योंकि|इसलिए)\s)")


def split_clauses(text: str) -> list[str]:
    """Split a long sentence at clause boundaries (commas, semicolons, conjunctions), then words."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c.strip()]
    return [
        word for clause in clauses for word in ([clause] if len(clause) < 400 else clause.split())
    ]


def pack(parts: Sequence[str], sizes: Sequence[int], limit: int) -> list[str]:
    """Greedily join consecutive ``parts`` into pieces of at most ``limit`` tokens.

    A part larger than the limit on its own is cut into word windows, so nothing is ever lost.
    """
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for part, size in zip(parts, sizes):
        if current and (size > limit or used + size > limit):
            pieces.append(" ".join(current))
            current, used = [], 0
        if size > limit:
            pieces.extend(_word_windows(part, size, limit))
            continue
        current.append(part)
        used += size
    if current:
        pieces.append(" ".join(current))
    return pieces


def _word_windows(text: str, size: int, limit: int) -> list[str]:
    words = text.split()
    per_window = max(1, int(len(words) * limit / max(size, 1) * 0.9))
    return [" ".join(words[i : i + per_window]) for i in range(0, len(words), per_window)]
