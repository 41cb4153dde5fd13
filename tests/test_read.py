"""Input formats: HTML pages through trafilatura and Hugging Face datasets saved to disk."""

import json
from pathlib import Path

import pytest

from tests.helpers import FakeTranslator
from tests.tiny_models import flores_lines
from translate_summarize.config import InputColumns, load_config
from translate_summarize.engine.pipeline import run
from translate_summarize.errors import InputError
from translate_summarize.reading.read import read_documents

HINDI = flores_lines()[:8]


def _page(title: str) -> str:
    paragraphs = "".join(f"<p>{HINDI[i]} {HINDI[i + 1]}</p>" for i in range(0, 8, 2))
    head = f'<head><meta charset="utf-8"><title>{title}</title></head>'
    return f"""<!DOCTYPE html><html lang="hi">{head}
<body><nav><a href="/">होम</a> | <a href="/desh">देश</a> | <a href="/videsh">विदेश</a></nav>
<div class="ad">विज्ञापन</div>
<article><h1>{title}</h1>{paragraphs}</article>
<footer>© 2024 समाचार। सर्वाधिकार सुरक्षित।</footer></body></html>"""


def test_html_page_gives_main_text_and_title(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    (tmp_path / "page.html").write_text(_page("भारत और रूस की दोस्ती"), encoding="utf-8")
    (doc,) = read_documents(tmp_path)
    assert doc.id == "page" and doc.status == "pending", doc.error
    assert doc.title == "भारत और रूस की दोस्ती"
    assert HINDI[0] in doc.text and HINDI[7] in doc.text
    assert "विज्ञापन" not in doc.text and "सर्वाधिकार" not in doc.text


def test_html_without_article_text_fails_alone(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "menu.html").write_text("<html><body><nav>होम</nav></body></html>")
    (corpus / "good.txt").write_text(HINDI[0])
    config = load_config(None, {"input": corpus, "output": tmp_path / "out"})
    result = run(config, translator=FakeTranslator())
    assert result.counts == {"ok": 1, "failed": 1}
    (failure,) = result.failed
    assert failure[0] == "menu" and "no article text" in failure[1]


@pytest.fixture
def saved_dataset(tmp_path: Path) -> Path:
    from datasets import Dataset, DatasetDict

    rows = {
        "article_id": ["a1", "a2"],
        "body": HINDI[:2],
        "headline": ["शीर्षक", ""],
        "link": ["https://x.in/1", None],
    }
    folder = tmp_path / "ds"
    DatasetDict({"train": Dataset.from_dict(rows)}).save_to_disk(str(folder))
    return folder


def test_dataset_on_disk_with_named_columns(saved_dataset: Path, tmp_path: Path) -> None:
    columns = InputColumns(text="body", id="article_id", title="headline", url="link")
    docs = list(read_documents(saved_dataset, columns))
    assert [d.id for d in docs] == ["a1", "a2"]
    assert docs[0].title == "शीर्षक" and docs[0].url == "https://x.in/1" and docs[1].title is None
    config = load_config(
        None,
        {
            "input": saved_dataset,
            "output": tmp_path / "out",
            "input_columns.text": "body",
            "input_columns.id": "article_id",
        },
    )
    assert run(config, translator=FakeTranslator()).counts == {"ok": 2}
    brief = json.loads((tmp_path / "out" / "briefs" / "a1.json").read_text())
    assert brief["sentences"][0]["hi"] == HINDI[0]


def test_dataset_errors_name_the_columns_and_splits(saved_dataset: Path) -> None:
    with pytest.raises(InputError, match="no text column 'text'.*body"):
        list(read_documents(saved_dataset))
    with pytest.raises(InputError, match="no split 'test'.*train"):
        list(read_documents(saved_dataset, InputColumns(text="body"), split="test"))
