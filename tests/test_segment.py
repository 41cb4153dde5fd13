import importlib.util
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

from translate_summarize.text.segment import split_paragraphs, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   ", []),
        ("यह पहला है। यह दूसरा है।", ["यह पहला है।", "यह दूसरा है।"]),
        ("पहला॥ दूसरा॥", ["पहला॥", "दूसरा॥"]),
        ("यह पहला है. यह दूसरा है.", ["यह पहला है.", "यह दूसरा है."]),
        ("क्या तुम आओगे? हाँ! ठीक है।", ["क्या तुम आओगे?", "हाँ!", "ठीक है।"]),
        ("है।उन्होंने कहा।", ["है।", "उन्होंने कहा।"]),  # danda needs no space
        ("वह घर गया | फिर सो गया |", ["वह घर गया |", "फिर सो गया |"]),  # pipe as danda
        ("मेनू | होम | खेल", ["मेनू | होम | खेल"]),  # pipe as separator
        # closing quotes and brackets stay with their sentence
        ("उसने कहा, “हम तैयार हैं।” फिर वह गया।", ["उसने कहा, “हम तैयार हैं।”", "फिर वह गया।"]),
        ("उन्होंने कहा “कि अब चूहे हैं। ” दूसरा वाक्य।", ["उन्होंने कहा “कि अब चूहे हैं। ”", "दूसरा वाक्य।"]),
        ("(यह कोष्ठक में है।) अगला।", ["(यह कोष्ठक में है।)", "अगला।"]),
        # a quote followed by a reporting verb or postposition continues the sentence
        ('"क्या यह सच है?" ने सबको चौंकाया।', ['"क्या यह सच है?" ने सबको चौंकाया।']),
        ("“हम तैयार हैं।” कहा गया।", ["“हम तैयार हैं।” कहा गया।"]),
    ],
)
def test_basic_boundaries(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "विदेश मंत्री डॉ. एस. जयशंकर ने बैठक की।",
        "श्री. मोदी और मि. शर्मा मिले।",
        "ए.सी.एल.यू. ने याचिका दायर की।",
        "विदेश मंत्री एस. जयशंकर ने रुडेंको से बात की।",
        "The U.S. Army and Dr. Smith agreed.",
        "J. K. Rowling wrote it.",
        "दर 3.5 प्रतिशत और कीमत 1,87,500 रुपये रही।",
        "कीमत रु. 500 थी।",
        "मूल्य १२.५ लाख रहा।",
        "देखें https://example.com/a.b?c=d पर जानकारी है।",
        "ईमेल info@news.co.in पर भेजें।",
        "@rajnath.singh ने लिखा।",
        "e.g. this and i.e. that are fine.",
        "Dec. 10 को बैठक हुई।",
        # dotted runs of single syllables are abbreviations, listed or not
        "उ.प्र. के मुख्यमंत्री ने कहा।",
        "म.प्र. सरकार ने फैसला लिया।",
        "भा.ज.पा. नेता और रा.स्व.सं. प्रमुख मिले।",
        "दिल्ली वि.वि. में दाखिले शुरू हुए।",
        # a sentence never begins with a postposition, so the "." before one is not an end
        "यह प्रयोग ह. के निर्देशन में हुआ।",
        "1947 ई. में आज़ादी मिली।",
    ],
)
def test_no_split_inside(sentence: str) -> None:
    assert split_sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("वह 1971 में आया. 1972 में गया.", ["वह 1971 में आया.", "1972 में गया."]),
        ("See example.com. Then go.", ["See example.com.", "Then go."]),
        ("बैठक हुई है. No. 7 सड़क बंद.", ["बैठक हुई है.", "No. 7 सड़क बंद."]),
    ],
)
def test_splits_that_look_like_exceptions(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. पहला बिंदु है। 2. दूसरा है।", ["1. पहला बिंदु है।", "2. दूसरा है।"]),
        ("१. पहला है. २. दूसरा है.", ["१. पहला है.", "२. दूसरा है."]),  # Devanagari digits
        ("(क). नियम एक। (ii). नियम दो।", ["(क). नियम एक।", "(ii). नियम दो।"]),
        ("कुल 5. इसके बाद वह गए।", ["कुल 5.", "इसके बाद वह गए।"]),  # a number ending a sentence
    ],
)
def test_list_markers_stay_with_their_item(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_lines_are_paragraphs_and_headlines_are_sentences() -> None:
    text = "रूस भारत में हथियार बनाएगा\nपहला वाक्य है। दूसरा है।\n\nबैठक के बाद क्या बोले मंत्री?"
    assert split_paragraphs(text) == [
        ["रूस भारत में हथियार बनाएगा"],
        ["पहला वाक्य है।", "दूसरा है।"],
        ["बैठक के बाद क्या बोले मंत्री?"],
    ]


def test_nfd_input_splits_like_nfc() -> None:
    text = "डॉ. ज़फ़र आए। फ़ैसला हुआ."
    nfd = unicodedata.normalize("NFD", text)
    assert [unicodedata.normalize("NFC", s) for s in split_sentences(nfd)] == split_sentences(text)


def test_no_text_is_lost() -> None:
    text = "पहला है। “दूसरा?” ने कहा. तीसरा! अंत"
    assert "".join(split_sentences(text)).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("यह उपयोगी है (महंगा नहीं है| ) अगला वाक्य।", ["यह उपयोगी है (महंगा नहीं है| )", "अगला वाक्य।"]),
        ("वह आया। फिर गया। ”", ["वह आया।", "फिर गया। ”"]),  # punctuation is never a sentence alone
        ("पहला। (दूसरा) तीसरा।", ["पहला।", "(दूसरा) तीसरा।"]),  # an opening bracket stays put
    ],
)
def test_spaced_closers(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def _bench() -> ModuleType:
    path = Path(__file__).parent.parent / "bench" / "segment_flores.py"
    spec = importlib.util.spec_from_file_location("segment_flores", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_flores_scores_do_not_regress() -> None:
    """Guards the figures the README reports (bench/segment_flores.py)."""
    bench = _bench()
    documents = bench.load_documents(bench.DEFAULT_DATA)
    assert len(documents) == 281
    figures = bench.score(split_sentences, documents)
    assert figures["f1"] >= 0.785
    assert figures["boundary_recall"] >= 0.99 and figures["boundary_f1"] >= 0.89
    found = bench.errors(documents, split_sentences)
    assert len(found["missed"]) <= 6  # lines without final punctuation, run into the next
    assert all(" ‖ " in line for line in found["divided"])
    # Within 0.01 of the best exact score possible without leaving real sentence ends unsplit.
    assert figures["f1"] >= bench.ceiling(documents, split_sentences)["f1"] - 0.01


def test_flores_beats_both_peers_in_their_best_configuration() -> None:
    pytest.importorskip("indicnlp")
    pytest.importorskip("pysbd")
    bench = _bench()
    documents = bench.load_documents(bench.DEFAULT_DATA)
    results = {name: bench.score(split, documents) for name, split in bench.splitters().items()}
    ours = results.pop("translate_summarize")
    assert set(results) == {"indic-nlp-library", "indic-nlp-library, '.' ends", "pysbd"}
    assert all(ours["f1"] > peer["f1"] for peer in results.values())
    assert all(ours["boundary_f1"] > peer["boundary_f1"] for peer in results.values())
