import re

import pytest

from translate_summarize.config import DEFAULT_PLACEHOLDERS
from translate_summarize.record import Sentence
from translate_summarize.text.placeholders import KINDS, protect, restore
from translate_summarize.translation.translator import Translation, translate_sentences


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("", []),
        ("कोई संख्या नहीं", []),
        ("कीमत रु. 1,87,500 है", ["1,87,500"]),
        ("दर ३.५% रही", ["3.5%"]),  # Devanagari digits come back as ASCII
        ("वर्ष 2024-2028 का एजेंडा", ["2024", "2028"]),
        ("मिग-21 और एस-400", ["21", "400"]),
        ("देखें https://example.com/a?b=1. फिर", ["https://example.com/a?b=1"]),
        ("लिखें info@news.co.in पर", ["info@news.co.in"]),
        ("@rajnathsingh ने #IndiaRussia लिखा", ["@rajnathsingh", "#IndiaRussia"]),
        ("#1 रैंक", ["1"]),  # '#1' is a number, not a hashtag
    ],
)
def test_protect_and_restore_round_trip(text: str, values: list[str]) -> None:
    """Every kind, numbers included, when configured explicitly."""
    masked, mapping = protect(text, KINDS)
    assert list(mapping.values()) == values
    bare = re.sub(r"<ID\d+>", "", masked)
    assert all(value not in bare for value in values)
    restored, lost = restore(masked, mapping)
    assert lost == []
    assert restored == text.translate(str.maketrans("०१२३४५६७८९", "0123456789"))


def test_restore_tolerates_spacing_and_reports_losses() -> None:
    mapping = {"<ID1>": "231", "<ID2>": "https://x.in"}
    assert restore("< ID1 > people at <id2>", mapping) == ("231 people at https://x.in", [])
    assert restore("people", mapping)[1] == ["<ID1>", "<ID2>"]
    assert restore("<ID1> and <ID1>", mapping)[1] == ["<ID1>", "<ID2>"]  # duplicated, and missing
    assert restore("<ID3>", {})[1] == ["<ID3>"]  # invented


class Copier:
    """Copies the source; optionally drops placeholders, like a model garbling them."""

    family = "nllb"
    placeholder_policy = DEFAULT_PLACEHOLDERS["nllb"]

    def __init__(self, drop: bool = False) -> None:
        self.drop, self.calls = drop, []

    def translate(self, texts, progress=None, weights=None):
        self.calls.append(list(texts))
        out = [t.replace("<ID1>", "") if self.drop else t for t in texts]
        return [Translation(f"EN {t}") for t in out]


@pytest.mark.parametrize(
    ("text", "masked", "values"),
    [
        # NLLB's default: numbers stay text (numbers_mismatch checks them); links are masked.
        ("कीमत 1,87,500 रुपये, 2024 में", "कीमत 1,87,500 रुपये, 2024 में", []),
        (
            "देखें www.example.com या @pib_india",
            "देखें <ID1> या <ID2>",
            ["www.example.com", "@pib_india"],
        ),
    ],
)
def test_default_policy_keeps_numbers_as_text(text: str, masked: str, values: list[str]) -> None:
    result, mapping = protect(text)
    assert (result, list(mapping.values())) == (masked, values)


@pytest.mark.parametrize(
    ("text", "masked", "values"),
    [
        # IndicTrans2's reference: only numbers with separators and >= 4 significant characters.
        ("साल 2016 में 4 चूहे", "साल 2016 में 4 चूहे", []),
        (
            "कीमत १,८७,५०० और 3.5 और 10:30 बजे",
            "कीमत <ID1> और 3.5 और <ID2> बजे",
            ["1,87,500", "10:30"],
        ),
        ("1,000 लोग 2016-17 में", "1,000 लोग <ID1> में", ["2016-17"]),
        (
            "लिखें info@news.co.in पर #IndiaRussia",
            "लिखें <ID1> पर <ID2>",
            ["info@news.co.in", "#IndiaRussia"],
        ),
        # Masked after the punctuation step: the spaced colon is joined, "4 5" becomes 4.5.
        ("मैच 12 : 30 बजे", "मैच <ID1> बजे", ["12:30"]),
        ("स्कोर 4 : 30 रहा", "स्कोर 4:30 रहा", []),  # 3 significant characters
        ("", "", []),
    ],
)
def test_indicprocessor_policy_masks_what_indictrans2_was_trained_with(
    text: str, masked: str, values: list[str]
) -> None:
    result, mapping = protect(text, "indicprocessor")
    assert (result, list(mapping.values())) == (masked, values)
    restored, lost = restore(result, mapping)
    assert lost == [] and all(value in restored for value in values) and "<ID" not in restored


def test_translate_sentences_masks_and_restores_from_each_records_own_map() -> None:
    sentences = [Sentence(hi="कीमत 231 रुपये", paragraph=0), Sentence(hi="साल 2024", paragraph=0)]
    copier = Copier()
    translate_sentences(copier, sentences, kinds=KINDS)
    assert copier.calls == [["कीमत <ID1> रुपये", "साल <ID1>"]]
    assert [s.en for s in sentences] == ["EN कीमत 231 रुपये", "EN साल 2024"]
    assert all(s.flags == [] for s in sentences)


def test_lost_placeholder_is_retranslated_inline_and_flagged() -> None:
    sentences = [Sentence(hi="कीमत 231 रुपये", paragraph=0), Sentence(hi="कोई संख्या नहीं", paragraph=0)]
    copier = Copier(drop=True)
    translate_sentences(copier, sentences, kinds=KINDS)
    assert copier.calls[1] == ["कीमत 231 रुपये"]  # second pass: values inline
    assert sentences[0].flags == ["placeholder_lost"] and sentences[1].flags == []


def test_placeholders_can_be_switched_off() -> None:
    sentences = [Sentence(hi="कीमत 231 रुपये", paragraph=0)]
    copier = Copier()
    translate_sentences(copier, sentences, kinds=())
    assert copier.calls == [["कीमत 231 रुपये"]]


def test_translate_sentences_uses_the_translators_policy_by_default() -> None:
    copier = Copier()
    copier.placeholder_policy = "indicprocessor"
    sentences = [Sentence(hi="कीमत 1,87,500 रुपये, साल 2024", paragraph=0)]
    translate_sentences(copier, sentences)
    assert copier.calls == [["कीमत <ID1> रुपये, साल 2024"]]
    assert sentences[0].en == "EN कीमत 1,87,500 रुपये, साल 2024"


def test_the_translation_memory_wrapper_keeps_the_translators_policy() -> None:
    from translate_summarize.translation.memory import Remembering

    copier = Copier()
    copier.placeholder_policy = ()
    sentences = [Sentence(hi="देखें www.example.com", paragraph=0)]
    translate_sentences(Remembering(copier, None), sentences)
    assert copier.calls == [["देखें www.example.com"]]  # [] = mask nothing, not the default
