"""A local test inbox: an SMTP server on loopback that keeps what it receives.

``make run`` starts it next to the setup wizard (and the scripted demo), so a
newcomer sends a first mail without any mail account.  Received mails are
written as ``.eml`` files into ``inbox/`` in the data directory.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from .models import Security, ServerConfig

LOCAL_SERVER_NAME = "Lokaler Testserver"


@dataclass(frozen=True)
class InboxMail:
    path: Path
    mail_from: str
    rcpt_tos: tuple[str, ...]
    received_at: str

    def message(self) -> EmailMessage:
        message = message_from_bytes(self.path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        return message


class _Handler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.mails: list[InboxMail] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        now = datetime.now(timezone.utc)
        with self.lock:
            path = self.folder / f"{now:%Y%m%d-%H%M%S-%f}-{len(self.mails):05d}.eml"
            path.write_bytes(bytes(envelope.original_content or envelope.content))
            self.mails.append(
                InboxMail(path, str(envelope.mail_from), tuple(envelope.rcpt_tos), now.isoformat(timespec="seconds"))
            )
        return "250 Message accepted by the local test inbox"


class LocalInbox:
    """Start with :meth:`start`; :meth:`server_config` is the matching server."""

    def __init__(self, data_dir: Path, port: int = 0) -> None:
        self.folder = data_dir / "inbox"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or _free_port()
        self.handler = _Handler(self.folder)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True)

    def start(self) -> LocalInbox:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def mails(self) -> list[InboxMail]:
        with self.handler.lock:
            return list(self.handler.mails)

    def server_config(self, *, is_default: bool = True) -> ServerConfig:
        return ServerConfig(
            name=LOCAL_SERVER_NAME,
            host="127.0.0.1",
            port=self.port,
            security=Security.NONE,
            is_default=is_default,
            timeout=10.0,
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
