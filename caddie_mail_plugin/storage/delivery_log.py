"""The delivery log: one JSON line per send or bounce, metadata only.

Not a TinyDB table on purpose: TinyDB rewrites its whole file on every write,
which would make each logged mail cost more as the log grows.  The log is
segmented by day (``log/deliveries-YYYY-MM-DD.jsonl``); an append opens the
day's file in append mode, so its cost does not depend on the log's length.
Segments older than the retention period are deleted when a new day starts.

Within a batch the log buffers up to ``buffer_size`` records and writes them
with one locked append (the lock costs more than the write); the sender
flushes at the end of the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import filelock

from ..exceptions import StorageError
from .json_lines import decode_line, encode_lines

PREFIX = "deliveries-"


class DeliveryLog:
    def __init__(self, directory: Path, retention_days: int = 90, buffer_size: int = 0) -> None:
        self.directory = directory
        self.retention_days = retention_days
        self.buffer_size = buffer_size
        self._pending: list[Mapping[str, Any]] = []
        self._lock = filelock.FileLock(str(directory / ".log.lock"), timeout=30)

    def _segment(self, day: date) -> Path:
        return self.directory / f"{PREFIX}{day.isoformat()}.jsonl"

    def append(self, records: Iterable[Mapping[str, Any]]) -> None:
        self._pending.extend(records)
        if len(self._pending) > self.buffer_size:
            self.flush()

    def flush(self) -> None:
        """Write every buffered record."""
        records, self._pending = self._pending, []
        lines = encode_lines(records, default=str)
        if not lines:
            return
        today = datetime.now(timezone.utc).date()
        path = self._segment(today)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with self._lock.acquire(poll_interval=0.002):
                new_day = not path.exists()
                with open(path, "ab") as handle:
                    handle.write(lines)
                if new_day:
                    self.prune(today)
        except (OSError, filelock.Timeout) as exc:
            raise StorageError(
                f"Could not write the delivery log in {self.directory} ({exc}); "
                "check that the data directory is writable."
            ) from exc

    def prune(self, today: date) -> None:
        oldest = today - timedelta(days=self.retention_days)
        for path in self.directory.glob(f"{PREFIX}*.jsonl"):
            try:
                day = date.fromisoformat(path.stem[len(PREFIX):])
            except ValueError:
                continue
            if day < oldest:
                path.unlink(missing_ok=True)

    def records(self, since: date | None = None) -> Iterator[dict[str, Any]]:
        for path in sorted(self.directory.glob(f"{PREFIX}*.jsonl")):
            if since and path.stem[len(PREFIX):] < since.isoformat():
                continue
            with open(path, "rb") as handle:
                for line in handle:
                    try:
                        yield decode_line(line)
                    except ValueError:
                        continue  # a line cut short by a crash, or a blank line
