"""Run the stages over a corpus: read → clean → segment → translate → summarize → brief.

Documents flow in chunks of ``docs_per_chunk``: sentences of a whole chunk are translated
together (so batches are full and length-sorted across documents), then each document is
summarised and its brief written. A failure is caught at the smallest unit it affects and turns
that one document ``failed`` with a reason; the run always goes on and always writes its manifest.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from translate_summarize import __version__
from translate_summarize.brief import brief_paths, write_brief
from translate_summarize.clean import clean
from translate_summarize.config import RunConfig, config_snapshot
from translate_summarize.files import write_atomic
from translate_summarize.read import read_documents
from translate_summarize.record import Document, Sentence
from translate_summarize.segment import split_paragraphs
from translate_summarize.summarize import Summarizer, build_summarizer
from translate_summarize.translate import Translator

_FINAL_PUNCTUATION = tuple("।॥.?!:;\"'”’)")


class Reporter(Protocol):
    """Receives progress; the CLI shows it as a bar on a terminal and as log lines otherwise."""

    def sentences_done(self, count: int) -> None: ...

    def document_done(self, doc: Document) -> None: ...


@dataclass
class RunResult:
    """What a run did: the output folder and per-status counts."""

    output: Path
    counts: Counter = field(default_factory=Counter)
    sentences: int = 0
    seconds: float = 0.0
    failed: list[tuple[str, str]] = field(default_factory=list)


def prepare(doc: Document, config: RunConfig) -> None:
    """Clean and segment one document; a document with no text left is failed."""
    result = clean(doc.text, remove_boilerplate=config.clean.remove_boilerplate)
    doc.cleaned, doc.removed = result.text, result.removed
    doc.warnings.extend(result.repairs)
    paragraphs = split_paragraphs(doc.cleaned)
    if doc.title is None and _is_headline(paragraphs):
        doc.title = paragraphs.pop(0)[0]
    doc.sentences = [
        Sentence(hi=text, paragraph=number)
        for number, sentences in enumerate(paragraphs)
        for text in sentences
    ]
    if not doc.sentences:
        doc.fail("no article text left after cleaning" if doc.text.strip() else "empty document")


def _is_headline(paragraphs: list[list[str]]) -> bool:
    """A first line that is one short sentence without final punctuation, with text after it."""
    if len(paragraphs) < 2 or len(paragraphs[0]) != 1:
        return False
    first = paragraphs[0][0]
    return len(first) <= 150 and not first.endswith(_FINAL_PUNCTUATION)


def translate_documents(
    docs: list[Document], translator: Translator, reporter: Reporter | None = None
) -> None:
    """Translate every live document's title and sentences in one cross-document pass.

    If the shared pass fails, each document is retried alone so that one bad input fails only
    its own document.
    """
    live = [doc for doc in docs if not doc.failed]
    try:
        _translate_together(live, translator, reporter)
    except Exception:  # noqa: BLE001 - isolate the failure by retrying per document
        for doc in live:
            try:
                _translate_together([doc], translator, reporter)
            except Exception as exc:  # noqa: BLE001
                doc.fail(f"translation failed: {type(exc).__name__}: {exc}")


def _sources(doc: Document) -> list[str]:
    return ([doc.title] if doc.title else []) + [s.hi for s in doc.sentences]


def _translate_together(
    docs: list[Document], translator: Translator, reporter: Reporter | None
) -> None:
    texts = [text for doc in docs for text in _sources(doc)]
    started = time.perf_counter()
    results = iter(translator.translate(texts, reporter.sentences_done if reporter else None))
    seconds_per_text = (time.perf_counter() - started) / max(len(texts), 1)
    for doc in docs:
        if doc.title:
            doc.title_en = next(results).text
        for sentence in doc.sentences:
            result = next(results)
            sentence.en = result.text
            if result.chunked:
                sentence.flags.append("chunked")
        doc.timings["translate"] = round(seconds_per_text * len(_sources(doc)), 4)


def process(
    docs: list[Document],
    config: RunConfig,
    translator: Translator,
    summarizer: Summarizer,
    reporter: Reporter | None = None,
) -> None:
    """Run every stage but writing on ``docs``; failures are recorded on the documents."""
    for doc in docs:
        _timed(doc, "prepare", lambda d=doc: prepare(d, config))
    translate_documents(docs, translator, reporter)
    for doc in docs:
        _timed(doc, "summarize", lambda d=doc: setattr(d, "summary", summarizer.summarize(d)))


def _timed(doc: Document, stage: str, action) -> None:
    if doc.failed:
        return
    started = time.perf_counter()
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the run
        doc.fail(f"{stage} failed: {type(exc).__name__}: {exc}")
    doc.timings[stage] = round(time.perf_counter() - started, 4)


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


def models_info(translator: Translator, summarizer: Summarizer) -> dict[str, Any]:
    """What made the briefs: model ids, backend and library versions."""
    return {"translator": translator.info, "summarizer": summarizer.info}


def run(
    config: RunConfig,
    reporter: Reporter | None = None,
    translator: Translator | None = None,
    summarizer: Summarizer | None = None,
) -> RunResult:
    """Process the whole input of ``config`` into briefs, ``manifest.jsonl`` and ``run.json``.

    Raises :class:`~translate_summarize.errors.TranslateSummarizeError` only when the run
    cannot start (missing input, unloadable model); per-document problems end up in the
    manifest instead.
    """
    started_at, started = datetime.now(timezone.utc), time.perf_counter()
    documents = islice(unique_ids(read_documents(config.input)), config.limit)
    first_chunk = list(islice(documents, config.docs_per_chunk))  # fails fast on a bad input path
    translator = translator or Translator(config.translator)
    summarizer = summarizer or build_summarizer(config.summarizer)
    models = models_info(translator, summarizer)
    result = RunResult(output=config.output)
    briefs_dir = config.output / "briefs"
    briefs_dir.mkdir(parents=True, exist_ok=True)
    with ManifestWriter(config.output / "manifest.jsonl") as manifest:
        chunk = first_chunk
        while chunk:
            process(chunk, config, translator, summarizer, reporter)
            for doc in chunk:
                _finish(doc, briefs_dir, models, manifest, result, reporter)
            chunk = list(islice(documents, config.docs_per_chunk))
    result.seconds = time.perf_counter() - started
    write_run_json(config, models, result, started_at)
    return result


def _finish(
    doc: Document,
    briefs_dir: Path,
    models: dict[str, Any],
    manifest: ManifestWriter,
    result: RunResult,
    reporter: Reporter | None,
) -> None:
    if not doc.failed:
        _timed(doc, "write", lambda: write_brief(doc, briefs_dir, models))
    if not doc.failed:
        doc.status = "ok"
        result.sentences += len(doc.sentences)
    else:
        result.failed.append((doc.id, doc.error or ""))
    result.counts[doc.status] += 1
    manifest.add(doc, briefs_dir)
    if reporter:
        reporter.document_done(doc)


class ManifestWriter:
    """``manifest.jsonl``: one line per document, flushed and fsynced as each document ends."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> ManifestWriter:
        self.handle = self.path.open("w", encoding="utf-8")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.handle.close()

    def add(self, doc: Document, briefs_dir: Path) -> None:
        flags = Counter(flag for s in doc.sentences for flag in s.flags)
        json_path, _ = brief_paths(briefs_dir, doc.id)
        line = {
            "id": doc.id,
            "status": doc.status,
            "error": doc.error,
            "source": doc.source,
            "brief": json_path.name if doc.status == "ok" else None,
            "sentences": len(doc.sentences),
            "flags": dict(flags),
            "warnings": len(doc.warnings),
            "timings": doc.timings,
        }
        self.handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())


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
        "sentences_per_s": round(result.sentences / result.seconds, 3) if result.seconds else None,
        "models": models,
        "config": config_snapshot(config),
        "platform": {"python": platform.python_version(), "machine": platform.machine()},
    }
    write_atomic(
        config.output / "run.json", json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    )


def translate_one(text: str, config: RunConfig, source: str = "-") -> dict[str, Any]:
    """Translate and summarise one article held in memory; return its JSON brief.

    Raises :class:`~translate_summarize.errors.InputError` if the article cannot be processed.
    """
    from translate_summarize.brief import brief_dict
    from translate_summarize.errors import InputError

    doc = Document(id=Path(source).stem if source != "-" else "stdin", source=source, text=text)
    translator = Translator(config.translator)
    summarizer = build_summarizer(config.summarizer)
    process([doc], config, translator, summarizer)
    if doc.failed:
        raise InputError(f"Cannot translate {source}: {doc.error}.")
    doc.status = "ok"
    return brief_dict(doc, models_info(translator, summarizer))
