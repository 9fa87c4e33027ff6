"""The lean MIME reader gives the detectors what the email package's parser gives them."""

from __future__ import annotations

import email
import email.policy

import pytest

from caddie_mail_plugin.bounce import BounceReport, parse_bounce
from caddie_mail_plugin.bounce.message_view import build_view, prepare_bytes
from caddie_mail_plugin.bounce.mime_scan import scan_message, split_headers, split_multipart
from caddie_mail_plugin.bounce.pipeline import parse_view

from .corpus_files import flufl_files, line_ending_variants, require_corpora, sisimai_files

ROOT = require_corpora()
FILES = flufl_files(ROOT) + sisimai_files(ROOT, "bsd")


def by_email_package(raw: bytes) -> BounceReport:
    """The parse as it was: the email package's feedparser reads the whole message."""
    message = email.message_from_bytes(prepare_bytes(raw), policy=email.policy.compat32)
    return parse_view(build_view(message))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_reports_as_with_the_email_package(path: object) -> None:
    for variant, raw in line_ending_variants(path.read_bytes()).items():  # type: ignore[attr-defined]
        assert parse_bounce(raw) == by_email_package(raw), variant


def text_of(raw: bytes) -> str:
    return prepare_bytes(raw).decode("ascii", "surrogateescape")


def test_headers_as_compat32_keeps_them() -> None:
    fields, body = split_headers("Subject: a\n  b\n\tc\nX-Empty:\nFrom nobody\nTo:  x@y.de \n\nBody\n")
    assert fields == [("Subject", "a\n  b\n\tc"), ("X-Empty", ""), ("To", "x@y.de ")]
    assert body == "Body\n"
    fields, body = split_headers("Subject: a\nthis is no header line\nmore\n")
    assert fields == [("Subject", "a")] and body == "this is no header line\nmore\n"


def test_multipart_boundaries() -> None:
    body = "preamble\n--b\nA\n--b  \n\n--b\n--b\nB\n--b--\nepilogue\n--b\nC\n"
    assert split_multipart(body, "b") == ["A", "", "B"]
    assert split_multipart("--b\nA\n--bx\nstill A\n", "b") == ["A\n--bx\nstill A\n"]  # no closing line
    assert split_multipart("text\n--b--\n", "b") is None
    assert split_multipart("no boundary at all", "b") is None


def test_structure_and_the_returned_original() -> None:
    raw = (
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"o\"\n\n--o\n"
        b"Content-Type: multipart/alternative; boundary=i\n\n--i\nContent-Type: text/plain\n\nhello\n--i--\n"
        b"--o\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b.de\n"
        b"Action: failed\n--o\nContent-Type: message/rfc822\n\nMessage-ID: <m@x>\nContent-Type: multipart/mixed; "
        b"boundary=z\n\n--z\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
        + b"QUJD" * 20000 + b"\n--z--\n--o--\n"
    )
    message = scan_message(text_of(raw))
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/report", "multipart/alternative", "text/plain", "message/delivery-status",
        "text/plain", "text/plain", "message/rfc822", "multipart/mixed"]  # status blocks: header-only parts
    status = message.get_payload(1).get_payload()
    assert [dict(block.items()) for block in status] == [
        {"Reporting-MTA": "dns; mx"}, {"Final-Recipient": "rfc822; a@b.de", "Action": "failed"}]
    original = message.get_payload(2).get_payload(0)
    assert original["Message-ID"] == "<m@x>"
    assert isinstance(original.get_payload(), str)  # its attachment is never parsed
    view = build_view(raw)
    assert view.text == "hello" and view.original_header("message-id") == "<m@x>"


def test_digest_parts_default_to_messages_and_8bit_headers_match() -> None:
    raw = "Content-Type: multipart/digest; boundary=d\nSubject: Grüße\n\n--d\n\nFrom: a@b.de\n\nx\n--d--\n".encode()
    message = scan_message(text_of(raw))
    assert message.get_payload(0).get_content_type() == "message/rfc822"
    reference = email.message_from_bytes(raw, policy=email.policy.compat32)
    assert build_view(message).headers == build_view(reference).headers


@pytest.mark.parametrize(
    "hostile",
    [
        b"From: MAILER-DAEMON@x\nSubject: Undelivered Mail\n\n" + b"-" * 65000,
        b"From: MAILER-DAEMON@x\nSubject: Undelivered Mail\n\n" + (b"-" * 3000 + b"\n") * 20,
        b"X" * 65000 + b"\n\nbody",
        b"Content-Type: multipart/mixed; boundary=b\n\n" + b"--b\n" * 30000,
        b"From: MAILER-DAEMON@x\nSubject: failure notice\n\n" + b"-" * 8000 + b" The following addresses had",
    ],
)
def test_hostile_shapes_are_read_in_linear_time(hostile: bytes) -> None:
    """These took minutes before the possessive patterns (quadratic backtracking); now milliseconds."""
    assert isinstance(parse_bounce(hostile), BounceReport)
