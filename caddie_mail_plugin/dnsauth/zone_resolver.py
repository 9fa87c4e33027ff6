"""In-memory DNS: a zone given as a dict, answering through :class:`DnsLookup`.

Used to run SPF evaluation on test data (the RFC 7208 suite), and by the
report to check a proposed SPF record before recommending it
(:class:`OverlayResolver` serves the proposal on top of the real DNS).

Zone format — name → record type → values::

    {"example.com": {"TXT": ["v=spf1 mx -all"], "MX": [(10, "mx.example.com")]},
     "mx.example.com": {"A": ["192.0.2.25"]}}

TXT values are ``str`` (sent as UTF-8), ``bytes``, or a list of those (one
record of several strings).  MX values are ``(preference, host)`` or
``"preference host"``.  Names in ``timeouts`` time out for every record type
they hold no records of; names in ``servfail`` fail.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from caddie_mail_plugin.dnsauth.dns_lookup import (
    AnswerStatus,
    DnsAnswer,
    DnsLookup,
    RecordType,
)
from caddie_mail_plugin.dnsauth.domain_names import is_queryable_name, normalise_name
from caddie_mail_plugin.dnsauth.errors import (
    DnsTemporaryError,
    DnsTimeoutError,
    InvalidDnsNameError,
)

ZoneData = Mapping[str, Mapping[str, Sequence[object]]]
MAX_CNAME_CHAIN = 8


def _txt_bytes(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, Sequence):
        return b"".join(_txt_bytes(part) for part in value)
    raise TypeError(f"TXT value must be str, bytes or a list of them: {value!r}")


def _mx_entry(value: object) -> tuple[int, str]:
    if isinstance(value, str):
        preference, host = value.split(None, 1)
        return int(preference), normalise_name(host)
    if isinstance(value, Sequence) and len(value) == 2:
        return int(str(value[0])), normalise_name(str(value[1]))
    raise TypeError(f"MX value must be (preference, host): {value!r}")


def _answer_for(name: str, rtype: RecordType, values: Sequence[object], ttl: float) -> DnsAnswer:
    if rtype is RecordType.TXT:
        texts = tuple(_txt_bytes(value) for value in values)
        return DnsAnswer(name, rtype, AnswerStatus.FOUND, ttl, texts=texts)
    if rtype is RecordType.MX:
        ordered = sorted((_mx_entry(value) for value in values), key=lambda entry: entry[0])
        return DnsAnswer(name, rtype, AnswerStatus.FOUND, ttl, values=tuple(h for _, h in ordered))
    if rtype in (RecordType.PTR, RecordType.CNAME):
        names = tuple(normalise_name(str(value)) for value in values)
        return DnsAnswer(name, rtype, AnswerStatus.FOUND, ttl, values=names)
    return DnsAnswer(name, rtype, AnswerStatus.FOUND, ttl, values=tuple(str(v) for v in values))


class ZoneResolver:
    """Answers queries from an in-memory zone; counts them like the real one."""

    def __init__(
        self,
        zone: ZoneData,
        *,
        timeouts: Collection[str] = (),
        servfail: Collection[str] = (),
        ttl: float = 300.0,
    ) -> None:
        self._records: dict[str, dict[RecordType, Sequence[object]]] = {}
        for name, by_type in zone.items():
            entry = self._records.setdefault(normalise_name(name), {})
            for type_name, values in by_type.items():
                if values:
                    entry[RecordType(type_name.upper())] = values
        self._timeouts = {normalise_name(name) for name in timeouts}
        self._servfail = {normalise_name(name) for name in servfail}
        self._ttl = ttl
        self.sent: Counter[tuple[str, RecordType]] = Counter()

    def holds(self, name: str, rtype: RecordType) -> bool:
        """True if the zone has records of ``rtype`` at ``name``."""
        return rtype in self._records.get(normalise_name(name), {})

    def _exists(self, name: str) -> bool:
        suffix = "." + name
        return any(known == name or known.endswith(suffix) for known in self._records)

    async def query(self, name: str, rtype: RecordType) -> DnsAnswer:
        """Answer from the zone, following CNAMEs like a recursive server."""
        queried = normalise_name(name)
        if not is_queryable_name(queried):
            raise InvalidDnsNameError(f"{name!r} cannot be queried")
        self.sent[(queried, rtype)] += 1
        current = queried
        for _ in range(MAX_CNAME_CHAIN):
            records = self._records.get(current, {})
            if rtype in records:
                return _answer_for(queried, rtype, records[rtype], self._ttl)
            if current in self._servfail:
                raise DnsTemporaryError(f"SERVFAIL for {current}", name=current, rtype=rtype.value)
            if current in self._timeouts:
                raise DnsTimeoutError(f"timeout for {current}", name=current, rtype=rtype.value)
            if RecordType.CNAME not in records:
                status = AnswerStatus.NODATA if self._exists(current) else AnswerStatus.NXDOMAIN
                return DnsAnswer(queried, rtype, status, self._ttl)
            current = normalise_name(str(records[RecordType.CNAME][0]))
        raise DnsTemporaryError(f"CNAME chain too long at {queried}", name=queried, rtype=rtype.value)


class OverlayResolver:
    """Serves some records from an in-memory zone, everything else from ``base``."""

    def __init__(self, base: DnsLookup, overlay: ZoneResolver) -> None:
        self._base = base
        self._overlay = overlay

    async def query(self, name: str, rtype: RecordType) -> DnsAnswer:
        """Answer from the overlay where it holds the record type, else from base."""
        if self._overlay.holds(name, rtype):
            return await self._overlay.query(name, rtype)
        return await self._base.query(name, rtype)
