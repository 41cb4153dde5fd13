"""Summaries that stay parallel: extractive (TextRank) or abstractive (a seq2seq model through
one of the ``generators``, its summary translated back to Hindi)."""
