"""Writing key files: private (mode 0600 from the first byte) and atomic.

The new content goes to a temporary file in the same directory, created with
``os.open(..., 0o600)`` so no other user can ever read it, is fsynced and then
renamed over the old file with ``os.replace``; readers see the old or the new
file, never half of one.  On Windows the mode bits only control the read-only
flag; access there is governed by the user profile's ACLs.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from .errors import DkimStorageError

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def ensure_private_directory(directory: Path) -> None:
    """Create ``directory`` (mode 0700 where the platform has modes)."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DkimStorageError(
            f"Could not create the DKIM key directory {directory} ({exc.strerror or exc}); "
            "check that the data directory is writable."
        ) from None


def write_private_file(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``; the file is mode 0600."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, _FLAGS, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise DkimStorageError(
            f"Could not write {path} ({exc.strerror or exc}); check that the data "
            "directory is writable and the disk is not full."
        ) from None
    _fsync_directory(path.parent)


def remove_file(path: Path) -> bool:
    """Delete ``path``; return whether it existed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise DkimStorageError(
            f"Could not delete {path} ({exc.strerror or exc}); close programs "
            "that use it and try again."
        ) from None
    _fsync_directory(path.parent)
    return True


def _fsync_directory(directory: Path) -> None:
    """Make a rename or deletion durable where the platform allows it."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
