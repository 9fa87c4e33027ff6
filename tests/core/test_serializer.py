"""The fast serialiser against the stdlib generator: the same message."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage, Message

from hypothesis import given, settings
from hypothesis import strategies as st

from caddie_mail_plugin.transport.serializer import message_bytes

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=120)
ASCII = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
BODY = st.text(st.sampled_from("ab \r\n.ä"), max_size=300) | st.text(max_size=300)


def stdlib(message: Message) -> bytes:
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def same_message(fast: bytes, slow: bytes) -> None:
    """Byte-equal bodies; headers equal after parsing (address and parameter
    headers may be rendered in their normalised form)."""
    if fast == slow:
        return
    fast_head, fast_body = fast.split(b"\r\n\r\n", 1)
    slow_head, slow_body = slow.split(b"\r\n\r\n", 1)
    assert fast_body == slow_body
    parsed = [email.message_from_bytes(b + b"\r\n\r\n", policy=email.policy.default) for b in (fast_head, slow_head)]
    assert [k for k, _ in parsed[0].items()] == [k for k, _ in parsed[1].items()]
    for (name, a), (_, b) in zip(parsed[0].items(), parsed[1].items()):
        assert str(a) == str(b), name
        if hasattr(a, "addresses"):
            assert a.addresses == b.addresses, name
        if hasattr(a, "params"):
            assert dict(a.params) == dict(b.params), name


@settings(max_examples=400, deadline=None)
@given(subject=TEXT, name=TEXT | ASCII, body=BODY, attach=st.booleans(), filename=ASCII)
def test_same_message_as_stdlib(subject: str, name: str, body: str, attach: bool, filename: str) -> None:
    message = EmailMessage()
    message["From"] = "Sekretariat <sekretariat@golfclub-example.de>"
    try:
        message["To"] = f'"{name}" <max@example.org>' if name else "max@example.org"
        message["Subject"] = subject
        message.set_content(body)
        if attach:
            message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename=filename or "R.pdf")
    except (ValueError, IndexError, TypeError):  # input the stdlib itself refuses
        return
    same_message(message_bytes(message), stdlib(message))


@settings(max_examples=200, deadline=None)
@given(subject=ASCII, body=BODY)
def test_byte_identical_for_plain_headers(subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = "sekretariat@golfclub-example.de"
    message["To"] = "Max Mustermann <max@example.org>"
    message["Subject"] = subject
    message.set_content(body)
    assert message_bytes(message) == stdlib(message)


def test_compat32_messages() -> None:
    message = Message(policy=email.policy.compat32)
    message["From"] = "a@example.org"
    message["Subject"] = "A subject that is long enough to be folded by the generator when it is written out"
    message.set_payload("body\n")
    assert message_bytes(message) == stdlib(message)
