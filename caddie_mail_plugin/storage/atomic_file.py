"""Atomic, durable file replacement.

A writer puts the new content into a temporary file in the same directory,
flushes and fsyncs it, and renames it over the old file.  A reader therefore
sees either the old or the new file, never half of one.  Works on Windows too
(``os.replace`` is atomic there as well).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..exceptions import StorageError
from .file_watch import note_local_write


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Replace ``path`` with ``data``; mode 0600 from the start when ``private``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if not private:
                with contextlib.suppress(OSError):
                    os.chmod(tmp, 0o644)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        note_local_write(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StorageError(
            f"Could not write {path} ({exc.strerror or exc}); check that the data "
            "directory is writable and the disk is not full."
        ) from exc
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
