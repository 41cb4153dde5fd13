"""Fuzzed invariants of the text functions (a short run; ``python -m fuzz`` runs long).

Invariants (``fuzz/invariants.py``): no exception; clean is idempotent, NFC out, and every line
is kept or listed in ``removed``; sentences rejoin to the cleaned text; restore(protect(x)) == x;
quality flags are known flags; readers never raise. Inputs (``fuzz/strategies.py``): arbitrary
Unicode, Devanagari-heavy, markup-heavy and punctuation-heavy text. Every failure the fuzzers
found is a regression example below.
"""

import time

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz.invariants import (
    check_all,
    check_clean,
    check_placeholders,
    check_quality,
    check_readers,
    check_segment,
)
from fuzz.strategies import PATHOLOGICAL_UNITS, any_text, arbitrary
from translate_summarize.text.clean import clean
from translate_summarize.text.placeholders import protect, restore
from translate_summarize.text.quality import check
from translate_summarize.text.segment import split_sentences

SHORT = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SHORT
@given(any_text)
def test_clean_and_segment_invariants(text: str) -> None:
    check_segment(check_clean(text))


@SHORT
@given(any_text)
def test_segmenting_raw_text_is_lossless(text: str) -> None:
    check_segment(text)


@SHORT
@given(any_text)
def test_restore_undoes_protect(text: str) -> None:
    check_placeholders(text)


@SHORT
@given(any_text, any_text)
def test_quality_check_never_raises(hi: str, en: str) -> None:
    check_quality(hi, en)


@settings(max_examples=40, deadline=None, database=None)
@given(arbitrary)
def test_readers_never_raise(text: str) -> None:
    check_readers(text.encode("utf-8", "surrogatepass"))


# Inputs the fuzzers (or the quadratic-time hunt) broke, with what broke.
@pytest.mark.parametrize(
    "text",
    [
        "1.2.3 लाख",  # quality: float("1.2.3") raised ValueError
        "1" * 5000,  # quality: int() of a 5,000-digit number exceeds Python's digit limit
        "१" * 5000 + " लाख",
        "<ID1> 5 लाख",  # protect: the literal "<ID1>" came back as 5
        "[id 2] www.x.in ५",
        "e\u200b\u0301",  # clean: dropping the ZWSP left e + combining acute, not NFC
        "क\u200c\u200c\u0301ख",
        "[" * 10_000,  # readers: JSON nested too deeply raised RecursionError
        "9" * 5000,  # readers: a 5,000-digit JSON number raised ValueError, not JSONDecodeError
        "। । । ” ) ।",  # segment: punctuation-only pieces join their sentence
    ],
)
def test_regressions(text: str) -> None:
    check_all(text)


def test_literal_placeholder_text_survives() -> None:
    masked, mapping = protect("<ID1> और 5")
    assert restore(masked, mapping) == ("<ID1> और 5", [])


def test_clean_output_is_nfc_after_removing_invisible_characters() -> None:
    assert clean("e\u200b\u0301").text == "\u00e9"


FUNCTIONS = {
    "clean": lambda line: clean(line),
    "split_sentences": split_sentences,
    "protect_restore": lambda line: restore(*protect(line)),
    "quality.check": lambda line: check(line, line),
}


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("shape", PATHOLOGICAL_UNITS)
def test_a_long_pathological_line_takes_linear_time(shape: str, function: str) -> None:
    # 100 KB here (1 MB in bench/pathological_lines.py): quadratic code took 2-70 s on these
    # shapes at 80 KB, linear code ~0.1 s. CPU time: other jobs on the machine do not count.
    unit = PATHOLOGICAL_UNITS[shape]
    line = unit * (100_000 // len(unit))
    started = time.process_time()
    FUNCTIONS[function](line)
    assert time.process_time() - started < 2.0
