"""The record types: the per-document record that carries all state through the stages, and
the :class:`RunResult` of a whole run.

Each stage reads some fields of a :class:`Document` and fills others; nothing about a document
lives anywhere else. That keeps processors stateless and makes a failure local to one record.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

META_KEYS = ("date", "author", "site", "canonical_url")
"""Keys of a brief's ``meta`` object, always all present (``null`` when unknown)."""
Status = Literal["pending", "ok", "failed", "skipped"]
"""A document's state: ``pending`` while in flight, then ``ok``, ``failed`` or ``skipped``
(its brief from an earlier run is up to date)."""
SENTENCE_KEYS = ("hi", "en", "paragraph", "flags")
"""Keys of each sentence pair in a brief (and in a dataset row): :meth:`Sentence.as_dict`."""


@dataclass
class Removal:
    """One line the cleaner dropped, and the rule that dropped it (for auditing)."""

    line: str
    rule: str


@dataclass
class Sentence:
    """One Hindi sentence, its English translation and the paragraph it belongs to."""

    hi: str
    paragraph: int
    en: str = ""
    flags: list[str] = field(default_factory=list)
    placeholders: dict[str, str] = field(default_factory=dict)
    """``<IDn>`` → protected value, for this sentence only (see ``text.placeholders``)."""
    remembered: bool = False
    """Its translation came from the translation memory instead of the model."""

    def as_dict(self) -> dict[str, Any]:
        """The pair as a brief stores it (:data:`SENTENCE_KEYS`)."""
        return {key: getattr(self, key) for key in SENTENCE_KEYS}


@dataclass
class Summary:
    """Parallel summary: ``hi[i]`` and ``en[i]`` say the same thing."""

    hi: list[str]
    en: list[str]
    method: str
    indices: list[int] = field(default_factory=list)


@dataclass
class Document:
    """Everything known about one input article, from raw text to summary."""

    id: str
    source: str
    text: str = ""
    """Decoded source text, as read."""
    title: str | None = None
    """Hindi title when the input names one (JSONL ``title``) or the text starts with a headline."""
    title_en: str | None = None
    url: str | None = None
    meta: dict[str, str | None] = field(default_factory=dict)
    """Page metadata when the input gives it (an ``.html`` page): keys of :data:`META_KEYS`."""
    cleaned: str = ""
    removed: list[Removal] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    summary: Summary | None = None
    warnings: list[str] = field(default_factory=list)
    status: Status = "pending"
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def fail(self, reason: str) -> None:
        """Mark the document failed with a one-line reason; later stages skip it."""
        self.status = "failed"
        self.error = " ".join(reason.split()) or "unknown error"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def english(self) -> str:
        """English text, one line per paragraph, mirroring the cleaned Hindi layout."""
        return _join_paragraphs(self.sentences, "en")

    @property
    def hindi(self) -> str:
        """Hindi sentences, one line per paragraph."""
        return _join_paragraphs(self.sentences, "hi")


def _join_paragraphs(sentences: list[Sentence], side: str) -> str:
    paragraphs: dict[int, list[str]] = {}
    for sentence in sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(getattr(sentence, side))
    return "\n".join(" ".join(parts) for parts in paragraphs.values())


@dataclass
class RunResult:
    """What a run did: the output folder and the documents per :data:`Status`."""

    output: Path
    counts: Counter = field(default_factory=Counter)
    sentences: int = 0
    """Sentences translated in this run (skipped documents not counted)."""
    sentences_in_output: int = 0
    """Sentences of every brief the output holds (ok and skipped documents)."""
    flags: Counter = field(default_factory=Counter)
    """Flag counts over the whole output (ok and skipped documents)."""
    memory_hits: int = 0
    """Sentences (and titles) whose translation came from the translation memory."""
    seconds: float = 0.0
    failed: list[tuple[str, str]] = field(default_factory=list)
