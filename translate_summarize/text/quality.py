"""Fidelity flags: honest, rule-based warnings about one translated sentence.

Each rule catches a failure users of news MT keep reporting, with a threshold in config:

- ``empty``: the source has letters, the translation has none.
- ``untranslated``: Devanagari left in the English (a run of ``untranslated_min_letters``).
- ``repetition``: an n-gram (n ≤ 4) repeated ``repetition_min_repeats`` times in a row.
- ``numbers_mismatch``: a number in the source is missing from the translation. Devanagari
  digits, Indian grouping (1,87,500 = 187,500), number words up to twenty and lakh/crore →
  million/billion conversions count as present.
- ``length_ratio``: English/Hindi character ratio outside ``[length_ratio_min,
  length_ratio_max]``, for sources of at least ``length_ratio_min_chars`` characters.
- ``truncated``: the source ends a sentence (``।``, ``.``, ``?``, ``!``) but the translation
  stops mid-sentence — no final punctuation — and is shorter than
  ``truncated_max_ratio`` × the source: the shape of output cut off by a length limit.

``placeholder_lost`` and ``chunked`` are set by the translation step, which knows about them;
``passthrough`` (a sentence without Devanagari copied to ``en`` untranslated) by the pipeline.
An English that equals a Devanagari source is always ``untranslated``, however short.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from translate_summarize.config import QualityConfig
from translate_summarize.text import script

_NUMBER = re.compile(r"\d+(?:[,.]\d+)*")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_FLOAT = re.compile(r"\d+(?:\.\d+)?")
_WORDS = re.compile(r"\w+")  # what `\b…\b` delimits: a number word is one of these
# The word after a number (a scale such as लाख), read no further than the longest scale word.
_FOLLOWING_WORD = re.compile(r"\s*(\S{0,12})")
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_ORDINAL_WORDS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_SCALES = {
    "सौ": 100,
    "हज़ार": 1_000,
    "हजार": 1_000,
    "लाख": 100_000,
    "करोड़": 10_000_000,
    "अरब": 10**9,
}
_SCALE_WORDS = {100: "hundred", 1_000: "thousand", 10**6: "million", 10**9: "billion"}
FLAGS = (
    "empty",
    "untranslated",
    "repetition",
    "numbers_mismatch",
    "length_ratio",
    "truncated",
    "passthrough",
)
TRANSLATION_FLAGS = ("placeholder_lost", "chunked")
"""Flags the translation step sets (see :mod:`translate_summarize.translation.translator`)."""
ALL_FLAGS = FLAGS + TRANSLATION_FLAGS
"""Every flag a sentence of a brief can carry: the one list to validate flag names against."""
NOTICE_FLAGS = ("passthrough",)
"""Flags that say what was done, not that a translation is doubtful: a Latin-only quote copied
as it is. ``export --exclude-flags all`` and the flag rate leave them out, so an article with an
English quote is not dropped from a dataset as if it were badly translated."""
_SOURCE_END = re.compile(r"[।॥.?!|][\"'”’)\]\s]*$")
_TARGET_END = re.compile(r"[.?!…:;][\"'”’)\]\s]*$")


def check(hi: str, en: str, thresholds: QualityConfig | None = None) -> list[str]:
    """The fidelity flags of one Hindi sentence and its English translation, in a fixed order.

    ``thresholds`` defaults to the defaults of the ``quality`` section of the run config.
    """
    t = thresholds or QualityConfig()
    if not any(ch.isalnum() for ch in en) and any(ch.isalnum() for ch in hi):
        return ["empty"]
    flags = []
    copied = en.strip() == hi.strip() and re.search(f"[{script.BLOCK}]", hi)
    if copied or re.search(f"[{script.BLOCK}]{{{t.untranslated_min_letters},}}", en):
        flags.append("untranslated")
    if has_repetition(en, t.repetition_min_repeats):
        flags.append("repetition")
    if missing_numbers(hi, en):
        flags.append("numbers_mismatch")
    if len(hi) >= t.length_ratio_min_chars and not (
        t.length_ratio_min <= len(en) / len(hi) <= t.length_ratio_max
    ):
        flags.append("length_ratio")
    cut_short = len(en) < t.truncated_max_ratio * len(hi)
    if cut_short and _SOURCE_END.search(hi) and not _TARGET_END.search(en):
        flags.append("truncated")
    return flags


def has_repetition(text: str, min_repeats: int = 3, max_n: int = 4) -> bool:
    """True if some n-gram (1 ≤ n ≤ ``max_n``) occurs ``min_repeats`` times back to back."""
    words = [w.lower() for w in _WORD.findall(text)]
    for n in range(1, max_n + 1):
        span = n * min_repeats
        for start in range(len(words) - span + 1):
            gram = words[start : start + n]
            if all(
                words[start + k * n : start + (k + 1) * n] == gram for k in range(1, min_repeats)
            ):
                return True
    return False


def numbers(text: str) -> list[str]:
    """Numbers in ``text`` normalised: ASCII digits, no grouping commas, no leading zeros."""
    found = []
    for match in _NUMBER.finditer(text.translate(script.TO_ASCII_DIGITS)):
        token = match.group()
        if re.fullmatch(r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?", token):
            token = token.replace(",", "")  # 1,87,500 (Indian) and 187,500 (Western) grouping
        for part in re.split(r",", token):  # "3,4" lists stay separate numbers
            found.append(part.lstrip("0") or "0")
    return found


def missing_numbers(hi: str, en: str) -> list[str]:
    """Source numbers with no rendering in the translation."""
    lowered = en.lower()
    # Looked up once per pair, not once per number: a long line of numbers stays linear.
    seen = _Rendering(set(numbers(en)), set(_WORDS.findall(lowered)), lowered)
    return [n for n, scale in _numbers_with_scale(hi) if not _rendered(n, scale, seen)]


class _Rendering(NamedTuple):
    numbers: set[str]
    words: set[str]
    lowered: str


def _numbers_with_scale(hi: str) -> list[tuple[str, int]]:
    text = hi.translate(script.TO_ASCII_DIGITS)
    result = []
    for match in _NUMBER.finditer(text):
        following = _FOLLOWING_WORD.match(text, match.end()).group(1)
        scale = _SCALES.get(following.strip(".,।"), 1) if following else 1
        result.extend((n, scale) for n in numbers(match.group()))
    return result


def _rendered(number: str, scale: int, seen: _Rendering) -> bool:
    if number in seen.numbers:
        return True
    # Two digits at most before int(): a 5,000-digit "number" exceeds int()'s digit limit.
    if number.isdecimal() and len(number) <= 2 and int(number) <= 20:
        value = int(number)
        if _NUMBER_WORDS[value] in seen.words or _ORDINAL_WORDS[value] in seen.words:
            return True
    # "1.2.3" (a version, a date) is no float: it can only be present as written.
    return (
        scale > 1
        and _FLOAT.fullmatch(number) is not None
        and _scaled_rendered(float(number), scale, seen)
    )


def _scaled_rendered(value: float, scale: int, seen: _Rendering) -> bool:
    total = value * scale
    for unit, word in _SCALE_WORDS.items():
        amount = total / unit
        text = f"{amount:.2f}".rstrip("0").rstrip(".")
        if text in seen.numbers and word in seen.lowered:
            return True
    return f"{total:.0f}" in seen.numbers
