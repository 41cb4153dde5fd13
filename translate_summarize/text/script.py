"""Devanagari as the text stages see it: its code-point ranges and its digits, in one place,
and what they decide — which script a text is in, and whether a sentence needs translating.

Ranges are written for use inside a regular-expression character class (``f"[{ANY}]"``).
Which range a rule uses is part of the rule: "any Devanagari character" decides that a line is
Hindi; "letters and marks" leaves out the dandas and digits that other scripts' texts share;
the combining marks are the signs that attach to the letter before them.
"""

from __future__ import annotations

import re
import unicodedata

BLOCK = "\u0900-\u097f"
"""The Devanagari block (U+0900–U+097F): letters, signs, dandas, digits."""
EXTENDED = "\ua8e0-\ua8ff"
"""Devanagari Extended (U+A8E0–U+A8FF): Vedic and cantillation signs."""
ANY = BLOCK + EXTENDED
"""Every Devanagari character."""
LETTERS_AND_MARKS = "\u0900-\u0963\u0971-\u097f" + EXTENDED
"""Letters, vowel signs, virama and nukta: the block without the dandas, digits and the
abbreviation sign (U+0964–U+0970)."""
COMBINING_MARKS = "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"
"""Vowel signs, virama, nukta and other signs that attach to the preceding letter."""
DIGITS = "०१२३४५६७८९"
"""Devanagari digits zero to nine."""
DIGIT_RANGE = f"{DIGITS[0]}-{DIGITS[-1]}"
TO_ASCII_DIGITS = str.maketrans(DIGITS, "0123456789")
"""``str.translate`` table: Devanagari digits to ASCII digits."""


# Devanagari letters AND marks count towards the script of a text: vowel signs (matras), virama
# and nukta are not ``isalpha()``, yet they are a third of written Hindi. Digits and dandas are
# punctuation-like and shared with other scripts' texts, so they do not count.
_DEVA_LETTER = re.compile(f"[{LETTERS_AND_MARKS}]")


ENGLISH_MAX_DEVANAGARI_SHARE = 0.01
"""A document is English (passed through whole) only when under 1% of its letters and marks
are Devanagari. Every sentence with a Devanagari letter is translated anyway (see
:func:`needs_translation`), so this share only decides the document's warning."""


def script_counts(text: str) -> dict[str, int]:
    """Letters and marks of ``text`` per Unicode script (``DEVANAGARI``, ``LATIN``, …)."""
    counts: dict[str, int] = {}
    for char in text:
        if _DEVA_LETTER.match(char):
            name = "DEVANAGARI"
        elif char.isalpha() or unicodedata.category(char).startswith("M"):
            name = unicodedata.name(char, "UNKNOWN").split(" ")[0]
        else:
            continue
        counts[name] = counts.get(name, 0) + 1
    return counts


def dominant_script(text: str) -> str | None:
    """The script most letters and marks of ``text`` belong to; ``None`` when it has none."""
    counts = script_counts(text)
    return max(counts, key=counts.__getitem__) if counts else None


def devanagari_share(text: str) -> float:
    """Share of Devanagari among the letters and marks of ``text`` (0.0 when it has none)."""
    counts = script_counts(text)
    total = sum(counts.values())
    return counts.get("DEVANAGARI", 0) / total if total else 0.0


def needs_translation(sentence: str) -> bool:
    """True unless the sentence has Latin letters and no Devanagari letter or mark at all.

    A sentence with one Devanagari letter is Hindi to the translator; a sentence of only
    digits or punctuation is left to the translator too (it copies or renders numbers).
    """
    if _DEVA_LETTER.search(sentence):
        return True
    return not any(char.isalpha() and char.isascii() for char in sentence)
