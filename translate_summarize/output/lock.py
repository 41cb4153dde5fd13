"""One run per output folder: an OS-level lock that dies with its process.

``fcntl.flock`` on ``OUTPUT/.lock``: the kernel releases it when the holder exits, however it
exits (``kill -9`` included), so there is no stale lock to clean up by hand. The holder writes
its pid and start time into the file, so a second run can say who holds the folder. The file is
never deleted: deleting it would let a waiting run and a new run lock two different files.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from translate_summarize.errors import OutputError

LOCK_FILE = ".lock"
log = logging.getLogger(__name__)


class OutputLock:
    """Hold the lock of ``folder`` for the duration of a ``with`` block.

    Without ``wait``, a folder another run holds raises :class:`OutputError` naming the holder;
    with ``wait``, it blocks until the holder finishes.
    """

    def __init__(self, folder: Path, wait: bool = False) -> None:
        self.path, self.wait = Path(folder) / LOCK_FILE, wait
        self.handle = None

    def __enter__(self) -> OutputLock:
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._holder(handle)
            if not self.wait:
                handle.close()
                raise OutputError(
                    f"Another run ({holder}) is writing to {self.path.parent}; wait for it to "
                    "finish, or pass --wait to start when it does."
                ) from None
            print(f"waiting: {self.path.parent} is held by {holder}", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()}, started {started}\n")
        handle.flush()
        self.handle = handle
        log.debug("locked %s", self.path)
        return self

    def __exit__(
        self, kind: type | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the descriptor releases the lock
            self.handle = None

    @staticmethod
    def _holder(handle) -> str:
        handle.seek(0)
        return handle.read().strip() or "pid unknown"
