"""HTML pages: structure-based furniture removal, metadata, script decision per sentence, one
copy of each body, and the same reading in every command.

The pages under tests/data/pages hold FLORES-200 articles (text nobody here wrote) in six
portal layouts; see the README there.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import FakeTranslator
from translate_summarize.cli import app
from translate_summarize.config import load_config
from translate_summarize.engine.pipeline import run
from translate_summarize.engine.stages import prepare
from translate_summarize.reading.read import read_documents
from translate_summarize.record import Document

PAGES = Path(__file__).parent / "data" / "pages"
runner = CliRunner()


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u200b", "").replace("\u00a0", " ")
    return " ".join(text.split())


def _read(page: Path) -> Document:
    doc = next(read_documents(page))
    prepare(doc, load_config(None, {}))
    return doc


def _page(tmp_path: Path, body: str, name: str = "page.html", head: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<!doctype html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>',
        encoding="utf-8",
    )
    return path


def _run(input_path: Path, out: Path, translator: FakeTranslator | None = None):
    config = load_config(None, {"input": input_path, "output": out})
    return run(config, translator=translator or FakeTranslator())


def _briefs(out: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((out / "briefs").glob("*.json"))]


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_each_collected_page_cleans_to_its_gold_sentences(page: Path) -> None:
    gold = page.with_name(f"{page.stem}.gold.txt").read_text(encoding="utf-8").split("\n")
    doc = _read(page)
    kept = [doc.title, *(s.hi for s in doc.sentences)]
    # Joined, so a sentence the splitter cuts in two is not a difference of the page reading.
    assert _norm(" ".join(kept)) == _norm(" ".join(line for line in gold if line))


def test_every_removal_on_the_pages_is_recorded_with_a_rule() -> None:
    doc = _read(PAGES / "table_1.html")
    rules = {r.rule for r in doc.removed}
    assert {"nav_row", "menu", "footer", "copyright", "promo"} <= rules
    crumbs = _read(PAGES / "breadcrumb_1.html").removed
    assert [r.line for r in crumbs if r.rule == "breadcrumb"] == ["Hindi News", "Local", "Bihar"]
    assert [r.rule for r in crumbs if "doorbell" in r.line] == ["url_slug"]


def test_hindi_article_in_english_furniture_is_translated_sentence_by_sentence(
    tmp_path: Path,
) -> None:
    # The table layout's English menus and footer outnumber its Devanagari letters counted
    # without vowel signs: the page that used to be passed through whole as "English".
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "table_1.html").write_bytes((PAGES / "table_1.html").read_bytes())
    translator = FakeTranslator()
    _run(tmp_path / "in", tmp_path / "out", translator)
    (brief,) = _briefs(tmp_path / "out")
    assert not any("passed through" in w for w in brief["warnings"])
    assert brief["sentences"] and all(
        s["en"] == f"EN[{s['hi']}]" and "passthrough" not in s["flags"] for s in brief["sentences"]
    )
    assert brief["title"]["en"] == f"EN[{brief['title']['hi']}]"


def test_english_sentence_inside_hindi_article_is_passed_through_and_flagged(
    tmp_path: Path,
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "debris_1.html").write_bytes((PAGES / "debris_1.html").read_bytes())
    result = _run(tmp_path / "in", tmp_path / "out")
    (brief,) = _briefs(tmp_path / "out")
    english = [s for s in brief["sentences"] if "lawyer" in s["hi"]]
    assert english and all(s["en"] == s["hi"] and s["flags"] == ["passthrough"] for s in english)
    hindi = [s for s in brief["sentences"] if s not in english]
    assert hindi and all(s["en"] == f"EN[{s['hi']}]" for s in hindi)
    assert result.flags["passthrough"] == len(english)
    manifest = json.loads((tmp_path / "out" / "manifest.jsonl").read_text().splitlines()[0])
    assert manifest["flags"]["passthrough"] == len(english)


def test_english_article_is_still_passed_through_with_its_warning(tmp_path: Path) -> None:
    body = (
        "<article><h1>Council approves new budget</h1>"
        "<p>The city council approved the budget on Monday after a long debate.</p>"
        "<p>The mayor said the plan would fund two new schools and a hospital wing.</p>"
        "</article>"
    )
    (tmp_path / "in").mkdir()
    _page(tmp_path / "in", body)
    translator = FakeTranslator()
    _run(tmp_path / "in", tmp_path / "out", translator)
    (brief,) = _briefs(tmp_path / "out")
    assert "no Devanagari text: passed through untranslated as English" in brief["warnings"]
    assert all(s["en"] == s["hi"] and s["flags"] == ["passthrough"] for s in brief["sentences"])
    assert brief["title"]["en"] == brief["title"]["hi"]
    assert translator.calls == []  # nothing reached the model


def test_a_hindi_sentence_never_has_its_hindi_as_english_without_a_flag(tmp_path: Path) -> None:
    """The worst case: a model that echoes its input. Every pair with en == hi and any
    Devanagari carries a flag, on every page of the set."""

    class Echo(FakeTranslator):
        def translate(self, texts, progress=None, reverse=False, weights=None):
            from translate_summarize.translation.translator import Translation

            return [Translation(t) for t in texts]

    (tmp_path / "in").mkdir()
    for page in PAGES.glob("*.html"):
        (tmp_path / "in" / page.name).write_bytes(page.read_bytes())
    _run(tmp_path / "in", tmp_path / "out", Echo())
    pairs = [s for brief in _briefs(tmp_path / "out") for s in brief["sentences"]]
    assert len(pairs) > 50
    assert all(s["flags"] for s in pairs if s["en"] == s["hi"])
    hindi = [s for s in pairs if re.search("[\u0900-\u097f]", s["hi"])]
    assert hindi and all("untranslated" in s["flags"] for s in hindi)


def test_a_duplicated_body_is_translated_once(tmp_path: Path) -> None:
    paragraphs = [
        "अधिकारियों ने बताया कि बाढ़ से सौ से अधिक गाँव प्रभावित हुए हैं।",
        "राहत शिविरों में भोजन और दवाइयाँ पहुँचाई जा रही हैं।",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (tmp_path / "in").mkdir()
    _page(
        tmp_path / "in",
        f"<div class='story'><h1>बाढ़ से सौ गाँव प्रभावित</h1>{body}"
        f"<div class='amp-copy'><h2>बाढ़ से सौ गाँव प्रभावित</h2>{body}</div></div>",
    )
    translator = FakeTranslator()
    _run(tmp_path / "in", tmp_path / "out", translator)
    (brief,) = _briefs(tmp_path / "out")
    assert [s["hi"] for s in brief["sentences"]] == paragraphs
    sent = [t for call in translator.calls for t in call]
    assert sorted(sent) == sorted(["बाढ़ से सौ गाँव प्रभावित", *paragraphs])
    assert sorted(r["rule"] for r in brief["removed"]) == [
        "duplicate",
        "duplicate",
        "duplicate_title",
    ]


def test_repeated_paragraphs_and_repeated_headline_are_recorded() -> None:
    body = "पहला वाक्य यहाँ है। दूसरा वाक्य भी है।"
    text = f"बाढ़ से सौ गाँव प्रभावित\n{body}\n{body}"
    doc = Document(id="d", source="d", text=text)
    prepare(doc, load_config(None, {}))
    assert [(r.rule, r.line) for r in doc.removed] == [("duplicate", body)]
    page = _read(PAGES / "dek_1.html")
    assert [r.rule for r in page.removed if r.line == page.title] == ["duplicate_title"]


def test_nfd_nbsp_and_zwsp_inside_html_are_normalised() -> None:
    doc = _read(PAGES / "debris_2.html")
    for text in [doc.title, *(s.hi for s in doc.sentences)]:
        assert text == unicodedata.normalize("NFC", text)
        assert "\u200b" not in text and "\u00a0" not in text and "  " not in text


def test_page_metadata_reaches_the_brief(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ads_1.html").write_bytes((PAGES / "ads_1.html").read_bytes())
    _run(tmp_path / "in", tmp_path / "out")
    (brief,) = _briefs(tmp_path / "out")
    assert brief["meta"] == {
        "date": "2024-05-03",
        "author": "न्यूज़ डेस्क",
        "site": "Rashtra Vani",
        "canonical_url": brief["url"],
    }
    assert brief["url"].startswith("https://www.rashtravani.example/")


@pytest.mark.parametrize(
    "body",
    [
        # a summary box of points before the body: items are not crumbs
        "<ul><li>बाढ़ से सौ से अधिक गाँव प्रभावित हुए हैं</li>"
        "<li>राहत शिविरों में भोजन पहुँचाया जा रहा है</li></ul>",
        # a data table: rows with digits stay
        "<table><tr><td>राज्य</td><td>मामले</td><td>मौतें</td></tr>"
        "<tr><td>बिहार</td><td>120</td><td>4</td></tr></table>",
        # a short list after the body has begun is article content
        "<p>समिति ने तीन नाम सुझाए हैं।</p><ul><li>राम कुमार</li><li>सीता देवी</li></ul>",
    ],
)
def test_structure_rules_keep_article_shapes(tmp_path: Path, body: str) -> None:
    article = "<p>अधिकारियों ने सोमवार को यह जानकारी दी। जाँच जारी है।</p>"
    doc = _read(_page(tmp_path, f"<article><h1>एक खबर</h1>{body}{article}</article>"))
    assert not [r for r in doc.removed if r.rule in {"breadcrumb", "nav_row", "menu"}]


def test_commands_read_a_page_as_run_does(tmp_path: Path) -> None:
    page = PAGES / "breadcrumb_2.html"
    gold = (PAGES / "breadcrumb_2.gold.txt").read_text(encoding="utf-8")
    segmented = runner.invoke(app, ["segment", str(page)])
    assert segmented.exit_code == 0 and "<" not in segmented.stdout
    assert _norm(segmented.stdout) == _norm(gold)
    cleaned = runner.invoke(app, ["clean", str(page)])
    assert cleaned.exit_code == 0 and _norm(cleaned.stdout) == _norm(gold)
    stdin = page.read_bytes()
    as_html = runner.invoke(app, ["segment", "-", "--input-format", "html"], input=stdin)
    assert as_html.stdout == segmented.stdout


def test_segment_of_jsonl_reads_the_text_field_not_the_raw_line(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    row = {"id": "a", "title": "बाढ़ से सौ गाँव प्रभावित", "text": "राहत कार्य जारी है।"}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path)])
    assert result.stdout.splitlines() == ["बाढ़ से सौ गाँव प्रभावित", "राहत कार्य जारी है।"]


def test_translate_reads_a_page_not_its_markup(tiny_nllb: Path) -> None:
    page = PAGES / "table_1.html"
    result = runner.invoke(app, ["translate", str(page), "--model", str(tiny_nllb), "-f", "json"])
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    gold = (PAGES / "table_1.gold.txt").read_text(encoding="utf-8").split("\n")
    assert brief["title"]["hi"] == gold[0] and "<" not in brief["hi"]
    assert _norm(brief["hi"]) == _norm(" ".join(gold[1:]))
    assert brief["meta"]["site"] == "Samachar Today"
    assert not any("passed through" in w for w in brief["warnings"])


def test_translate_of_a_jsonl_with_several_documents_points_to_run(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "एक।"}\n{"text": "दो।"}\n', encoding="utf-8")
    result = runner.invoke(app, ["translate", str(path)])
    assert result.exit_code == 2
    assert "holds 2 documents" in result.output and "run" in result.output
