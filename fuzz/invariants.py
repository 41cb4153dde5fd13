"""What must hold for any input of the text functions; each check raises AssertionError."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

from translate_summarize.reading.read import read_documents
from translate_summarize.text import script
from translate_summarize.text.clean import clean, normalize
from translate_summarize.text.placeholders import protect, restore
from translate_summarize.text.quality import FLAGS, check
from translate_summarize.text.segment import split_sentences


def _squeeze(text: str) -> str:
    return "".join(text.split())


def check_clean(text: str) -> str:
    """clean() is idempotent, NFC out, and every non-empty line is kept or listed in removed,
    in order, unchanged; returns the cleaned text."""
    result = clean(text)
    assert unicodedata.is_normalized("NFC", result.text)
    assert clean(result.text).text == result.text, "clean is not idempotent"
    kept = result.text.split("\n") if result.text else []
    removed = [r.line for r in result.removed]
    for line in (line for line in normalize(text)[0].split("\n") if line):
        if kept and kept[0] == line:
            kept.pop(0)
        else:
            assert removed and removed[0] == line, f"line vanished: {line!r}"
            removed.pop(0)
    assert not kept and not removed, "output has lines the input had not"
    return result.text


def check_segment(cleaned: str) -> None:
    """Sentences rejoin to the text (whitespace aside) and none is empty."""
    sentences = split_sentences(cleaned)
    assert all(s.strip() for s in sentences)
    assert _squeeze("".join(sentences)) == _squeeze(cleaned), "segmentation lost text"
    if unicodedata.is_normalized("NFC", cleaned):
        assert all(unicodedata.is_normalized("NFC", s) for s in sentences)


def check_placeholders(text: str) -> None:
    """restore(protect(x)) == x (protected numbers come back in ASCII digits), nothing lost."""
    masked, mapping = protect(text)
    restored, lost = restore(masked, mapping)
    assert not lost, f"placeholders lost: {lost}"
    assert restored.translate(script.TO_ASCII_DIGITS) == text.translate(script.TO_ASCII_DIGITS)
    if not any(ch in script.DIGITS for ch in text):
        assert restored == text


def check_quality(hi: str, en: str) -> None:
    flags = check(hi, en)
    assert set(flags) <= set(FLAGS) and len(flags) == len(set(flags))


def check_readers(data: bytes) -> None:
    """Any bytes as a .txt, as a .jsonl line, and inside a JSON text field: documents come back
    pending or failed with a reason; reading never raises."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "a.txt").write_bytes(data)
        (root / "b.jsonl").write_bytes(data + b"\n" + data)
        text = data.decode("utf-8", "replace")
        (root / "c.jsonl").write_text(json.dumps({"id": text[:20], "text": text}) + "\n")
        for doc in read_documents(root, max_chars=10_000):
            assert doc.status in ("pending", "failed")
            assert not doc.failed or doc.error


def check_all(text: str) -> None:
    """Every invariant on one input."""
    cleaned = check_clean(text)
    check_segment(cleaned)
    check_segment(text.replace("\r", "\n"))  # raw, uncleaned text must not crash either
    check_placeholders(text)
    check_quality(text, cleaned)
    check_readers(text.encode("utf-8", "surrogatepass"))
