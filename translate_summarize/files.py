"""File writing that never leaves a half-written file, and file names that cannot escape."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

_UNSAFE = re.compile(r"[^\w\-.]+")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a part.

    Writes a temporary file in the same folder, fsyncs it, then renames it over ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_name(doc_id: str, max_length: int = 80) -> str:
    """A file-name stem for ``doc_id`` that stays inside its folder on every OS.

    Letters (any script), digits, ``-``, ``_`` and ``.`` are kept; anything else becomes ``_``,
    and leading dots go. When the id had to change, a short hash of the original is appended so
    that two different ids can never map to the same file.
    """
    normalized = unicodedata.normalize("NFC", doc_id)
    stem = _UNSAFE.sub("_", normalized).lstrip(".")[:max_length] or "doc"
    if stem != doc_id:
        stem = f"{stem}-{hashlib.sha256(doc_id.encode()).hexdigest()[:8]}"
    return stem
