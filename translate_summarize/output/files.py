"""File writing that never leaves a half-written file, and file names that cannot escape."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from translate_summarize.errors import OutputError

_UNSAFE = re.compile(r"[^\w\-.]+")


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (a string, or pieces of one written as they come) to ``path`` so that
    readers see the old file or the new one, never a part.

    Writes a temporary file in the same folder, fsyncs it, then renames it over ``path``. The
    file gets the mode a plain ``open`` would give (0666 less the umask), not ``mkstemp``'s 0600.
    A full disk or an unwritable folder is an :class:`OutputError` naming the file, and leaves
    no temporary file behind.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise output_error(path, exc) from exc
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(path, exc) from exc
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


def current_umask() -> int:
    """The process umask (reading it means setting it; it is put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FULL = (errno.ENOSPC, errno.EDQUOT)
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS)


def output_error(path: Path, exc: OSError) -> OutputError:
    """One sentence for a failed write to the output: which file, why, and what to do."""
    reason = exc.strerror or type(exc).__name__
    if exc.errno in _FULL:
        action = "free disk space"
    elif exc.errno in _DENIED:
        action = "make the output folder writable (or choose another with --output)"
    else:
        action = "fix the output folder"
    return OutputError(
        f"Cannot write {path}: {reason}. {action[0].upper()}{action[1:]}, then run the same "
        "command again; finished briefs are kept."
    )


def prepare_output(folder: Path) -> Path:
    """Create ``folder/briefs``; an :class:`OutputError` if the folder cannot hold a run.

    Checked before any model loads, so a mistyped ``--output`` costs nothing.
    """
    briefs = folder / "briefs"
    blocker = next((p for p in (briefs, folder, *folder.parents) if p.is_file()), None)
    if blocker is not None:
        raise OutputError(
            f"Cannot use {folder} as the output folder: {blocker} is a file, not a folder; "
            "point output (or --output) at a folder."
        )
    try:
        briefs.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(briefs, exc) from exc
    if not os.access(briefs, os.W_OK | os.X_OK):
        raise output_error(briefs, PermissionError(errno.EACCES, "Permission denied"))
    return briefs


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


def check_writable_file(path: Path) -> None:
    """An :class:`OutputError` unless ``path`` can be written as a file (checked before work)."""
    if path.is_dir():
        raise OutputError(f"Cannot write to {path}: it is a folder; give a file name with -o.")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"Cannot write to {path}: folder {parent} does not exist.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"Cannot write to {path}: folder {parent} is not writable.")
