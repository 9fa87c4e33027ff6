"""A real SMTP server (aiosmtpd) on a free loopback port, recording what it sees.

Per-recipient and per-DATA answers can be scripted, so tests can make the
server refuse, defer or accept exactly as a real server would.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    at: float
    peer: Any = None

    @property
    def message(self) -> Message:
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class Script:
    """Answers to give instead of 250 OK."""

    # lower-case address -> reply, or a list of replies used up in order
    # (the last one stays); a reply starting with 250 accepts
    rcpt: dict[str, Any] = field(default_factory=dict)
    data_delay: float = 0.0  # seconds before answering DATA
    data: deque[str] = field(default_factory=deque)  # replies to DATA, used up in order


class RecordingHandler:
    def __init__(self, pipelining: bool = True) -> None:
        self.pipelining = pipelining
        self.received: list[Received] = []
        self.rcpt_attempts: list[str] = []
        self.script = Script()
        self.lock = threading.Lock()

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        if self.pipelining:  # aiosmtpd reads pipelined commands in order; it just does not say so
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        with self.lock:
            self.rcpt_attempts.append(address)
            reply = self.script.rcpt.get(address.lower())
            if isinstance(reply, list):
                reply = reply.pop(0) if len(reply) > 1 else reply[0]
        if reply and not reply.startswith("250"):
            return str(reply)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.script.data_delay:
            await asyncio.sleep(self.script.data_delay)
        with self.lock:
            if self.script.data:
                return self.script.data.popleft()
            self.received.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    bytes(envelope.original_content or envelope.content),
                    time.monotonic(),
                    session.peer,
                )
            )
        return "250 Message accepted for delivery"

    @property
    def all_rcpts(self) -> list[str]:
        return [r for msg in self.received for r in msg.rcpt_tos]


class Authenticator:
    def __init__(self, username: str, password: str) -> None:
        self.username, self.password = username.encode(), password.encode()
        self.mechanisms: list[str] = []

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        self.mechanisms.append(mechanism)
        ok = isinstance(data, LoginPassword) and data.login == self.username and data.password == self.password
        return AuthResult(success=ok, handled=False)


class SMTPTestServer:
    """Start with ``start()``; ``host``/``port`` tell where it listens."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        implicit_tls: ssl.SSLContext | None = None,
        starttls: ssl.SSLContext | None = None,
        auth: Authenticator | None = None,
        auth_require_tls: bool = True,
        auth_exclude_mechanism: list[str] | None = None,
        enable_smtputf8: bool = True,
        pipelining: bool = True,
    ) -> None:
        self.handler = RecordingHandler(pipelining)
        self.host = host
        self.port = free_port(host)
        kwargs: dict[str, Any] = {"enable_SMTPUTF8": enable_smtputf8}
        if starttls is not None:
            kwargs["tls_context"] = starttls
            kwargs["require_starttls"] = True
        if auth is not None:
            kwargs["authenticator"] = auth
            kwargs["auth_require_tls"] = auth_require_tls
            kwargs["auth_exclude_mechanism"] = auth_exclude_mechanism or []
        self.controller = Controller(
            self.handler,
            hostname=host,
            port=self.port,
            ssl_context=implicit_tls,
            server_hostname="localhost" if implicit_tls else None,
            **kwargs,
        )

    def start(self) -> SMTPTestServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def script(self) -> Script:
        return self.handler.script


class SilentServer:
    """Accepts TCP connections and never says a word (for timeout tests)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(8)
        self.host, self.port = host, int(self.sock.getsockname()[1])
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()
