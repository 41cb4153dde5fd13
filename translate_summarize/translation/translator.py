"""Hindi→English translation: one :class:`Translator` per run, loaded once from config.

The :class:`Translator` owns what is the same for every backend: it measures each source in
tokens, splits sources longer than the model accepts (never truncating them silently), sorts by
length, cuts batches by a padded-token budget, keeps as many batches in flight as the backend
decodes at once, and puts the results back in input order. A backend only turns one batch of
strings into strings. Backends are picked by name from :data:`BACKENDS`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from translate_summarize.config import Policy, TranslatorConfig
from translate_summarize.errors import ConfigError
from translate_summarize.record import Sentence
from translate_summarize.text.chunking import pack, split_clauses
from translate_summarize.text.placeholders import protect, restore
from translate_summarize.translation.batching import plan_batches, run_batches
from translate_summarize.translation.conversion import read_metadata
from translate_summarize.translation.ctranslate2_backend import CTranslate2Backend
from translate_summarize.translation.transformers_backend import TransformersBackend

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


class Backend(Protocol):
    """What a translation backend provides to :class:`Translator`."""

    max_input_tokens: int
    family: str  # the model family (nllb, indictrans2), which decides its conventions
    reversible: bool  # whether it can also translate target → source
    # Batches the backend decodes at once (CTranslate2's inter_threads); translate_batch must
    # be safe to call from that many threads.
    parallel_batches: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def translate_batch(
        self, texts: Sequence[str], max_new_tokens: int, src_lang: str, tgt_lang: str
    ) -> list[str]: ...


class TranslatorLike(Protocol):
    """What the stages need of a translator: a :class:`Translator`, the translation memory in
    front of one (:class:`~translate_summarize.translation.memory.Remembering`), or a fake."""

    @property
    def family(self) -> str: ...

    @property
    def placeholder_policy(self) -> Policy: ...

    def translate(
        self,
        texts: Sequence[str],
        progress: Progress | None = None,
        reverse: bool = False,
        weights: Sequence[int] | None = None,
    ) -> list[Translation]: ...


@dataclass
class Translation:
    """One translated source, with ``chunked`` set when it had to be split to fit the model."""

    text: str
    chunked: bool = False
    remembered: bool = False  # served by the translation memory (translation.memory), not decoded


class Translator:
    """Translate batches of sentences with the backend and model named in ``config``."""

    def __init__(self, config: TranslatorConfig) -> None:
        self.config = config
        self.backend: Backend = BACKENDS[config.backend](config)
        limit = config.max_input_tokens or self.backend.max_input_tokens
        self.max_input_tokens = min(limit, self.backend.max_input_tokens)

    @property
    def reversible(self) -> bool:
        """Whether the model can also translate target → source (``translate(reverse=True)``)."""
        return self.backend.reversible

    @property
    def family(self) -> str:
        """The model family (``nllb``, ``indictrans2``), which decides its conventions."""
        return self.backend.family

    @property
    def placeholder_policy(self) -> Policy:
        """What :func:`translate_sentences` masks for this model (config, per family)."""
        return self.config.placeholder_policy(self.family)

    @property
    def info(self) -> dict[str, str]:
        """Model id, backend and library version, for the brief and ``run.json``."""
        return describe_translator(self.config)

    def translate(
        self,
        texts: Sequence[str],
        progress: Progress | None = None,
        reverse: bool = False,
        weights: Sequence[int] | None = None,
    ) -> list[Translation]:
        """Translate ``texts`` in order; empty strings map to empty strings.

        ``progress`` is called as texts finish (a text split to fit the model finishes with
        its last piece) with how much they count: ``weights[i]``, 1 each by default.
        ``reverse`` translates from the target language back to the source language (used to
        give an English abstractive summary its Hindi side).
        """
        if reverse and not self.reversible:
            raise ConfigError(
                f"Model {self.config.model!r} translates {self.config.src_lang} → "
                f"{self.config.tgt_lang} only; it cannot translate back."
            )
        langs = (self.config.src_lang, self.config.tgt_lang)
        pieces, owners, lengths = self._fit(texts)
        on_batch = _finished_texts(owners, pieces, weights or [1] * len(texts), progress)
        outputs = self._translate_pieces(
            pieces, lengths, on_batch, langs[::-1] if reverse else langs
        )
        joined: list[list[str]] = [[] for _ in texts]
        for owner, output in zip(owners, outputs):
            joined[owner].append(output)
        return [Translation(" ".join(parts).strip(), len(parts) > 1) for parts in joined]

    def _fit(self, texts: Sequence[str]) -> tuple[list[str], list[int], list[int]]:
        """Split sources longer than the model's input limit.

        Returns the pieces, the index of the text each came from, and each piece's token
        length (measured once here and reused for batching).
        """
        pieces: list[str] = []
        owners: list[int] = []
        lengths: list[int] = []
        for index, (text, length) in enumerate(zip(texts, self.backend.count_tokens(texts))):
            if length <= self.max_input_tokens:
                parts, sizes = [text], [length]
            else:
                parts = self._split_long(text)
                sizes = self.backend.count_tokens(parts)
            pieces.extend(parts)
            lengths.extend(sizes)
            owners.extend([index] * len(parts))
        return pieces, owners, lengths

    def _split_long(self, text: str) -> list[str]:
        clauses = split_clauses(text)
        sizes = self.backend.count_tokens(clauses)
        return pack(clauses, sizes, self.max_input_tokens)

    def _translate_pieces(
        self,
        pieces: list[str],
        lengths: list[int],
        on_batch: Callable[[list[int]], None] | None,
        langs: tuple[str, str],
    ) -> list[str]:
        results = [""] * len(pieces)
        todo = [i for i, piece in enumerate(pieces) if piece.strip()]
        todo_lengths = [lengths[i] for i in todo]

        def run(planned: tuple[list[int], int]) -> tuple[list[int], list[str]]:
            batch, cap = planned
            indices = [todo[i] for i in batch]
            return indices, self.backend.translate_batch([pieces[i] for i in indices], cap, *langs)

        plan = self._plan(todo_lengths)
        log.debug("%d pieces in %d batches", len(todo), len(plan))
        for indices, outputs in run_batches(run, plan, self.parallel_batches):
            for index, output in zip(indices, outputs):
                results[index] = output
            if on_batch:
                on_batch(indices)
        return results

    def _plan(self, lengths: Sequence[int]) -> list[tuple[list[int], int]]:
        """Batches of indices into ``lengths`` (source tokens) with their output caps.

        A sentence counts as its source tokens plus its output cap: the positions whose
        decoder state each beam hypothesis holds when the sentence runs to its cap. Counting
        both bounds memory even in a repetition loop; source tokens alone under-count short
        sentences, whose state is mostly output. The budget bounds the tokens in flight, so
        parallel batches share it.
        """
        parallel = self.parallel_batches
        budget = max(1, self.config.max_batch_tokens // parallel)
        sizes = [length + self.output_cap(length) for length in lengths]
        planned = [
            (batch, self.output_cap(max(lengths[i] for i in batch)))
            for batch in plan_batches(sizes, budget, parallel)
        ]
        # Most decoding work (sentences x steps) first: a run ends when its last worker does,
        # so the heaviest batches start at once and the light ones fill in at the end.
        return sorted(planned, key=lambda p: -len(p[0]) * p[1])

    @property
    def parallel_batches(self) -> int:
        """How many batches the backend decodes at once."""
        return max(1, self.backend.parallel_batches)

    def output_cap(self, source_tokens: int) -> int:
        """Generated-token cap for a batch whose longest source has ``source_tokens`` tokens.

        Tied to the input so that a repetition loop stops early instead of running to the
        model's maximum; never above ``max_length``.
        """
        cap = math.ceil(self.config.length_ratio * source_tokens) + self.config.length_offset
        return max(1, min(self.config.max_length, cap))


def _finished_texts(
    owners: Sequence[int], pieces: Sequence[str], weights: Sequence[int], progress: Progress | None
) -> Callable[[list[int]], None] | None:
    """A per-batch callback that reports texts whose every piece is done, by weight.

    Texts with nothing to translate are done at once.
    """
    if progress is None:
        return None
    left = [0] * len(weights)
    for owner, piece in zip(owners, pieces):
        left[owner] += bool(piece.strip())
    if empty := sum(w for w, n in zip(weights, left) if n == 0):
        progress(empty)

    def on_batch(indices: list[int]) -> None:
        done = 0
        for index in indices:
            left[owners[index]] -= 1
            done += weights[owners[index]] if left[owners[index]] == 0 else 0
        if done:
            progress(done)

    return on_batch


def translate_sentences(
    translator: TranslatorLike,
    sentences: Sequence[Sentence],
    kinds: Policy | None = None,
    progress: Progress | None = None,
) -> None:
    """Set ``en`` and the translation flags of sentence records, protecting ``kinds`` of spans
    with placeholders (a policy, see :mod:`translate_summarize.text.placeholders`; by default the
    translator's configured policy for its model family).

    A sentence whose placeholders do not all come back is translated again with its values
    inline and flagged ``placeholder_lost``; one split to fit the model is flagged ``chunked``.
    Flags from an earlier, failed attempt are cleared, so a retry never doubles them.
    """
    if kinds is None:
        kinds = translator.placeholder_policy
    policy = kinds if isinstance(kinds, str) else tuple(kinds)
    masked = []
    # A title is translated as a unit of its own (paragraph -1) but is not a sentence of the
    # text, so it does not count in progress.
    weights = [0 if sentence.paragraph < 0 else 1 for sentence in sentences]
    for sentence in sentences:
        sentence.flags = []
        text, sentence.placeholders = protect(sentence.hi, policy)
        masked.append(text)
    retry = []
    results = translator.translate(masked, progress, weights=weights)
    for sentence, result in zip(sentences, results):
        text, lost = restore(result.text, sentence.placeholders)
        if lost:
            retry.append(sentence)
            continue
        _assign(sentence, text, result)
    if retry:
        # Already counted in progress by the first pass.
        log.debug("%d sentences lost a placeholder; translating them again", len(retry))
        again = translator.translate([s.hi for s in retry])
        for sentence, result in zip(retry, again):
            _assign(sentence, result.text, result, "placeholder_lost")


def _assign(sentence: Sentence, text: str, result: Translation, *flags: str) -> None:
    sentence.en, sentence.remembered = text, result.remembered
    sentence.flags.extend(flags)
    if result.chunked:
        sentence.flags.append("chunked")


def describe_translator(config: TranslatorConfig) -> dict[str, str]:
    """What translates, from the config alone (no model loaded): the same on every engine."""
    from importlib.metadata import PackageNotFoundError, version

    library = "ctranslate2" if config.backend == "ctranslate2" else "transformers"
    try:
        library_version = version(library)
    except PackageNotFoundError:
        library_version = "not installed"
    info = {
        "model": config.model,
        "backend": config.backend,
        "library": f"{library} {library_version}",
    }
    if config.backend == "ctranslate2":
        info["compute_type"] = config.compute_type
        info["vmap"] = str(config.use_vmap).lower()
        info.update(_converted_from(config.model))
    return info


def _converted_from(model: str) -> dict[str, str]:
    """The family and source checkpoint ``models convert`` recorded in a converted folder; a
    hub id or checkpoint (converted automatically) is its own source. NLLB by default."""

    try:
        metadata = read_metadata(Path(model))
    except (OSError, ValueError):
        metadata = {}
    source = metadata.get("source_model", model)
    return {"family": str(metadata.get("family", "nllb")), "source_model": str(source)}


# Name → backend. Each imports its library (torch, ctranslate2) when it is built, so choosing
# one backend never loads the other's.
BACKENDS: dict[str, Callable[[TranslatorConfig], Backend]] = {
    "transformers": TransformersBackend,
    "ctranslate2": CTranslate2Backend,
}
