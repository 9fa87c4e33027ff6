"""Unsaved input kept on the server, keyed by the browser session's id.

The setup's draft (including a typed password) and a test mail waiting for
the test-mode answer live here, in this process's memory: the session cookie
carries only a random id, never a value.  Drafts expire after ``ttl`` seconds
without use and vanish when the wizard stops: nothing unsaved reaches a disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEFAULT_TTL_SECONDS = 8 * 3600


class DraftStore:
    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self._items: dict[tuple[str, str], tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str, kind: str, expected: type[T]) -> T | None:
        """The draft of ``kind`` for the session, if there is one of type ``expected``."""
        now = self.clock()
        with self._lock:
            self._expire(now)
            found = self._items.get((session_id, kind))
            if found is None or not isinstance(found[1], expected):
                return None
            self._items[(session_id, kind)] = (now, found[1])
            return found[1]

    def put(self, session_id: str, kind: str, value: object) -> None:
        now = self.clock()
        with self._lock:
            self._expire(now)
            self._items[(session_id, kind)] = (now, value)

    def drop(self, session_id: str, kind: str) -> None:
        with self._lock:
            self._items.pop((session_id, kind), None)

    def __len__(self) -> int:
        with self._lock:
            self._expire(self.clock())
            return len(self._items)

    def _expire(self, now: float) -> None:
        stale = [key for key, (used, _) in self._items.items() if now - used > self.ttl]
        for key in stale:
            del self._items[key]
