"""dispatch, outbox, limits and service from the command line."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from mail_helpers import make_message
from service_helpers import wait_until

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.cli import main
from caddie_mail_plugin.service.limits import LimitsFile


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*args: str) -> tuple[int, str, str]:
        sys.stdin = io.StringIO("")
        code = main(["--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_dispatch_shows_and_sets_mode_and_throttle(cli: Any) -> None:
    assert cli("dispatch")[1].splitlines() == ["Versand durch: direct", "Throttle (service only): 10 mails, then 60 s pause"]
    code, out, _ = cli("dispatch", "service", "--count", "5", "--delay", "30")
    assert code == 0 and out.splitlines() == ["Versand durch: service", "Throttle (service only): 5 mails, then 30 s pause"]
    assert cli("dispatch", "--count", "-1")[0] == 2


def test_outbox_commands(cli: Any, service_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = service_mailer()
    smtp_server.script.rcpt["later@example.org"] = "451 4.3.0 Try later"
    first = mailer.send(make_message(to="later@example.org", subject="Rechnung 1")).queue_id
    second = mailer.send(make_message(to="max@example.org", subject="Rechnung 2")).queue_id
    code, out, _ = cli("outbox", "list")
    assert code == 0 and first in out and second in out and "queued" in out
    assert cli("outbox", "cancel", second)[0] == 0
    assert cli("service", "--until-idle", "--poll", "0.02", "--retry-delay", "30")[0] == 0
    code, out, _ = cli("outbox", "show", first)
    assert "451 4.3.0 Try later" in out and "pending:   later@example.org" in out
    smtp_server.script.rcpt.clear()
    assert cli("outbox", "retry", first)[0] == 0
    assert cli("service", "--until-idle", "--poll", "0.02")[0] == 0
    assert "sent" in cli("outbox", "list", "--status", "sent")[1]
    assert cli("outbox", "retry", first)[0] == 1  # not queued any more: a clear error
    code, out, _ = cli("outbox", "purge")
    assert code == 0 and "Removed 2" in out
    assert cli("outbox", "list")[1].strip() == "The outbox is empty."
    assert cli("outbox", "show", "nope")[0] == 1


def test_limits_show_and_reset_while_the_service_runs(
    cli: Any, service_mailer: Any, smtp_server: Any, service_process: Any, data_dir: Path
) -> None:
    mailer: Mailer = service_mailer()
    mailer.send_many([make_message(to=f"m{i}@example.org") for i in range(3)])
    process = service_process()
    wait_until(lambda: LimitsFile(data_dir).counters().get("local", {}).get("recipients_today") == 3)
    code, out, _ = cli("limits")
    assert code == 0 and "local (unlimited): 3 in the last minute" in out and "3 recipients in 24 h" in out
    assert cli("limits", "--reset", "local")[0] == 0
    wait_until(lambda: LimitsFile(data_dir).counters()["local"]["recipients_today"] == 0)
    assert cli("limits", "--reset", "unknown")[0] == 1
    process.terminate()
    time.sleep(0)
