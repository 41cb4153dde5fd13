"""The stages applied to documents, in order: prepare (clean, segment, script check), translate
(a window of documents together), check (fidelity flags), summarize. Writing is the run's job
(:mod:`translate_summarize.engine.pipeline`). A failure is caught at the smallest unit it
affects and turns that one document ``failed`` with a reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from translate_summarize.config import QualityConfig, RunConfig
from translate_summarize.engine.progress import Reporter, Tally, mark_reported, plan
from translate_summarize.reading.read import too_long
from translate_summarize.record import Document, Sentence
from translate_summarize.summary.summarizer import Summarizer
from translate_summarize.text.clean import clean
from translate_summarize.text.placeholders import Policy
from translate_summarize.text.quality import check
from translate_summarize.text.script import (
    ENGLISH_MAX_DEVANAGARI_SHARE,
    devanagari_share,
    dominant_script,
    needs_translation,
)
from translate_summarize.text.segment import split_paragraphs
from translate_summarize.translation.translator import TranslatorLike, translate_sentences

log = logging.getLogger(__name__)
_FINAL_PUNCTUATION = tuple("।॥.?!:;\"'”’)")
SENTENCES_PER_PASS = 4096


# Units translated together before their documents are summarised and written: with the
# default 1,000-token budget that is a dozen or more full batches (length-sorted within the
# window), while a 25-sentence article is counted done within a few articles of finishing.
WINDOW_UNITS = 128


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
    translator: TranslatorLike,
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
    doc: Document, translator: TranslatorLike, kinds: Policy | None, tally: Tally
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
    docs: list[Document], translator: TranslatorLike, kinds: Policy | None, tally: Tally
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
    translator: TranslatorLike,
    summarizer: Summarizer,
    reporter: Reporter | None = None,
) -> None:
    """Run every stage but writing on ``docs``; failures are recorded on the documents."""
    for _ in process_in_windows(docs, config, translator, summarizer, reporter, None):
        pass


def process_in_windows(
    docs: list[Document],
    config: RunConfig,
    translator: TranslatorLike,
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
    policy = config.translator.placeholder_policy(translator.family)
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
