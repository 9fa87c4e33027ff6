"""SMTP PIPELINING (RFC 2920) on top of an aiosmtplib connection.

aiosmtplib recognises PIPELINING but sends one command per round trip, and
its protocol object drops reply bytes that arrive while no command is
pending, so several replies cannot be awaited through it.  For one mail
run of mails this module therefore lends the connection's transport to a
small reply reader of its own: MAIL FROM, every RCPT TO and DATA are written
together (with the previous mail's text), the replies are read in order.  The
aiosmtplib protocol gets the transport back afterwards, with nothing pending,
and remains the SMTP client for everything else (connect, TLS, AUTH, QUIT).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import aiosmtplib

from ..exceptions import DeliveryError, SmtpConnectionError, SmtpTimeoutError
from ..models import ServerConfig
from ..results import RecipientOutcome

_LINE_ENDINGS = re.compile(rb"\r\n|\n|\r(?!\n)")
_LEADING_DOT = re.compile(rb"(?m)^\.")
Reply = tuple[int, str]


def dot_stuffed(payload: bytes) -> bytes:
    """The DATA body: CRLF line endings, leading dots doubled, final dot."""
    crlf = payload.count(b"\r\n")
    data = payload if payload.count(b"\n") == crlf == payload.count(b"\r") else _LINE_ENDINGS.sub(b"\r\n", payload)
    if data.startswith(b".") or b"\n." in data:
        data = _LEADING_DOT.sub(b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


class ReplyReader(asyncio.Protocol):
    """Collects reply bytes and hands out complete replies in order.

    The server has ``timeout`` seconds after each write (:meth:`expect`) to
    answer it.  One timer per run of mails enforces that, moved on lazily
    (it fires, sees a later deadline, and sleeps again), because an
    ``asyncio.timeout`` around every wait cost two timer entries per mail."""

    def __init__(self, original: asyncio.BaseProtocol, timeout: float) -> None:
        self.original = original
        self.timeout = timeout
        self.buffer = bytearray()
        self.lost: Exception | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.deadline = float("inf")
        self._timer: asyncio.TimerHandle | None = None

    def expect(self) -> None:
        """A request was written: its replies are due within the timeout."""
        self.deadline = asyncio.get_running_loop().time() + self.timeout

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def data_received(self, data: bytes) -> None:
        self.buffer.extend(data)
        self._wake()

    def eof_received(self) -> bool:
        self.connection_lost(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = exc or ConnectionResetError("the server closed the connection")
        self.original.connection_lost(exc)
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def _check_deadline(self) -> None:
        self._timer = None
        loop = asyncio.get_running_loop()
        if loop.time() < self.deadline:
            self._timer = loop.call_at(self.deadline, self._check_deadline)
        elif self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(TimeoutError())
        # Otherwise nobody waits: the next reply() looks at the deadline itself.

    def _parse(self) -> Reply | None:
        lines, offset = [], 0
        while (end := self.buffer.find(b"\n", offset)) != -1:
            line = bytes(self.buffer[offset : end + 1])
            offset = end + 1
            lines.append(line[4:].strip().decode("utf-8", "replace"))
            if line[3:4] != b"-":
                del self.buffer[:offset]
                try:
                    return int(line[:3]), "\n".join(lines)
                except ValueError:
                    return 500, f"malformed reply: {line!r}"
        return None

    async def reply(self) -> Reply:
        """The next complete reply; ``TimeoutError`` once the deadline passed."""
        while (found := self._parse()) is None:
            if self.lost is not None:
                raise self.lost
            loop = asyncio.get_running_loop()
            if self._timer is None:
                if loop.time() >= self.deadline:
                    raise TimeoutError()
                self._timer = loop.call_at(self.deadline, self._check_deadline)
            self.waiter = loop.create_future()
            await self.waiter
        return found


@dataclass(frozen=True)
class Envelope:
    """One mail for :func:`pipelined_transactions`."""

    sender: str
    recipients: Sequence[str]
    payload: bytes
    options: Sequence[str] = ()
    encoding: str = "ascii"

    def commands(self) -> bytes:
        extra = b"".join(b" " + o.encode("ascii") for o in self.options)
        lines = [b"MAIL FROM:<" + self.sender.encode(self.encoding) + b">" + extra + b"\r\n"]
        lines += [b"RCPT TO:<" + r.encode(self.encoding) + b">\r\n" for r in self.recipients]
        return b"".join(lines) + b"DATA\r\n"


Outcome = tuple[list[RecipientOutcome], list[RecipientOutcome]]


async def pipelined_transactions(
    client: aiosmtplib.SMTP, server: ServerConfig, envelopes: Sequence[Envelope]
) -> list[Outcome | DeliveryError]:
    """Mails over one connection, one (accepted, refused) per mail.

    Each mail's MAIL, RCPT and DATA go out together, and together with the
    previous mail's message text (RFC 2920 lets the text open a group), so a
    mail costs one write.  If the connection breaks, that mail and the ones
    after it get the error instead of an outcome."""
    transport = client.transport
    if transport is None or transport.is_closing():
        closed = SmtpConnectionError(f"The connection to {server.name!r} is closed.", server=server.name)
        return [closed] * len(envelopes)
    original = transport.get_protocol()
    reader = ReplyReader(original, server.timeout)
    transport.set_protocol(reader)
    transport_write = transport.write  # type: ignore[attr-defined]

    def write(data: bytes) -> None:
        transport_write(data)
        reader.expect()

    outcomes: list[Outcome | DeliveryError] = []
    try:
        write(envelopes[0].commands())
        for index, envelope in enumerate(envelopes):
            following = envelopes[index + 1].commands() if index + 1 < len(envelopes) else b""
            outcomes.append(await _one_transaction(reader, write, envelope, following))
    except TimeoutError:
        transport.close()
        error: DeliveryError = SmtpTimeoutError(
            f"The server {server.name!r} ({server.host}:{server.port}) did not answer within "
            f"{server.timeout:g} s; check the server, or try later.",
            server=server.name,
        )
        outcomes += [error] * (len(envelopes) - len(outcomes))
    except OSError as exc:
        transport.close()
        error = SmtpConnectionError(
            f"The conversation with {server.name!r} ({server.host}:{server.port}) broke off: {exc}.",
            server=server.name,
        )
        outcomes += [error] * (len(envelopes) - len(outcomes))
    finally:
        reader.close()
        if not transport.is_closing():
            transport.set_protocol(original)
    return outcomes


async def _one_transaction(
    reader: ReplyReader, write: Callable[[bytes], None], envelope: Envelope, following: bytes
) -> Outcome:
    recipients = envelope.recipients
    mail_code, mail_text = await reader.reply()
    replies = [await reader.reply() for _ in recipients]
    data_code, data_text = await reader.reply()
    if mail_code >= 400:
        replies = [(mail_code, mail_text)] * len(recipients)
    accepted = [RecipientOutcome(r, c, t) for r, (c, t) in zip(recipients, replies) if c < 400]
    refused = [RecipientOutcome(r, c, t) for r, (c, t) in zip(recipients, replies) if c >= 400]
    if data_code != 354:
        write(b"RSET\r\n" + following)
        await reader.reply()
        return [], refused + [RecipientOutcome(a.address, data_code, data_text) for a in accepted]
    # The server wants the message; with no accepted recipient it gets an
    # empty one, which it must discard (RFC 2920, section 3.1).
    write((dot_stuffed(envelope.payload) if accepted else b".\r\n") + following)
    final_code, final_text = await reader.reply()
    if final_code >= 400:
        return [], refused + [RecipientOutcome(a.address, final_code, final_text) for a in accepted]
    return [RecipientOutcome(a.address, final_code, final_text) for a in accepted], refused
