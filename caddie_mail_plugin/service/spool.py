"""Message bodies of the outbox, written in segments.

A batch of queued mails is written as one segment file (one fsync for the
batch), and a mail refers to its bytes by segment, offset and length.  A
newsletter's shared body is stored once; each copy adds only its own short
header prefix, kept in the journal record.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..exceptions import StorageError

OPEN_SEGMENTS = 8


@dataclass(frozen=True)
class SpoolRef:
    segment: str
    offset: int
    length: int


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._open: dict[str, BinaryIO] = {}  # a batch's mails share a segment: keep it open

    def write(self, payloads: Sequence[bytes]) -> list[SpoolRef]:
        """Write payloads durably into a new segment; returns their places."""
        name = f"{uuid.uuid4().hex}.seg"
        path = self.directory / name
        refs, offset = [], 0
        for payload in payloads:
            refs.append(SpoolRef(name, offset, len(payload)))
            offset += len(payload)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"".join(payloads))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise StorageError(
                f"Could not write the outbox spool {path} ({exc}); check the disk space."
            ) from exc
        return refs

    def read(self, ref: SpoolRef) -> bytes:
        handle = self._open.get(ref.segment)
        if handle is None:
            if len(self._open) >= OPEN_SEGMENTS:
                self._open.pop(next(iter(self._open))).close()
            handle = self._open[ref.segment] = open(self.directory / ref.segment, "rb")
        handle.seek(ref.offset)
        data = handle.read(ref.length)
        if len(data) != ref.length:
            raise StorageError(f"The outbox spool segment {ref.segment} is truncated.")
        return data

    def segments(self, older_than: float = 0.0) -> set[str]:
        """Segment names, only those last written over ``older_than`` s ago."""
        cutoff = time.time() - older_than
        return {p.name for p in self.directory.glob("*.seg") if p.stat().st_mtime <= cutoff}

    def remove(self, names: set[str]) -> None:
        for name in names:
            if name in self._open:
                self._open.pop(name).close()
            (self.directory / name).unlink(missing_ok=True)

    def close(self) -> None:
        for handle in self._open.values():
            handle.close()
        self._open.clear()
