"""Translation memory: a sentence is decoded once, within a run and across runs.

:class:`Remembering` stands in front of a
:class:`~translate_summarize.translation.translator.Translator`: identical source strings in
one call are translated once, and strings a previous run decoded
with the same settings come from :class:`TranslationMemory`, a SQLite file (by default in the
output folder). The key is the exact string the model sees (after cleaning and placeholders)
hashed with :func:`~translate_summarize.translation.identity.translation_settings` — the same
settings the incremental document keys hash — so any output-changing setting (model, backend,
beam, lengths, placeholders, languages, vocabulary map, tool version) misses. The value is the
model's raw output and whether it was chunked; placeholders are restored per sentence
afterwards, so a hit gives the same brief, flags included.

Each store is one SQLite transaction in WAL mode, so a run killed at any point leaves a file
that opens with every committed entry. The file holds at most ``max_entries`` entries; the
least recently used go first. A memory that cannot be opened or read is dropped with one
warning and the run goes on without it.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from translate_summarize.config import Policy, RunConfig
from translate_summarize.translation.identity import fingerprint, translation_settings
from translate_summarize.translation.translator import Translation, TranslatorLike

log = logging.getLogger(__name__)

DEFAULT_FILE = "translation-memory.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key BLOB PRIMARY KEY,     -- sha256(settings fingerprint, source)[:16]
    target TEXT NOT NULL,     -- the model's output, placeholders not yet restored
    chunked INTEGER NOT NULL, -- the source was split to fit the model
    used INTEGER NOT NULL     -- when it was last stored or served, as a use counter
);
CREATE INDEX IF NOT EXISTS translations_used ON translations (used);
"""


class TranslationMemory:
    """Translations of earlier runs under one settings fingerprint, in a SQLite file."""

    def __init__(self, path: Path, fingerprint: str, max_entries: int) -> None:
        """Open (or create) the memory; raises :class:`sqlite3.Error` or :class:`OSError`."""
        self.path, self.fingerprint, self.max_entries = path, fingerprint, max_entries
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            # WAL: a killed writer never damages committed entries; NORMAL sync is safe there.
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self.size, self.clock = self.db.execute(
                "SELECT COUNT(*), COALESCE(MAX(used), 0) FROM translations"
            ).fetchone()
        except BaseException:
            self.db.close()
            raise

    def _key(self, source: str) -> bytes:
        return hashlib.sha256(f"{self.fingerprint}\0{source}".encode()).digest()[:16]

    def lookup(self, sources: Sequence[str]) -> dict[str, Translation]:
        """The remembered translations of those ``sources`` that have one; marks them used."""
        keys = {self._key(source): source for source in sources}
        found: dict[str, Translation] = {}
        items = list(keys)
        for start in range(0, len(items), 500):  # stay under SQLite's bound-parameter limit
            part = items[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                f"SELECT key, target, chunked FROM translations WHERE key IN ({marks})", part
            )
            for key, target, chunked in rows:
                found[keys[key]] = Translation(target, bool(chunked), remembered=True)
        if found:
            with self._transaction():
                self.db.executemany(
                    "UPDATE translations SET used = ? WHERE key = ?",
                    [(self._tick(), self._key(source)) for source in found],
                )
        return found

    def store(self, translations: dict[str, Translation]) -> None:
        """Remember new translations in one transaction, then evict beyond ``max_entries``."""
        rows = [
            (self._key(s), t.text, int(t.chunked), self._tick()) for s, t in translations.items()
        ]
        with self._transaction():
            before = self.db.total_changes
            self.db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)", rows)
            self.size += self.db.total_changes - before  # an upper bound (replaced rows)
            if self.size > self.max_entries:
                self.size = self.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
                self.db.execute(
                    "DELETE FROM translations WHERE key IN "
                    "(SELECT key FROM translations ORDER BY used LIMIT ?)",
                    (max(0, self.size - self.max_entries),),
                )
                self.size = min(self.size, self.max_entries)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: all of it is committed, or (killed, failed) none of it."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def _tick(self) -> int:
        # A counter, not the wall clock: eviction order must not depend on clock resolution
        # or a clock set back.
        self.clock += 1
        return self.clock

    def close(self) -> None:
        self.db.close()


def open_memory(config: RunConfig, translator_info: dict[str, Any]) -> TranslationMemory | None:
    """The run's memory, or None when it is off or (with one warning) unusable."""
    settings = config.translator.memory
    if not settings.enabled:
        return None
    path = config.output / (settings.path or DEFAULT_FILE)
    key = fingerprint(translation_settings(config.translator, translator_info))
    try:
        return TranslationMemory(path, key, settings.max_entries)
    except (sqlite3.Error, OSError) as exc:
        log.warning("translation memory %s is unusable (%s); running without it", path, exc)
        return None


class Remembering:
    """A translator that decodes each distinct source once and consults a memory first.

    Same interface as :class:`~translate_summarize.translation.translator.Translator`; results
    are those the wrapped translator gives for each text. Back-translation (``reverse``) passes
    straight through. A memory that fails mid-run is dropped with one warning (``problem`` says
    why).
    """

    def __init__(self, translator: TranslatorLike, memory: TranslationMemory | None) -> None:
        self.translator, self.memory = translator, memory
        self.problem: str | None = None

    @property
    def family(self) -> str:
        """The wrapped translator's model family."""
        return self.translator.family

    @property
    def placeholder_policy(self) -> Policy:
        """The wrapped translator's placeholder policy, so wrapping does not change what is
        masked."""
        return self.translator.placeholder_policy

    def translate(
        self,
        texts: Sequence[str],
        progress: Callable[[int], None] | None = None,
        reverse: bool = False,
        weights: Sequence[int] | None = None,
    ) -> list[Translation]:
        """Translate ``texts`` in order, each distinct non-remembered one decoded once.

        Progress counts each text by its weight (1 by default), a repeat when its source is done.
        """
        if reverse:
            return self.translator.translate(texts, progress, reverse=True, weights=weights)
        weight: dict[str, int] = {}
        for text, w in zip(texts, weights if weights is not None else [1] * len(texts)):
            weight[text] = weight.get(text, 0) + w
        distinct = list(weight)
        known = self._recall(distinct)
        todo = [text for text in distinct if text not in known]
        weights_todo = [weight[t] for t in todo]
        decoded = self.translator.translate(todo, progress, weights=weights_todo) if todo else []
        fresh = dict(zip(todo, decoded))
        self._remember({s: t for s, t in fresh.items() if s.strip()})
        if progress and (served := sum(weight[t] for t in known)):
            progress(served)
        results = {**known, **fresh}
        return [results[text] for text in texts]

    def _recall(self, sources: list[str]) -> dict[str, Translation]:
        if self.memory is None:
            return {}
        try:
            return self.memory.lookup(sources)
        except sqlite3.Error as exc:
            self._drop(exc)
            return {}

    def _remember(self, translations: dict[str, Translation]) -> None:
        if self.memory is None or not translations:
            return
        try:
            self.memory.store(translations)
        except sqlite3.Error as exc:
            self._drop(exc)

    def close(self) -> None:
        """Close the memory; later calls translate without it."""
        if self.memory is not None:
            self.memory.close()
            self.memory = None

    def _drop(self, exc: Exception) -> None:
        """Stop using a memory that failed mid-run: one warning, and the run goes on."""
        log.warning("translation memory %s failed (%s); going on without it", self.memory.path, exc)
        self.problem = str(exc)
        self.memory.close()
        self.memory = None
