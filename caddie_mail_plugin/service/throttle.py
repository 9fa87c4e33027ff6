"""MAIL_TIMER_COUNT mails, then MAIL_TIMER_DELAY seconds of pause, per server.

A block of ``count`` mails may be under way at once; when the last of them
has finished, the pause starts, and the next block begins after it.
"""

from __future__ import annotations

import asyncio
import time


class Throttle:
    """``count`` of 0 switches the throttle off."""

    def __init__(self, count: int, delay: float) -> None:
        self.count, self.delay = count, delay
        self._started = 0
        self._finished = 0
        self._paused_until = 0.0
        self._changed = asyncio.Condition()

    async def acquire(self) -> None:
        """Wait until the next mail may start."""
        if self.count <= 0:
            return
        async with self._changed:
            while True:
                wait = self._paused_until - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                elif self._started < self.count:
                    self._started += 1
                    return
                else:
                    await self._changed.wait()

    async def release(self) -> None:
        """A mail started with :meth:`acquire` has finished (either way)."""
        if self.count <= 0:
            return
        async with self._changed:
            self._finished += 1
            if self._finished >= self.count:
                self._paused_until = time.monotonic() + self.delay
                self._started = self._finished = 0
                self._changed.notify_all()

    def pause_remaining(self) -> float:
        return max(0.0, self._paused_until - time.monotonic())
