"""Summaries that stay parallel: pick sentences, then show them in both languages.

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

_WORD = re.compile(r"[\w\u0900-\u097f]+")
# Short lines (sub-headings, datelines) summarise nothing; they are chosen only if nothing else is.
MIN_WORDS = 5


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; Devanagari vowel signs stay in their word)."""
    return [w.lower() for w in _WORD.findall(text) if not w.isdigit()]


def tfidf_matrix(token_lists: Sequence[list[str]]) -> np.ndarray:
    """Rows are L2-normalised TF-IDF vectors, one per token list (smoothed IDF)."""
    vocabulary = sorted({t for tokens in token_lists for t in tokens})
    index = {token: i for i, token in enumerate(vocabulary)}
    n = len(token_lists)
    document_frequency = Counter(t for tokens in token_lists for t in set(tokens))
    matrix = np.zeros((n, len(vocabulary)))
    for row, tokens in enumerate(token_lists):
        for token, count in Counter(tokens).items():
            idf = math.log((1 + n) / (1 + document_frequency[token])) + 1
            matrix[row, index[token]] = count * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def textrank(
    token_lists: Sequence[list[str]], damping: float = 0.85, iterations: int = 100
) -> np.ndarray:
    """TextRank scores: PageRank over the sentence-similarity graph (power iteration)."""
    n = len(token_lists)
    if n == 0:
        return np.zeros(0)
    vectors = tfidf_matrix(token_lists)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    out_weight = similarity.sum(axis=1, keepdims=True)
    # A sentence sharing no word with any other links evenly to all, so rows stay stochastic.
    transition = np.where(
        out_weight > 0, similarity / np.where(out_weight == 0, 1, out_weight), 1 / n
    )
    scores = np.full(n, 1 / n)
    for _ in range(iterations):
        updated = (1 - damping) / n + damping * transition.T @ scores
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
        self.info = {"model": self.method}

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


Summarizer = ExtractiveSummarizer
SUMMARIZERS: dict[str, Callable[[SummarizerConfig], Summarizer]] = {
    "extractive": ExtractiveSummarizer,
}


def build_summarizer(config: SummarizerConfig) -> Summarizer:
    """The summarizer named by ``config.method``, loaded once."""
    try:
        factory = SUMMARIZERS[config.method]
    except KeyError:
        raise ConfigError(
            f"Unknown summarizer.method {config.method!r}; "
            f"valid methods: {', '.join(sorted(SUMMARIZERS))}."
        ) from None
    return factory(config)
