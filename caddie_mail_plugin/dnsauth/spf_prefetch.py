"""Prefetching the DNS records an SPF evaluation is about to need.

SPF evaluation is sequential by definition: each term is tried only after the
previous one failed to match, and the limits are counted in that order.  What
can run ahead is DNS: as soon as a record is loaded, the prefetcher sends the
lookups of its ``include``/``a``/``mx``/``ptr``/``exists``/``redirect`` terms
(and of the records those includes point to) into the shared resolver cache.
The evaluation then runs exactly as before — same order, same counts, same
result — but finds most answers already there.

Prefetching is bounded like evaluation: at most :data:`MAX_DNS_TERMS` terms per
``check_host()`` and at most 10 names per MX/PTR term.  Terms using the ``p``
macro are skipped (their target needs DNS itself).  Errors are ignored here;
the evaluation meets them again and decides.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from caddie_mail_plugin.dnsauth.dns_lookup import RecordType
from caddie_mail_plugin.dnsauth.domain_names import is_queryable_name
from caddie_mail_plugin.dnsauth.errors import DnsAuthError
from caddie_mail_plugin.dnsauth.spf_macro import check_domain_spec, uses_letter
from caddie_mail_plugin.dnsauth.spf_model import (
    MAX_DNS_TERMS,
    MAX_NAMES_PER_TERM,
    MechanismKind,
    SpfRecord,
)
from caddie_mail_plugin.dnsauth.spf_parser import parse_spf_record, select_spf_records
from caddie_mail_plugin.dnsauth.spf_session import SpfSession, address_type


class SpfPrefetcher:
    """Starts lookups ahead of the evaluation; call :meth:`aclose` at the end."""

    def __init__(self, session: SpfSession, budget: int = MAX_DNS_TERMS) -> None:
        self._session = session
        self._budget = budget
        self._seen: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def record_loaded(self, record: SpfRecord, domain: str) -> None:
        """Start the lookups of ``record``'s DNS terms (once per domain)."""
        if domain in self._seen:
            return
        self._seen.add(domain)
        for mechanism in record.mechanisms:
            if mechanism.kind.queries_dns and self._take_budget():
                self._spawn(self._prefetch_term(mechanism.kind, mechanism.domain_spec, domain))
        if record.redirect is not None and not record.has_all and self._take_budget():
            self._spawn(self._prefetch_term(MechanismKind.INCLUDE, record.redirect, domain))

    async def aclose(self) -> None:
        """Stop prefetches still running (their queries may finish in the cache)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _take_budget(self) -> bool:
        if self._budget <= 0:
            return False
        self._budget -= 1
        return True

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and not isinstance(error, (DnsAuthError, ValueError, LookupError)):
            raise error

    async def _prefetch_term(self, kind: MechanismKind, spec: str | None, domain: str) -> None:
        session = self._session
        if spec is not None and uses_letter(check_domain_spec(spec), "p"):
            return
        target = await session.target_name(spec, domain)
        if not is_queryable_name(target):
            return
        if kind is MechanismKind.INCLUDE:
            await self._prefetch_record(target)
        elif kind is MechanismKind.A:
            await session.lookup.query(target, address_type(session.ip))
        elif kind is MechanismKind.EXISTS:
            await session.lookup.query(target, RecordType.A)
        elif kind is MechanismKind.MX:
            answer = await session.lookup.query(target, RecordType.MX)
            self._prefetch_addresses(answer.values)
        elif kind is MechanismKind.PTR:
            answer = await session.lookup.query(session.ip.reverse_pointer, RecordType.PTR)
            self._prefetch_addresses(answer.values)

    def _prefetch_addresses(self, names: tuple[str, ...]) -> None:
        rtype = address_type(self._session.ip)
        for name in [name for name in names if name and is_queryable_name(name)][:MAX_NAMES_PER_TERM]:
            self._spawn(self._lookup(name, rtype))

    async def _lookup(self, name: str, rtype: RecordType) -> None:
        await self._session.lookup.query(name, rtype)

    async def _prefetch_record(self, target: str) -> None:
        answer = await self._session.lookup.query(target, RecordType.TXT)
        records = select_spf_records(answer.texts)
        if len(records) == 1:
            self.record_loaded(parse_spf_record(records[0]), target)
