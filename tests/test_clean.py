import unicodedata
from pathlib import Path

import pytest

from tests.helpers import FLORES
from translate_summarize.text.clean import clean, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("   \n\n  ", "\n\n"),  # line structure is kept; clean() drops the blank lines
        ("a\r\nb\rc", "a\nb\nc"),
        ("भारत\u00a0और\u202fरूस", "भारत और रूस"),
        ("भा\u200bरत\ufeff", "भारत"),
        ("क्\u200dष", "क्\u200dष"),  # ZWJ inside Devanagari shapes a conjunct: kept
        ("word\u200d next", "word next"),  # ZWJ between Latin letters: debris
        ("a  \t b", "a b"),
        ("मूल्य ₹ १२.५ लाख", "मूल्य ₹ १२.५ लाख"),  # Devanagari digits untouched
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw)[0] == expected


def test_normalize_nfd_equals_nfc() -> None:
    # U+0958 (क़) is precomposed; U+0929 (ऩ) composes under NFC. Both must come out the same.
    text = "\u0958ानून और \u0929ई ज़मीन पर फ़ैसला हुआ।"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert clean(nfd).text == clean(text).text == unicodedata.normalize("NFC", text)


def test_whitespace_only_cleans_to_nothing() -> None:
    assert clean("  \n\u200b\n\u00a0 ").text == ""


def test_orphan_vowel_sign_after_latin_is_repaired_and_reported() -> None:
    text, repairs = normalize("रूसी Governmentी समाचार एजेंसी")
    assert text == "रूसी Government समाचार एजेंसी"
    assert repairs and "Governmentी" in repairs[0]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Trending Photos", "furniture"),
        ("LIVE TV", "furniture"),
        ("विज्ञापन", "furniture"),
        ("Advertisement", "furniture"),
        ("ये भी पढ़ें- भारत-चीन तनाव के बीच क्या हैं मायने?", "read_also"),
        ("यह भी पढ़ें: शेयर बाजार में गिरावट", "read_also"),
        ("Also Read: Sensex falls 500 points", "read_also"),
        ("Edited By: राहुल शर्मा | Updated: 10 Dec 2024, 10:30 AM", "byline"),
        ("टैग्स: भारत, रूस, पुतिन", "tags"),
        ("Facebook Twitter WhatsApp Telegram", "share_bar"),
        ("Google News पर हमें फॉलो करें", "follow"),
        ("— Rajnath Singh (@rajnathsingh) December 10, 2024", "tweet_embed"),
        ("Glad to meet. https://t.co/abc pic.twitter.com/xyz", "tweet_embed"),
        ("–", "signature"),
        ("केके/एबीएम", "signature"),
        ("(भाषा)", "signature"),
        ("Rajneesh Singh is a journalist at Asian News, covering culture.", "bio"),
        ("© 2024 Example Media. All rights reserved.", "copyright"),
        # furniture of other Hindi sites, recognised by kind
        ("होम / देश / बिहार", "breadcrumb"),
        ("Updated Mon, 10 Nov 2025 05:12 PM IST", "byline"),
        ("(अपडेटेड 10 नवंबर 2025, 5:12 PM IST)", "byline"),
        ("By Agency Edited By: Sonu Gupta Updated: Mon, 10 Nov 2025 05:12 PM (IST)", "byline"),
        ("Curated by आशीष | नवभारतटाइम्स.कॉम | Updated: 10 Nov 2025, 5:12 pm", "byline"),
        ("न्यूज़ डेस्क, अमर उजाला, पटना", "byline"),
        ("सार", "furniture"),
        ("HighLights", "furniture"),
        ("aajtak.in", "link"),
        ("अपने शहर की खबरें पढ़ने के लिए डाउनलोड करें अमर उजाला ऐप", "promo"),
        ("पढ़ें: Hindi News Today और सबसे विश्वसनीय हिंदी न्यूज़ वेबसाइट जागरण पर", "promo"),
    ],
)
def test_boilerplate_rules(line: str, rule: str) -> None:
    body = "भारत और रूस ने समझौता किया है। दोनों देश सहयोग बढ़ाएंगे।"
    after = "समझौते पर अगले महीने हस्ताक्षर होंगे। दोनों पक्ष तैयार हैं।"
    result = clean(f"{body}\n{line}\n{after}")
    assert [(r.line, r.rule) for r in result.removed] == [(line, rule)]
    assert result.text == f"{body}\n{after}"


@pytest.mark.parametrize(
    "line",
    [
        "बैठक के बाद क्या बोले रक्षा मंत्री?",  # sub-heading
        "‘पर्वत से ऊंची है भारत रूस की दोस्ती’",  # quoted sub-heading
        "मॉस्को, 10 नवंबर . India और रूस के बीच की दोस्ती दशकों पुरानी है.",  # dateline
        "उन्होंने कहा कि वह जल्द ही ट्विटर पर सबको फॉलो करने की अपील करेंगे और इस बारे में विस्तार से बताएंगे, "
        "क्योंकि उनके समर्थकों की संख्या बढ़ रही है और वे चाहते हैं कि सब जुड़ें और बात आगे बढ़े।",
        # prose that shares words with the stamp, promo and label rules
        "रिपोर्ट सुबह 9:30 बजे प्रकाशित हुई।",
        "अपडेटेड आंकड़ों के अनुसार 10:30 बजे तक 40% मतदान हुआ",
        "मैच शाम 7:30 PM IST पर शुरू होगा, यह जानकारी अपडेट की गई सूची में प्रकाशित हुई।",
        "मंत्री ने कहा कि किसान डाउनलोड करें सरकारी ऐप, इससे मदद मिलेगी।",
        "उन्होंने कहा कि सार यही है कि सबको साथ चलना होगा।",
        "होम लोन की दरें बढ़ीं / घटीं, जानिए",
    ],
)
def test_article_lines_are_kept(line: str) -> None:
    assert clean(f"पहली पंक्ति है।\n{line}").removed == []


def test_tail_block_removed_until_real_prose_returns() -> None:
    text = "\n".join(
        [
            "लेख का पहला वाक्य है। दूसरा वाक्य है।",
            "You may also like",
            "दिग्गज एक्टर का निधन, ICU में थे",
            "राजस्थान में गिरेगा तापमान!",
            "यह लेख फिर से शुरू होता है। इसमें दो वाक्य हैं।",
        ]
    )
    result = clean(text)
    assert [r.rule for r in result.removed] == ["tail_marker", "tail_block", "tail_block"]
    assert result.text.splitlines()[-1] == "यह लेख फिर से शुरू होता है। इसमें दो वाक्य हैं।"


@pytest.mark.parametrize("marker", ["लेटेस्ट खबरें", "इससे जुड़ी खबरें", "Disclaimer"])
def test_other_sites_tail_markers(marker: str) -> None:
    body = "लेख का पहला वाक्य है। दूसरा वाक्य है।"
    result = clean(f"{body}\n{marker}\nमौसम: दिल्ली में ठंड बढ़ी\nशेयर बाजार में तेजी")
    assert result.text == body
    assert [r.rule for r in result.removed] == ["tail_marker", "tail_block", "tail_block"]


def test_tail_marker_at_top_does_not_eat_the_article() -> None:
    text = "You may also like\nलेख का पहला वाक्य है। दूसरा वाक्य है।"
    assert clean(text).text == text  # nothing before it: not a tail, just a stray line


def test_boilerplate_removal_can_be_switched_off() -> None:
    assert clean("वाक्य है।\nLIVE TV", remove_boilerplate=False).text == "वाक्य है।\nLIVE TV"


SEED_EXPECTATIONS = {
    "000": (
        ["दोनों देशों ने 2+2 डॉयलाग शुरू करने की घोषणा की है.", "Gaganyaan mission"],
        ["Trending Photos", "LIVE TV", "ये भी पढ़ें"],
    ),
    "001": (
        ["मॉस्को, 10 नवंबर .", "दूसरी ओर India इस समूह के वैश्विक हितों"],
        ["केके/एबीएम", "You may also like", "धर्मेंद्र", "Governmentी"],
    ),
    "002": (
        ["Rajnath Singh Met Putin:", "बैठक के बाद क्या बोले रक्षा मंत्री?", "1971 से लेकर"],
        ["pic.twitter.com", "@rajnathsingh", "is a journalist"],
    ),
    "003": (
        ["(Udaipur Kiran News)", "यह कदम रूस पर आर्थिक दबाव बनाने के लिए उठाया गया है."],
        ["You may also like", "job news 2025", "बोल्टन"],
    ),
    "004": (
        ["रूस मेक इन इंडिया’ के तहत", "इस साल यह हमारे बीच सातवीं बैठक है।"],
        ["popular post", "नौसेना दिवस", "लावरोफ़"],
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTATIONS))
def test_seeds_keep_article_and_lose_boilerplate(seeds, prefix: str) -> None:
    (path,) = seeds.glob(f"{prefix}_*.txt")
    result = clean(path.read_text(encoding="utf-8"))
    kept, gone = SEED_EXPECTATIONS[prefix]
    for fragment in kept:
        assert fragment in result.text
    for fragment in gone:
        assert fragment not in result.text
    # Every dropped line is accounted for with a rule.
    assert all(r.rule and r.line for r in result.removed)


SEED_REMOVALS = {
    "000": {"furniture": 2, "read_also": 1},
    "001": {"signature": 2, "tail_marker": 1, "tail_block": 5},
    "002": {"tweet_embed": 2, "bio": 1},
    "003": {"tail_marker": 1, "tail_block": 5},
    "004": {"tail_marker": 1, "tail_block": 16},
}


@pytest.mark.parametrize("prefix", sorted(SEED_REMOVALS))
def test_seeds_lose_exactly_their_boilerplate_and_keep_every_other_line(seeds, prefix: str) -> None:
    from collections import Counter

    (path,) = seeds.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    result = clean(raw)
    assert dict(Counter(r.rule for r in result.removed)) == SEED_REMOVALS[prefix]
    removed = {r.line for r in result.removed}
    kept = set(result.text.splitlines())
    for line in normalize(raw)[0].splitlines():
        assert not line or line in removed or line in kept


OTHER_SITES_ARTICLE = {
    "portal_a": [
        "Bihar Election 2025: नीतीश कुमार ने किया बड़ा ऐलान, युवाओं को मिलेंगी 10 लाख नौकरियां",
        "बिहार के मुख्यमंत्री नीतीश कुमार ने सोमवार को युवाओं के लिए बड़ा ऐलान किया।",
        "पटना में सोमवार को आयोजित एक कार्यक्रम में मुख्यमंत्री ने कहा कि अगले पांच साल में 10 लाख"
        " नौकरियां दी जाएंगी। उन्होंने कहा कि भर्ती प्रक्रिया जल्द शुरू होगी।",
        'उन्होंने कहा, "हमारी सरकार युवाओं के साथ है।"',
        "विपक्ष ने इस घोषणा को चुनावी जुमला बताया।",
    ],
    "portal_b": [
        "मुंबई में भारी बारिश से जनजीवन अस्त-व्यस्त, स्कूल बंद",
        "मुंबई में 24 घंटे में 200 मि.मी. बारिश",
        "स्कूल-कॉलेज बंद",
        "जागरण संवाददाता, मुंबई। मुंबई में बीते 24 घंटे में भारी बारिश हुई है। मौसम विभाग ने ऑरेंज"
        " अलर्ट जारी किया है।",
        "बीएमसी ने लोगों से घरों में रहने की अपील की है।",
        "सड़कों पर पानी भरने से यातायात प्रभावित हुआ। कई ट्रेनें देरी से चलीं।",
        "Jagran Hindi News",  # a bare site name: no rule can tell it from a short headline
    ],
}


@pytest.mark.parametrize("name", sorted(OTHER_SITES_ARTICLE))
def test_other_portals_keep_exactly_the_article(name: str) -> None:
    path = Path(__file__).parent / "data" / "other_sites" / f"{name}.txt"
    raw = path.read_bytes().decode("utf-8")  # not read_text(): it would turn CRLF into LF
    result = clean(raw)
    assert result.text.splitlines() == OTHER_SITES_ARTICLE[name]
    lines = [line for line in normalize(raw)[0].splitlines() if line]
    assert len(result.removed) + len(result.text.splitlines()) == len(lines)


def test_no_flores_article_line_is_removed() -> None:
    """1,012 real article sentences (Hindi and English, 281 documents): no rule may fire on one."""
    data = FLORES
    for name in ("hin_Deva.devtest", "eng_Latn.devtest"):
        text = (data / name).read_text(encoding="utf-8")
        result = clean(text)
        assert result.removed == []
        assert len(result.text.splitlines()) == 1012
