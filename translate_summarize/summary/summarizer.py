"""Summaries that stay parallel in Hindi and English.

The extractive method ranks sentences by TextRank — PageRank over the cosine similarity of their
TF-IDF vectors — and keeps the top ``k`` in document order. Because every Hindi sentence has its
own English translation, the chosen indices give a Hindi and an English summary that say the
same thing. Ranking uses the English side, where word boundaries are simple; a sentence whose
English is empty falls back to its Hindi words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from translate_summarize.config import SummarizerConfig
from translate_summarize.errors import ConfigError
from translate_summarize.record import Document, Summary
from translate_summarize.summary.generators import GENERATORS
from translate_summarize.text import script
from translate_summarize.text.chunking import pack
from translate_summarize.text.segment import split_sentences
from translate_summarize.translation.translator import Translator

_WORD = re.compile(f"[\\w{script.BLOCK}]+")
# Short lines (sub-headings, datelines) summarise nothing; they are chosen only if nothing else is.
MIN_WORDS = 5
DEFAULT_ABSTRACTIVE_MODEL = "sshleifer/distilbart-cnn-12-6"
# Each round shrinks the text to (windows × max_length) tokens; four rounds cover any article.
MAX_REDUCE_ROUNDS = 4


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; Devanagari vowel signs stay in their word)."""
    return [w.lower() for w in _WORD.findall(text) if not w.isdigit()]


def tfidf_matrix(token_lists: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L2-normalised TF-IDF rows (smoothed IDF), one per token list, as sparse coordinates:
    ``(rows, columns, values)`` of the non-zero entries."""
    vocabulary: dict[str, int] = {}
    document_frequency: Counter = Counter(t for tokens in token_lists for t in set(tokens))
    n = len(token_lists)
    rows, columns, values = [], [], []
    for row, tokens in enumerate(token_lists):
        for token, count in Counter(tokens).items():
            rows.append(row)
            columns.append(vocabulary.setdefault(token, len(vocabulary)))
            values.append(count * (math.log((1 + n) / (1 + document_frequency[token])) + 1))
    rows_, columns_, values_ = np.array(rows, int), np.array(columns, int), np.array(values)
    norms = np.sqrt(np.bincount(rows_, weights=values_**2, minlength=n))
    return rows_, columns_, values_ / np.where(norms == 0, 1, norms)[rows_]


def textrank(
    token_lists: Sequence[list[str]], damping: float = 0.85, iterations: int = 100
) -> np.ndarray:
    """TextRank scores: PageRank over the sentence-similarity graph (power iteration).

    The similarity matrix S = X Xᵀ (no self-links) is never built: S @ v is computed as
    X (Xᵀ v) minus the diagonal, so memory and time grow with the words, not with the square
    of the sentence count (a dense matrix does not fit in memory for a very long article).
    """
    n = len(token_lists)
    if n == 0:
        return np.zeros(0)
    rows, columns, values = tfidf_matrix(token_lists)
    self_similarity = np.bincount(rows, weights=values**2, minlength=n)

    def similarity_times(vector: np.ndarray) -> np.ndarray:
        per_word = np.bincount(columns, weights=values * vector[rows])
        return np.bincount(rows, weights=values * per_word[columns], minlength=n) - (
            self_similarity * vector
        )

    out_weight = similarity_times(np.ones(n))
    linked = out_weight > 1e-12
    scores = np.full(n, 1 / n)
    for _ in range(iterations):
        # A sentence sharing no word with any other links evenly to all, so rows stay stochastic.
        spread = scores[~linked].sum() / n
        flow = similarity_times(np.where(linked, scores / np.where(linked, out_weight, 1), 0))
        updated = (1 - damping) / n + damping * (flow + spread)
        if np.abs(updated - scores).sum() < 1e-9:
            return updated
        scores = updated
    return scores


def select(token_lists: Sequence[list[str]], k: int) -> list[int]:
    """Indices of the ``k`` best sentences, in document order; ties go to the earlier one."""
    scores = textrank(token_lists)
    eligible = [i for i, tokens in enumerate(token_lists) if len(tokens) >= MIN_WORDS]
    pool = eligible if len(eligible) >= min(k, len(token_lists)) else list(range(len(token_lists)))
    ranked = sorted(pool, key=lambda i: (-round(float(scores[i]), 12), i))
    return sorted(ranked[:k])


class ExtractiveSummarizer:
    """TextRank over the English side; the summary is the chosen sentence pairs."""

    method = "extractive-textrank"

    def __init__(self, config: SummarizerConfig) -> None:
        self.config = config
        self.info = describe_summarizer(config)

    def summarize(self, doc: Document) -> Summary:
        """Summarise one translated document."""
        token_lists = [tokenize(s.en) or tokenize(s.hi) for s in doc.sentences]
        chosen = select(token_lists, self.config.sentences)
        return Summary(
            hi=[doc.sentences[i].hi for i in chosen],
            en=[doc.sentences[i].en for i in chosen],
            method=self.method,
            indices=chosen,
        )


class AbstractiveSummarizer:
    """A seq2seq summarizer (BART family) over the English side, on CTranslate2 (default) or
    transformers (``summarizer.backend``).

    A document longer than the model's input is summarised in windows of whole sentences that
    fit, and the partial summaries are summarised again until one summary remains (map-reduce).
    The English summary is split into sentences and each is translated back to Hindi with the
    run's own translation model, so the brief's summary stays parallel.
    """

    method = "abstractive+backtranslation"

    def __init__(self, config: SummarizerConfig, translator: Translator | None = None) -> None:
        if translator is None:
            raise ConfigError(
                "summarizer.method 'abstractive' needs the translator to give the summary its "
                "Hindi side; build it with build_summarizer(config, translator)."
            )
        if not translator.reversible:
            raise ConfigError(
                "summarizer.method 'abstractive' translates the English summary back to Hindi, "
                f"which translator.model {translator.config.model!r} cannot do (IndicTrans2 "
                "indic-en models translate into English only); use method: extractive with it, "
                "or an NLLB model."
            )
        self.config, self.translator = config, translator
        self.model_id = config.model or DEFAULT_ABSTRACTIVE_MODEL
        # One conversion cache for the run: the translator's.
        cache_dir = translator.config.cache_dir
        self.generator = GENERATORS[config.backend](self.model_id, config, cache_dir)
        self.tokenizer = self.generator.tokenizer
        positions = self.generator.max_positions
        self.max_input_tokens = min(positions, self.tokenizer.model_max_length) - 2
        self.info = describe_summarizer(config)

    def summarize(self, doc: Document) -> Summary:
        """Summarise one translated document; ``indices`` is empty (nothing is extracted)."""

        english = self.summarize_text([s.en for s in doc.sentences if s.en.strip()])
        en = split_sentences(english)
        if not en and doc.sentences:
            # An empty summary of a non-empty article helps nobody: say so, and extract instead.
            doc.warnings.append("abstractive summary came out empty; extractive summary used")
            return ExtractiveSummarizer(self.config).summarize(doc)
        hi = [t.text for t in self.translator.translate(en, reverse=True)] if en else []
        return Summary(hi=hi, en=en, method=self.method)

    def summarize_text(self, sentences: list[str]) -> str:
        """Map-reduce summary of consecutive ``sentences`` (bounded number of rounds)."""

        for _ in range(MAX_REDUCE_ROUNDS):
            if not sentences:
                return ""
            # Measured with a leading space: that is how a sentence tokenizes inside a window.
            spaced = [f" {sentence}" for sentence in sentences]
            encoded = self.tokenizer(spaced, add_special_tokens=False)["input_ids"]
            sizes = [len(ids) for ids in encoded]
            windows = pack(sentences, sizes, self.max_input_tokens)
            sentences = self._generate(windows)
            if len(windows) == 1:
                break
        return " ".join(sentences)

    def _generate(self, texts: list[str]) -> list[str]:
        return self.generator.generate(texts, self.max_input_tokens + 2)


Summarizer = ExtractiveSummarizer | AbstractiveSummarizer
SUMMARIZERS: dict[str, Callable[[SummarizerConfig, Translator | None], Summarizer]] = {
    "extractive": lambda config, translator: ExtractiveSummarizer(config),
    "abstractive": AbstractiveSummarizer,
}


def describe_summarizer(config: SummarizerConfig) -> dict[str, str]:
    """What summarises, from the config alone (no model loaded)."""
    if config.method == "abstractive":
        model = config.model or DEFAULT_ABSTRACTIVE_MODEL
        return {"model": model, "method": AbstractiveSummarizer.method, "backend": config.backend}
    return {"model": ExtractiveSummarizer.method}


def build_summarizer(config: SummarizerConfig, translator: Translator | None = None) -> Summarizer:
    """The summarizer named by ``config.method``, loaded once."""
    return SUMMARIZERS[config.method](config, translator)
