"""From headers to an SMTP envelope: sender, recipients, Message-ID and Date.

Used by the validation plugin and again by the transport's final check, so a
host that calls the ``send`` hook directly gets the same validation.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import Message
from email.utils import formatdate, getaddresses, make_msgid
from typing import Any

from .addresses import parse_address, refuse_line_breaks
from .exceptions import InvalidAddressError, InvalidMessageError, NoRecipientsError
from .mail import OutgoingMail

RECIPIENT_HEADERS = ("To", "Cc", "Bcc")


def header_addresses(mail: OutgoingMail, name: str) -> list[str]:
    """The bare addresses of one address header (display names dropped)."""
    headers = mail.message.get_all(name, [])
    for value in headers:
        refuse_line_breaks(str(value), f"The {name} header")
    return _addresses(name, headers)


def _addresses(name: str, headers: list[Any]) -> list[str]:
    """The bare addresses in the values of header ``name``.  Headers set
    through ``EmailMessage`` are parsed already (their ``addresses``); plain
    string headers are parsed with ``getaddresses``."""
    parsed = [getattr(h, "addresses", None) for h in headers]
    if all(p is not None for p in parsed):
        pairs = [(a.display_name, a.addr_spec) for group in parsed for a in group]  # type: ignore[union-attr]
    else:
        pairs = getaddresses([str(v) for v in headers])
    found = []
    for display_name, addr in pairs:
        if not addr or "@" not in addr:
            shown = addr or display_name or ", ".join(str(v) for v in headers)
            raise InvalidAddressError(
                f"The {name} header holds {shown!r}, which is not an e-mail address; "
                "correct it and send again."
            )
        found.append(addr)
    return found


def scan_headers(message: Message) -> dict[str, list[Any]]:
    """One pass over the headers: refuse a CR or LF in any name or value, and
    return every header's values by lower-case name (as ``get_all`` gives
    them: parsed through the policy, folding removed)."""
    fetch = message.policy.header_fetch_parse
    found: dict[str, list[Any]] = {}
    for name, raw in message.raw_items():
        # A plain string is a header as parsed from bytes; anything else was
        # stored through the policy already (what get_all returns as is).
        value = fetch(name, raw) if type(raw) is str else raw
        refuse_line_breaks(name, "A header name")
        refuse_line_breaks(str(value), f"The {name} header")
        found.setdefault(name.lower(), []).append(value)
    return found


def prepare_envelope(mail: OutgoingMail) -> None:
    """Validate the message and fill the envelope; idempotent."""
    headers = scan_headers(mail.message)
    senders = _addresses("From", headers.get("from", []))
    if len(senders) != 1:
        raise InvalidMessageError(
            "The message needs exactly one From address; set msg['From'] and send again."
        )
    sender = parse_address(senders[0])
    mail.sender = sender.smtp
    if mail.envelope_from:
        mail.envelope_from = parse_address(mail.envelope_from).smtp
    else:
        mail.envelope_from = sender.smtp
    if not mail.recipients:
        mail.recipients = [a for h in RECIPIENT_HEADERS for a in _addresses(h, headers.get(h.lower(), []))]
    normalise_recipients(mail)
    if "message-id" not in headers:
        mail.message["Message-ID"] = make_msgid(domain=sender.domain)
    if "date" not in headers:
        mail.message["Date"] = formatdate(localtime=True)
    mail.validated = True


def normalise_recipients(mail: OutgoingMail) -> None:
    """Validate the envelope's recipients, in SMTP form, without duplicates."""
    seen: dict[str, str] = {}
    for raw in mail.recipients:
        parsed = parse_address(raw)
        seen.setdefault(parsed.key, parsed.smtp)
    mail.recipients = list(seen.values())
    if not mail.recipients and not mail.suppressed:
        raise NoRecipientsError(
            "The message has no recipient; set To, Cc or Bcc and send again."
        )


def rewrite_recipient_headers(mail: OutgoingMail, keep: set[str]) -> None:
    """Drop every To/Cc/Bcc address whose key is not in ``keep``."""
    for name in RECIPIENT_HEADERS:
        values = [str(v) for v in mail.message.get_all(name, [])]
        if not values:
            continue
        pairs = getaddresses(values)
        remaining = [(n, a) for n, a in pairs if parse_address(a).key in keep]
        if len(remaining) == len(pairs):
            continue
        del mail.message[name]
        if remaining:
            mail.message[name] = ", ".join(_format(n, a) for n, a in remaining)


def _format(name: str, addr: str) -> str:
    if not name:
        return addr
    local, _, domain = addr.rpartition("@")
    return str(Address(display_name=name, username=local, domain=domain))
