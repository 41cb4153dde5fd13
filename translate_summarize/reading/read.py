"""Read input documents: ``.txt`` files, ``.jsonl`` records, ``.html`` pages, or a Hugging Face
dataset saved with ``save_to_disk`` — one file, a folder of files, or a dataset folder.

Reading never raises for one bad document: a document that cannot be decoded or parsed, or is
longer than ``max_chars`` characters, comes back with status ``failed`` and a reason, so the run
can report it and go on. Only a missing or unusable input *path* is an :class:`InputError`.

Reading streams: files are opened one at a time, JSONL line by line (never the whole file), and
a line or file too long to be a document under the limit is skipped in bounded reads, so memory
does not grow with the input.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from translate_summarize.config import InputColumns
from translate_summarize.errors import InputError
from translate_summarize.reading.page import document_from_html
from translate_summarize.record import Document

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
MAX_DOCUMENT_CHARS = 1_000_000
# A JSONL line holds at most this many bytes per text character: the default json.dumps writes
# each Devanagari letter as a 6-byte "\\u0915" escape, and a character outside the BMP as two.
_JSON_BYTES_PER_CHAR = 12
_JSON_OTHER_FIELDS = 1 << 16  # id, title, url and anything else a line carries
_SKIP_READ = 1 << 20  # bytes read at a time while skipping an over-long line
# A web page is markup around its text: a page over this many bytes per allowed text
# character is refused before it is parsed (an HTML tree costs several times the page).
_HTML_BYTES_PER_CHAR = 16


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
    path: Path,
    columns: InputColumns | None = None,
    split: str = "train",
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Iterator[Document]:
    """Yield one :class:`Document` per article under ``path``, in a stable order.

    A document longer than ``max_chars`` characters comes back failed, saying so.
    """
    path, columns = Path(path), columns or InputColumns()
    if is_saved_dataset(path):
        yield from _read_dataset(path, columns, split, max_chars)
    elif path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise InputError(f"Input folder {path} holds no {', '.join(SUFFIXES)} files.")
        for file in files:
            yield from _read_file(file, columns, max_chars)
    elif path.is_file():
        yield from _read_file(path, columns, max_chars)
    else:
        raise InputError(f"Input path {path} does not exist.")


def too_long(chars: int, max_chars: int) -> str | None:
    """The failure reason of a document of ``chars`` characters, or None if it is allowed."""
    if chars <= max_chars:
        return None
    return (
        f"document has {chars:,} characters, over max_document_chars ({max_chars:,}); "
        "split it into articles or raise max_document_chars"
    )


def bounded_chunks(
    documents: Iterable[Document], max_docs: int, max_chars: int
) -> Iterator[list[Document]]:
    """Consecutive lists of at most ``max_docs`` documents that close once they hold
    ``max_chars`` characters of text (a chunk always takes at least one document)."""
    chunk: list[Document] = []
    chars = 0
    for doc in documents:
        chunk.append(doc)
        chars += len(doc.text)
        if len(chunk) >= max_docs or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


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
    # Counted in fixed-size blocks: a 20 MB line is never held whole just to be counted.
    count, open_line = 0, False
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            for part in block.split(b"\n")[:-1]:
                count += open_line or bool(part.strip())
                open_line = False
            open_line = open_line or bool(block.rsplit(b"\n", 1)[-1].strip())
    return count + open_line


def is_saved_dataset(path: Path) -> bool:
    """A folder written by ``Dataset.save_to_disk`` or ``DatasetDict.save_to_disk``."""
    return path.is_dir() and any(
        (path / name).is_file() for name in ("state.json", "dataset_dict.json")
    )


def _too_many_bytes(size: int, max_chars: int) -> str:
    return (
        f"{size:,} bytes, more than max_document_chars ({max_chars:,}) characters can take; "
        "split it into articles or raise max_document_chars"
    )


def _read_file(
    path: Path, columns: InputColumns, max_chars: int, format: str | None = None
) -> Iterator[Document]:
    kind = format or path.suffix.lstrip(".")
    if kind == "jsonl":
        yield from _read_jsonl(path, columns, max_chars)
    elif kind in ("html", "htm"):
        yield _read_html(path, max_chars)
    else:
        yield _read_text(path, max_chars)


def _read_text(path: Path, max_chars: int) -> Document:
    doc = Document(id=path.stem, source=str(path))
    try:
        # UTF-8 and UTF-16 spend at most 4 bytes per character: a bigger file is over the
        # limit whatever it holds, and is refused before it is read.
        size = path.stat().st_size
        if size > 4 * max_chars + len(codecs.BOM_UTF8):
            doc.fail(f"{path.name} has {_too_many_bytes(size, max_chars)}")
            return doc
        doc.text = decode(path.read_bytes())
    except (OSError, ValueError) as exc:
        doc.fail(f"cannot read {path.name}: {exc}")
        return doc
    reason = too_long(len(doc.text), max_chars)
    if reason:
        doc.text = ""
        doc.fail(f"{path.name}: {reason}")
    return doc


def _read_html(path: Path, max_chars: int) -> Document:
    """Main text, title and metadata of a web page (see :mod:`translate_summarize.reading.page`)."""

    try:
        size = path.stat().st_size
        if size > _HTML_BYTES_PER_CHAR * max_chars:
            limit = f"{_HTML_BYTES_PER_CHAR} bytes of page per character of max_document_chars"
            reason = f"{path.name} has {size:,} bytes, more than {limit} ({max_chars:,})"
            return _failed(path.stem, str(path), f"{reason}; raise max_document_chars")
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path.stem, str(path), f"cannot read {path.name}: {exc}")
    return document_from_html(data, path.stem, str(path))


def _read_jsonl(path: Path, columns: InputColumns, max_chars: int) -> Iterator[Document]:
    """One document per non-blank line, read line by line; a bad line fails alone."""
    limit = _JSON_BYTES_PER_CHAR * max_chars + _JSON_OTHER_FIELDS
    try:
        with path.open("rb") as handle:
            if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                yield from _read_jsonl_utf16(path, columns, max_chars, limit)
                return
            handle.seek(0)
            for number, line in _lines(handle, limit):
                yield from _jsonl_line(path, number, line, columns, max_chars, limit)
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc}.") from None


def _lines(handle: IO, limit: int) -> Iterator[tuple[int, Any]]:
    """Numbered lines of at most ``limit`` bytes (or characters, from a text handle); a
    longer line is skipped and given as None."""
    number = 0
    newline = "\n" if hasattr(handle, "encoding") else b"\n"
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(newline):
            yield number, line
            continue
        while line and not line.endswith(newline):
            line = handle.readline(_SKIP_READ)
        yield number, None


def _jsonl_line(
    path: Path,
    number: int,
    line: bytes | str | None,
    columns: InputColumns,
    max_chars: int,
    limit: int,
) -> Iterator[Document]:
    fallback_id = f"{path.stem}-line{number}"
    if line is None:
        reason = f"line {number} is longer than {_too_many_bytes(limit, max_chars)}"
        yield _failed(fallback_id, str(path), reason)
        return
    if not line.strip():
        return
    try:
        if isinstance(line, str):  # from a UTF-16 file, decoded as it is read
            text = line
        else:
            text = decode(line[3:] if number == 1 and line.startswith(codecs.BOM_UTF8) else line)
    except ValueError as exc:
        yield _failed(fallback_id, str(path), f"line {number}: {exc}")
        return
    yield _jsonl_document(path, number, text, columns, max_chars)


def _read_jsonl_utf16(
    path: Path, columns: InputColumns, max_chars: int, limit: int
) -> Iterator[Document]:
    """A UTF-16 JSONL file, decoded as it is read (never whole). Text that does not decode
    fails the rest of the file as one document: UTF-16 cannot resynchronise after it."""
    number = 0
    try:
        with path.open(encoding="utf-16", newline="") as handle:
            for number, line in _lines(handle, limit):
                yield from _jsonl_line(path, number, line, columns, max_chars, limit)
    except UnicodeDecodeError as exc:
        where = f"line {number + 1} onwards"
        reason = f"{where} cannot be decoded as UTF-16 ({exc.reason})"
        yield _failed(f"{path.stem}-line{number + 1}", str(path), reason)


def _jsonl_document(
    path: Path, number: int, line: str, columns: InputColumns, max_chars: int
) -> Document:
    fallback_id = f"{path.stem}-line{number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return _failed(fallback_id, str(path), f"line {number} is not valid JSON: {exc.msg}")
    except RecursionError:
        return _failed(fallback_id, str(path), f"line {number} is JSON nested too deeply")
    except ValueError as exc:  # e.g. a number longer than int()'s 4,300-digit limit
        return _failed(fallback_id, str(path), f"line {number} cannot be read as JSON: {exc}")
    if not isinstance(row, dict):
        return _failed(fallback_id, str(path), f"line {number} is not a JSON object")
    return record_document(row, columns, fallback_id, f"{path}:{number}", max_chars)


def record_document(
    row: dict[str, Any],
    columns: InputColumns,
    fallback_id: str,
    where: str,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Document:
    """A document from one record (JSONL line or dataset row) with the configured field names."""
    text, doc_id = row.get(columns.text), row.get(columns.id)
    doc_id = fallback_id if doc_id is None else str(doc_id)
    if not isinstance(text, str):
        return _failed(doc_id, where, f"{where} has no string {columns.text!r} field")
    if reason := too_long(len(text), max_chars):
        return _failed(doc_id, where, f"{where}: {reason}")
    url = row.get(columns.url) if isinstance(row.get(columns.url), str) else None
    doc = Document(id=doc_id, source=url or where, text=text, url=url)
    title = row.get(columns.title)
    if isinstance(title, str) and title.strip():
        doc.title = title.strip()
    return doc


def _read_dataset(
    path: Path, columns: InputColumns, split: str, max_chars: int
) -> Iterator[Document]:
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
        yield record_document(row, columns, f"{path.name}-{index}", f"{path}#{index}", max_chars)


def _failed(doc_id: str, source: str, reason: str) -> Document:
    doc = Document(id=doc_id, source=source)
    doc.fail(reason)
    return doc


def read_input(path: str, format: str | None = None) -> list[Document]:
    """The documents of one command-line input: a file read like ``run`` reads it (by suffix,
    or by ``format``), or ``-`` for standard input (plain text unless ``format`` says else).

    Raises :class:`InputError` when the input cannot be read or a document in it fails.
    """
    import sys
    import tempfile

    if path == "-":
        data = sys.stdin.buffer.read()
        with tempfile.TemporaryDirectory() as folder:
            spooled = Path(folder) / f"stdin.{format or 'txt'}"
            spooled.write_bytes(data)
            docs = list(_read_file(spooled, InputColumns(), MAX_DOCUMENT_CHARS, format))
        for doc in docs:
            doc.source = "-"
    elif not Path(path).is_file():
        raise InputError(f"Cannot read {path}: no such file.")
    else:
        docs = list(_read_file(Path(path), InputColumns(), MAX_DOCUMENT_CHARS, format))
    for doc in docs:
        if doc.failed:
            raise InputError(f"Cannot read {path}: {doc.error}.")
    return docs
