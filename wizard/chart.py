"""Sent, failed and bounced mail per day, drawn as an SVG on the server.

Counted from the delivery log: a send with status ``sent`` or ``partial``
counts as sent, ``failed`` or ``refused`` as failed, and every bounce event
as bounced.  Queued and suppressed mails are not counted here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SENT = frozenset({"sent", "partial"})
FAILED = frozenset({"failed", "refused"})
SERIES = ("sent", "failed", "bounced")
DAYS = 14
WIDTH, HEIGHT, BASELINE = 700, 200, 170
BAR, GAP = 12, 2


@dataclass(frozen=True)
class DayCount:
    day: date
    sent: int = 0
    failed: int = 0
    bounced: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.bounced


@dataclass(frozen=True)
class Bar:
    series: str
    x: int
    y: int
    height: int
    count: int


@dataclass(frozen=True)
class Chart:
    days: tuple[DayCount, ...]
    bars: tuple[Bar, ...]
    labels: tuple[tuple[int, str], ...]  # x position, "dd.mm."
    maximum: int
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = BASELINE


def count_per_day(records: Iterable[Mapping[str, Any]], today: date, days: int = DAYS) -> tuple[DayCount, ...]:
    first = today - timedelta(days=days - 1)
    counts = {first + timedelta(days=n): [0, 0, 0] for n in range(days)}
    for record in records:
        try:
            day = date.fromisoformat(str(record.get("at", ""))[:10])
        except ValueError:
            continue
        if day not in counts:
            continue
        if record.get("event") == "bounce":
            counts[day][2] += 1
        elif record.get("status") in SENT:
            counts[day][0] += 1
        elif record.get("status") in FAILED:
            counts[day][1] += 1
    return tuple(DayCount(day, *values) for day, values in sorted(counts.items()))


def draw(days: tuple[DayCount, ...]) -> Chart:
    maximum = max((max(d.sent, d.failed, d.bounced) for d in days), default=0)
    scale = (BASELINE - 10) / maximum if maximum else 0.0
    slot = WIDTH // max(len(days), 1)
    bars: list[Bar] = []
    labels: list[tuple[int, str]] = []
    for n, day in enumerate(days):
        left = n * slot + (slot - 3 * BAR - 2 * GAP) // 2
        for k, series in enumerate(SERIES):
            count = int(getattr(day, series))
            height = max(1, round(count * scale)) if count else 0
            bars.append(Bar(series, left + k * (BAR + GAP), BASELINE - height, height, count))
        labels.append((n * slot + slot // 2, f"{day.day:%d.%m.}"))
    return Chart(days, tuple(bars), tuple(labels), maximum)
