"""The outbox journal: an append-only file of JSON lines, shared by processes.

Why a journal and not a TinyDB table: TinyDB rewrites its whole file on every
write (about 30 ms at 10,000 rows, 300 ms at 100,000), so per-mail writes to
a growing table would make each mail cost more as the queue grows.  Appending
a line costs the same at any length; the state is rebuilt by replaying the
lines, and :meth:`Journal.rewrite` compacts the file now and then.

Every append holds an inter-process lock, starts on a fresh line (a writer
killed mid-line leaves a torn line that readers skip), and is fsynced before
it returns, so a record that was reported written survives a crash.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import filelock

from ..exceptions import StorageError
from ..storage.atomic_file import write_atomic
from ..storage.json_lines import decode_line, encode_lines

Record = dict[str, Any]
# filelock waits 50 ms between tries by default; the host and the service take
# this lock for a millisecond at a time, so they look again much sooner.
LOCK_POLL = 0.001


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = filelock.FileLock(str(path) + ".lock", timeout=60)

    def append(self, records: Iterable[Mapping[str, Any]]) -> None:
        data = encode_lines(records)
        if not data:
            return
        try:
            with self.lock.acquire(poll_interval=LOCK_POLL), open(self.path, "ab+") as handle:
                if handle.tell() > 0:
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":
                        data = b"\n" + data  # isolate a line torn by a crash
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except (OSError, filelock.Timeout) as exc:
            raise StorageError(
                f"Could not write the outbox journal {self.path} ({exc}); check that the "
                "data directory is writable and the disk is not full."
            ) from exc

    def identity(self) -> int | None:
        """Changes when the file is replaced by :meth:`rewrite`."""
        try:
            return os.stat(self.path).st_ino
        except FileNotFoundError:
            return None

    def read_from(self, offset: int) -> tuple[list[Record], int]:
        """Complete records after ``offset``, and the offset after them."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(offset)
                data = handle.read()
        except FileNotFoundError:
            return [], 0
        end = data.rfind(b"\n") + 1  # a line still being written waits for the next read
        return list(_decode(data[:end])), offset + end

    def rewrite(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Replace the journal by ``records`` (caller holds :attr:`lock`)."""
        write_atomic(self.path, encode_lines(records))


def _decode(data: bytes) -> Iterator[Record]:
    for line in data.splitlines():
        if not line.strip():
            continue
        try:
            record = decode_line(line)
        except ValueError:
            continue  # torn by a crash: that append never completed
        if isinstance(record, dict):
            yield record
