"""TinyDB files shared safely by several processes.

Every change runs in :meth:`JsonDatabase.transaction`: it takes an
inter-process lock (``filelock``, which works on Windows and POSIX), reads the
file once, lets TinyDB change the data in memory, and writes the file
atomically once at the end.  An exception inside the block writes nothing.
Reads need no lock: the file is only ever replaced by rename.

A fresh ``TinyDB`` object is used per transaction on purpose: TinyDB caches
query results and the next document id per ``Table``, which would go stale
when another process writes the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import filelock
from tinydb import TinyDB
from tinydb.storages import Storage

from ..exceptions import StorageError
from .atomic_file import write_atomic

LOCK_TIMEOUT_SECONDS = 30.0
LOCK_POLL = 0.002  # filelock's default 50 ms between tries is long for millisecond writes
Data = dict[str, dict[str, Any]]


def load_json_file(path: Path) -> Data:
    """Read a TinyDB file; a missing or empty file is an empty database."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise StorageError(
            f"{path} is not valid JSON ({exc}); restore it from a backup or move "
            "it away to start with an empty one."
        ) from exc
    if not isinstance(data, dict):
        raise StorageError(f"{path} does not hold a TinyDB database; move it away.")
    return data


class _MemoryStorage(Storage):
    """TinyDB storage over a dict that the transaction loads and saves."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.changed = False

    def read(self) -> Data:
        return self.data

    def write(self, data: Data) -> None:
        self.data = data
        self.changed = True


class JsonDatabase:
    """One TinyDB file in the data directory."""

    def __init__(self, path: Path, *, private: bool = False) -> None:
        self.path = path
        self.private = private
        self._lock = filelock.FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)

    @contextmanager
    def locked(self) -> Iterator[None]:
        try:
            with self._lock.acquire(poll_interval=LOCK_POLL):
                yield
        except filelock.Timeout:
            raise StorageError(
                f"{self.path} is locked by another process for over "
                f"{LOCK_TIMEOUT_SECONDS:.0f} s; wait for it to finish, or if no "
                "caddie-mail program is running, delete the .lock file beside it."
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Lock, load, yield a TinyDB on the data, and save once if it changed."""
        with self.locked():
            storage = _MemoryStorage(load_json_file(self.path))
            db = TinyDB(storage=lambda: storage)
            yield db
            if storage.changed:
                payload = json.dumps(storage.data, ensure_ascii=False, separators=(",", ":"))
                write_atomic(self.path, payload.encode("utf-8"), private=self.private)

    def snapshot(self) -> TinyDB:
        """A read-only view of the file as it is now (no lock needed)."""
        storage = _MemoryStorage(load_json_file(self.path))
        return TinyDB(storage=lambda: storage)
