"""``caddie-mail wizard``: options, the printed one-time link, demo mode with
the embedded test inbox, and the admin password for --allow-remote."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from caddie_mail_plugin.cli.app import cli
from caddie_mail_plugin.cli.wizard import wizard

LAUNCH = ("from caddie_mail_plugin.cli.app import cli; from caddie_mail_plugin.cli.wizard import wizard; "
          "cli.add_command(wizard); cli()")


@pytest.fixture
def runner() -> CliRunner:
    cli.add_command(wizard)
    return CliRunner()


def test_another_address_needs_allow_remote(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(cli, ["wizard", "--data-dir", str(data_dir), "--host", "192.0.2.10"])
    assert result.exit_code == 2 and "add --allow-remote" in result.output


def test_allow_remote_needs_a_real_password(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(cli, ["wizard", "--data-dir", str(data_dir), "--allow-remote"], input="kurz\n")
    assert result.exit_code == 2 and "at least 10 characters" in result.output


def test_password_is_not_an_option(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["wizard", "--password", "geheim"])
    assert result.exit_code == 2 and "No such option" in result.output


class Wizard:
    def __init__(self, process: subprocess.Popen[str], url: str, lines: list[str]) -> None:
        self.process, self.url, self.lines = process, url, lines
        parts = urlsplit(url)
        self.host, self.port, self.query = str(parts.hostname), int(parts.port or 0), parts.query

    def get(self, path: str, cookie: str = "") -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response


def start(*args: str, stdin: str = "", module: bool = False) -> Iterator[Wizard]:
    """The command in a process of its own; ``module``: as ``make run`` starts it."""
    command = ["-m", "caddie_mail_plugin.wizard"] if module else ["-c", LAUNCH, "wizard"]
    process = subprocess.Popen([sys.executable, *command, *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdin and process.stdout
    process.stdin.write(stdin)
    process.stdin.close()
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip())
        if "?token=" in line:
            break
    url = lines[-1].strip()
    assert url.startswith("http://127.0.0.1:"), lines
    wizard_process = Wizard(process, url, lines)
    try:
        yield wizard_process
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        lines.extend(process.stdout.read().splitlines())
        process.stdout.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Wizard]:
    yield from start("--demo", "--data-dir", str(tmp_path / "demo"), module=True)


def test_demo_prints_a_one_time_link(demo: Wizard, tmp_path: Path) -> None:
    assert demo.get("/").status == 403
    first = demo.get(f"/?{demo.query}")
    assert first.status == 302 and first.getheader("Location") == "/"
    cookie = str(first.getheader("Set-Cookie")).split(";")[0]
    assert "HttpOnly" in str(first.getheader("Set-Cookie"))
    assert demo.get("/servers/", cookie).status == 200
    assert demo.get(f"/?{demo.query}").status == 403, "the link works once"
    config = json.loads((tmp_path / "demo" / "config.json").read_text())
    (server,) = config["servers"].values()
    inbox_line = next(line for line in demo.lines if "local test inbox" in line)
    assert server["name"] == "Lokaler Testserver" and server["is_default"]
    assert inbox_line.endswith(f"127.0.0.1:{server['port']}")


def test_stops_on_ctrl_c(tmp_path: Path) -> None:
    runs = start("--data-dir", str(tmp_path / "data"), "--language", "en")
    wizard_process = next(runs)
    assert wizard_process.get("/").status == 403
    with pytest.raises(StopIteration):
        next(runs)
    assert wizard_process.process.returncode == 0 and "Stopped." in wizard_process.lines


def test_allow_remote_asks_for_the_admin_password(tmp_path: Path) -> None:
    for remote in start("--allow-remote", "--host", "127.0.0.1", "--data-dir", str(tmp_path / "data"),
                        stdin="ein-langes-admin-passwort\n"):
        first = remote.get(f"/?{remote.query}")
        cookie = str(first.getheader("Set-Cookie")).split(";")[0]
        response = remote.get("/servers/", cookie)
        assert response.status == 302 and str(response.getheader("Location")).startswith("/login")
