"""When to try a temporarily failed mail again: exponential backoff with jitter."""

from __future__ import annotations

import random

FIRST_DELAY = 60.0
MAX_DELAY = 3600.0
_RNG = random.Random()


def next_attempt(now: float, attempts: int, rng: random.Random | None = None,
                 first: float = FIRST_DELAY, cap: float = MAX_DELAY) -> float:
    """The time of the next try after ``attempts`` failed ones (1, 2, ...).

    The delay doubles per attempt up to ``cap``; "full jitter" spreads it
    between half and all of that, so many deferred mails do not return at
    the same moment."""
    delay = min(cap, first * 2.0 ** max(attempts - 1, 0))
    jitter: float = (rng or _RNG).random()
    return now + delay * (0.5 + 0.5 * jitter)
