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
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import chain, islice
from pathlib import Path
from typing import Any, Protocol

from translate_summarize.brief import write_brief
from translate_summarize.clean import (
    ENGLISH_MAX_DEVANAGARI_SHARE,
    clean,
    devanagari_share,
    dominant_script,
    needs_translation,
)
from translate_summarize.config import QualityConfig, RunConfig
from translate_summarize.errors import Interrupted, OutputError
from translate_summarize.files import prepare_output
from translate_summarize.lock import OutputLock
from translate_summarize.manifest import (
    ManifestWriter,
    document_flags,
    document_key,
    previous_brief,
    remove_stale_temp_files,
    settings_fingerprint,
    write_run_json,
)
from translate_summarize.memory import Remembering, open_memory
from translate_summarize.placeholders import Policy
from translate_summarize.progress import Tally, mark_reported, plan, settle
from translate_summarize.quality import check
from translate_summarize.read import bounded_chunks, count_documents, read_documents, too_long
from translate_summarize.record import Document, Sentence
from translate_summarize.report import write_report
from translate_summarize.segment import split_paragraphs
from translate_summarize.summarize import Summarizer, build_summarizer, describe_summarizer
from translate_summarize.translate import Translator, describe_translator, translate_sentences

_FINAL_PUNCTUATION = tuple("।॥.?!:;\"'”’)")
SENTENCES_PER_PASS = 4096
# Units translated together before their documents are summarised and written: with the
# default 1,200-token budget that is a dozen or more full batches (length-sorted within the
# window), while a 25-sentence article is counted done within a few articles of finishing.
WINDOW_UNITS = 128
log = logging.getLogger(__name__)


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


@dataclass
class RunResult:
    """What a run did: the output folder and per-status counts."""

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


def prepare(doc: Document, config: RunConfig) -> None:
    """Clean and segment one document; a document with no text left is failed."""
    if reason := too_long(len(doc.text), config.max_document_chars):
        doc.fail(reason)  # read() refuses these first; text given in memory gets here
        return
    result = clean(doc.text, remove_boilerplate=config.clean.remove_boilerplate)
    doc.cleaned = result.text
    doc.removed.extend(result.removed)  # after what the reader left out (an HTML page's furniture)
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
        return
    _check_script(doc)


def _check_script(doc: Document) -> None:
    """Decide per document only what needs the whole text: an English article is passed
    through with a warning, another script fails. Which *sentences* are translated is decided
    per sentence (:func:`needs_translation`), so a Hindi sentence is never passed through."""
    text = "\n".join(filter(None, [doc.title, doc.cleaned]))
    if devanagari_share(text) >= ENGLISH_MAX_DEVANAGARI_SHARE:
        return
    script = dominant_script(text)
    if script == "LATIN":
        doc.warnings.append("no Devanagari text: passed through untranslated as English")
        doc.extra["passthrough"] = True
    elif script is not None:
        doc.fail(
            f"text is mostly {script.title()} script, not Devanagari Hindi; "
            "set translator.src_lang to that language's NLLB code and use a model for it"
        )


def _is_headline(paragraphs: list[list[str]]) -> bool:
    """A first line that is one short sentence without final punctuation, with text after it."""
    if len(paragraphs) < 2 or len(paragraphs[0]) != 1:
        return False
    first = paragraphs[0][0]
    return len(first) <= 150 and not first.endswith(_FINAL_PUNCTUATION)


def translate_documents(
    docs: list[Document],
    translator: Translator,
    reporter: Reporter | None = None,
    kinds: Policy | None = None,
) -> None:
    """Translate every live document's title and sentences in one cross-document pass.

    If the shared pass fails, each document is retried alone so that one bad input fails only
    its own document. Progress reported by a failed pass is taken back before the retries.
    """
    live = [doc for doc in docs if doc.status == "pending"]
    tally = Tally(reporter)
    try:
        _translate_together(live, translator, kinds, tally)
    except Exception as exc:  # noqa: BLE001 - isolate the failure by retrying per document
        log.info("a shared batch failed (%s); retrying %d documents one by one", exc, len(live))
        tally.undo()
        for doc in live:
            _translate_alone(doc, translator, kinds, Tally(reporter))
    else:
        for doc in live:
            mark_reported(doc, reporter, len(doc.sentences), already=True)


def _translate_alone(
    doc: Document, translator: Translator, kinds: Policy | None, tally: Tally
) -> None:
    try:
        _translate_together([doc], translator, kinds, tally)
    except Exception as exc:  # noqa: BLE001
        tally.undo()
        log.debug("translating %s failed", doc.id, exc_info=True)
        doc.fail(f"translation failed: {type(exc).__name__}: {exc}")
    else:
        mark_reported(doc, reporter=tally.reporter, count=len(doc.sentences), already=True)


def _pass_through(units: list[Sentence]) -> list[Sentence]:
    """Copy the units without Devanagari (English quotes, names) to ``en`` with the
    ``passthrough`` flag; return the units the translator must see. A unit whose ``en``
    equals its ``hi`` is thereby always either translated or flagged."""
    to_translate = []
    for unit in units:
        if needs_translation(unit.hi):
            to_translate.append(unit)
        else:
            unit.en, unit.flags = unit.hi, ["passthrough"]
    return to_translate


def _units(doc: Document) -> list[Sentence]:
    """What to translate: the title (as a sentence record of its own) and the sentences."""
    if doc.title and "title_unit" not in doc.extra:
        doc.extra["title_unit"] = Sentence(hi=doc.title, paragraph=-1)
    return ([doc.extra["title_unit"]] if doc.title else []) + doc.sentences


def _translate_together(
    docs: list[Document], translator: Translator, kinds: Policy | None, tally: Tally
) -> None:
    units = _pass_through([unit for doc in docs for unit in _units(doc)])
    started = time.perf_counter()
    # In passes of bounded size: a long document's sentences go to the translator in pieces,
    # so the work in flight (masked texts, token counts, the batch plan) stays bounded.
    for first in range(0, len(units), SENTENCES_PER_PASS):
        translate_sentences(translator, units[first : first + SENTENCES_PER_PASS], kinds, tally)
    seconds = time.perf_counter() - started
    log.debug("translated %d documents, %d units in %.2f s", len(docs), len(units), seconds)
    seconds_per_unit = seconds / max(len(units), 1)
    for doc in docs:
        if doc.title:
            doc.title_en = doc.extra["title_unit"].en
        doc.timings["translate"] = round(seconds_per_unit * len(_units(doc)), 4)
        doc.extra["memory_hits"] = sum(unit.remembered for unit in _units(doc))


def process(
    docs: list[Document],
    config: RunConfig,
    translator: Translator,
    summarizer: Summarizer,
    reporter: Reporter | None = None,
) -> None:
    """Run every stage but writing on ``docs``; failures are recorded on the documents."""
    for _ in process_in_windows(docs, config, translator, summarizer, reporter, None):
        pass


def process_in_windows(
    docs: list[Document],
    config: RunConfig,
    translator: Translator,
    summarizer: Summarizer,
    reporter: Reporter | None = None,
    window_units: int | None = WINDOW_UNITS,
) -> Iterator[list[Document]]:
    """Like :func:`process`, yielding the documents a few at a time as they are done.

    Consecutive documents are translated together until they hold ``window_units`` units
    (sentences and titles): enough for full, length-sorted batches, few enough that finished
    documents can be written, and counted, long before the whole chunk is translated.
    ``None`` translates all of ``docs`` together.
    """
    for doc in docs:
        _timed(doc, "prepare", lambda d=doc: prepare(d, config))
    if reporter:
        plan(docs, reporter)
    # config.translator.placeholders, resolved for the loaded model's family.
    policy = config.translator.placeholder_policy(getattr(translator, "family", "nllb"))
    for window in _windows(docs, window_units) if window_units else [docs]:
        translate_documents(window, translator, reporter, policy)
        for doc in window:
            _timed(doc, "check", lambda d=doc: flag_sentences(d, config.quality))
            _timed(doc, "summarize", lambda d=doc: setattr(d, "summary", summarizer.summarize(d)))
        yield window


def _windows(docs: list[Document], units: int) -> Iterator[list[Document]]:
    """Consecutive runs of ``docs`` holding at least ``units`` units each (the last: the rest)."""
    window: list[Document] = []
    held = 0
    for doc in docs:
        window.append(doc)
        held += len(_units(doc)) if doc.status == "pending" else 0
        if held >= units:
            yield window
            window, held = [], 0
    if window:
        yield window


def flag_sentences(doc: Document, thresholds: QualityConfig) -> None:
    """Add the fidelity flags of every translated sentence (pass-through text is not checked)."""
    for sentence in doc.sentences:
        if "passthrough" not in sentence.flags:
            sentence.flags.extend(check(sentence.hi, sentence.en, thresholds))


def _timed(doc: Document, stage: str, action) -> None:
    if doc.status != "pending":
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


def models_info(
    config: RunConfig, translator: Translator | None = None, summarizer: Summarizer | None = None
) -> dict[str, Any]:
    """What makes the briefs — model ids, backend, library versions. A loaded model describes
    itself; otherwise the config does (the two agree: ``Translator.info`` reads the config)."""
    return {
        "translator": translator.info if translator else describe_translator(config.translator),
        "summarizer": summarizer.info if summarizer else describe_summarizer(config.summarizer),
    }


class LocalEngine:
    """Runs the stages in this process: models load once, chunks are processed in order."""

    def __init__(
        self,
        config: RunConfig,
        translator: Translator | None = None,
        summarizer: Summarizer | None = None,
        reporter: Reporter | None = None,
    ) -> None:
        self.config, self.reporter = config, reporter
        self.translator = translator or Translator(config.translator)
        self.summarizer = summarizer or build_summarizer(config.summarizer, self.translator)
        self.models = models_info(config, self.translator, self.summarizer)
        memory = open_memory(config, self.models["translator"])
        self.remembering = Remembering(self.translator, memory)

    def process(self, chunks: Iterable[list[Document]]) -> Iterator[list[Document]]:
        """Documents of ``chunks`` in order, a window at a time as they are done."""
        try:
            for chunk in chunks:
                yield from self.process_chunk(chunk)
        finally:
            self.remembering.close()

    def process_chunk(self, chunk: list[Document]) -> Iterator[list[Document]]:
        """One chunk's documents, a window at a time (see :func:`process_in_windows`)."""
        args = (self.config, self.remembering, self.summarizer, self.reporter)
        return process_in_windows(chunk, *args)


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
        raise Interrupted(getattr(exc, "signum", 2), result.counts) from None
    return result


def _engine(
    config: RunConfig,
    translator: Translator | None,
    summarizer: Summarizer | None,
    reporter: Reporter | None,
):
    started = time.perf_counter()
    if config.engine == "ray":
        from translate_summarize.ray_engine import RayEngine

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
    from translate_summarize.brief import brief_dict
    from translate_summarize.errors import InputError

    translator = Translator(config.translator)
    summarizer = build_summarizer(config.summarizer, translator)
    process([doc], config, Remembering(translator, None), summarizer)
    if doc.failed:
        raise InputError(f"Cannot translate {doc.source}: {doc.error}.")
    doc.status = "ok"
    return brief_dict(doc, models_info(config, translator, summarizer))
