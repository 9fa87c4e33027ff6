"""Helpers the tests share: messages, server records, documented examples."""

from __future__ import annotations

import importlib.util
from email.message import EmailMessage
from pathlib import Path
from types import ModuleType
from typing import Any

from smtp_server import SMTPTestServer

from caddie_mail_plugin import Security, ServerConfig

REPO = Path(__file__).resolve().parents[1]


def plain_server(server: SMTPTestServer, name: str = "local", **changes: Any) -> ServerConfig:
    fields: dict[str, Any] = dict(
        name=name, host=server.host, port=server.port, security=Security.NONE, is_default=True, timeout=5.0
    )
    fields.update(changes)
    return ServerConfig(**fields)


def make_message(
    sender: str = "Sekretariat <sekretariat@golfclub-example.de>",
    to: str | list[str] = "max@example.org",
    subject: str = "Rechnung",
    body: str = "Guten Tag",
    cc: list[str] | None = None,
    bcc: list[str] | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to if isinstance(to, str) else ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    if bcc:
        msg["Bcc"] = ", ".join(bcc)
    msg["Subject"] = subject
    msg.set_content(body)
    return msg


def load_example(name: str) -> ModuleType:
    """Import ``examples/hooks/NAME.py`` (the files docs/hooks.md shows)."""
    path = REPO / "examples" / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"hook_example_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
