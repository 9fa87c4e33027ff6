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


RAW_BODY = st.binary(max_size=300) | st.text(st.sampled_from("ab \r\n.ä\udcc3"), max_size=200).map(
    lambda t: t.encode("utf-8", "surrogateescape"))


@settings(max_examples=300, deadline=None)
@given(body=RAW_BODY, cte=st.sampled_from(["8bit", "7bit", "quoted-printable", "base64", ""]),
       ctype=st.sampled_from(["text/plain; charset=utf-8", "text/plain", "application/octet-stream", ""]))
def test_parsed_single_part_bodies(body: bytes, cte: str, ctype: str) -> None:
    """Bodies as a parser leaves them: bytes beyond ASCII as surrogates, any
    mix of CR and LF; the single-part fast path writes what the stdlib writes."""
    head = b"From: a@example.org\r\nTo: b@example.org\r\n"
    head += f"Content-Type: {ctype}\r\n".encode() if ctype else b""
    head += f"Content-Transfer-Encoding: {cte}\r\n".encode() if cte else b""
    message = email.message_from_bytes(head + b"\r\n" + body, policy=email.policy.default)
    try:
        expected = stdlib(message)
    except (UnicodeError, ValueError):
        return
    assert message_bytes(message) == expected


@settings(max_examples=100, deadline=None)
@given(body=st.text(st.sampled_from("ab \r\n.ä"), max_size=200))
def test_single_part_under_a_7bit_policy(body: str) -> None:
    """A 7bit policy may re-encode an 8bit body: left to the stdlib."""
    message = EmailMessage(policy=email.policy.default.clone(cte_type="7bit"))
    message["From"] = "a@example.org"
    message.set_content(body)
    assert message_bytes(message) == stdlib(message)


def test_payload_set_as_plain_text() -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message.set_payload("line one\rline two\r\nline three\nno newline at the end")
    assert message_bytes(message) == stdlib(message)
    assert message_bytes(message).endswith(b"line three\r\nno newline at the end")
