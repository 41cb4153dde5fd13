"""Inputs of any size: streamed JSONL, a character limit per document, bounded chunks."""

import json
from pathlib import Path

import pytest

from tests.helpers import FakeTranslator
from translate_summarize.config import load_config
from translate_summarize.engine import pipeline, stages
from translate_summarize.reading.read import bounded_chunks, read_documents
from translate_summarize.record import Document

ARTICLE = "राम ने कहा कि बारिश होगी। किसान खुश हैं। "


def _rows(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_over_limit_jsonl_document_fails_alone_and_the_next_is_read(tmp_path: Path) -> None:
    source = _rows(
        tmp_path / "a.jsonl",
        [{"id": "long", "text": "क" * 500}, {"id": "ok", "text": ARTICLE}],
    )
    long, ok = read_documents(source, max_chars=100)
    assert long.failed and "500 characters, over max_document_chars (100)" in long.error
    assert ok.status == "pending" and ok.text == ARTICLE


def test_a_line_too_long_to_hold_is_skipped_not_read_whole(tmp_path: Path) -> None:
    # 12 bytes per character + 64 KiB of other fields: with max_chars=10 a 200 KB line is
    # refused by its length in bytes, read in bounded pieces, and the next line still parses.
    source = _rows(
        tmp_path / "a.jsonl",
        [{"id": "huge", "text": "x" * 200_000}, {"id": "ok", "text": "छोटा।"}, "{broken"],
    )
    huge, ok, broken = read_documents(source, max_chars=10)
    assert huge.failed and huge.id == "a-line1" and "longer than 65,656 bytes, more" in huge.error
    assert ok.id == "ok" and ok.text == "छोटा।"
    assert broken.failed and "line 3 is not valid JSON" in broken.error


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"{\xff}", "line 1: not UTF-8 (invalid byte 0xff at offset 1)"),
        (b"[" * 100_000, "line 1 is JSON nested too deeply"),
        (b'"just a string"', "line 1 is not a JSON object"),
    ],
)
def test_bad_jsonl_lines_fail_alone(tmp_path: Path, line: bytes, reason: str) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_bytes(line + b"\n" + json.dumps({"id": "ok", "text": "ठीक।"}).encode() + b"\n")
    bad, ok = read_documents(source)
    assert bad.failed and reason in bad.error
    assert ok.text == "ठीक।"


def test_a_line_separator_inside_a_json_string_does_not_split_the_line(tmp_path: Path) -> None:
    source = _rows(tmp_path / "a.jsonl", ['{"id": "s", "text": "एक\u2028दो"}'])
    (doc,) = read_documents(source)
    assert doc.text == "एक\u2028दो"


def test_an_over_limit_text_file_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("क" * 1000, encoding="utf-8")  # 3,000 bytes
    (tmp_path / "mid.txt").write_text("क" * 120, encoding="utf-8")  # 360 bytes: decoded
    (tmp_path / "ok.txt").write_text("क" * 100, encoding="utf-8")
    big, mid, ok = read_documents(tmp_path, max_chars=100)
    assert big.failed and "3,000 bytes" in big.error and big.text == ""
    assert mid.failed and "120 characters" in mid.error and mid.text == ""
    assert ok.status == "pending" and len(ok.text) == 100


def test_an_over_limit_html_page_is_refused_by_its_size_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate_summarize.reading import read

    parsed: list[str] = []
    real = read.document_from_html
    monkeypatch.setattr(
        read, "document_from_html", lambda data, *a: parsed.append(a[0]) or real(data, *a)
    )
    body = "<p>" + ARTICLE * 4 + "</p>"
    (tmp_path / "big.html").write_text(f"<html><body>{body * 40}</body></html>", "utf-8")
    (tmp_path / "ok.html").write_text(
        f"<html><body><article>{body}</article></body></html>", "utf-8"
    )
    big, ok = read_documents(tmp_path, max_chars=1000)  # pages up to 16,000 bytes
    assert big.failed and "bytes of page per character" in big.error and parsed == ["ok"]
    assert ok.status == "pending" and "किसान" in ok.text


def _utf16_jsonl(path: Path, rows: list[object], tail: bytes = b"") -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-16") + tail)
    return path


def test_utf16_jsonl_is_decoded_as_it_is_read_and_bad_lines_fail_alone(tmp_path: Path) -> None:
    source = _utf16_jsonl(
        tmp_path / "a.jsonl",
        [{"id": "a", "text": ARTICLE}, {"id": "long", "text": "x" * 200_000}, "{broken",
         {"id": "b", "text": "दूसरा लेख।"}],
        tail=b"\x00\xd8",  # a lone high surrogate: the file's end does not decode
    )  # fmt: skip
    a, long, broken, b, rest = read_documents(source, max_chars=10)
    assert a.status == "failed" and "over max_document_chars" in a.error  # read, then judged
    assert long.failed and "longer than" in long.error
    assert broken.failed and "not valid JSON" in broken.error
    assert b.status == "pending" and b.text == "दूसरा लेख।"
    assert rest.failed and "line 5 onwards cannot be decoded as UTF-16" in rest.error


def test_chunks_close_at_the_document_count_or_the_character_budget() -> None:
    docs = [Document(id=str(i), source="-", text="x" * size) for i, size in enumerate([5] * 7)]
    sizes = [len(chunk) for chunk in bounded_chunks(docs, max_docs=3, max_chars=12)]
    assert sizes == [3, 3, 1]
    sizes = [len(chunk) for chunk in bounded_chunks(docs, max_docs=3, max_chars=9)]
    assert sizes == [2, 2, 2, 1]
    assert [len(c) for c in bounded_chunks(docs[:1], 3, 1)] == [1]  # never an empty chunk


def test_a_long_document_under_the_limit_is_translated_in_passes_without_losing_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stages, "SENTENCES_PER_PASS", 7)
    # Distinct words, not numbers: numbers become placeholders, and identical masked sentences
    # are translated once (translation memory), which would hide the passes.
    words = [chr(0x0915 + i % 30) + chr(0x0915 + i // 30) for i in range(50)]
    text = "".join(f"वाक्य {word} यहाँ है। " for word in words)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "over.txt").write_text(text * 3, encoding="utf-8")
    config = load_config(
        overrides={
            "input": str(tmp_path / "in"),
            "output": str(tmp_path / "out"),
            "max_document_chars": len(text) + 10,
        }
    )
    translator = FakeTranslator()
    result = pipeline.run(config, translator=translator)
    assert result.counts == {"ok": 1, "failed": 1}
    assert f"max_document_chars ({len(text) + 10:,})" in dict(result.failed)["over"]
    brief = json.loads((tmp_path / "out" / "briefs" / "long.json").read_text(encoding="utf-8"))
    assert [s["hi"] for s in brief["sentences"]] == [f"वाक्य {word} यहाँ है।" for word in words]
    assert all(s["en"] == f"EN[{s['hi']}]" for s in brief["sentences"])
    assert max(len(call) for call in translator.calls) <= 7 and len(translator.calls) >= 8
