"""Hand-made bounce messages for the blacklist tests (RFC 3464 DSNs and friends)."""

from __future__ import annotations

CLUB = "sekretariat@golfclub-example.de"


def dsn(
    recipient: str,
    *,
    status: str = "5.1.1",
    diagnostic: str = "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown",
    action: str = "failed",
    to: str = CLUB,
    message_id: str = "<rechnung-1@golfclub-example.de>",
) -> bytes:
    """A Postfix-style delivery status notification for one recipient."""
    diag = diagnostic.format(rcpt=recipient)
    return f"""From: Mail Delivery System <MAILER-DAEMON@mx.golfclub-example.de>
To: {to}
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

<{recipient}>: host mx.example.net said: {diag} (in reply to RCPT TO command)

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.golfclub-example.de

Final-Recipient: rfc822; {recipient}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {diag}

--B
Content-Type: text/rfc822-headers

From: {CLUB}
To: {recipient}
Subject: Rechnung
Message-ID: {message_id}

--B--
""".encode()


def soft_dsn(recipient: str, *, message_id: str = "<newsletter-1@golfclub-example.de>", to: str = CLUB) -> bytes:
    return dsn(recipient, status="4.2.2", diagnostic="552 4.2.2 <{rcpt}>: Mailbox full", message_id=message_id, to=to)


def vague_bounce(*, to: str) -> bytes:
    """A bounce that names no recipient at all (some providers' "could not deliver" notes)."""
    return f"""From: MAILER-DAEMON@mail.example.net
To: {to}
Subject: Undeliverable: Rechnung
Content-Type: text/plain

Your message could not be delivered to one or more recipients.
The mail system gave up.
""".encode()


def out_of_office(sender: str, *, to: str = CLUB) -> bytes:
    return f"""From: {sender}
To: {to}
Subject: Abwesenheitsnotiz: Rechnung
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

Ich bin bis zum 15. nicht im Büro und lese meine E-Mails danach.
""".encode()
