"""A per-report cache of DNS answers that honours their TTLs.

Concurrent requests for the same (name, type) share one in-flight query, so a
prefetch and the evaluation that later needs the same record cause a single
query on the wire.  Failures are cached for a short, fixed time so that a name
that times out is not waited for twice in one report.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.dns_lookup import DnsAnswer, RecordType
from caddie_mail_plugin.dnsauth.errors import DnsTemporaryError

CacheKey = tuple[str, RecordType]


@dataclass(frozen=True)
class _Entry:
    expires: float
    answer: DnsAnswer | None
    error: DnsTemporaryError | None


def _retrieve_outcome(task: asyncio.Task[DnsAnswer]) -> None:
    # Mark the outcome as seen even when every waiter has gone away.
    if not task.cancelled():
        task.exception()


class AnswerCache:
    """TTL cache with in-flight de-duplication; one instance per report."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        error_ttl: float = 30.0,
    ) -> None:
        self._clock = clock
        self._error_ttl = error_ttl
        self._entries: dict[CacheKey, _Entry] = {}
        self._in_flight: dict[CacheKey, asyncio.Task[DnsAnswer]] = {}

    def _cached(self, key: CacheKey) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= self._clock():
            del self._entries[key]
            return None
        return entry

    async def get_or_fetch(
        self, key: CacheKey, fetch: Callable[[], Awaitable[DnsAnswer]]
    ) -> DnsAnswer:
        """Return the cached answer for ``key`` or run ``fetch`` exactly once.

        The fetch runs in its own task: a caller that is cancelled stops
        waiting, but the query goes on for the others that share it.
        """
        entry = self._cached(key)
        if entry is not None:
            if entry.error is not None:
                raise entry.error
            assert entry.answer is not None
            return entry.answer
        task = self._in_flight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._fetch_and_store(key, fetch))
            task.add_done_callback(_retrieve_outcome)
            self._in_flight[key] = task
        return await asyncio.shield(task)

    async def _fetch_and_store(
        self, key: CacheKey, fetch: Callable[[], Awaitable[DnsAnswer]]
    ) -> DnsAnswer:
        try:
            answer = await fetch()
        except DnsTemporaryError as error:
            self._entries[key] = _Entry(self._clock() + self._error_ttl, None, error)
            raise
        finally:
            self._in_flight.pop(key, None)
        self._entries[key] = _Entry(self._clock() + answer.ttl, answer, None)
        return answer

    async def aclose(self) -> None:
        """Cancel queries still in flight (e.g. prefetches nobody needs)."""
        tasks = list(self._in_flight.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
