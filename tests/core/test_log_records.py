"""The time stamp the delivery log writes per record."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from caddie_mail_plugin.log_records import _now


def test_time_stamps_are_utc_iso_with_milliseconds() -> None:
    before = datetime.now(timezone.utc)
    stamps = [_now() for _ in range(2000)]
    after = datetime.now(timezone.utc)
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", stamp)
        parsed = datetime.fromisoformat(stamp)
        assert before - timedelta(milliseconds=1) <= parsed <= after
    assert stamps == sorted(stamps)
