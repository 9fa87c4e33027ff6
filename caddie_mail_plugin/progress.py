"""Progress of a bulk send, with the estimated finish under throttle and limits."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, TextIO

from .exceptions import CaddieMailError
from .models import DispatchMode, ServerConfig, Settings
from .routing import resolve_server
from .service.limits import profile_for

if TYPE_CHECKING:
    from .storage.config_store import ConfigStore

ASSUMED_RATE = 50.0  # mails per second a server takes, until the send shows its own rate


@dataclass(frozen=True)
class Estimate:
    seconds: float
    because: str  # what sets the pace

    def finish(self, now: datetime | None = None) -> datetime:
        return (now or datetime.now()) + timedelta(seconds=self.seconds)


def estimate_delivery(count: int, settings: Settings, server: ServerConfig | None, rate: float = ASSUMED_RATE) -> Estimate:
    """How long ``count`` mails take to go out, and what sets the pace."""
    options = [Estimate(count / max(rate, 0.001), f"about {rate:.0f} mails per second")]
    if settings.dispatch is DispatchMode.SERVICE:
        per_block, pause = settings.mail_timer_count, settings.mail_timer_delay
        if per_block > 0 and count > per_block:
            blocks = math.ceil(count / per_block)
            options.append(Estimate((blocks - 1) * pause + count / rate,
                                    f"throttle: {per_block} mails, then {pause:g} s pause"))
        if server is not None:
            profile = profile_for(server.host, server.limit_profile)
            if profile.per_minute:
                options.append(Estimate(count / profile.per_minute * 60,
                                        f"{profile.name} limit: {profile.per_minute} mails per minute"))
            if profile.recipients_per_day and count > profile.recipients_per_day:
                options.append(Estimate(count // profile.recipients_per_day * 86400.0,
                                        f"{profile.name} limit: {profile.recipients_per_day} recipients per day"))
    return max(options, key=lambda e: e.seconds)


class ProgressBar:
    """A one-line bar on a terminal (stderr), redrawn at most 10 times a second."""

    def __init__(self, total: int, estimate: Callable[[int, float], Estimate], stream: TextIO = sys.stderr) -> None:
        self.total, self.estimate, self.stream = total, estimate, stream
        self.started = time.monotonic()
        self._drawn = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if done < self.total and now - self._drawn < 0.1:
            return
        self._drawn = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed if done else ASSUMED_RATE
        remaining = self.estimate(self.total - done, rate)
        filled = int(30 * done / max(self.total, 1))
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{self.total:,}  "
            f"finished about {remaining.finish():%H:%M:%S} ({remaining.because})   "
        )
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def progress_for(
    progress: bool | Callable[[int], None], total: int, sample: EmailMessage | None, config: ConfigStore
) -> Callable[[int], None] | None:
    """The progress callback of a bulk send: the caller's, a terminal bar
    (``True``) estimating under the settings and the sample's server, or none."""
    if progress is False or total == 0:
        return None
    if progress is not True:
        return progress
    settings, server = config.settings(), None
    try:
        server = resolve_server(str(sample.get("From", "")), config.servers()).server if sample else None
    except CaddieMailError:
        server = None
    return ProgressBar(total, lambda left, rate: estimate_delivery(left, settings, server, rate))
