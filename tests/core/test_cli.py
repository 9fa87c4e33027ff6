"""The caddie-mail command line, end to end against a real SMTP server."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from caddie_mail_plugin.cli import main


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def configured(cli: Any, smtp_server: Any) -> Any:
    code, out, _ = cli("servers", "add", "lokal", "--host", "127.0.0.1", "--port", str(smtp_server.port),
                       "--security", "none", "--default")
    assert code == 0, out
    return cli


SEND = ["send", "--from", "Sekretariat <sekretariat@golfclub-example.de>", "--to", "max@example.org",
        "--subject", "Startzeit", "--body", "Samstag 9:30"]


def test_servers_add_list_default_remove(cli: Any) -> None:
    code, out, err = cli("servers", "add", "club", "--host", "mail.golfclub-example.de", "--username", "sek",
                         "--password-stdin", "--filter", "golfclub-example.de", stdin="Str3ng-geheim\n")
    assert code == 0 and "Str3ng-geheim" not in out + err
    cli("servers", "add", "backup", "--host", "smtp.example.net", "--security", "tls", "--default")
    code, out, _ = cli("servers", "list")
    assert out.splitlines() == [
        "  club: mail.golfclub-example.de:587 (starttls) user=sek filter=golfclub-example.de",
        "* backup: smtp.example.net:465 (tls)",
    ]
    assert cli("servers", "default", "club")[0] == 0
    assert cli("servers", "list")[1].startswith("* club")
    code, out, err = cli("route", "--no-dns", "Pro <pro@golfclub-example.de>")
    assert code == 0 and out.startswith("club (") and "step 1" in out
    assert cli("servers", "remove", "backup")[0] == 0
    code, _, err = cli("servers", "remove", "backup")
    assert code == 1 and "no server named 'backup'" in err
    assert "Str3ng-geheim" not in "".join(cli("servers", "list")[1:])


def test_password_is_never_an_argument(cli: Any) -> None:
    code, _, err = cli("servers", "add", "x", "--host", "h.example.org", "--password", "geheim")
    assert code == 2 and "No such option" in err


def test_send_and_exit_codes(configured: Any, smtp_server: Any) -> None:
    code, out, _ = configured(*SEND)
    assert code == 0 and out.startswith("sent; via lokal; to max@example.org")
    smtp_server.script.rcpt["gone@example.org"] = "550 5.1.1 User unknown"
    code, out, _ = configured(*SEND, "--cc", "gone@example.org")
    assert code == 3 and "refused gone@example.org (550" in out
    configured("blacklist", "add", "max@example.org", "--reason", "Widerspruch")
    code, out, _ = configured(*SEND)
    assert code == 4 and out.startswith("suppressed")


def test_send_refuses_line_breaks_with_one_line(configured: Any, smtp_server: Any) -> None:
    args = list(SEND)
    args[args.index("Startzeit")] = "Startzeit\nBcc: victim@example.net"
    code, out, err = configured(*args)
    assert code == 1 and err.count("\n") == 1 and "line break" in err
    assert smtp_server.handler.rcpt_attempts == []


def test_test_mode_question(configured: Any, smtp_server: Any) -> None:
    assert configured("test-mode", "on", "--address", "test@golfclub-example.de")[0] == 0
    assert "on" in configured("test-mode", "status")[1]
    configured(*SEND)  # no terminal, no flag: still testing
    configured(*SEND, "--still-testing")
    configured(*SEND, "--send-for-real")
    assert [m.rcpt_tos for m in smtp_server.received] == [
        ["test@golfclub-example.de"], ["test@golfclub-example.de"], ["max@example.org"]]
    configured("test-mode", "off")
    assert configured("test-mode", "status")[1].startswith("Test mode is off")


def test_blacklist_commands(cli: Any) -> None:
    assert cli("blacklist", "add", "Max@Example.org", "--reason", "Bounce 5.1.1")[0] == 0
    code, out, _ = cli("blacklist", "check", "MAX@example.org")
    assert code == 4 and "Bounce 5.1.1" in out
    assert cli("blacklist", "edit", "max@example.org", "--reason", "geprüft")[0] == 0
    code, _, err = cli("blacklist", "remove", "max@example.org", "--reason", "")
    assert code == 1 and "give a reason" in err
    assert cli("blacklist", "remove", "max@example.org", "--reason", "neue Adresse")[0] == 0
    assert cli("blacklist", "check", "max@example.org")[0] == 0
    history = cli("blacklist", "history", "max@example.org")[1].splitlines()
    assert [line.split("\t")[1] for line in history] == ["add", "edit", "remove"]


def test_servers_test_sends_no_mail(configured: Any, smtp_server: Any) -> None:
    code, out, _ = configured("servers", "test", "lokal")
    assert code == 0 and "connected" in out
    assert smtp_server.received == []


def test_console_script_is_installed(data_dir: Path) -> None:
    exe = Path(sys.executable).with_name("caddie-mail")
    proc = subprocess.run([str(exe), "--data-dir", str(data_dir), "servers", "list"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "No servers yet" in proc.stdout
