"""The service as a real process: SIGKILL at random points, SIGTERM."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from mail_helpers import make_message
from service_helpers import wait_until

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.service.limits import PROFILES
from caddie_mail_plugin.service.outbox import Outbox
from caddie_mail_plugin.service.server_worker import BATCH
from caddie_mail_plugin.service.state import OutboxStatus

# At most one turn of mails per connection can be delivered but not yet journaled.
IN_FLIGHT = PROFILES["unlimited"].connections * BATCH


def _message_ids(smtp_server: Any) -> Counter[str]:
    return Counter(str(m.message["Message-ID"]) for m in smtp_server.received)


def _check_files(data_dir: Path) -> None:
    for name in ("config.json",):
        json.loads((data_dir / name).read_text())
    lines = (data_dir / "outbox" / "journal.jsonl").read_bytes().split(b"\n")
    bad = [line for line in lines[:-1] if line.strip() and not _parses(line)]
    assert len(bad) <= 20, f"{len(bad)} torn journal lines"  # at most one per kill


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing(
    service_mailer: Any, smtp_server: Any, service_process: Any, data_dir: Path
) -> None:
    smtp_server.script.data_delay = 0.25  # 500 mails take longer than the 20 runs together
    mailer: Mailer = service_mailer()
    messages = [make_message(to=f"m{i}@example.org", subject=f"Mail {i}") for i in range(500)]
    results = mailer.send_many(messages)
    expected = {r.message_id for r in results}
    assert len(expected) == 500
    rng = random.Random(7)
    duplicates_allowed = killed_mid_run = 0
    for _ in range(20):
        before = len(smtp_server.received)
        process = service_process()
        time.sleep(rng.uniform(0.3, 1.2))
        process.kill()
        duplicates_allowed += IN_FLIGHT
        assert len(smtp_server.received) >= before
        killed_mid_run += len(set(_message_ids(smtp_server))) < 500
    assert killed_mid_run >= 15, "the kills should fall while mails are being sent"
    final = service_process("--until-idle")
    assert final.proc.wait(timeout=120) == 0
    received = _message_ids(smtp_server)
    assert set(received) == expected, "a mail was lost"
    duplicates = sum(n - 1 for n in received.values())
    assert duplicates <= duplicates_allowed
    outbox = Outbox(data_dir)
    assert {m.status for m in outbox.mails()} == {OutboxStatus.SENT}
    _check_files(data_dir)


def test_sigterm_returns_waiting_mails_to_the_queue(
    service_mailer: Any, smtp_server: Any, service_process: Any, data_dir: Path
) -> None:
    mailer: Mailer = service_mailer(count=2, delay=60)
    ids = [mailer.send(make_message(to=f"m{i}@example.org")).queue_id for i in range(6)]
    process = service_process()
    wait_until(lambda: len(smtp_server.received) == 2)
    time.sleep(0.2)
    started = time.monotonic()
    assert process.terminate() == 0
    assert time.monotonic() - started < 30  # did not sit out the 60 s pause
    outbox = Outbox(data_dir)
    statuses = Counter(outbox.get(i).status for i in ids)
    assert statuses == {OutboxStatus.SENT: 2, OutboxStatus.QUEUED: 4}
    mailer.config.update_settings(mail_timer_count=0)
    assert service_process("--until-idle").proc.wait(timeout=60) == 0
    assert sorted(_message_ids(smtp_server).values()) == [1] * 6


def test_sigterm_lets_a_mail_in_conversation_finish(
    service_mailer: Any, smtp_server: Any, service_process: Any, data_dir: Path
) -> None:
    smtp_server.script.data_delay = 1.5
    mailer: Mailer = service_mailer()
    queue_id = mailer.send(make_message(to="max@example.org")).queue_id
    process = service_process("--grace", "20")
    wait_until(lambda: "max@example.org" in smtp_server.handler.rcpt_attempts)
    assert process.terminate() == 0
    assert len(smtp_server.received) == 1
    assert Outbox(data_dir).get(queue_id).status is OutboxStatus.SENT


def test_only_one_service_at_a_time(service_mailer: Any, service_process: Any, data_dir: Path) -> None:
    service_mailer()
    first = service_process()
    time.sleep(1.0)
    second = service_process()
    assert second.proc.wait(timeout=30) == 1
    assert b"Another delivery service is running" in second.proc.stderr.read()
    assert first.proc.poll() is None
