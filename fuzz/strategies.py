"""Hypothesis generators: arbitrary Unicode, Devanagari-heavy, markup-heavy and punctuation-heavy
text, and the pathological line shapes that once took quadratic time."""

from __future__ import annotations

from hypothesis import strategies as st

DEVANAGARI = (
    [chr(c) for c in range(0x0900, 0x0980)]  # letters, matras, nukta, virama, danda, digits
    + ["\u200c", "\u200d", "\u200b", "\ufeff", "\u00a0"]  # ZWNJ, ZWJ, ZWSP, BOM, NBSP
    + list("0123456789 .,\n")
)
MARKUP = [
    "<p>",
    "</div>",
    "<a href='x'>",
    "&nbsp;",
    "&amp;",
    "<ID1>",
    "[ID 2]",
    "< id3 >",
    "http://x.in/a?b=1",
    "www.",
    "https://t.co/",
    "@user",
    "#टैग",
    "#1",
    "a@b.com",
    "LIVE TV",
    "ये भी पढ़ें:",
    "Updated 5:12 PM IST",
    "टैग्स:",
    "©",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u2028",
    "—",
    "|",
    " ",
    "पीटीआई",
    "You may also like",
    "1,87,500",
    "३.५%",
    "लाख",
    "करोड़",
]
PUNCTUATION = [
    "।",
    "॥",
    ".",
    "?",
    "!",
    "|",
    '"',
    "“",
    "”",
    "'",
    ")",
    "(",
    "]",
    " ",
    "  ",
    "\n",
    "डॉ.",
    "1.",
    "(ii).",
    "क.",
    "ए.",
    "उ.प्र.",
    "U.S.",
    "...",
    "?!",
    "। ”",
    " के",
    "कहा",
    "अ",
    "a",
    "A",
    "3.5",
    "१२.",
]


def _pieces(alphabet: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(alphabet), max_size=max_size).map("".join)


arbitrary = st.text(max_size=200)
devanagari = st.text(alphabet=st.sampled_from(DEVANAGARI), max_size=200)
markup = _pieces(MARKUP + DEVANAGARI[:80])
punctuation = _pieces(PUNCTUATION)
any_text = st.one_of(arbitrary, devanagari, markup, punctuation)

# A unit repeated into a line of any length: each once made a text function quadratic.
PATHOLOGICAL_UNITS = {
    "abbreviations": "डॉ. ",
    "initials": "ए. ",
    "list_markers": "1. ",
    "pipes": "अ | ",
    "pipes_and_dandas": "अ।|",
    "dandas": "। ",
    "spaced_closers": "। ” ",
    "latin_letters": "a",
    "dots": ".",
    "dotted_letters": "a.",
    "numbers": "1 ",
    "hashtag_digits": "#1",
    "scaled_numbers": "5 लाख ",
    "marks_after_latin": "aि",
    "joiners": "\u200d",
    "sentences": "वह गया। ",
}
