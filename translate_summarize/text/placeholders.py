"""Placeholders: protect what a translation model must copy, not translate.

Spans are replaced by ``<ID1>``, ``<ID2>``… before translation and put back afterwards from the
sentence's own map. A placeholder the model drops or garbles is reported, so the caller can
translate the sentence again with the values inline and flag it.

What is masked is a *policy*, chosen per model family, because a model sees ``<IDn>`` only in
the contexts its training put it in:

- a tuple of kinds — ``url``, ``email``, ``handle``, ``hashtag``, ``number`` (ASCII or
  Devanagari digits, Indian grouping, decimals, percentages; they come back in ASCII digits);
- ``"indicprocessor"``: IndicTrans2's own rules
  (:func:`translate_summarize.text.indicprocessor.mask`).

Defaults (:data:`~translate_summarize.config.DEFAULT_PLACEHOLDERS`): IndicTrans2 masks what
its reference pipeline masks; NLLB, trained without placeholders, masks only what it is known
to mangle (URLs, e-mails, handles, hashtags) and keeps numbers as text, where the
``numbers_mismatch`` flag checks them.
"""

from __future__ import annotations

import re

from translate_summarize.config import DEFAULT_PLACEHOLDERS, INDICPROCESSOR, Policy
from translate_summarize.text import indicprocessor as ip
from translate_summarize.text import script

KINDS = ("url", "email", "handle", "hashtag", "number")
_PATTERNS = {
    "url": r"(?:https?://|www\.)[^\s\"'<>]+[^\s\"'<>.,;:!?।)\]]",
    # Starts only where a run of address characters starts: from inside a long run without an
    # "@" the engine would rescan the rest of the run from every character (quadratic).
    "email": r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "handle": r"(?<![\w@])@\w{1,30}",
    "hashtag": f"(?<![\\w#])#[\\w{script.BLOCK}]*[^\\W\\d_][\\w{script.BLOCK}]*",
    "number": f"(?<![\\w.])[0-9{script.DIGIT_RANGE}]+(?:[,.][0-9{script.DIGIT_RANGE}]+)*%?",
}
# Models give placeholders back spaced or bracketed (IndicTrans2: "< ID1 >", "[ID1]", "<ID1]").
_TOKEN = re.compile(r"[<\[]\s*ID\s*(\d+)\s*[>\]]", re.IGNORECASE)
_LITERAL = r"(?i:[<\[]\s*ID\s*\d+\s*[>\]])"


def _pattern(kinds: tuple[str, ...]) -> re.Pattern[str]:
    # Text that already looks like a placeholder ("<ID1>" in the source) is protected first, so
    # restore() gives it back verbatim instead of replacing it with another span's value.
    wanted = [f"(?P<{k}>{_PATTERNS[k]})" for k in KINDS if k in kinds]
    return re.compile("|".join([f"(?P<literal>{_LITERAL})", *wanted]))


def protect(text: str, kinds: Policy = DEFAULT_PLACEHOLDERS["nllb"]) -> tuple[str, dict[str, str]]:
    """Replace protected spans by ``<IDn>``; return the masked text and ``{"<IDn>": value}``.

    ``kinds`` is a policy (see the module docstring); with ``"indicprocessor"`` the masked text
    is also punctuation- and digit-normalised, as IndicTrans2's pipeline masks after those.
    """
    if kinds == INDICPROCESSOR:
        return ip.mask(ip.ascii_digits(ip.normalize_punctuation(text)))
    if not kinds:
        return text, {}
    mapping: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        value = match.group()
        if match.lastgroup == "number":
            value = value.translate(script.TO_ASCII_DIGITS)
        key = f"<ID{len(mapping) + 1}>"
        mapping[key] = value
        return key

    return _pattern(kinds).sub(replace, text), mapping


def restore(text: str, mapping: dict[str, str]) -> tuple[str, list[str]]:
    """Put values back; return the text and the placeholders that did not come back exactly once."""
    seen: dict[str, int] = {}

    def replace(match: re.Match[str]) -> str:
        key = f"<ID{int(match.group(1))}>"
        seen[key] = seen.get(key, 0) + 1
        return mapping.get(key, match.group())

    restored = _TOKEN.sub(replace, text)
    lost = [key for key in mapping if seen.get(key) != 1]
    lost += [key for key in seen if key not in mapping]
    return restored, lost
