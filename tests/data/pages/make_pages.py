"""Build the page set in this folder: 12 HTML pages in 6 portal layouts, each holding one
FLORES-200 devtest article (Hindi, CC BY-SA 4.0) with a hand-written Hindi headline, and its
gold file (one article sentence a line). Run from the repository root:

    python tests/data/pages/make_pages.py

The layouts copy the *shapes* of furniture seen on Hindi news portals (table layouts with
English menus and footers, breadcrumb trails ending in an English slug headline, share
widgets, ad labels, keyword lines, print/AMP copies of the body, NFD/NBSP/ZWSP debris); no
portal's page or text is copied. See README.md here.
"""

from __future__ import annotations

import csv
import html
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
FLORES = HERE.parents[2] / "translate_summarize" / "data" / "flores200-devtest"

# FLORES line of the article's first sentence -> hand-written Hindi headline.
ARTICLES = {
    112: "भारत में इंसेफेलाइटिस का प्रकोप, सरकार ने उठाए कदम",
    230: "हैदराबाद में श्री श्याम भजन उत्सव का आयोजन",
    5: "अमेज़न खरीदेगा स्मार्ट डोरबेल स्टार्टअप रिंग",
    27: "एम्बर में सुरक्षित मिले डायनासोर के पंख",
    93: "भूकंप से क्षतिग्रस्त फुकुशिमा परमाणु संयंत्र में विस्फोट",
    97: "दक्षिण अफ्रीका में टीबी का अत्यंत दवा-रोधी रूप सामने आया",
    158: "नासा: मंगल पर मिलीं सात गुफाएं",
    162: "फ्रांस में इलेक्ट्रॉनिक मतदान पर विवाद",
    50: "इराक स्टडी ग्रुप की रिपोर्ट: अराजकता की ओर बढ़ सकता है इराक",
    59: "पोप जॉन पॉल द्वितीय का अंतिम संस्कार संपन्न",
    204: "हैती के हैजा पीड़ितों ने संयुक्त राष्ट्र पर मुकदमे की धमकी दी",
    137: "पारिस्थितिकी बहाल करने के लिए ग्रैंड कैन्यन में छोड़ा गया पानी",
}
SUBHEAD = "आगे क्या होगा"
ENGLISH_QUOTE = "“We will take this to court if we have to,” a lawyer for the victims said."


def articles() -> list[tuple[int, str, list[str], str]]:
    """(first line, headline, Hindi sentences, source URL) of each article."""
    rows = list(csv.reader((FLORES / "metadata_devtest.tsv").open(), delimiter="\t"))[1:]
    hindi = (FLORES / "hin_Deva.devtest").read_text(encoding="utf-8").split("\n")
    found = []
    for start, headline in ARTICLES.items():
        end = start
        while end < len(rows) and rows[end][0] == rows[start][0]:
            end += 1
        found.append((start, headline, hindi[start:end], rows[start][0]))
    return found


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def head(title: str, url: str, site: str) -> str:
    return (
        f'<!doctype html><html lang="hi"><head><meta charset="utf-8"><title>{esc(title)} - '
        f'{site}</title><link rel="canonical" href="{esc(url)}">'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="og:title" content="{esc(title)}">'
        '<meta name="author" content="न्यूज़ डेस्क">'
        '<meta property="article:published_time" content="2024-05-03T10:00:00+05:30">'
        "<script>window.dataLayer=window.dataLayer||[];</script></head>"
    )


def paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{esc(s)}</p>" for s in sentences)


ENGLISH_MENU = (
    "Home",
    "India",
    "World",
    "Business",
    "Sports",
    "Entertainment",
    "Tech",
    "Auto",
    "Lifestyle",
    "Videos",
    "Photos",
    "Web Stories",
    "Education",
    "Jobs",
    "Astrology",
    "E-Paper",
)


def table_layout(headline: str, sentences: list[str], url: str) -> str:
    """An old table layout: English menu and footer outnumber the Devanagari of the article."""
    menu = "".join(f'<td><a href="/{m.lower()}">{m}</a></td>' for m in ENGLISH_MENU)
    hindi_menu = "<td>|</td>".join(
        f"<td><a href='/{n}'>{label}</a></td>"
        for n, label in enumerate(("होम", "बाजार", "देश", "दुनिया"))
    )
    footer = (
        "<tr><td colspan='3'><p>About us | Authors | Contact us | Careers | Advertise with us | "
        "Privacy Policy | Terms of Use | Sitemap | RSS</p>"
        "<p>Copyright &amp; Disclaimer: All content on this website is the property of the "
        "publisher and may not be reproduced without permission. © 2024 Samachar Media Pvt Ltd. "
        "All rights reserved.</p>"
        "<p>Get seamless access to breaking news, e-paper, exclusive stories and more with our "
        "award-winning mobile app for Android and iOS, available free of charge.</p>"
        "<p>Best viewed in Google Chrome, Mozilla Firefox and Microsoft Edge at 1024x768 "
        "resolution and above.</p></td></tr>"
    )
    return (
        head(headline, url, "Samachar Today") + "<body><table width='100%'>"
        f"<tr>{menu}</tr><tr>{hindi_menu}</tr>"
        "<tr><td width='20%'><a href='/latest'>Latest News</a><br><a href='/trending'>Trending</a>"
        "<br><a href='/videos'>Video Gallery</a></td>"
        f"<td width='60%'><h1>{esc(headline)}</h1>{paragraphs(sentences)}</td>"
        "<td width='20%'><p>Advertisement</p></td></tr>" + footer + "</table></body></html>"
    )


def slug_words(url: str) -> str:
    return url.rsplit("/", 1)[1].replace("_", " ").replace("%27", "'")


def breadcrumb_layout(headline: str, sentences: list[str], url: str) -> str:
    """A breadcrumb trail ending in the English slug headline, a share widget, tags."""
    slug = slug_words(url)
    page_url = "https://www.khabarlok.example/local/bihar/" + slug.lower().replace(" ", "-")
    return (
        head(headline, page_url, "Khabar Lok") + "<body><header><nav><ul>"
        "<li><a href='/'>होम</a></li><li><a href='/n'>देश</a></li><li><a href='/s'>खेल</a></li>"
        "</ul></nav></header><main><article>"
        "<ul><li><a href='/'>Hindi News</a></li><li><a href='/local'>Local</a>"
        f"</li><li><a href='/local/bihar'>Bihar</a></li><li>{esc(slug)}</li></ul>"
        f"<h1>{esc(headline)}</h1>"
        "<div><ul><li><a href='#'>कॉपी लिंक</a></li><li><a href='#'>शेयर</a></li>"
        "<li><a href='#'>WhatsApp</a></li><li><a href='#'>Facebook</a></li></ul></div>"
        f"{paragraphs(sentences)}"
        "<p>Keyword: Hindi News, Latest News, खबरें, ताजा समाचार</p>"
        "</article></main><footer><p>© 2024 Khabar Lok. All rights reserved.</p></footer>"
        "</body></html>"
    )


def twice_layout(headline: str, sentences: list[str], url: str) -> str:
    """The body printed twice in one story container: the page and its print/AMP copy."""
    site_url = url.replace("en.wikinews.org/wiki", "www.dainikpatra.example/news")
    return (
        head(headline, site_url, "Dainik Patra")
        + f"<body><div class='story'><h1>{esc(headline)}</h1>{paragraphs(sentences)}"
        f"<div class='print-copy'><h2>{esc(headline)}</h2>{paragraphs(sentences)}</div>"
        "</div></body></html>"
    )


def dek_layout(headline: str, sentences: list[str], url: str) -> str:
    """Headline repeated as the first body line, a dek, a sub-heading and a block quote."""
    first, rest = sentences[0], sentences[1:]
    quote, rest = rest[0], rest[1:]
    return (
        head(headline, url.replace("en.wikinews.org/wiki", "www.jansamvad.example"), "Jan Samvad")
        + f"<body><article><h1>{esc(headline)}</h1><div class='story'>"
        f"<p><strong>{esc(headline)}</strong></p><p class='dek'>{esc(first)}</p>"
        f"<blockquote><p>{esc(quote)}</p></blockquote><h2>{SUBHEAD}</h2>{paragraphs(rest)}"
        "<p>विज्ञापन</p></div></article></body></html>"
    )


def ads_layout(headline: str, sentences: list[str], url: str) -> str:
    """Ad labels, video prompts, tag lines and a 'read also' list of other headlines."""
    middle = len(sentences) // 2
    return (
        head(
            headline, url.replace("en.wikinews.org/wiki", "www.rashtravani.example"), "Rashtra Vani"
        )
        + f"<body><article><h1>{esc(headline)}</h1>{paragraphs(sentences[:middle])}"
        "<p>Advertisements</p><p>देखें वीडियो</p>"
        f"{paragraphs(sentences[middle:])}"
        "<p>टैग्स: दुनिया, अंतरराष्ट्रीय समाचार</p>"
        "<p>ये भी पढ़ें</p><ul><li><a href='/a'>दिल्ली में बारिश से जलभराव, यातायात प्रभावित</a></li>"
        "<li><a href='/b'>शेयर बाजार में तेजी, सेंसेक्स 500 अंक चढ़ा</a></li></ul>"
        "</article></body></html>"
    )


def debris_layout(headline: str, sentences: list[str], url: str) -> str:
    """NFD text, no-break and zero-width spaces inside the HTML; an English quote in the body."""

    def dirty(text: str) -> str:
        text = unicodedata.normalize("NFD", text)
        return text.replace(" ", "\u00a0", 1).replace(" ", " \u200b", 1)

    body = "".join(f"<p>{esc(dirty(s))}</p>" for s in sentences)
    return (
        head(headline, url.replace("en.wikinews.org/wiki", "www.lokdarpan.example"), "Lok Darpan")
        + f"<body><article><h1>{esc(dirty(headline))}</h1>{body}"
        f"<p>{esc(ENGLISH_QUOTE)}</p></article></body></html>"
    )


LAYOUTS = [
    ("table", table_layout),
    ("breadcrumb", breadcrumb_layout),
    ("twice", twice_layout),
    ("dek", dek_layout),
    ("ads", ads_layout),
    ("debris", debris_layout),
]


def gold(layout: str, headline: str, sentences: list[str]) -> list[str]:
    if layout == "dek":
        return [headline, *sentences[:2], SUBHEAD, *sentences[2:]]
    if layout == "debris":
        return [headline, *sentences, ENGLISH_QUOTE]
    return [headline, *sentences]


def main() -> None:
    for number, (start, headline, sentences, url) in enumerate(articles()):
        layout, build = LAYOUTS[number // 2]
        name = f"{layout}_{number % 2 + 1}"
        (HERE / f"{name}.html").write_text(build(headline, sentences, url), encoding="utf-8")
        lines = gold(layout, headline, sentences)
        (HERE / f"{name}.gold.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: FLORES devtest lines {start + 1}-{start + len(sentences)}, {url}")


if __name__ == "__main__":
    main()
