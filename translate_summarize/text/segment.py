"""Split cleaned Hindi news text into sentences, keeping paragraph boundaries.

Hindi news ends sentences with the danda ``।`` (also ``॥``) *and* with the full stop ``.``, plus
``?`` and ``!``. The danda is unambiguous; the full stop is not, so a ``.`` ends a sentence only
when what follows is a space and what precedes is not an abbreviation or initial (डॉ., श्री.,
एस., ए.सी.एल.यू., उ.प्र., U.S., Dr.), and never before a postposition (``उ.प्र. के``), since no
Hindi sentence begins with one. A list marker (``1.``, ``(ii).``) stays with its item.
Decimals, URLs, e-mails and handles never contain "dot + space", so they are never split.
Closing quotes and brackets stay with the sentence they close, even after a stray space
(``थे। ”``). A quoted sentence followed by a postposition or a verb of saying
(``"...?" ने कहा``) continues the same sentence, as Hindi puts the reporting clause after the
quote. Each input line is a paragraph; a line without final punctuation (a headline, a
sub-heading) is a sentence of its own.
"""

from __future__ import annotations

import re

from translate_summarize.text import script

_CLOSERS = "\"'”’»)]}"
# "|" stands in for the danda on keyboards without one ("है |", "है|"); only after Devanagari.
_CANDIDATE = re.compile(f"(?:[।॥]+|(?<=[{script.BLOCK}]) ?\\|+|[.?!]+)[{re.escape(_CLOSERS)}]*")
_DOUBLE_QUOTES = '"“”„″'
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_OPENERS = "\"'“‘«([{"
# A list item's marker: a number (Latin or Devanagari digits), a roman numeral or one letter,
# optionally bracketed, then a full stop: "1.", "१२.", "(iv).", "क.".
_LIST_MARKER = re.compile(
    f"[(\\[]?(?:[0-9{script.DIGIT_RANGE}]{{1,3}}|[ivxIVX]{{1,4}}|[a-zA-Z]|[क-ह])[)\\]]?\\."
)
_LONGEST_MARKER = len("(viii).")
_SPACES = re.compile(r"\s*")
# The next word, read no further than any word the rules compare it with: a candidate in a
# line without spaces must not scan the rest of the line.
_NEXT_WORD = re.compile(r"\s*(\S{0,40})")

# Devanagari letter names used as initials (एस. जयशंकर, ए.पी.जे.) and honorific/title
# abbreviations. "के"/"जी" double as ordinary words, but a Hindi sentence ends in a verb, not a
# postposition or honorific, so reading them as initials before a full stop is the safer bet.
DEVANAGARI_INITIALS = frozenset(
    """ए बी सी डी ई एफ जी एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी डब्ल्यू एक्स वाई
    ज़ेड जेड""".split()
)
DEVANAGARI_ABBREVIATIONS = frozenset(
    """डॉ डा श्री श्रीमती सुश्री मि मिस मो मु प्रो पं सं कु ले स्व स्व० जन ज ई.पू नं पृ क्र
    रु रू कि.मी मी सेमी कि.ग्रा ग्रा लि प्रा""".split()
)
LATIN_ABBREVIATIONS = frozenset(
    """dr mr mrs ms prof sr jr st mt ft gen col lt capt sgt gov sen rep hon rev smt shri
    vs v e.g i.e cf ca al approx dept univ""".split()
)
# Abbreviations that end a sentence as often as not; they hold the sentence only before a number
# ("Rs. 500", "No. 7", "Dec. 10").
BEFORE_NUMBER = frozenset(
    """no nos rs inr vol fig pp p art sec ch jan feb mar apr jun jul aug sep sept oct nov dec
    नं रु रू पृ""".split()
)
# Case postpositions follow their noun, so a Hindi sentence never begins with one: a "." before
# them belongs to an abbreviation ("उ.प्र. के", "1947 ई. में"), whatever it abbreviates.
POSTPOSITIONS = frozenset("ने को से का की के में तक".split())
# One written syllable (akshara): consonants joined by virama, then a consonant or a vowel,
# a vowel sign and a nasal sign. Dotted runs of these are abbreviations: उ.प्र., भा.ज.पा., वि.वि.
_AKSHARA = re.compile(
    "(?:[\u0915-\u0939\u0958-\u095f]\u093c?\u094d)*"
    "[\u0904-\u0914\u0915-\u0939\u0958-\u095f]\u093c?[\u093e-\u094c]?[\u0900-\u0903]?"
)
# After a closing quote, these words continue the sentence that contains the quote.
CONTINUATIONS = POSTPOSITIONS | frozenset(
    """पर कहा कहते कहती कहना बताया लिखा पूछा बोले बोला बोली वाले वाली वाला जैसे जैसी नामक
    शीर्षक""".split()
)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; lines are paragraphs and never share a sentence."""
    return [sentence for paragraph in split_paragraphs(text) for sentence in paragraph]


def split_paragraphs(text: str) -> list[list[str]]:
    """Split ``text`` into paragraphs (non-empty lines), each a list of sentences."""
    paragraphs = (_split_line(line.strip()) for line in text.split("\n"))
    return [sentences for sentences in paragraphs if sentences]


def _split_line(line: str) -> list[str]:
    # Every check looks at a bounded window around a candidate (the previous token, the next
    # word), never at the rest of the line, so a line of any length splits in linear time.
    sentences: list[list[str]] = []
    start = 0
    for match in _CANDIDATE.finditer(line):
        if match.start() < start or not _is_boundary(line, match):
            continue
        body = _SPACES.match(line, start).end()
        if match.end() - body <= _LONGEST_MARKER and _LIST_MARKER.fullmatch(
            line, body, match.end()
        ):
            continue  # "1. पहला बिंदु": a numbered item's marker, not a sentence of its own
        end = _absorb_spaced_closer(line, start, match.end())
        _append(sentences, line[start:end].strip())
        start = end
    _append(sentences, line[start:].strip())
    return [" ".join(parts) for parts in sentences]


def _append(sentences: list[list[str]], piece: str) -> None:
    # Punctuation alone ("”", ")") is never a sentence: it belongs to the one before.
    if sentences and not any(ch.isalnum() for ch in piece):
        if piece:
            sentences[-1].append(piece)
    elif piece:
        sentences.append([piece])


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    token = match.group()
    terminator = token.rstrip(_CLOSERS).strip()
    first = _NEXT_WORD.match(line, match.end())
    if not first.group(1):
        return True  # nothing but spaces after it
    if terminator[:1] == "|" and not _is_pipe_danda(line, match):
        return False
    if first.start(1) == match.end():
        # "है।उन्होंने": a danda needs no space; "3.5", "U.S.A", "a.com" and "?!" are not ends.
        return terminator[:1] in "।॥"
    next_word = first.group(1).strip(_OPENERS + ",;:")
    if (
        next_word[:1].isascii()
        and next_word[:1].islower()
        and not _LIST_MARKER.fullmatch(first.group(1))
    ):
        return False  # English text: a sentence never starts in lower case (but "(ii). …" may)
    if terminator != token and next_word in CONTINUATIONS:
        return False
    if set(terminator) == {"."} and len(terminator) == 1:
        if next_word in POSTPOSITIONS:
            return False
        return not _is_abbreviation(_previous_token(line, match.start()), next_word)
    return True


def _is_pipe_danda(line: str, match: re.Match[str]) -> bool:
    # A pipe between single words is a separator ("खेल | मनोरंजन" in a menu), not a danda; as a
    # danda it closes a clause of two or more words and is followed by a space or the line end.
    pipe = line.rfind("|", 0, match.start())  # search back no further than the last pipe
    clause_start = max(pipe, line.rfind("।", max(pipe, 0), match.start())) + 1
    words_before = line[clause_start : match.start()].split(maxsplit=2)
    after = line[match.end() : match.end() + 1]
    return len(words_before) >= 2 and (not after or after.isspace())


def _previous_token(line: str, end: int) -> str:
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:end].lstrip(_OPENERS)


def _is_abbreviation(token: str, next_word: str) -> bool:
    if not token:
        return False
    lower = token.lower()
    if lower in LATIN_ABBREVIATIONS or token in DEVANAGARI_ABBREVIATIONS:
        return True
    if token in DEVANAGARI_INITIALS or (len(token) == 1 and token.isascii() and token.isupper()):
        return True
    if lower in BEFORE_NUMBER and next_word[:1].isdigit():
        return True
    return "." in token and all(_is_initial(part) for part in token.split("."))


def _is_initial(part: str) -> bool:
    if part.isascii():
        return 0 < len(part) <= 2 and part.isalpha()
    return (
        part in DEVANAGARI_INITIALS
        or part in DEVANAGARI_ABBREVIATIONS
        or _AKSHARA.fullmatch(part) is not None
    )


def _absorb_spaced_closer(line: str, start: int, end: int) -> int:
    """Attach a closer separated by spaces (``थे। ”``, ``है| )``) if it closes something open."""
    closer_at = _SPACES.match(line, end).end()
    if closer_at == len(line) or not _SPACES.fullmatch(line[closer_at + 1 : closer_at + 2]):
        return end
    sentence, closer = line[start:end], line[closer_at]
    if closer in _DOUBLE_QUOTES:
        is_open = sum(sentence.count(q) for q in _DOUBLE_QUOTES) % 2 == 1
    elif closer in _BRACKETS:
        is_open = sentence.count(_BRACKETS[closer]) > sentence.count(closer)
    else:
        is_open = False
    return closer_at + 1 if is_open else end
