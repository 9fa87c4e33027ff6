"""Delivering one queued mail: guards, server (or backup), SMTP, the verdict.

Returns the journal record of the attempt; never raises for an SMTP or
network failure (those are verdicts: retry later, or fail the recipient).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..addresses import parse_address
from ..exceptions import CaddieMailError, SmtpConnectionError, SmtpTimeoutError
from ..mail import SendContext
from ..models import ServerConfig
from ..office365 import is_microsoft365, service_refusal
from ..results import RecipientOutcome
from ..transport.connection_pool import ConnectionPool
from ..transport.smtp_delivery import deliver_message
from .backoff import FIRST_DELAY, next_attempt
from .journal import Record
from .state import QueuedMail


@dataclass(frozen=True)
class Verdict:
    record: Record
    permanent: tuple[RecipientOutcome, ...]
    server: ServerConfig | None


def envelope_now(mail: QueuedMail, context: SendContext) -> tuple[list[str], list[str], str]:
    """Recipients to use right now: blacklisted ones dropped, and everything
    redirected to the test address while test mode applies to this mail."""
    settings = context.settings  # the service refreshes it on every look at the outbox
    context.blacklist.refresh()
    allowed: list[str] = []
    blocked: list[str] = []
    for recipient in mail.pending:
        key = parse_address(recipient).key
        (blocked if context.blacklist.blocks(key, mail.category) else allowed).append(recipient)
    note = ""
    if settings.test_mode and not mail.for_real and settings.test_address and allowed:
        test = parse_address(settings.test_address)
        if any(parse_address(r).key != test.key for r in allowed):
            note = f"test mode: redirected to {test.smtp}"
            return [test.smtp], blocked, note
    return allowed, blocked, note


async def deliver_queued(
    mail: QueuedMail, payload: bytes, servers: Sequence[ServerConfig], pool: ConnectionPool,
    context: SendContext, *, first_retry_delay: float = FIRST_DELAY,
) -> Verdict:
    now = time.time()
    base: Record = {"t": "a", "id": mail.id, "at": now, "srv": mail.server}
    server = next((s for s in servers if s.name == mail.server), None)
    if server is None:
        return _fail_all(base, mail, None, f"the server {mail.server!r} is no longer configured")
    if is_microsoft365(server):
        return _fail_all(base, mail, server, service_refusal(server))
    envelope, blocked, note = envelope_now(mail, context)
    perm: list[list[object]] = [[r, None, "blacklisted, not sent"] for r in blocked]
    if not envelope:
        return Verdict({**base, "ok": [], "perm": perm, "ans": "every recipient is blacklisted"}, (), server)
    chosen, outcome = server, None
    error: CaddieMailError | None = None
    for candidate in _with_backup(server, servers):
        try:
            async with pool.connection(candidate) as client:
                outcome = await deliver_message(client, candidate, mail.envelope_from, envelope, payload)
            chosen = candidate
            break
        except (SmtpConnectionError, SmtpTimeoutError) as exc:
            error = exc  # unreachable: try the backup server, if any
        except CaddieMailError as exc:
            error = exc
            break
    base["srv"] = chosen.name
    if outcome is None:
        return _deferred(base, mail, perm, str(error), next_attempt(now, len(mail.attempts) + 1, first=first_retry_delay))
    redirected = bool(note)
    ok = list(mail.pending) if redirected and outcome.accepted else [r.address for r in outcome.accepted]
    ok = [r for r in ok if r not in blocked]
    permanent = [r for r in outcome.refused if r.is_permanent]
    if not redirected:
        perm += [[r.address, r.code, r.text] for r in permanent]
    answer = note or _answer(outcome.accepted, outcome.refused)
    record = {**base, "ok": ok, "perm": perm, "ans": answer}
    if not redirected and any(not r.is_permanent for r in outcome.refused):
        record["next"] = next_attempt(now, len(mail.attempts) + 1, first=first_retry_delay)
    return Verdict(record, tuple(permanent) if not redirected else (), chosen)


def _with_backup(server: ServerConfig, servers: Sequence[ServerConfig]) -> list[ServerConfig]:
    backup = next((s for s in servers if s.name == server.backup_server and s.name != server.name), None)
    return [server, backup] if backup is not None else [server]


def _answer(accepted: Sequence[RecipientOutcome], refused: Sequence[RecipientOutcome]) -> str:
    last = (list(refused) or list(accepted))[-1]
    return f"{last.code} {last.text}".strip()


def _fail_all(base: Record, mail: QueuedMail, server: ServerConfig | None, why: str) -> Verdict:
    perm: list[list[object]] = [[r, None, why] for r in mail.pending]
    return Verdict({**base, "ok": [], "perm": perm, "ans": why}, (), server)


def _deferred(base: Record, mail: QueuedMail, perm: list[list[object]], why: str, next_at: float) -> Verdict:
    return Verdict({**base, "ok": [], "perm": perm, "ans": why, "next": next_at}, (), None)
