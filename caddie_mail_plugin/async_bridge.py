"""Between pluggy's synchronous hooks and asyncio, and between sync and async hosts.

Hook implementations may return a value or an awaitable; :func:`resolve` and
:func:`resolve_all` await what needs awaiting.  :func:`run_sync` runs a
coroutine from plain code, also when an event loop is already running in
this thread (it then runs on a worker thread with a loop of its own).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def resolve(value: Any) -> Any:
    """Await ``value`` if a plugin returned an awaitable."""
    return await value if inspect.isawaitable(value) else value


async def resolve_all(replies: list[Any]) -> list[Any]:
    """Await the replies of a hook in order.  If one raises, the awaitables
    not reached yet are closed (never started), and the error propagates."""
    results = []
    for index, reply in enumerate(replies):
        try:
            results.append(await resolve(reply))
        except BaseException:
            for rest in replies[index + 1 :]:
                if inspect.iscoroutine(rest):
                    rest.close()
            raise
    return results


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous code, loop or no loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
