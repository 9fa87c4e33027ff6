"""Does the server that sends for a sender pass the sender domain's SPF?

Used by the routing preview (``caddie-mail route SENDER``).  The server's
outgoing addresses are the ones the admin entered for it (a smarthost that
sends from other addresses), else its host itself when that is an IP
address, else the A/AAAA records of its host name.  Each address is checked
with ``check_host()`` (RFC 7208) against the sender's domain, concurrently.

Nothing here raises for DNS trouble: a timeout or an unreachable name server
gives ``unknown (temperror)``, and the whole check ends after ``deadline``
seconds whatever the DNS does.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from .dnsauth.dns_lookup import DnsLookup, RecordType
from .dnsauth.errors import DnsAuthError
from .dnsauth.spf_check_host import check_host
from .dnsauth.spf_model import SpfOutcome, SpfResult


@dataclass(frozen=True)
class AddressVerdict:
    """``check_host()`` for one outgoing address of the server."""

    ip: str
    result: SpfResult


@dataclass(frozen=True)
class ServerSpf:
    """The SPF verdict for one server sending as one domain."""

    domain: str
    server_host: str
    verdicts: tuple[AddressVerdict, ...] = ()
    problem: str = ""  # why no address could be checked
    temporary: bool = False  # the problem may go away (DNS failure)

    @property
    def outcome(self) -> SpfOutcome | None:
        """PASS when every address passes; otherwise the first definite
        non-pass; TEMPERROR when only DNS failures stand in the way; ``None``
        when the server has no address to check."""
        if not self.verdicts:
            return SpfOutcome.TEMPERROR if self.temporary else None
        results = [v.result.result for v in self.verdicts]
        if all(r is SpfOutcome.PASS for r in results):
            return SpfOutcome.PASS
        definite = [r for r in results if r not in (SpfOutcome.PASS, SpfOutcome.TEMPERROR)]
        return definite[0] if definite else SpfOutcome.TEMPERROR

    def describe(self) -> str:
        """One line for the routing preview."""
        outcome = self.outcome
        ips = ", ".join(v.ip for v in self.verdicts)
        if outcome is SpfOutcome.PASS:
            return f"pass ({ips} authorised by {self.domain})"
        if outcome is None:
            return f"unknown ({self.problem})"
        if outcome is SpfOutcome.TEMPERROR:
            reason = self.problem or _reason(self.verdicts, outcome)
            return f"unknown (temperror): {reason}; try again later or check the name server"
        failing = ", ".join(v.ip for v in self.verdicts if v.result.result is outcome)
        if outcome is SpfOutcome.NONE:
            what = f"{self.domain} publishes no SPF record"
        elif outcome is SpfOutcome.PERMERROR:
            what = f"the SPF record of {self.domain} is broken: {_reason(self.verdicts, outcome)}"
        else:
            what = f"{failing} not authorised by {self.domain}"
        return (
            f"{outcome.value} ({what}); see 'caddie-mail check-domain {self.domain}' "
            "for the record to publish"
        )


def _reason(verdicts: Sequence[AddressVerdict], outcome: SpfOutcome) -> str:
    return next((v.result.reason for v in verdicts if v.result.result is outcome and v.result.reason), "")


async def _addresses(host: str, sending_ips: Sequence[str], resolver: DnsLookup) -> tuple[str, ...]:
    if sending_ips:
        return tuple(sending_ips)
    try:
        return (str(ipaddress.ip_address(host.strip("[]"))),)
    except ValueError:
        pass
    answers = await asyncio.gather(
        resolver.query(host, RecordType.A), resolver.query(host, RecordType.AAAA)
    )
    return tuple(ip for answer in answers for ip in answer.values)


async def _check(domain: str, host: str, sending_ips: Sequence[str], resolver: DnsLookup) -> ServerSpf:
    try:
        ips = await _addresses(host, sending_ips, resolver)
    except DnsAuthError as exc:
        return ServerSpf(domain, host, problem=f"the address of {host} could not be looked up: {exc}", temporary=True)
    if not ips:
        return ServerSpf(domain, host, problem=f"{host} has no A or AAAA record")
    sender = f"postmaster@{domain}"
    results = await asyncio.gather(*(check_host(ip, domain, sender, host, resolver=resolver) for ip in ips))
    return ServerSpf(domain, host, tuple(AddressVerdict(ip, r) for ip, r in zip(ips, results)))


async def check_server_spf(
    domain: str,
    server_host: str,
    *,
    resolver: DnsLookup,
    sending_ips: Sequence[str] = (),
    deadline: float = 15.0,
) -> ServerSpf:
    """Check the server ``server_host`` against the SPF policy of ``domain``
    (the envelope sender's domain); ends with temperror after ``deadline`` s."""
    try:
        async with asyncio.timeout(deadline):
            return await _check(domain, server_host, sending_ips, resolver)
    except TimeoutError:
        return ServerSpf(
            domain, server_host, problem=f"no complete DNS answer within {deadline:g} s", temporary=True
        )
