import pytest

from translate_summarize.config import QualityConfig
from translate_summarize.text.quality import check, has_repetition, missing_numbers, numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("कीमत 1,87,500 रुपये", ["187500"]),
        ("price 187,500 rupees", ["187500"]),
        ("दर ३.५ प्रतिशत", ["3.5"]),
        ("साल 2024-2028 और 08 लोग", ["2024", "2028", "8"]),
        ("2+2 वार्ता", ["2", "2"]),
    ],
)
def test_numbers_are_normalised(text: str, expected: list[str]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("hi", "en", "missing"),
    [
        ("1,87,500 रुपये", "Rs 187,500", []),
        ("231 लोग", "239 people", ["231"]),
        ("दो देशों के 2 मंत्री", "two ministers of two countries", []),
        ("21वें सत्र में", "in the 21st session", []),
        ("5 करोड़ रुपये", "50 million rupees", []),
        ("10 लाख लोग", "1 million people", []),
        ("10 लाख लोग", "1,000,000 people", []),
        ("3 दिन", "three days", []),
        ("3 दिन", "some days", ["3"]),
        ("कोई संख्या नहीं", "no number", []),
    ],
)
def test_missing_numbers(hi: str, en: str, missing: list[str]) -> None:
    assert missing_numbers(hi, en) == missing


@pytest.mark.parametrize(
    ("text", "loops"),
    [
        ("the the the", True),
        ("India and Russia India and Russia India and Russia", True),
        ("very very good", False),
        ("He said that that was that.", False),
        ("", False),
    ],
)
def test_repetition(text: str, loops: bool) -> None:
    assert has_repetition(text) is loops


@pytest.mark.parametrize(
    ("hi", "en", "flags"),
    [
        ("भारत और रूस मित्र हैं।", "India and Russia are friends.", []),
        ("भारत और रूस मित्र हैं।", "", ["empty"]),
        ("भारत और रूस मित्र हैं।", "  ...  ", ["empty"]),
        ("", "", []),
        ("भारत और रूस मित्र हैं।", "India and रूस are friends.", ["untranslated"]),
        ("भारत और रूस मित्र हैं।", "India India India and Russia.", ["repetition"]),
        (
            "भारत के 4 अंतरिक्ष यात्री मिशन पर जाएंगे।",
            "India's astronauts will go on the mission.",
            ["numbers_mismatch"],
        ),
        ("भारत और रूस के बीच दोस्ती का इतिहास काफी पुराना है।", "India.", ["length_ratio"]),
        (
            "भारत और रूस के बीच दोस्ती का इतिहास काफी पुराना है।",
            "The history of friendship between",
            ["truncated"],
        ),
        ("दोस्ती पुरानी है", "Friendship is old", []),  # a headline ends without punctuation
    ],
)
def test_check(hi: str, en: str, flags: list[str]) -> None:
    assert check(hi, en) == flags


def test_thresholds_come_from_config() -> None:
    hi, en = "भारत और रूस मित्र हैं।", "India India and Russia."
    assert check(hi, en) == []
    assert check(hi, en, QualityConfig(repetition_min_repeats=2)) == ["repetition"]


def test_fidelity_benchmark_meets_its_targets() -> None:
    """Guards the README figures of bench/fidelity_flags.py."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent.parent / "bench" / "fidelity_flags.py"
    spec = importlib.util.spec_from_file_location("fidelity_flags", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    hi = (bench.DATA / "hin_Deva.devtest").read_text(encoding="utf-8").splitlines()
    en = (bench.DATA / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    result = bench.measure(list(zip(hi, en)))
    assert result["false_flag_rate"] <= 0.02
    assert all(c["rate"] >= 0.95 for c in result["corruptions"].values())
