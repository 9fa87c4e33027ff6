"""Each hook's documented example, run for real (docs/hooks.md shows these files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mail_helpers import load_example, make_message

from caddie_mail_plugin import Mailer, SendStatus
from caddie_mail_plugin.exceptions import InvalidMessageError

DSN = b"""From: MAILER-DAEMON@mail.example.org
To: sekretariat@golfclub-example.de
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.org

Final-Recipient: rfc822; gone@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown
--B--
"""


def test_hook_before_send(make_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = make_mailer(load_example("require_subject"))
    mailer.send(make_message(subject="Startzeiten"))
    assert smtp_server.received[0].message["X-Club-Office"] == "Sekretariat"
    with pytest.raises(InvalidMessageError):
        mailer.send(make_message(subject="  "))
    assert len(smtp_server.received) == 1


def test_hook_send(make_mailer: Any, smtp_server: Any, tmp_path: Path) -> None:
    module = load_example("eml_folder_transport")
    mailer: Mailer = make_mailer(module.EmlFolderTransport(tmp_path))
    mailer.blacklist.add("erika@example.org", reason="Widerspruch")
    result = mailer.send(make_message(to=["max@example.org", "erika@example.org"]))
    assert result.status is SendStatus.SENT and result.suppressed == ("erika@example.org",)
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1 and b"erika" not in files[0].read_bytes()
    assert smtp_server.handler.rcpt_attempts == []


def test_hook_after_bounce(make_mailer: Any, smtp_server: Any) -> None:
    notes = load_example("bounce_notes").BounceNotes()
    mailer: Mailer = make_mailer(notes)
    mailer.handle_bounce(DSN)
    assert notes.notes == ["gone@example.org: 5.1.1 550 5.1.1 User unknown"]
    smtp_server.script.rcpt["refused@example.org"] = "550 5.1.1 No such user"
    mailer.send(make_message(to=["max@example.org", "refused@example.org"]))
    assert notes.notes[-1] == "refused@example.org: 5.1.1 5.1.1 No such user"


def test_hook_confirm_send_for_real(make_mailer: Any, smtp_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    mailer: Mailer = make_mailer(load_example("office_answer"))
    mailer.config.update_settings(test_mode=True, test_address="test@golfclub-example.de")
    mailer.send(make_message(to="max@example.org"))
    monkeypatch.setenv("CLUB_SEND_FOR_REAL", "ja")
    mailer.send(make_message(to="max@example.org"))
    assert [m.rcpt_tos for m in smtp_server.received] == [["test@golfclub-example.de"], ["max@example.org"]]
