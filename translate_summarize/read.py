"""Read input documents: ``.txt`` files, ``.jsonl`` records, ``.html`` pages, or a Hugging Face
dataset saved with ``save_to_disk`` — one file, a folder of files, or a dataset folder.

Reading never raises for one bad document: a document that cannot be decoded or parsed comes
back with status ``failed`` and a reason, so the run can report it and go on. Only a missing or
unusable input *path* is an :class:`InputError`.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from translate_summarize.config import InputColumns
from translate_summarize.errors import InputError
from translate_summarize.record import Document

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SUFFIXES = (".txt", ".jsonl", ".html", ".htm")


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


def read_documents(
    path: Path, columns: InputColumns | None = None, split: str = "train"
) -> Iterator[Document]:
    """Yield one :class:`Document` per article under ``path``, in a stable order."""
    path, columns = Path(path), columns or InputColumns()
    if is_saved_dataset(path):
        yield from _read_dataset(path, columns, split)
    elif path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise InputError(f"Input folder {path} holds no {', '.join(SUFFIXES)} files.")
        for file in files:
            yield from _read_file(file, columns)
    elif path.is_file():
        yield from _read_file(path, columns)
    else:
        raise InputError(f"Input path {path} does not exist.")


def count_documents(
    path: Path, columns: InputColumns | None = None, split: str = "train"
) -> int | None:
    """How many documents :func:`read_documents` will yield, counted cheaply (file names,
    JSONL lines, dataset rows) for progress totals; None if ``path`` cannot be counted."""
    path = Path(path)
    try:
        if is_saved_dataset(path):
            from datasets import DatasetDict, load_from_disk

            dataset = load_from_disk(str(path))
            return (dataset[split] if isinstance(dataset, DatasetDict) else dataset).num_rows
        files = [path] if path.is_file() else [p for p in path.iterdir() if p.is_file()]
        return sum(_count_in_file(p) for p in files if p.suffix in SUFFIXES)
    except (OSError, KeyError, ValueError):
        return None


def _count_in_file(path: Path) -> int:
    if path.suffix != ".jsonl":
        return 1
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def is_saved_dataset(path: Path) -> bool:
    """A folder written by ``Dataset.save_to_disk`` or ``DatasetDict.save_to_disk``."""
    return path.is_dir() and any(
        (path / name).is_file() for name in ("state.json", "dataset_dict.json")
    )


def _read_file(path: Path, columns: InputColumns) -> Iterator[Document]:
    if path.suffix == ".jsonl":
        yield from _read_jsonl(path, columns)
    elif path.suffix in (".html", ".htm"):
        yield _read_html(path)
    else:
        yield _read_text(path)


def _read_text(path: Path) -> Document:
    doc = Document(id=path.stem, source=str(path))
    try:
        doc.text = decode(path.read_bytes())
    except (OSError, ValueError) as exc:
        doc.fail(f"cannot read {path.name}: {exc}")
    return doc


def _read_html(path: Path) -> Document:
    """Main text and title of a web page, extracted with trafilatura (boilerplate left out)."""
    doc = Document(id=path.stem, source=str(path))
    try:
        import trafilatura
    except ImportError:
        doc.fail("reading .html needs trafilatura: pip install 'translate_summarize[html]'")
        return doc
    try:
        extracted = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True)
    except Exception as exc:  # noqa: BLE001 - a broken page fails alone
        doc.fail(f"cannot extract text from {path.name}: {exc}")
        return doc
    if extracted is None or not (extracted.text or "").strip():
        doc.fail(f"no article text found in {path.name}")
        return doc
    doc.text = extracted.text
    doc.title = (extracted.title or "").strip() or None
    doc.url = extracted.url or None
    return doc


def _read_jsonl(path: Path, columns: InputColumns) -> Iterator[Document]:
    try:
        lines = decode(path.read_bytes()).splitlines()
    except (OSError, ValueError) as exc:
        raise InputError(f"Cannot read {path}: {exc}.") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _jsonl_document(path, number, line, columns)


def _jsonl_document(path: Path, number: int, line: str, columns: InputColumns) -> Document:
    fallback_id = f"{path.stem}-line{number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return _failed(fallback_id, str(path), f"line {number} is not valid JSON: {exc.msg}")
    if not isinstance(row, dict):
        return _failed(fallback_id, str(path), f"line {number} is not a JSON object")
    return record_document(row, columns, fallback_id, f"{path}:{number}")


def record_document(
    row: dict[str, Any], columns: InputColumns, fallback_id: str, where: str
) -> Document:
    """A document from one record (JSONL line or dataset row) with the configured field names."""
    text, doc_id = row.get(columns.text), row.get(columns.id)
    doc_id = fallback_id if doc_id is None else str(doc_id)
    if not isinstance(text, str):
        return _failed(doc_id, where, f"{where} has no string {columns.text!r} field")
    url = row.get(columns.url) if isinstance(row.get(columns.url), str) else None
    doc = Document(id=doc_id, source=url or where, text=text, url=url)
    title = row.get(columns.title)
    if isinstance(title, str) and title.strip():
        doc.title = title.strip()
    return doc


def _read_dataset(path: Path, columns: InputColumns, split: str) -> Iterator[Document]:
    from datasets import DatasetDict, load_from_disk

    dataset = load_from_disk(str(path))
    if isinstance(dataset, DatasetDict):
        if split not in dataset:
            raise InputError(
                f"Dataset {path} has no split {split!r}; splits: {', '.join(dataset)}."
            )
        dataset = dataset[split]
    if columns.text not in dataset.column_names:
        raise InputError(
            f"Dataset {path} has no text column {columns.text!r}; columns: "
            f"{', '.join(dataset.column_names)}. Set input_columns.text in the config."
        )
    for index, row in enumerate(dataset):
        yield record_document(row, columns, f"{path.name}-{index}", f"{path}#{index}")


def _failed(doc_id: str, source: str, reason: str) -> Document:
    doc = Document(id=doc_id, source=source)
    doc.fail(reason)
    return doc
