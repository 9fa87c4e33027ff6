"""The local test inbox: what the embedded test server received.

Mails are read from ``inbox/`` in the data directory (where the local test
inbox writes them); when the inbox runs inside this wizard, the SMTP
envelope (who the mail was really delivered to) is shown as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path

from flask import Blueprint, abort, render_template

from ..local_inbox import LOCAL_SERVER_NAME
from ..test_mode import ORIGINAL_RECIPIENTS_HEADER
from .context import wizard_context

inbox = Blueprint("inbox", __name__, url_prefix="/inbox")
SHOWN = 100
FILE_NAME = re.compile(r"^[\w.-]+\.eml$")


@dataclass(frozen=True)
class InboxItem:
    name: str
    subject: str
    header_from: str
    header_to: str
    envelope_to: tuple[str, ...] | None  # None: the inbox runs in another process
    original_recipients: str


def _folder() -> Path:
    return wizard_context().data_dir / "inbox"


def _envelopes() -> dict[str, tuple[str, ...]]:
    running = wizard_context().inbox
    return {mail.path.name: mail.rcpt_tos for mail in running.mails} if running else {}


def inbox_items() -> list[InboxItem]:
    paths = sorted(_folder().glob("*.eml"), reverse=True)[:SHOWN]
    envelopes = _envelopes()
    items = []
    for path in paths:
        with open(path, "rb") as handle:
            headers = BytesHeaderParser(policy=policy.default).parse(handle)
        items.append(InboxItem(
            name=path.name,
            subject=str(headers.get("Subject", "")),
            header_from=str(headers.get("From", "")),
            header_to=str(headers.get("To", "")),
            envelope_to=envelopes.get(path.name),
            original_recipients=str(headers.get(ORIGINAL_RECIPIENTS_HEADER, "")),
        ))
    return items


@inbox.get("/")
def index() -> str:
    context = wizard_context()
    return render_template("inbox/list.html", items=inbox_items(), running=context.inbox,
                           folder_exists=_folder().is_dir(), server_name=LOCAL_SERVER_NAME)


@inbox.get("/<name>")
def show(name: str) -> str:
    path = _folder() / name
    if not FILE_NAME.match(name) or not path.is_file():
        abort(404)
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if isinstance(body, EmailMessage) else ""
    return render_template("inbox/show.html", name=name, message=message, text=text,
                           envelope_to=_envelopes().get(name))
