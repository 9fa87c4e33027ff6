"""Data model of SPF (RFC 7208): terms of a parsed record and the check result."""

from __future__ import annotations

import enum
import ipaddress
from dataclasses import dataclass

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_DNS_TERMS = 10
"""RFC 7208 4.6.4: at most 10 mechanisms/modifiers that query DNS."""

MAX_VOID_LOOKUPS = 2
"""RFC 7208 4.6.4: at most 2 lookups returning NXDOMAIN or no records."""

MAX_NAMES_PER_TERM = 10
"""RFC 7208 4.6.4: at most 10 MX exchanges / PTR names looked up per term."""


class SpfOutcome(enum.Enum):
    """The result of ``check_host()`` (RFC 7208 section 2.6)."""

    NONE = "none"
    NEUTRAL = "neutral"
    PASS = "pass"
    FAIL = "fail"
    SOFTFAIL = "softfail"
    TEMPERROR = "temperror"
    PERMERROR = "permerror"


class Qualifier(enum.Enum):
    """The prefix of a mechanism and the result it gives when it matches."""

    PASS = "+"
    FAIL = "-"
    SOFTFAIL = "~"
    NEUTRAL = "?"

    @property
    def outcome(self) -> SpfOutcome:
        """The SPF result of a matching mechanism with this qualifier."""
        return {
            Qualifier.PASS: SpfOutcome.PASS,
            Qualifier.FAIL: SpfOutcome.FAIL,
            Qualifier.SOFTFAIL: SpfOutcome.SOFTFAIL,
            Qualifier.NEUTRAL: SpfOutcome.NEUTRAL,
        }[self]


class MechanismKind(enum.Enum):
    """The eight mechanisms of RFC 7208 section 5."""

    ALL = "all"
    INCLUDE = "include"
    A = "a"
    MX = "mx"
    PTR = "ptr"
    IP4 = "ip4"
    IP6 = "ip6"
    EXISTS = "exists"

    @property
    def queries_dns(self) -> bool:
        """True for the mechanisms that count against the 10-lookup limit."""
        return self in (
            MechanismKind.INCLUDE,
            MechanismKind.A,
            MechanismKind.MX,
            MechanismKind.PTR,
            MechanismKind.EXISTS,
        )


@dataclass(frozen=True)
class Mechanism:
    """One directive: qualifier, mechanism and its arguments."""

    text: str
    qualifier: Qualifier
    kind: MechanismKind
    domain_spec: str | None = None
    network: IpNetwork | None = None
    cidr4: int = 32
    cidr6: int = 128


@dataclass(frozen=True)
class Modifier:
    """A ``name=value`` term; ``redirect`` and ``exp`` are also kept on the record."""

    text: str
    name: str
    value: str


@dataclass(frozen=True)
class SpfRecord:
    """A syntactically valid SPF record."""

    text: str
    mechanisms: tuple[Mechanism, ...]
    modifiers: tuple[Modifier, ...] = ()
    redirect: str | None = None
    explanation: str | None = None

    @property
    def dns_terms(self) -> int:
        """DNS-querying terms in this record alone (redirect counts)."""
        count = sum(1 for mechanism in self.mechanisms if mechanism.kind.queries_dns)
        return count + (1 if self.redirect is not None and not self.has_all else 0)

    @property
    def has_all(self) -> bool:
        """True if an ``all`` mechanism makes any ``redirect`` irrelevant."""
        return any(mechanism.kind is MechanismKind.ALL for mechanism in self.mechanisms)


DEFAULT_EXPLANATION = "The sending host is not authorised by the domain's SPF record."


@dataclass(frozen=True)
class SpfResult:
    """What ``check_host()`` found.

    ``explanation`` is set for ``fail`` only: the domain's ``exp=`` text, or
    :data:`DEFAULT_EXPLANATION`.  ``mechanism`` is the term that matched (empty
    when none did) and ``mechanism_domain`` the domain whose record held it.
    ``dns_lookups`` and ``void_lookups`` count the DNS-querying terms evaluated
    and the lookups that found nothing.  ``reason`` says why an error result
    came about.
    """

    result: SpfOutcome
    explanation: str = ""
    mechanism: str = ""
    mechanism_domain: str = ""
    dns_lookups: int = 0
    void_lookups: int = 0
    reason: str = ""
