"""Devanagari as the text stages see it: its code-point ranges and its digits, in one place.

Ranges are written for use inside a regular-expression character class (``f"[{ANY}]"``).
Which range a rule uses is part of the rule: "any Devanagari character" decides that a line is
Hindi; "letters and marks" leaves out the dandas and digits that other scripts' texts share;
the combining marks are the signs that attach to the letter before them.
"""

from __future__ import annotations

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
