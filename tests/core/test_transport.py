"""The SMTP transport against a real aiosmtpd: TLS, AUTH, refusals, timeouts."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from mail_helpers import make_message, plain_server
from smtp_server import Authenticator, SilentServer, SMTPTestServer

from caddie_mail_plugin import Mailer, Security, SendStatus, ServerConfig
from caddie_mail_plugin.exceptions import AuthenticationError, InsecureAuthError, TlsError
from caddie_mail_plugin.transport.smtp_client import check_server


@pytest.fixture(params=[True, False], ids=["pipelining", "one-command-at-a-time"])
def smtp_server(request: pytest.FixtureRequest) -> Iterator[SMTPTestServer]:
    """Every transport test runs against a server with and without PIPELINING."""
    server = SMTPTestServer(pipelining=request.param).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def tls_server(ca: trustme.CA, request: pytest.FixtureRequest) -> Iterator[SMTPTestServer]:
    mode, mechanisms = request.param
    auth = Authenticator("clubuser", "geheim-123")
    exclude = [m for m in ("PLAIN", "LOGIN") if m not in mechanisms]
    kwargs: dict[str, Any] = {"auth": auth, "auth_exclude_mechanism": exclude}
    kwargs["implicit_tls" if mode == "tls" else "starttls"] = server_context(ca)
    # aiosmtpd does not see implicit TLS when it decides whether to offer AUTH.
    kwargs["auth_require_tls"] = mode != "tls"
    server = SMTPTestServer(**kwargs).start()
    server.auth = auth  # type: ignore[attr-defined]
    yield server
    server.stop()


def _tls_config(server: SMTPTestServer, security: Security, ca_file: str | None, password: str = "geheim-123") -> ServerConfig:
    return ServerConfig(
        "secure", "localhost", server.port, security, username="clubuser", password=password,
        is_default=True, ca_file=ca_file, timeout=5,
    )


@pytest.mark.parametrize(
    "tls_server",
    [("starttls", ("PLAIN",)), ("starttls", ("LOGIN",)), ("tls", ("PLAIN",)), ("tls", ("LOGIN",))],
    indirect=True,
)
def test_tls_and_auth_deliver(make_mailer: Any, tls_server: SMTPTestServer, ca_file: str) -> None:
    security = Security.TLS if tls_server.controller.ssl_context else Security.STARTTLS
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(_tls_config(tls_server, security, ca_file))
    result = mailer.send(make_message())
    assert result.status is SendStatus.SENT
    assert len(tls_server.received) == 1
    assert tls_server.auth.mechanisms in (["PLAIN"], ["LOGIN"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("tls_server", [("starttls", ("PLAIN", "LOGIN"))], indirect=True)
def test_certificate_is_verified(make_mailer: Any, tls_server: SMTPTestServer) -> None:
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(_tls_config(tls_server, Security.STARTTLS, ca_file=None))
    result = mailer.send(make_message())
    assert result.status is SendStatus.FAILED and result.error_code == "tls"
    assert "certificate" in result.reason.lower()
    assert tls_server.received == []


@pytest.mark.parametrize("tls_server", [("tls", ("PLAIN", "LOGIN"))], indirect=True)
def test_wrong_password_is_reported_without_the_password(
    make_mailer: Any, tls_server: SMTPTestServer, ca_file: str
) -> None:
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(_tls_config(tls_server, Security.TLS, ca_file, password="falsch-987"))
    result = mailer.send(make_message())
    assert result.status is SendStatus.FAILED and result.error_code == "auth"
    assert "falsch-987" not in result.reason and "geheim" not in result.reason
    with pytest.raises(AuthenticationError) as err:
        asyncio.run(check_server(mailer.config.server("secure")))
    assert "falsch-987" not in str(err.value)


@pytest.mark.parametrize("tls_server", [("starttls", ("PLAIN", "LOGIN"))], indirect=True)
def test_server_check_sends_no_mail(tls_server: SMTPTestServer, ca_file: str) -> None:
    summary = asyncio.run(check_server(_tls_config(tls_server, Security.STARTTLS, ca_file)))
    assert "TLS" in summary and "clubuser" in summary
    assert tls_server.received == [] and tls_server.handler.rcpt_attempts == []


def test_plaintext_auth_to_a_remote_host_is_refused_before_connecting(make_mailer: Any) -> None:
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(
        ServerConfig("remote", "192.0.2.10", 25, Security.NONE, username="u", password="secret-pw", is_default=True, timeout=2)
    )
    result = mailer.send(make_message())
    assert result.status is SendStatus.FAILED and result.error_code == InsecureAuthError.code
    assert "secret-pw" not in result.reason


def test_plaintext_auth_to_loopback_is_allowed(make_mailer: Any) -> None:
    auth = Authenticator("u", "pw")
    server = SMTPTestServer(auth=auth, auth_require_tls=False).start()
    try:
        mailer: Mailer = make_mailer(configure=False)
        mailer.config.add_server(plain_server(server, username="u", password="pw"))
        assert mailer.send(make_message()).status is SendStatus.SENT
        assert auth.mechanisms
    finally:
        server.stop()


def test_per_recipient_refusals_are_reported(mailer: Mailer, smtp_server: SMTPTestServer) -> None:
    smtp_server.script.rcpt["gone@example.org"] = "550 5.1.1 User unknown"
    smtp_server.script.rcpt["full@example.org"] = "452 4.2.2 Mailbox full, try later"
    result = mailer.send(make_message(to=["max@example.org", "gone@example.org", "full@example.org"]))
    assert result.status is SendStatus.PARTIAL
    assert [a.address for a in result.accepted] == ["max@example.org"]
    refused = {r.address: (r.code, r.text) for r in result.refused}
    assert refused == {"gone@example.org": (550, "5.1.1 User unknown"), "full@example.org": (452, "4.2.2 Mailbox full, try later")}
    assert smtp_server.received[0].rcpt_tos == ["max@example.org"]


def test_all_refused_permanently_is_refused(mailer: Mailer, smtp_server: SMTPTestServer) -> None:
    smtp_server.script.rcpt["gone@example.org"] = "550 5.1.1 User unknown"
    assert mailer.send(make_message(to="gone@example.org")).status is SendStatus.REFUSED
    smtp_server.script.rcpt["busy@example.org"] = "451 4.3.0 Try again later"
    assert mailer.send(make_message(to="busy@example.org")).status is SendStatus.FAILED


def test_data_refusal(mailer: Mailer, smtp_server: SMTPTestServer) -> None:
    smtp_server.script.data.append("554 5.7.1 Message rejected as spam")
    result = mailer.send(make_message(to=["a@example.org", "b@example.org"]))
    assert result.status is SendStatus.REFUSED
    assert {r.code for r in result.refused} == {554}
    assert mailer.send(make_message()).status is SendStatus.SENT  # connection state recovered


def test_silent_server_times_out(make_mailer: Any) -> None:
    silent = SilentServer()
    try:
        mailer: Mailer = make_mailer(configure=False)
        mailer.config.add_server(ServerConfig("silent", silent.host, silent.port, Security.NONE, is_default=True, timeout=0.5))
        result = mailer.send(make_message())
        assert result.status is SendStatus.FAILED and result.error_code == "timeout"
        assert "did not answer" in result.reason
    finally:
        silent.close()


def test_unreachable_server_fails_cleanly(make_mailer: Any) -> None:
    from smtp_server import free_port

    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(ServerConfig("down", "127.0.0.1", free_port(), Security.NONE, is_default=True, timeout=2))
    result = mailer.send(make_message())
    assert result.status is SendStatus.FAILED and result.error_code == "connection"


def test_send_many_reuses_connections(mailer: Mailer, smtp_server: SMTPTestServer) -> None:
    results = mailer.send_many([make_message(to=f"m{i}@example.org") for i in range(30)])
    assert [r.status for r in results] == [SendStatus.SENT] * 30
    peers = {m.peer for m in smtp_server.received}
    assert len(smtp_server.received) == 30 and len(peers) <= mailer.connections_per_server


def test_send_inside_a_running_event_loop(mailer: Mailer, smtp_server: SMTPTestServer) -> None:
    async def host() -> Any:
        sync_result = mailer.send(make_message(to="sync@example.org"))
        async_result = await mailer.asend(make_message(to="async@example.org"))
        return sync_result, async_result

    first, second = asyncio.run(host())
    assert first.status is second.status is SendStatus.SENT
    assert [m.rcpt_tos for m in smtp_server.received] == [["sync@example.org"], ["async@example.org"]]


def test_smtputf8_and_idn(mailer: Mailer, smtp_server: SMTPTestServer) -> None:
    result = mailer.send(make_message(to="jörg@müller-golf.de"))
    assert result.status is SendStatus.SENT
    assert smtp_server.received[0].rcpt_tos == ["jörg@xn--mller-golf-9db.de"]


def test_host_message_is_not_changed(mailer: Mailer, tmp_path: Path) -> None:
    mailer.config.update_settings(test_mode=True, test_address="test@golfclub-example.de")
    message = make_message(to="max@example.org", bcc=["chef@example.org"])
    before = message.as_bytes()
    mailer.send(message)
    assert message.as_bytes() == before


def test_server_stalling_after_data_times_out(make_mailer: Any, smtp_server: SMTPTestServer) -> None:
    smtp_server.script.data_delay = 3.0
    mailer: Mailer = make_mailer(configure=False)
    mailer.config.add_server(plain_server(smtp_server, timeout=0.5))
    result = mailer.send(make_message())
    assert result.status is SendStatus.FAILED and result.error_code == "timeout"


def test_lines_starting_with_a_dot_arrive_intact(mailer: Mailer, smtp_server: SMTPTestServer) -> None:
    body = ".\n..zwei Punkte\n.ein Punkt\nEnde\n"
    mailer.send(make_message(body=body))
    assert smtp_server.received[0].message.get_content().replace("\r\n", "\n") == body
