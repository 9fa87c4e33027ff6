"""Finding a domain's DMARC policy and organisational domain by DNS tree walk.

No public-suffix list is bundled (none is a dependency here), so the
organisational domain is found the DMARCbis way (RFC 9989, section 4.10):
query ``_dmarc.`` at the domain and its parents — at most 8 names: the domain
itself, then, for long names, its 7 right-most labels, then one label less at
a time — and

* a record with ``psd=n`` marks its domain as the organisational domain;
* a record with ``psd=y`` marks a public suffix: the organisational domain is
  the name one label below it (or the domain itself if it is the suffix);
* otherwise the organisational domain is the shortest name with a record, and
  the domain itself when there is none.

The policy that applies is the record at the domain itself, else the one at
its organisational domain.  All names are queried concurrently.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.dmarc_record import DmarcRecord, is_dmarc_record, parse_dmarc_record
from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup, RecordType
from caddie_mail_plugin.dnsauth.domain_names import normalise_name
from caddie_mail_plugin.dnsauth.errors import DnsAuthError

MAX_WALK_QUERIES = 8
SHORTCUT_LABELS = 7


@dataclass(frozen=True)
class DmarcLookup:
    """The DMARC records at one name (``error`` set if the query failed)."""

    domain: str
    records: tuple[str, ...] = ()
    error: str = ""

    @property
    def record(self) -> DmarcRecord | None:
        """The single valid record, if exactly one was published."""
        if len(self.records) != 1:
            return None
        record = parse_dmarc_record(self.records[0], self.domain)
        return record if record.is_valid else None


@dataclass(frozen=True)
class DmarcDiscovery:
    """What the tree walk found for one domain."""

    domain: str
    organizational_domain: str
    lookups: tuple[DmarcLookup, ...]

    @property
    def own(self) -> DmarcLookup:
        """The lookup at the domain itself."""
        return self.lookups[0]

    @property
    def policy_lookup(self) -> DmarcLookup | None:
        """Where the applicable policy was found (the domain, else its org domain)."""
        if self.own.record is not None:
            return self.own
        for lookup in self.lookups:
            if lookup.domain == self.organizational_domain and lookup.record is not None:
                return lookup
        return None


def walk_names(domain: str) -> list[str]:
    """The names the DMARCbis tree walk queries, longest first."""
    labels = normalise_name(domain).split(".")
    names = [".".join(labels)]
    count = min(len(labels) - 1, SHORTCUT_LABELS)
    while count >= 1 and len(names) < MAX_WALK_QUERIES:
        names.append(".".join(labels[-count:]))
        count -= 1
    return names


async def fetch_dmarc(domain: str, resolver: DnsLookup) -> DmarcLookup:
    """The DMARC records published at ``_dmarc.<domain>``."""
    try:
        answer = await resolver.query("_dmarc." + domain, RecordType.TXT)
    except DnsAuthError as problem:
        return DmarcLookup(domain, error=str(problem))
    texts = [text.decode("utf-8", "replace") for text in answer.texts]
    return DmarcLookup(domain, tuple(text for text in texts if is_dmarc_record(text)))


def _organizational_domain(domain: str, lookups: list[DmarcLookup]) -> str:
    labels = normalise_name(domain).split(".")
    shortest = domain
    for lookup in lookups:
        record = lookup.record
        if record is None:
            continue
        if record.psd == "n":
            return lookup.domain
        if record.psd == "y":
            below = len(lookup.domain.split(".")) + 1
            return domain if lookup.domain == domain else ".".join(labels[-below:])
        shortest = lookup.domain
    return shortest


async def discover_dmarc(domain: str, resolver: DnsLookup) -> DmarcDiscovery:
    """Walk the tree above ``domain`` and find its policy and org domain."""
    name = normalise_name(domain)
    lookups = list(await asyncio.gather(*(fetch_dmarc(n, resolver) for n in walk_names(name))))
    return DmarcDiscovery(name, _organizational_domain(name, lookups), tuple(lookups))
