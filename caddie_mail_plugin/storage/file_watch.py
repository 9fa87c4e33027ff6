"""Has a shared data file changed?  One ``stat`` per look, and few looks.

The send path asks several times per mail whether ``config.json``, the
blacklist or the DKIM key index changed (the wizard or another host process
may have replaced them).  A ``stat`` costs 1-4 us; asked five to seven times
per mail it was a tenth of the host's CPU when queueing 10,000 mails.  A
:class:`FileWatch` therefore looks at the file at most once per
:data:`LOOK_INTERVAL`: a change made by another process shows within that
time (2 ms, far below anything a person or a cron job can race), and a change
made by this process through :func:`~.atomic_file.write_atomic` shows at
once, because that function counts its writes per file here.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

FileSignature = tuple[int, int, int]  # (inode, size, mtime in ns)

LOOK_INTERVAL = 0.002

_local_writes: dict[str, int] = {}
_local_writes_lock = threading.Lock()


def _key(path: Path | str) -> str:
    return os.path.realpath(path)


def note_local_write(path: Path | str) -> None:
    """Record that this process replaced ``path`` (called by write_atomic)."""
    key = _key(path)
    with _local_writes_lock:
        _local_writes[key] = _local_writes.get(key, 0) + 1


def file_signature(path: Path | str) -> FileSignature | None:
    """Identity of the file's current version; changes with every atomic write."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class FileWatch:
    """The current :data:`FileSignature` of one file, looked up sparingly."""

    def __init__(self, path: Path | str, interval: float = LOOK_INTERVAL) -> None:
        self.path = path
        self.interval = interval
        self._key = _key(path)
        self._looked_at = float("-inf")
        self._writes_seen = -1
        self._signature: FileSignature | None = None

    def signature(self) -> FileSignature | None:
        """The signature from the last look, or from a new one when the last
        look is older than the interval or this process wrote the file since."""
        now = time.monotonic()
        writes = _local_writes.get(self._key, 0)
        if writes != self._writes_seen or now - self._looked_at >= self.interval:
            self._signature = file_signature(self.path)
            self._looked_at, self._writes_seen = now, writes
        return self._signature
