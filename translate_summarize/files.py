"""File writing that never leaves a half-written file, and file names that cannot escape."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def replace_folder(folder: Path) -> Iterator[Path]:
    """Yield a temp sibling of ``folder`` to write into; on success it replaces ``folder``.

    The old folder is renamed aside, the new one renamed into place, then the old one deleted,
    so readers never see old and new files mixed. If the body raises, the temp folder is deleted
    and ``folder`` is left exactly as it was.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.tmp")
    staging.mkdir()  # plain mkdir: the result gets the user's umask, unlike mkdtemp's 0700
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.old")
    if folder.exists():
        os.rename(folder, old)
    os.rename(staging, folder)
    shutil.rmtree(old, ignore_errors=True)


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
