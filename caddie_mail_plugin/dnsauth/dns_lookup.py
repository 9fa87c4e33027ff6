"""The small DNS interface every check is written against.

:class:`DnsLookup` is a :class:`~typing.Protocol` with a single coroutine,
``query(name, rtype)``.  It is implemented by the real resolver
(:class:`~caddie_mail_plugin.dnsauth.resolver.DnsResolver`) and by the
in-memory :class:`~caddie_mail_plugin.dnsauth.zone_resolver.ZoneResolver`, so SPF
evaluation and the domain report run unchanged against either.

Contract: an existing answer, NODATA and NXDOMAIN come back as a
:class:`DnsAnswer`; a timeout, SERVFAIL or any other failure raises
:class:`~caddie_mail_plugin.dnsauth.errors.DnsTemporaryError`; a name that
cannot be queried raises
:class:`~caddie_mail_plugin.dnsauth.errors.InvalidDnsNameError`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class RecordType(enum.Enum):
    """The record types the checks ask for."""

    A = "A"
    AAAA = "AAAA"
    TXT = "TXT"
    MX = "MX"
    PTR = "PTR"
    CNAME = "CNAME"


class AnswerStatus(enum.Enum):
    """How a query ended when the server did answer."""

    FOUND = "found"
    NODATA = "nodata"
    NXDOMAIN = "nxdomain"


@dataclass(frozen=True)
class DnsAnswer:
    """One answer: the records of one type at one name.

    ``values`` holds A/AAAA addresses, PTR and CNAME targets, and MX exchange
    names (ordered by preference, a null MX as ``""``); ``texts`` holds TXT
    records with their strings joined, as raw bytes.
    """

    name: str
    rtype: RecordType
    status: AnswerStatus
    ttl: float = 0.0
    values: tuple[str, ...] = ()
    texts: tuple[bytes, ...] = ()

    @property
    def is_void(self) -> bool:
        """True for NXDOMAIN and for an empty answer (RFC 7208 "void lookup")."""
        return not self.values and not self.texts


class DnsLookup(Protocol):
    """Anything that answers DNS queries for the checks."""

    async def query(self, name: str, rtype: RecordType) -> DnsAnswer:
        """Return the records of type ``rtype`` at ``name``."""
        ...
