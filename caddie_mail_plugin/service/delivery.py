"""Delivering queued mails of one server: guards, server (or backup), SMTP, verdicts.

Returns one journal record per mail; never raises for an SMTP or network
failure (those are verdicts: retry later, or fail the recipient).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..addresses import parse_address
from ..exceptions import CaddieMailError, DeliveryError, SmtpConnectionError, SmtpTimeoutError
from ..mail import SendContext
from ..models import ServerConfig
from ..office365 import is_microsoft365, service_refusal
from ..results import RecipientOutcome
from ..transport.connection_pool import ConnectionPool
from ..transport.smtp_delivery import DeliveryOutcome, deliver_messages
from .backoff import FIRST_DELAY, next_attempt
from .journal import Record
from .state import QueuedMail


@dataclass(frozen=True)
class Verdict:
    record: Record
    permanent: tuple[RecipientOutcome, ...]
    server: ServerConfig | None


@dataclass(frozen=True)
class _Prepared:
    mail: QueuedMail
    envelope: list[str]
    perm: list[list[object]]  # recipients failed before sending (blacklisted)
    note: str  # test mode's redirect, if any


def envelope_now(mail: QueuedMail, context: SendContext) -> tuple[list[str], list[str], str]:
    """Recipients to use right now: blacklisted ones dropped, and everything
    redirected to the test address while test mode applies to this mail."""
    settings = context.settings  # the service refreshes it on every look at the outbox
    allowed: list[str] = []
    blocked: list[str] = []
    for recipient in mail.pending:
        key = parse_address(recipient).key
        (blocked if context.blacklist.blocks(key, mail.category) else allowed).append(recipient)
    if settings.test_mode and not mail.for_real and settings.test_address and allowed:
        test = parse_address(settings.test_address)
        if any(parse_address(r).key != test.key for r in allowed):
            return [test.smtp], blocked, f"test mode: redirected to {test.smtp}"
    return allowed, blocked, ""


async def deliver_batch(
    mails: Sequence[QueuedMail], payloads: Sequence[bytes], servers: Sequence[ServerConfig],
    pool: ConnectionPool, context: SendContext, *, first_retry_delay: float = FIRST_DELAY,
) -> list[Verdict]:
    """Mails of one server, over one connection; a verdict per mail, in order."""
    now = time.time()
    name = mails[0].server
    server = next((s for s in servers if s.name == name), None)
    if server is None:
        return [_fail_all(m, now, None, f"the server {name!r} is no longer configured") for m in mails]
    if is_microsoft365(server):
        return [_fail_all(m, now, server, service_refusal(server)) for m in mails]
    context.blacklist.refresh()  # right before delivery
    prepared = [_prepare(m, context) for m in mails]
    sendable = [(p, payload) for p, payload in zip(prepared, payloads) if p.envelope]
    results: dict[str, DeliveryOutcome | DeliveryError] = {}
    chosen = server
    for candidate in _with_backup(server, servers):
        try:
            async with pool.connection(candidate) as client:
                jobs = [(p.mail.envelope_from, p.envelope, payload) for p, payload in sendable]
                outcomes = await deliver_messages(client, candidate, jobs) if jobs else []
            results = {p.mail.id: o for (p, _), o in zip(sendable, outcomes)}
            chosen = candidate
            break
        except (SmtpConnectionError, SmtpTimeoutError) as exc:
            results = {p.mail.id: exc for p, _ in sendable}  # unreachable: try the backup, if any
        except CaddieMailError as exc:
            results = {p.mail.id: DeliveryError(str(exc), server=candidate.name) for p, _ in sendable}
            break
    delay = first_retry_delay
    return [_verdict(p, results.get(p.mail.id), chosen, now, delay) for p in prepared]


def _prepare(mail: QueuedMail, context: SendContext) -> _Prepared:
    envelope, blocked, note = envelope_now(mail, context)
    return _Prepared(mail, envelope, [[r, None, "blacklisted, not sent"] for r in blocked], note)


def _verdict(p: _Prepared, result: DeliveryOutcome | DeliveryError | None, server: ServerConfig,
             now: float, first_retry_delay: float) -> Verdict:
    mail = p.mail
    base: Record = {"t": "a", "id": mail.id, "at": now, "srv": server.name}
    if result is None:  # nothing left to send: every recipient blacklisted
        return Verdict({**base, "ok": [], "perm": p.perm, "ans": "every recipient is blacklisted"}, (), server)
    if isinstance(result, DeliveryError):
        retry = next_attempt(now, len(mail.attempts) + 1, first=first_retry_delay)
        return Verdict({**base, "ok": [], "perm": p.perm, "ans": str(result), "next": retry}, (), None)
    blocked = {str(f[0]) for f in p.perm}
    if p.note:  # redirected to the test address: it stands in for every recipient
        ok = [r for r in mail.pending if r not in blocked] if result.accepted else []
        return Verdict({**base, "ok": ok, "perm": p.perm, "ans": p.note}, (), server)
    permanent = tuple(r for r in result.refused if r.is_permanent)
    record: Record = {**base, "ok": [r.address for r in result.accepted],
                      "perm": p.perm + [[r.address, r.code, r.text] for r in permanent],
                      "ans": _answer(result.accepted, result.refused)}
    if any(not r.is_permanent for r in result.refused):
        record["next"] = next_attempt(now, len(mail.attempts) + 1, first=first_retry_delay)
    return Verdict(record, permanent, server)


def _with_backup(server: ServerConfig, servers: Sequence[ServerConfig]) -> list[ServerConfig]:
    backup = next((s for s in servers if s.name == server.backup_server and s.name != server.name), None)
    return [server, backup] if backup is not None else [server]


def _answer(accepted: Sequence[RecipientOutcome], refused: Sequence[RecipientOutcome]) -> str:
    last = (list(refused) or list(accepted))[-1]
    return f"{last.code} {last.text}".strip()


def _fail_all(mail: QueuedMail, now: float, server: ServerConfig | None, why: str) -> Verdict:
    perm: list[list[object]] = [[r, None, why] for r in mail.pending]
    record: Record = {"t": "a", "id": mail.id, "at": now, "srv": mail.server, "ok": [], "perm": perm, "ans": why}
    return Verdict(record, (), server)
