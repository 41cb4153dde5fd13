"""Clean scraped Hindi news text: normalise Unicode and drop site boilerplate, auditably.

Two passes. :func:`normalize` fixes characters (NFC, spaces, invisible characters, line endings)
and repairs one clear mixed-script artefact. :func:`clean` then walks the lines and drops those a
named rule recognises as boilerplate; every dropped line is returned with its rule, so a user can
audit what went. The rules describe *kinds* of furniture (link lines, bylines and update stamps,
share bars, site promotion, tweet embeds, agency signatures, tail blocks of unrelated headlines),
not any one site's strings, and they err towards keeping text: losing an article sentence is
worse than keeping a stray line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from translate_summarize.record import Removal
from translate_summarize.text import script

_DEVA_CHAR = re.compile(f"[{script.ANY}]")
# Characters that carry no text: zero-width space, BOM / zero-width no-break, word joiner,
# soft hyphen, Mongolian vowel separator.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u2060\u00ad\u180e"), None)
_ODD_SPACES = re.compile(r"[\u00a0\u202f\u2007\u2009\u200a\u3000\t\f\v]")
# ZWJ/ZWNJ shape Devanagari conjuncts (e.g. half forms); anywhere else they are debris.
_STRAY_JOINER = re.compile(f"(?<![{script.ANY}])[\u200c\u200d]|[\u200c\u200d](?![{script.ANY}])")
# A Devanagari vowel sign or other combining mark cannot follow a Latin letter. It appears when a
# find-and-replace turned "सरकारी" into "Governmentी"; the Latin word is the intended reading.
_ORPHAN_MARKS = re.compile(f"(?<=[A-Za-z])[{script.COMBINING_MARKS}]+")
# The Latin word an orphan mark follows; the lookbehind starts it at the word's first letter
# only (without it a long Latin run is rescanned from every letter: quadratic).
_MARKED_WORD = re.compile(f"(?<![A-Za-z])[A-Za-z]+[{script.COMBINING_MARKS}]+")
_TERMINATORS = "।॥.?!"


@dataclass
class CleanResult:
    """Output of :func:`clean`: the text, the dropped lines with their rules, and repairs made."""

    text: str
    removed: list[Removal] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)


def normalize(text: str) -> tuple[str, list[str]]:
    """Normalise characters and line endings; return the text and a note per repair made."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _STRAY_JOINER.sub("", _ODD_SPACES.sub(" ", text))
    repairs = [
        f"dropped Devanagari sign after Latin word: {m.group(0)!r}"
        for m in _MARKED_WORD.finditer(text)
    ]
    # NFC again: a removed invisible character or mark can leave a composable pair behind.
    text = unicodedata.normalize("NFC", _ORPHAN_MARKS.sub("", text))
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n".join(lines), repairs


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# After these words a line is punctuation, a colon, a dash or its end (no \b: Devanagari vowel
# signs are not word characters for `re`).
_END = r"(?=\s*(?:[:\-–—|]|$))"
_READ_ALSO = (
    r"(?:(?:ये|यह|इसे|इन्हें|इसको) भी (?:पढ़ें|पढ़िए|पढ़े|देखें|देखिए)|also read|read also|"
    r"also see|must read|read more|और पढ़ें|ज़रूर पढ़ें|जरूर पढ़ें)"
)
_STAMP = (
    r"(?:updated|published|posted|edited by|curated by|written by|reported by|अपडेटेड|"
    r"अपडेट किया|प्रकाशित|पब्लिश)"
)
# A clock time as stamps write it: "05:12 PM", "5:12 pm", "10:30 (IST)", "17:05 hrs".
_CLOCK = r"\d{1,2}:\d{2}\s*(?:[ap]\.?m\b|\(?ist\b|hrs\b)"
_HEADLINE_LIST = r"(?:खबरें|ख़बरें|खबर|ख़बर|समाचार|न्यूज़?|पोस्ट|लेख|स्टोरी(?:ज़)?)"

# Whole-line rules: (rule name, pattern, longest line the rule may drop). Short limits keep a
# rule from ever eating an article paragraph that merely mentions the same words.
LINE_RULES: list[tuple[str, re.Pattern[str], int]] = [
    (
        "furniture",
        _rx(
            r"^(?:trending (?:photos|videos|news|now|topics)|live tv|live|advertisement|ad|"
            r"sponsored|advertisements?|(?:देखें|देखिए) (?:वीडियो|video)|(?:वीडियो|video) (?:देखें|देखिए)|"
            r"विज्ञापन|photos?|videos?|फोटो गैलरी|web stories|वेब स्टोरीज़?|comments?|loading\.*|"
            r"next (?:article|story)|previous (?:article|story)|skip to (?:main )?content|"
            r"breaking news|ब्रेकिंग न्यूज़?|होम|home|menu|search|सर्च|close|"
            # section labels: a summary box ("सार", "HighLights") and its "read on" switch
            r"highlights|हाइलाइट्स|सार|विस्तार|exclusive|एक्सक्लूसिव|follow(?:ed|ing)?)$"
        ),
        40,
    ),
    ("read_also", _rx(f"^{_READ_ALSO}{_END}"), 400),
    ("breadcrumb", _rx(r"^(?:होम|home|मुख्य पृष्ठ)\s*[/>»›|]"), 120),
    (
        "share_bar",
        _rx(
            r"^(?:(?:share(?: this)?(?: (?:article|story|news))?|tweet|facebook|twitter|x|whatsapp|"
            r"telegram|linkedin|e-?mail|print|copy link|koo|pinterest|reddit|शेयर(?: करें)?|"
            r"कॉपी लिंक)[\s|•·,/:]*)+$"
        ),
        120,
    ),
    (
        "follow",
        _rx(
            r"(?:(?:google|गूगल) (?:news|न्यूज़?)|whatsapp|telegram|youtube|यूट्यूब|व्हाट्सएप|"
            r"फेसबुक|इंस्टाग्राम|twitter|ट्विटर)\S*\s.*(?:फॉलो|फ़ॉलो|follow|subscribe|सब्सक्राइब|"
            r"ज्वाइन|जॉइन|join)|^(?:follow us|हमें फॉलो करें|subscribe to)"
        ),
        160,
    ),
    (
        "byline",
        _rx(
            r"^(?:edited by|written by|reported by|posted by|curated by|authored by|updated|"
            r"last updated|published|first published|अपडेटेड|अपडेट किया गया|प्रकाशित|लेखक|लेखिका|"
            r"रिपोर्ट|रिपोर्टर|संवाददाता|द्वारा|एडिटेड बाय|एडिटर)\s*(?:on|at|by|बाय)?\s*[:\-–|]"
        ),
        200,
    ),
    # A stamp word and a clock time on one unfinished line, in any order or layout
    # ("Updated Mon, 10 Nov 2025 05:12 PM IST", "(अपडेटेड 10 नवंबर 2025, 5:12 PM IST)").
    ("byline", _rx(f"^(?=.*{_STAMP}).*{_CLOCK}.*(?<![{_TERMINATORS}])$"), 200),
    # A desk credit: "न्यूज़ डेस्क, अमर उजाला, पटना", "Digital Desk | …".
    (
        "byline",
        _rx(r"^(?:(?:न्यूज़?|डिजिटल|वेब|ऑनलाइन|news|digital|web|online) (?:डेस्क|desk))\s*[,|]"),
        100,
    ),
    ("byline", re.compile(r"^By [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?:\s*[|,].*)?$"), 120),
    # Site footers and link rows: "About us | Authors | Contact us", "Best viewed in Chrome".
    (
        "footer",
        _rx(
            r"^(?:about us|contact us|privacy policy|terms (?:of use|of service|and conditions|&"
            r" conditions)|cookie policy|sitemap|advertise with us|best viewed (?:in|with|on)|"
            r"हमारे बारे में|संपर्क करें|हमसे संपर्क करें|गोपनीयता नीति)\b"
        ),
        200,
    ),
    ("promo", _rx(r"^get (?:seamless|unlimited|full|uninterrupted) access\b"), 200),
    ("tags", _rx(r"^(?:टैग्स?|tags?|topics?|keywords?|विषय|related topics)\s*:"), 400),
    ("copyright", _rx(r"^(?:©|copyright\s|\(c\)\s*\d{4})|all rights reserved"), 200),
    ("tweet_embed", _rx(r"pic\.twitter\.com/|^[—–-]\s*[^()]{1,80}\(@\w{1,30}\)"), 600),
    ("social_embed", _rx(r"^(?:view this post on instagram|a post shared by)"), 300),
    (
        "link",
        _rx(r"^(?:https?://|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|in|net|org|tv)$"),
        600,
    ),
    # The site advertising itself: its app, or "read … on <name> news website".
    (
        "promo",
        _rx(
            f"(?:डाउनलोड करें|download(?: the| our)?)\\s.{{0,60}}(?:ऐप|app)\\b[^{_TERMINATORS}]*$|"
            r"(?:पढ़ें|\bread)\W.{0,80}(?:न्यूज़?|news) (?:वेबसाइट|website|ऐप|app)|"
            r"(?:न्यूज़?|news) (?:वेबसाइट|website|ऐप|app)\s.{0,80}पढ़ें"
        ),
        200,
    ),
    (
        "image_credit",
        _rx(
            r"^\(?(?:फोटो|फ़ोटो|तस्वीर|चित्र|photo|image|pic)\s*(?:साभार|credit|courtesy|सोर्स|source)?\s*[:\-–]"
        ),
        120,
    ),
    ("signature", _rx(r"^[\-–—_=*•·.~]+$"), 20),
    (
        "signature",
        _rx(
            f"^[({script.ANY}A-Z.]{{1,8}}(?:\\s*/\\s*[{script.ANY}A-Z.]{{1,8}})+\\)?$|"
            r"^\(?(?:एजेंसी|भाषा|आईएएनएस|पीटीआई|एएनआई|वार्ता|हि\.स\.|ians|pti|ani|reuters|afp|ap|"
            r"with inputs from agencies|इनपुट[:-]? (?:एजेंसी|भाषा))\)?\.?$"
        ),
        40,
    ),
    (
        "bio",
        _rx(
            f"^[^{script.BLOCK}]*"
            r"\b(?:is|was) an? (?:[\w-]+ ){0,3}"
            r"(?:journalist|reporter|correspondent|"
            r"writer|editor|author|columnist|anchor)\b"
            f"[^{script.BLOCK}]*$"
        ),
        1200,
    ),
    ("bio", _rx(r"^\(?(?:लेखक|लेखिका|डिस्क्लेमर|disclaimer)\b.{0,300}(?:हैं|है|views)\W*$"), 400),
    ("bio", _rx(r"^\(?(?:ये|यह|इस लेख में व्यक्त) .{0,60}निजी विचार (?:हैं|है)\W*\)?$"), 200),
]

# A line that opens a tail block of unrelated headlines ("You may also like", "popular post").
TAIL_MARKER = _rx(
    r"^(?:you (?:may|might) also like|popular posts?|related (?:news|posts|articles|stories)|"
    r"recommended(?: for you| stories)?|more (?:news|stories)(?: from .{1,40})?|"
    r"latest (?:news|posts)|"
    r"top stories|trending(?: now| news| stories)?|also read|"
    f"{_READ_ALSO}|(?:संबंधित|लोकप्रिय|ताज़ा|ताजा|और|अन्य|बड़ी|टॉप|ट्रेंडिंग|लेटेस्ट|प्रमुख|चर्चित|"
    f"(?:इससे )?जुड़ी) {_HEADLINE_LIST}|disclaimer|डिस्क्लेमर|"
    r"सबसे (?:ज्यादा|ज़्यादा) पढ़ी गई.{0,10}|ट्रेंडिंग)\s*:?$"
)


def _rule_for(line: str) -> str | None:
    for rule, pattern, max_len in LINE_RULES:
        if len(line) <= max_len and pattern.search(line):
            return rule
    return None


def _sentence_count(line: str) -> int:
    return len(re.findall(f"[{_TERMINATORS}]+(?=[\"'”’)\\]]*(?:\\s|$))", line))


def _is_body_paragraph(line: str) -> bool:
    """Two or more finished sentences: article prose, never a teaser or a headline."""
    return _sentence_count(line) >= 2 and line.rstrip("\"'”’)] ")[-1:] in _TERMINATORS


def clean(text: str, remove_boilerplate: bool = True) -> CleanResult:
    """Normalise ``text`` and drop boilerplate lines; blank lines go, paragraphs stay one per line.

    Returns a :class:`CleanResult` whose ``removed`` lists every dropped line with its rule.
    """
    normalized, repairs = normalize(text)
    kept: list[str] = []
    removed: list[Removal] = []
    in_tail = False
    seen: set[str] = set()
    for line in normalized.split("\n"):
        if not line:
            continue
        rule = _classify(line, bool(kept)) if remove_boilerplate else None
        if rule is None and remove_boilerplate and _repeats(line, seen):
            rule = "duplicate"
        if rule == "tail_marker":
            in_tail = True
        elif in_tail and rule is None and _is_body_paragraph(line):
            in_tail = False  # real prose after the block: the block has ended, keep the article
        elif in_tail:
            rule = rule or "tail_block"
        if rule:
            removed.append(Removal(line=line, rule=rule))
        else:
            kept.append(line)
    return CleanResult(text="\n".join(kept), removed=removed, repairs=repairs)


def _repeats(line: str, seen: set[str]) -> bool:
    """True for a paragraph already kept earlier in the document: a body printed twice (print
    or AMP copies) is translated once. Lines of fewer than three words (sub-headings,
    labels) are not compared: a repeated label is not a repeated body."""
    key = " ".join(re.sub(r"[^\w\s]", " ", line.casefold()).split())
    if len(key.split()) < 3:
        return False
    if key in seen:
        return True
    seen.add(key)
    return False


def _classify(line: str, have_body: bool) -> str | None:
    if have_body and len(line) <= 60 and TAIL_MARKER.match(line):
        return "tail_marker"
    return _rule_for(line)
