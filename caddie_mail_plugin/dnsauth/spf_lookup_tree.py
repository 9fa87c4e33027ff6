"""How many DNS lookups an SPF policy can cost, as a tree of its records.

:func:`count_lookups` follows ``include:`` and ``redirect=`` and adds up the
DNS-querying terms of every record reached — the worst case, when no earlier
term matches — which RFC 7208 limits to 10.  Targets of ``a``/``mx``/
``exists``/``include`` without macros are looked up to find "void" ones
(no records), limited to 2.  Records are fetched level by level, concurrently.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.dns_lookup import DnsLookup, RecordType
from caddie_mail_plugin.dnsauth.domain_names import is_queryable_name, normalise_name
from caddie_mail_plugin.dnsauth.errors import DnsAuthError, SpfSyntaxError
from caddie_mail_plugin.dnsauth.spf_model import (
    MAX_DNS_TERMS,
    MAX_VOID_LOOKUPS,
    MechanismKind,
    SpfRecord,
)
from caddie_mail_plugin.dnsauth.spf_parser import parse_spf_record, select_spf_records

MAX_RECORDS = 25


@dataclass(frozen=True)
class SpfLookupNode:
    """One record of the tree with the lookups it costs itself."""

    domain: str
    record: str = ""
    lookups: int = 0
    void_names: tuple[str, ...] = ()
    children: tuple[SpfLookupNode, ...] = ()
    error: str = ""

    @property
    def total_lookups(self) -> int:
        """Lookups of this record and everything it includes."""
        return self.lookups + sum(child.total_lookups for child in self.children)

    @property
    def total_void(self) -> int:
        """Void lookups in this record and everything it includes."""
        return len(self.void_names) + sum(child.total_void for child in self.children)


@dataclass(frozen=True)
class SpfLookupTree:
    """The whole tree and the verdict on the limits."""

    root: SpfLookupNode

    @property
    def total_lookups(self) -> int:
        """DNS-querying terms in the worst case."""
        return self.root.total_lookups

    @property
    def total_void(self) -> int:
        """Terms whose target has no records."""
        return self.root.total_void

    @property
    def within_limits(self) -> bool:
        """True if at most 10 lookups and 2 void lookups."""
        return self.total_lookups <= MAX_DNS_TERMS and self.total_void <= MAX_VOID_LOOKUPS

    def lines(self, lang: str = "en") -> list[str]:
        """An indented text picture: ``domain (n lookups)`` per record."""
        out: list[str] = []
        lookups, void_label = ("Abfragen", "ins Leere") if lang == "de" else ("lookups", "void")

        def walk(node: SpfLookupNode, depth: int) -> None:
            note = f" – {node.error}" if node.error else ""
            void = f", {void_label}: {', '.join(node.void_names)}" if node.void_names else ""
            out.append(f"{'  ' * depth}{node.domain} ({node.lookups} {lookups}{void}){note}")
            for child in node.children:
                walk(child, depth + 1)

        walk(self.root, 0)
        return out


async def _is_void(lookup: DnsLookup, kind: MechanismKind, target: str) -> bool:
    if kind is MechanismKind.MX:
        return (await lookup.query(target, RecordType.MX)).is_void
    if kind is MechanismKind.EXISTS:
        return (await lookup.query(target, RecordType.A)).is_void
    answers = await asyncio.gather(
        lookup.query(target, RecordType.A), lookup.query(target, RecordType.AAAA)
    )
    return all(answer.is_void for answer in answers)


def _static_target(spec: str | None, domain: str) -> str | None:
    if spec is None:
        return domain
    if "%" in spec:
        return None
    name = normalise_name(spec)
    return name if is_queryable_name(name) else None


class _TreeBuilder:
    def __init__(self, lookup: DnsLookup) -> None:
        self.lookup = lookup
        self.visited = 0

    async def node(self, domain: str, path: tuple[str, ...]) -> SpfLookupNode:
        if domain in path:
            return SpfLookupNode(domain, error="include/redirect loop")
        self.visited += 1
        if self.visited > MAX_RECORDS:
            return SpfLookupNode(domain, error="not followed: far too many records")
        try:
            answer = await self.lookup.query(domain, RecordType.TXT)
        except DnsAuthError as problem:
            return SpfLookupNode(domain, error=f"lookup failed: {problem}")
        records = select_spf_records(answer.texts)
        if len(records) != 1:
            return SpfLookupNode(domain, error="no SPF record" if not records else "several SPF records")
        try:
            record = parse_spf_record(records[0])
        except SpfSyntaxError as problem:
            return SpfLookupNode(domain, records[0].decode("latin-1"), error=str(problem))
        return await self._expand(domain, record, (*path, domain))

    async def _expand(self, domain: str, record: SpfRecord, path: tuple[str, ...]) -> SpfLookupNode:
        nested: list[str] = []
        void_checks: list[tuple[str, MechanismKind]] = []
        for mechanism in record.mechanisms:
            target = _static_target(mechanism.domain_spec, domain)
            if mechanism.kind is MechanismKind.INCLUDE and target is not None:
                nested.append(target)
            elif mechanism.kind in (MechanismKind.A, MechanismKind.MX, MechanismKind.EXISTS):
                if target is not None:
                    void_checks.append((target, mechanism.kind))
        if record.redirect is not None and not record.has_all:
            target = _static_target(record.redirect, domain)
            if target is not None:
                nested.append(target)
        children = asyncio.gather(*(self.node(target, path) for target in nested))
        voids = asyncio.gather(
            *(_is_void(self.lookup, kind, target) for target, kind in void_checks),
            return_exceptions=True,
        )
        child_nodes, void_flags = await asyncio.gather(children, voids)
        void_names = tuple(
            target for (target, _), flag in zip(void_checks, void_flags) if flag is True
        )
        void_names += tuple(child.domain for child in child_nodes if child.error == "no SPF record")
        return SpfLookupNode(
            domain, record.text, record.dns_terms, void_names, tuple(child_nodes)
        )


async def count_lookups(domain: str, resolver: DnsLookup) -> SpfLookupTree:
    """Build the lookup tree of ``domain``'s SPF policy."""
    return SpfLookupTree(await _TreeBuilder(resolver).node(normalise_name(domain), ()))
