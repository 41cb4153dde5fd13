"""IndicTrans2's text conventions, as its reference pipeline applies them around the model.

AI4Bharat's IndicTransToolkit (MIT licence, © AI4Bharat / Varun Gumma) prepares every source
with ``IndicProcessor.preprocess_batch`` and finishes every output with the Hub tokenizer's
``batch_decode(clean_up_tokenization_spaces=True)`` and ``postprocess_batch``. The toolkit does
not import under transformers 5, so the same rules are implemented here from a reading of its
1.1.1 release; the regular expressions are the toolkit's, because they *are* the behaviour the
model was trained and published with. The steps, in the reference's order:

1. :func:`normalize_punctuation` — curly quotes and dashes to ASCII, no space inside brackets
   or before ``: ; ? ! %``, a quote after a following comma/full stop, ``(\\d) (\\d)`` joined
   as ``\\1.\\2``.
2. :func:`ascii_digits` — digits of every Indic script (and Arabic-Indic) to ASCII.
3. :func:`mask` — e-mails, URLs, numbers *with separators* of ≥ 4 significant characters, and
   ``@``/``#`` tokens become ``<ID1>``, ``<ID2>``…; whitespace runs become one space.
4. :func:`tokenize` — indic-nlp-library's normaliser and trivial tokeniser (Hindi).

Output: :func:`clean_up_spaces` (transformers' clean-up), then the Moses detokeniser.
"""

from __future__ import annotations

from typing import Any

import regex

from translate_summarize.text import script

# Step 1. The toolkit's replacements, applied in this order (each sees the previous' output).
_PUNCTUATION = [
    (regex.compile(r"\r"), ""),
    (regex.compile(r"\(\s*"), "("),
    (regex.compile(r"\s*\)"), ")"),
    (regex.compile(r"\s:\s?"), ":"),
    (regex.compile(r"\s;\s?"), ";"),
    (regex.compile(r"[`´‘‚’]"), "'"),
    (regex.compile(r"[„“”«»]"), '"'),
    (regex.compile(r"[–—]"), "-"),
    (regex.compile(r" %"), "%"),
    (regex.compile(r" ([?!;])"), r"\1"),
    (regex.compile(r"[ ]{2,}"), " "),
    (regex.compile(r"\) ([\.!:?;,])"), r")\1"),
    (regex.compile(r"(\d) %"), r"\1%"),
    (regex.compile(r"\"([,\.]+)"), r'\1"'),
    (regex.compile(r"(\d) (\d)"), r"\1.\2"),
]

# Step 2. Zero of each script whose ten digits are mapped (Bengali, Gujarati, Kannada,
# Devanagari, Extended Arabic-Indic, Meetei Mayek, Oriya, Gurmukhi, Ol Chiki), plus the two
# partial sets the toolkit maps: Arabic-Indic zero only, and Telugu one to nine.
_DIGIT_ZEROS = (
    0x09E6,
    0x0AE6,
    0x0CE6,
    ord(script.DIGITS[0]),
    0x06F0,
    0xABF0,
    0x0B66,
    0x0A66,
    0x1C50,
)
_DIGITS = {zero + d: str(d) for zero in _DIGIT_ZEROS for d in range(10)}
_DIGITS |= {0x0660: "0"} | {0x0C66 + d: str(d) for d in range(1, 10)}

# Step 3, in the order the toolkit tries them. Each pattern's matches are masked before the
# next runs; a URL of < 4 characters without its dots (initials such as "U.S.") and a number
# of < 4 characters without spaces, dots and colons ("3.5", "4%") stay text.
_EMAIL = regex.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,}")
_URL = regex.compile(
    r"\b(?<![\w/.])(?:(?:https?|ftp)://)?(?:(?:[\w-]+\.)+(?!\.))(?:[\w/\-?#&=%.]+)+(?!\.\w+)\b"
)
_NUMBER = regex.compile(
    r"(~?\d+\.?\d*\s?%?\s?-?\s?~?\d+\.?\d*\s?%|~?\d+%|\d+[-\/.,:']\d+[-\/.,:'+]\d+(?:\.\d+)?"
    r"|\d+[-\/.:'+]\d+(?:\.\d+)?)"
)
_AT_HASH = regex.compile(r"[A-Za-z0-9]*[#|@]\w+")
_MASKED = (
    (_EMAIL, lambda m: False),
    (_URL, lambda m: len(m.replace(".", "")) < 4),
    (_NUMBER, lambda m: len(m.replace(" ", "").replace(".", "").replace(":", "")) < 4),
    (_AT_HASH, lambda m: False),
)
_WHITESPACE = regex.compile(r"\s+")

# transformers' clean_up_tokenization (Apache-2.0), which the reference decodes with.
_CLEAN_UP = (
    (" .", "."),
    (" ?", "?"),
    (" !", "!"),
    (" ,", ","),
    (" ' ", "'"),
    (" n't", "n't"),
    (" 'm", "'m"),
    (" 's", "'s"),
    (" 've", "'ve"),
    (" 're", "'re"),
)


def normalize_punctuation(text: str) -> str:
    """Step 1: the toolkit's punctuation normalisation. For example a quote followed by a
    full stop or comma moves after them (``थे",`` → ``थे,"``), ``4 5`` becomes ``4.5``,
    and ``रखें : स्टीप`` becomes ``रखें:स्टीप`` (which the Hindi normaliser then reads as a
    visarga)."""
    for pattern, replacement in _PUNCTUATION:
        text = pattern.sub(replacement, text)
    return text.strip()


def ascii_digits(text: str) -> str:
    """Step 2: Indic digits to ASCII."""
    return text.translate(_DIGITS)


def mask(text: str) -> tuple[str, dict[str, str]]:
    """Step 3 on text that went through steps 1 and 2: ``(masked text, {"<IDn>": value})``.

    The toolkit numbers the distinct matches of one pattern in ``set`` order, which changes
    from process to process; here they are numbered in order of first appearance. Like the
    toolkit, every occurrence of a masked value is replaced, also inside a later match.
    """
    mapping: dict[str, str] = {}
    for pattern, too_short in _MASKED:
        for value in dict.fromkeys(pattern.findall(text)):
            if too_short(value):
                continue
            key = f"<ID{len(mapping) + 1}>"
            mapping[key] = value
            text = text.replace(value, key)
    text = _WHITESPACE.sub(" ", text).replace(">/", ">").replace("]/", "]")
    return text, mapping


def prepare(text: str) -> str:
    """Steps 1 and 2 and step 3's whitespace rule, without masking: what the model's
    tokeniser sees when nothing is masked."""
    return _WHITESPACE.sub(" ", ascii_digits(normalize_punctuation(text)))


def tokenize(text: str, normalizer: Any) -> str:
    """Step 4: indic-nlp-library's Hindi normaliser and trivial tokeniser.

    (The toolkit also transliterates to Devanagari, an identity for Hindi, and then joins a
    lone virama to its letters.)
    """
    from indicnlp.tokenize import indic_tokenize

    tokens = indic_tokenize.trivial_tokenize(normalizer.normalize(text.strip()), "hi")
    return " ".join(tokens).replace(" ् ", "्").strip()


def preprocess(text: str, normalizer: Any) -> str:
    """A source exactly as the reference hands it to the tokenizer (without the language tags
    and without masking: :func:`mask` is the placeholder policy's job)."""
    return tokenize(prepare(text), normalizer)


def clean_up_spaces(text: str) -> str:
    """transformers' ``clean_up_tokenization_spaces=True``: no space before ``. ? ! ,`` and in
    English contractions."""
    for old, new in _CLEAN_UP:
        text = text.replace(old, new)
    return text


def postprocess(text: str, detokenizer: Any) -> str:
    """Decoded English as the reference finishes it: clean-up, then the Moses detokeniser."""
    text = clean_up_spaces(text)
    return detokenizer.detokenize(text.split(" ")) if text.strip() else ""
