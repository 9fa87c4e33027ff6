"""Writing key files: private (mode 0600 from the first byte) and atomic.

Writes go through :func:`caddie_mail_plugin.storage.atomic_file.write_atomic`
with ``private=True``: a temporary file created mode 0600, fsynced and renamed
over the old one, so readers see the old or the new file, never half of one.
On Windows the mode bits only control the read-only flag; access there is
governed by the user profile's ACLs.
"""

from __future__ import annotations

from pathlib import Path

from ..exceptions import StorageError
from ..storage.atomic_file import fsync_directory, write_atomic
from .errors import DkimStorageError


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
    try:
        write_atomic(path, data, private=True)
    except StorageError as exc:
        raise DkimStorageError(str(exc)) from None


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
    fsync_directory(path.parent)
    return True
