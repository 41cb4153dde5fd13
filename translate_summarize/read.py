"""Read input documents: a folder of ``.txt`` files, one ``.txt`` file, or a ``.jsonl`` file.

Reading never raises for one bad document: a document that cannot be decoded comes back with
status ``failed`` and a reason, so the run can report it and go on. Only a missing or unusable
input *path* is an :class:`InputError`.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path

from translate_summarize.errors import InputError
from translate_summarize.record import Document

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else raises ValueError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise ValueError("contains NUL bytes; looks like a binary file, not text")
    return text


def read_documents(path: Path) -> Iterator[Document]:
    """Yield one :class:`Document` per article under ``path``, in a stable order."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in {".txt", ".jsonl"} and p.is_file())
        if not files:
            raise InputError(f"Input folder {path} holds no .txt or .jsonl files.")
        for file in files:
            yield from _read_file(file)
    elif path.is_file():
        yield from _read_file(path)
    else:
        raise InputError(f"Input path {path} does not exist.")


def _read_file(path: Path) -> Iterator[Document]:
    if path.suffix == ".jsonl":
        yield from _read_jsonl(path)
    else:
        yield _read_text(path)


def _read_text(path: Path) -> Document:
    doc = Document(id=path.stem, source=str(path))
    try:
        doc.text = decode(path.read_bytes())
    except (OSError, ValueError) as exc:
        doc.fail(f"cannot read {path.name}: {exc}")
    return doc


def _read_jsonl(path: Path) -> Iterator[Document]:
    try:
        lines = decode(path.read_bytes()).splitlines()
    except (OSError, ValueError) as exc:
        raise InputError(f"Cannot read {path}: {exc}.") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _jsonl_document(path, number, line)


def _jsonl_document(path: Path, number: int, line: str) -> Document:
    fallback_id = f"{path.stem}-line{number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return _failed(fallback_id, path, f"line {number} is not valid JSON: {exc.msg}")
    if not isinstance(row, dict):
        return _failed(fallback_id, path, f"line {number} is not a JSON object")
    text, doc_id = row.get("text"), row.get("id", fallback_id)
    if not isinstance(text, str):
        return _failed(str(doc_id), path, f"line {number} has no string 'text' field")
    source = row.get("url") or f"{path}:{number}"
    doc = Document(id=str(doc_id), source=str(source), text=text, url=row.get("url"))
    if isinstance(row.get("title"), str) and row["title"].strip():
        doc.title = row["title"].strip()
    return doc


def _failed(doc_id: str, path: Path, reason: str) -> Document:
    doc = Document(id=doc_id, source=str(path))
    doc.fail(reason)
    return doc
