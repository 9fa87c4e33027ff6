"""Provider limits per server: messages per minute, recipients per day,
concurrent connections; built-in profiles, live counters, manual reset.

The counters live in the service's memory and are written to
``outbox/limits.json`` every few seconds (a small file: one record per
server, whatever the number of mails), so ``caddie-mail limits`` and the
wizard can show them.  A reset is requested by writing a reset time for the
server; the service sees it and starts its counters afresh.
"""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..office365 import is_microsoft365_host
from ..storage.atomic_file import write_atomic
from ..storage.json_db import JsonDatabase, load_json_file


@dataclass(frozen=True)
class LimitProfile:
    name: str
    per_minute: int | None
    recipients_per_day: int | None
    connections: int


PROFILES = {
    "microsoft365": LimitProfile("microsoft365", 30, 10_000, 3),
    "gmail": LimitProfile("gmail", 20, 2_000, 3),
    "unlimited": LimitProfile("unlimited", None, None, 16),
}
DAY = 86400.0


def profile_for(host: str, name: str | None = None) -> LimitProfile:
    """The configured profile, else one recognised from the host name."""
    if name:
        return PROFILES[name]
    host = host.lower()
    if is_microsoft365_host(host):
        return PROFILES["microsoft365"]
    if host in ("smtp.gmail.com", "smtp-relay.gmail.com", "smtp.googlemail.com"):
        return PROFILES["gmail"]
    return PROFILES["unlimited"]


class LimitCounter:
    """Counters of one server, kept by the service."""

    def __init__(self, profile: LimitProfile) -> None:
        self.profile = profile
        self.minute: deque[float] = deque()
        self.day: deque[tuple[float, int]] = deque()
        self.day_total = 0

    def _trim(self, now: float) -> None:
        while self.minute and self.minute[0] <= now - 60:
            self.minute.popleft()
        while self.day and self.day[0][0] <= now - DAY:
            self.day_total -= self.day.popleft()[1]

    def wait_time(self, recipients: int, now: float) -> float:
        """Seconds until a mail with ``recipients`` recipients may go (0 = now)."""
        self._trim(now)
        waits = [0.0]
        per_minute, per_day = self.profile.per_minute, self.profile.recipients_per_day
        if per_minute is not None and len(self.minute) >= per_minute:
            waits.append(self.minute[0] + 60 - now)
        if per_day is not None and self.day_total + recipients > per_day and self.day:
            waits.append(self.day[0][0] + DAY - now)
        return max(waits)

    def record(self, recipients: int, now: float) -> None:
        self.minute.append(now)
        self.day.append((now, recipients))
        self.day_total += recipients

    def reset(self) -> None:
        self.minute.clear()
        self.day.clear()
        self.day_total = 0

    def snapshot(self, now: float) -> dict[str, Any]:
        self._trim(now)
        return {"profile": self.profile.name, "per_minute_limit": self.profile.per_minute,
                "recipients_per_day_limit": self.profile.recipients_per_day,
                "connections": self.profile.connections, "last_minute": len(self.minute),
                "recipients_today": self.day_total, "updated": now}


class LimitsFile:
    """``outbox/limits.json``: counters written by the service, resets by admins."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "outbox" / "limits.json"
        self.resets = JsonDatabase(data_dir / "outbox" / "limit-resets.json")

    def write_counters(self, counters: dict[str, dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(counters, indent=1).encode())

    def counters(self) -> dict[str, dict[str, Any]]:
        return load_json_file(self.path)

    def request_reset(self, server: str) -> None:
        with self.resets.transaction() as db:
            table = db.table("resets")
            current = {r["server"]: dict(r) for r in table.all()}
            current[server] = {"server": server, "at": time.time()}
            table.truncate()
            table.insert_multiple(current.values())

    def reset_times(self) -> dict[str, float]:
        return {r["server"]: float(r["at"]) for r in self.resets.snapshot().table("resets").all()}
