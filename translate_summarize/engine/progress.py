"""Progress reporting: a live bar on a terminal, periodic plain log lines under cron."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from translate_summarize.record import Document


class Reporter(Protocol):
    """Receives progress; the CLI shows it as a bar on a terminal and as log lines otherwise.

    Counts only ever describe sentences of documents that end ``ok``: a negative count takes
    back sentences of a document that failed after all, so the shown count never passes the
    final one.
    """

    def start(self, documents: int | None) -> None: ...

    def sentences_planned(self, count: int) -> None: ...

    def sentences_done(self, count: int) -> None: ...

    def document_done(self, doc: Document) -> None: ...


class LogReporter:
    """Plain lines every ``interval`` seconds and one per failure: fit for cron mail and logs.

    Totals: documents once the input is listed, sentences as each chunk is segmented (so the
    sentence total grows during a run); the ETA is the time per finished document so far times
    the documents left.
    """

    def __init__(self, stream: TextIO | None = None, interval: float = 30.0) -> None:
        # sys.stderr is looked up per call, not bound at import: it may have been replaced since.
        self.stream, self.interval = stream or sys.stderr, interval
        self.documents = self.sentences = self.planned = 0
        self.total: int | None = None
        self.started = self.last = time.monotonic()

    def start(self, documents: int | None) -> None:
        self.total = documents

    def sentences_planned(self, count: int) -> None:
        self.planned += count

    def sentences_done(self, count: int) -> None:
        self.sentences += count
        self._maybe_log()

    def document_done(self, doc: Document) -> None:
        self.documents += 1
        if doc.failed:
            print(f"failed: {doc.id}: {doc.error}", file=self.stream, flush=True)
        self._maybe_log()

    def _maybe_log(self) -> None:
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            elapsed = max(now - self.started, 1e-9)
            print(
                f"progress: {self.documents}{_of(self.total)} documents, {self.sentences}"
                f"{_of(self.planned)} sentences translated ({self.sentences / elapsed:.1f} "
                f"sentences/s){eta(self.documents, self.total, elapsed)}",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        """Nothing to tear down; present so both reporters are used the same way."""


def _of(total: int | None) -> str:
    return f"/{total}" if total else ""


def eta(done: int, total: int | None, elapsed: float) -> str:
    """``, ETA 4m10s`` from the time per finished document so far; empty while unknown."""
    if not total or not done or done >= total:
        return ""
    seconds = round(elapsed / done * (total - done))
    hours, rest = divmod(seconds, 3600)
    text = f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"
    return f", ETA {text}"


class BarReporter:
    """A rich progress bar over documents and translated sentences."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream or sys.stderr),
            transient=False,
        )
        self.progress.start()
        self.sentence_task = self.progress.add_task("sentences", total=None)
        self.document_task = self.progress.add_task("documents", total=None)

    def start(self, documents: int | None) -> None:
        self.progress.update(self.document_task, total=documents)

    def sentences_planned(self, count: int) -> None:
        task = self.progress.tasks[self.sentence_task]
        self.progress.update(self.sentence_task, total=(task.total or 0) + count)

    def sentences_done(self, count: int) -> None:
        self.progress.advance(self.sentence_task, count)

    def document_done(self, doc: Document) -> None:
        self.progress.advance(self.document_task, 1)
        if doc.failed:
            self.progress.console.print(f"failed: {doc.id}: {doc.error}", markup=False)

    def close(self) -> None:
        self.progress.stop()


# Bookkeeping that keeps the shown counts honest. A document records in ``extra`` how many of
# its sentences were announced (``planned``) and shown done (``reported``); ``settle`` brings
# both to what it really adds when it is written.


def plan(docs: list[Document], reporter: Reporter) -> None:
    """Announce the sentences of a segmented chunk's live documents."""
    for doc in docs:
        if doc.status == "pending":
            doc.extra["planned"] = len(doc.sentences)
    reporter.sentences_planned(sum(d.extra.get("planned", 0) for d in docs))


class Tally:
    """Sentences one translation pass reported, so that a failed pass can take them back."""

    def __init__(self, reporter: Reporter | None) -> None:
        self.reporter, self.count = reporter, 0

    def __call__(self, count: int) -> None:
        self.count += count
        if self.reporter:
            self.reporter.sentences_done(count)

    def undo(self) -> None:
        if self.reporter and self.count:
            self.reporter.sentences_done(-self.count)
        self.count = 0


def mark_reported(
    doc: Document, reporter: Reporter | None, count: int, already: bool = False
) -> None:
    """Record that ``count`` sentences of ``doc`` were shown as done (``already``: by the
    translator's own progress calls)."""
    if reporter is None:
        return
    if not already:
        reporter.sentences_done(count)
    doc.extra["reported"] = count


def settle(doc: Document, reporter: Reporter) -> None:
    """Bring the shown sentence counts to what this document really adds: its sentences if it
    is ok, none if it failed after all (and Ray workers report nothing on their own)."""
    final = len(doc.sentences) if doc.status == "ok" else 0
    planned = final - doc.extra.get("planned", 0)
    if planned > 0:  # the total grows before the count, and shrinks after it
        reporter.sentences_planned(planned)
    if done := final - doc.extra.get("reported", 0):
        reporter.sentences_done(done)
    if planned < 0:
        reporter.sentences_planned(planned)


def make_reporter(quiet: bool, stream: TextIO | None = None) -> LogReporter | BarReporter | None:
    """No reporter when quiet; a bar on a terminal; log lines otherwise (on ``sys.stderr`` as it
    is at the call)."""
    if quiet:
        return None
    stream = stream or sys.stderr
    return BarReporter(stream) if stream.isatty() else LogReporter(stream)
