"""Plugins: entry-point discovery, blocking, replacing the transport, contract checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mail_helpers import make_message

from caddie_mail_plugin import Mailer, OutgoingMail, SendResult, SendStatus, hookimpl, make_plugin_manager
from caddie_mail_plugin.exceptions import PluginError

REPO = Path(__file__).resolve().parents[2]
FOOTER_SRC = REPO / "examples" / "caddie-mail-footer" / "src"


@pytest.fixture
def footer_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the example distribution visible to importlib.metadata, as an
    installed wheel would: a .dist-info with its entry points on sys.path."""
    info = tmp_path / "site" / "caddie_mail_footer-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: caddie-mail-footer\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text("[caddie_mail]\nfooter = caddie_mail_footer\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.syspath_prepend(str(FOOTER_SRC))


def test_defaults_come_from_entry_points() -> None:
    pm = make_plugin_manager()
    names = {name for name, _ in pm.list_name_plugin()}
    assert {"validation", "blacklist", "routing", "office365", "test_mode", "smtp_transport"} <= names
    from importlib.metadata import entry_points

    assert "smtp_transport" in {ep.name for ep in entry_points(group="caddie_mail")}


def test_third_party_plugin_is_discovered(footer_installed: None, make_mailer: Any, smtp_server: Any) -> None:
    pm = make_plugin_manager()
    assert pm.get_plugin("footer") is not None
    mailer = Mailer(make_mailer().data_dir, plugin_manager=pm)
    message = make_message(body="Ihre Startzeit: 9:30")
    mailer.send(message)
    text = smtp_server.received[0].message.get_payload(decode=True).decode()
    assert "Ihre Startzeit: 9:30" in text and "Vereinsregister" in text
    assert "Vereinsregister" not in message.get_content()  # the host's message is untouched


def test_blocking_by_name_from_the_environment(footer_installed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADDIE_MAIL_DISABLE_PLUGINS", "footer, office365")
    pm = make_plugin_manager()
    assert pm.get_plugin("footer") is None and pm.is_blocked("footer")
    assert pm.get_plugin("office365") is None and pm.get_plugin("routing") is not None


def test_blocking_the_transport_reports_no_delivery(make_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = make_mailer()
    blocked = Mailer(mailer.data_dir, plugin_manager=make_plugin_manager(blocked=["smtp_transport"]))
    with pytest.raises(PluginError) as err:
        blocked.send(make_message())
    assert "smtp_transport" in str(err.value)
    assert smtp_server.handler.rcpt_attempts == []


class RecordingTransport:
    """A third-party transport that replaces SMTP (e.g. a provider's HTTP API)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str | None, list[str]]] = []

    @hookimpl
    def send(self, mail: OutgoingMail, context: Any) -> SendResult:
        from caddie_mail_plugin import guard_final_envelope

        guard_final_envelope(mail, context)
        self.sent.append((mail.sender, list(mail.recipients)))
        return mail.result(SendStatus.SENT)


def test_third_party_send_replaces_smtp(make_mailer: Any, smtp_server: Any) -> None:
    transport = RecordingTransport()
    mailer: Mailer = make_mailer(transport)
    result = mailer.send(make_message(to="max@example.org"))
    assert result.status is SendStatus.SENT
    assert transport.sent == [("sekretariat@golfclub-example.de", ["max@example.org"])]
    assert smtp_server.handler.rcpt_attempts == []


def test_misnamed_hook_argument_is_rejected_at_registration() -> None:
    class Typo:
        @hookimpl
        def before_send(self, mesage: Any) -> None:
            pass

    with pytest.raises(PluginError) as err:
        make_plugin_manager(plugins=[Typo()])
    assert "mesage" in str(err.value)


def test_unknown_hook_is_rejected() -> None:
    class Unknown:
        @hookimpl
        def before_sendd(self, mail: Any) -> None:
            pass

    with pytest.raises(PluginError) as err:
        make_plugin_manager(plugins=[Unknown()])
    assert "before_sendd" in str(err.value)


def test_minimal_host_example_runs(make_mailer: Any, smtp_server: Any) -> None:
    mailer: Mailer = make_mailer()
    proc = subprocess.run(
        [sys.executable, str(REPO / "examples" / "club_office_host.py"), str(REPO / "examples" / "invoices.csv"),
         "--data-dir", str(mailer.data_dir)],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(r.lower() for m in smtp_server.received for r in m.rcpt_tos) == [
        "erika@example.org", "joerg@xn--mller-golf-9db.de", "max@example.org"]
