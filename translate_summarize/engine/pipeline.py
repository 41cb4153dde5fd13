"""Run the stages over a corpus: read → clean → segment → translate → summarize → brief.

Documents flow in chunks of ``docs_per_chunk`` (what is read and held at once). Within a
chunk, sentences of consecutive documents are translated together in windows of
``WINDOW_UNITS`` (so batches are full and length-sorted across documents), then each document
of the window is summarised and its brief written, so progress moves every few documents.
A failure is caught at the smallest unit it affects and turns that one document ``failed``
with a reason; the run always goes on and always writes its manifest.
"""

from __future__ import annotations

import logging
import signal
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from itertools import chain, islice
from pathlib import Path
from typing import Any

from translate_summarize.config import RunConfig
from translate_summarize.engine.local import LocalEngine, models_info
from translate_summarize.engine.progress import Reporter, settle
from translate_summarize.engine.ray_engine import RayEngine
from translate_summarize.engine.stages import process
from translate_summarize.errors import InputError, Interrupted, OutputError
from translate_summarize.output.brief import brief_dict, write_brief
from translate_summarize.output.files import prepare_output
from translate_summarize.output.lock import OutputLock
from translate_summarize.output.manifest import (
    ManifestWriter,
    document_flags,
    document_key,
    previous_brief,
    remove_stale_temp_files,
    settings_fingerprint,
    write_run_json,
)
from translate_summarize.output.report import write_report
from translate_summarize.reading.read import bounded_chunks, count_documents, read_documents
from translate_summarize.record import Document, RunResult
from translate_summarize.summary.summarizer import Summarizer, build_summarizer
from translate_summarize.translation.memory import Remembering
from translate_summarize.translation.translator import Translator

log = logging.getLogger(__name__)


def unique_ids(docs: Iterable[Document]) -> Iterator[Document]:
    """Rename repeated ids (``id~2``, ``id~3``…) with a warning, so no brief overwrites another."""
    seen: Counter = Counter()
    for doc in docs:
        seen[doc.id] += 1
        if seen[doc.id] > 1:
            original, doc.id = doc.id, f"{doc.id}~{seen[doc.id]}"
            doc.warnings.append(f"duplicate id {original!r} renamed to {doc.id!r}")
            doc.extra["original_id"] = original
        yield doc


def run(
    config: RunConfig,
    reporter: Reporter | None = None,
    translator: Translator | None = None,
    summarizer: Summarizer | None = None,
    force: bool = False,
    wait: bool = False,
) -> RunResult:
    """Process the whole input of ``config`` into briefs, ``manifest.jsonl``, ``run.json`` and
    ``report.html``.

    Documents whose brief from an earlier run has the same key (same content, same settings)
    are ``skipped`` unless ``force``. ``config.engine`` picks where the stages run (this
    process, or a Ray cluster); briefs and the manifest are always written here. One run at a
    time holds the output folder: another one raises, or with ``wait`` waits its turn.
    Raises :class:`~translate_summarize.errors.TranslateSummarizeError` when the run cannot
    start (missing input, unusable output, unloadable model) or cannot write its output (full
    disk), and :class:`~translate_summarize.errors.Interrupted` on Ctrl-C or SIGTERM;
    per-document problems end up in the manifest instead.
    """
    started_at, started = datetime.now(timezone.utc), time.perf_counter()
    briefs_dir = prepare_output(config.output)  # before the lock and any model: cheap checks
    result = RunResult(output=config.output)
    try:
        with OutputLock(config.output, wait):
            remove_stale_temp_files(briefs_dir)
            chunks = document_chunks(config)
            if reporter:
                reporter.start(count_documents_hint(config))
            engine = _engine(config, translator, summarizer, reporter)
            fingerprint = settings_fingerprint(config, engine.models)
            marked = (_mark_unchanged(chunk, briefs_dir, fingerprint, force) for chunk in chunks)
            with ManifestWriter(config.output) as manifest:
                for chunk in engine.process(marked):
                    for doc in chunk:
                        _finish(doc, briefs_dir, engine.models, manifest, result, reporter)
            result.seconds = time.perf_counter() - started
            write_run_json(config, engine.models, result, started_at)
            write_report(config.output)
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        raise Interrupted(signum, result.counts) from None
    return result


def _engine(
    config: RunConfig,
    translator: Translator | None,
    summarizer: Summarizer | None,
    reporter: Reporter | None,
):
    started = time.perf_counter()
    if config.engine == "ray":
        engine = RayEngine(config)
    else:
        engine = LocalEngine(config, translator, summarizer, reporter)
    log.info(
        "models ready in %.1f s: %s", time.perf_counter() - started, engine.models["translator"]
    )
    return engine


def count_documents_hint(config: RunConfig) -> int | None:
    """How many documents the run will see (``limit`` applied), or None if unknown."""
    total = count_documents(config.input, config.input_columns, config.input_split)
    return total if config.limit is None or total is None else min(total, config.limit)


def document_chunks(config: RunConfig) -> Iterator[list[Document]]:
    """The input as chunks of ``docs_per_chunk`` documents (or fewer, to stay under
    ``max_document_chars`` characters); a bad input path fails here, at once."""
    reader = read_documents(
        config.input, config.input_columns, config.input_split, config.max_document_chars
    )
    documents = islice(unique_ids(reader), config.limit)
    chunks = bounded_chunks(documents, config.docs_per_chunk, config.max_document_chars)
    first = next(chunks, None)
    return chain([first], chunks) if first else iter(())


def _mark_unchanged(
    chunk: list[Document], briefs_dir: Path, fingerprint: str, force: bool
) -> list[Document]:
    for doc in chunk:
        _skip_if_unchanged(doc, briefs_dir, fingerprint, force)
    return chunk


def _skip_if_unchanged(doc: Document, briefs_dir: Path, fingerprint: str, force: bool) -> None:
    if doc.status != "pending":
        return
    doc.extra["key"] = document_key(doc, fingerprint)
    previous = None if force else previous_brief(briefs_dir, doc.id)
    if previous and previous.get("key") == doc.extra["key"]:
        doc.status = "skipped"
        sentences = previous.get("sentences", [])
        doc.extra["previous_sentences"] = len(sentences)
        # The manifest and run.json describe the whole output, skipped briefs included.
        doc.extra["previous_flags"] = Counter(f for s in sentences for f in s.get("flags", []))
        log.debug("skipped %s: its brief is up to date", doc.id)


def _finish(
    doc: Document,
    briefs_dir: Path,
    models: dict[str, Any],
    manifest: ManifestWriter,
    result: RunResult,
    reporter: Reporter | None,
) -> None:
    if doc.status == "pending":
        started = time.perf_counter()
        try:
            write_brief(doc, briefs_dir, models)
        except OutputError:
            raise  # a full disk or an unwritable folder stops the run
        except Exception as exc:  # noqa: BLE001 - a brief that cannot be rendered fails alone
            doc.fail(f"write failed: {type(exc).__name__}: {exc}")
        doc.timings["write"] = round(time.perf_counter() - started, 4)
    if doc.status == "pending":
        doc.status = "ok"
        result.sentences += len(doc.sentences)
        result.memory_hits += doc.extra.get("memory_hits", 0)
    elif doc.failed:
        result.failed.append((doc.id, doc.error or ""))
        log.debug("failed %s: %s", doc.id, doc.error)
    if doc.status in ("ok", "skipped"):
        result.sentences_in_output += len(doc.sentences) or doc.extra.get("previous_sentences", 0)
        result.flags.update(document_flags(doc))
    result.counts[doc.status] += 1
    manifest.add(doc, briefs_dir)
    if reporter:
        settle(doc, reporter)
        reporter.document_done(doc)


def translate_one(text: str, config: RunConfig, source: str = "-") -> dict[str, Any]:
    """Translate and summarise one article held in memory; return its JSON brief.

    Raises :class:`~translate_summarize.errors.InputError` if the article cannot be processed.
    """
    doc = Document(id=Path(source).stem if source != "-" else "stdin", source=source, text=text)
    return translate_document(doc, config)


def translate_document(doc: Document, config: RunConfig) -> dict[str, Any]:
    """Translate and summarise one document already read; return its JSON brief.

    Raises :class:`~translate_summarize.errors.InputError` if the article cannot be processed.
    """

    translator = Translator(config.translator)
    summarizer = build_summarizer(config.summarizer, translator)
    process([doc], config, Remembering(translator, None), summarizer)
    if doc.failed:
        raise InputError(f"Cannot translate {doc.source}: {doc.error}.")
    doc.status = "ok"
    return brief_dict(doc, models_info(config, translator, summarizer))
