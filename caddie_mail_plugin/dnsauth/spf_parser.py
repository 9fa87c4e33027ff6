"""SPF record selection and parsing (RFC 7208 sections 4.5, 4.6, 5, 6, 12).

:func:`select_spf_records` picks the ``v=spf1`` records among a name's TXT
records; :func:`parse_spf_record` turns one into an :class:`SpfRecord` or raises
:class:`~caddie_mail_plugin.dnsauth.errors.SpfSyntaxError` for the first
problem anywhere in the record (so a syntax error is found even behind a
mechanism that would match).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from caddie_mail_plugin.dnsauth.errors import SpfSyntaxError
from caddie_mail_plugin.dnsauth.spf_macro import check_domain_spec, parse_macro_string
from caddie_mail_plugin.dnsauth.spf_model import (
    Mechanism,
    MechanismKind,
    Modifier,
    Qualifier,
    SpfRecord,
)

VERSION = "v=spf1"
_MODIFIER = re.compile(r"([A-Za-z][A-Za-z0-9\-_.]*)=(.*)\Z", re.DOTALL)
_QNUM = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IP4 = re.compile(rf"{_QNUM}\.{_QNUM}\.{_QNUM}\.{_QNUM}\Z")
_IP6_CHARS = re.compile(r"[0-9A-Fa-f:.]+\Z")
_CIDR = re.compile(r"(0|[1-9][0-9]*)\Z")
_DUAL_CIDR = re.compile(r"(?:/([0-9]+))?(?://([0-9]+))?\Z")
_DOMAIN_MECHANISMS = {"include": MechanismKind.INCLUDE, "exists": MechanismKind.EXISTS}


def is_spf_record(text: bytes) -> bool:
    """True if a TXT record starts with ``v=spf1`` followed by a space or its end."""
    head = text[: len(VERSION) + 1].lower()
    return head == VERSION.encode() or head == VERSION.encode() + b" "


def select_spf_records(texts: Iterable[bytes]) -> list[bytes]:
    """The TXT records that are SPF records (RFC 7208 4.5)."""
    return [text for text in texts if is_spf_record(text)]


def _cidr(text: str, limit: int, term: str) -> int:
    if not _CIDR.match(text) or int(text) > limit:
        raise SpfSyntaxError(f"invalid prefix length /{text} in {term!r}", term=term)
    return int(text)


def _parse_ip(kind: MechanismKind, argument: str, term: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, int, int]:
    if not argument.startswith(":"):
        raise SpfSyntaxError(f"{kind.value} needs ':' and an address: {term!r}", term=term)
    address, _, prefix = argument[1:].partition("/")
    if kind is MechanismKind.IP4:
        if not _IP4.match(address):
            raise SpfSyntaxError(f"not an IPv4 address: {address!r}", term=term)
        length = _cidr(prefix, 32, term) if prefix else 32
        return ipaddress.IPv4Network(f"{address}/{length}", strict=False), length, 128
    if not _IP6_CHARS.match(address):
        raise SpfSyntaxError(f"not an IPv6 address: {address!r}", term=term)
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        raise SpfSyntaxError(f"not an IPv6 address: {address!r}", term=term) from None
    length = _cidr(prefix, 128, term) if prefix else 128
    return ipaddress.IPv6Network(f"{address}/{length}", strict=False), 32, length


def _parse_mechanism(term: str) -> Mechanism:
    qualifier = Qualifier.PASS
    body = term
    if body[:1] in "+-~?" and body:
        qualifier, body = Qualifier(body[0]), body[1:]
    name = re.split(r"[:/]", body, maxsplit=1)[0]
    argument = body[len(name) :]
    try:
        kind = MechanismKind(name.lower())
    except ValueError:
        raise SpfSyntaxError(f"unknown mechanism {term!r}", term=term) from None
    if kind is MechanismKind.ALL:
        if argument:
            raise SpfSyntaxError(f"'all' takes no argument: {term!r}", term=term)
        return Mechanism(term, qualifier, kind)
    if kind in (MechanismKind.IP4, MechanismKind.IP6):
        network, cidr4, cidr6 = _parse_ip(kind, argument, term)
        return Mechanism(term, qualifier, kind, network=network, cidr4=cidr4, cidr6=cidr6)
    if kind in (MechanismKind.INCLUDE, MechanismKind.EXISTS):
        if not argument.startswith(":"):
            raise SpfSyntaxError(f"{kind.value} needs ':' and a domain: {term!r}", term=term)
        check_domain_spec(argument[1:])
        return Mechanism(term, qualifier, kind, domain_spec=argument[1:])
    cidr4, cidr6 = 32, 128
    if kind is not MechanismKind.PTR:
        cidrs = _DUAL_CIDR.search(argument)
        assert cidrs is not None  # the pattern always matches at the end
        if cidrs.group(1) is not None:
            cidr4 = _cidr(cidrs.group(1), 32, term)
        if cidrs.group(2) is not None:
            cidr6 = _cidr(cidrs.group(2), 128, term)
        argument = argument[: cidrs.start()]
    if not argument:
        return Mechanism(term, qualifier, kind, cidr4=cidr4, cidr6=cidr6)
    if not argument.startswith(":"):
        raise SpfSyntaxError(f"invalid argument in {term!r}", term=term)
    check_domain_spec(argument[1:])
    return Mechanism(term, qualifier, kind, domain_spec=argument[1:], cidr4=cidr4, cidr6=cidr6)


def _check_text(record: str | bytes) -> str:
    if isinstance(record, bytes):
        try:
            return record.decode("ascii")
        except UnicodeDecodeError:
            raise SpfSyntaxError("the record contains non-ASCII bytes") from None
    if not record.isascii():
        raise SpfSyntaxError("the record contains non-ASCII characters")
    return record


def parse_spf_record(record: str | bytes) -> SpfRecord:
    """Parse a whole SPF record; raise :class:`SpfSyntaxError` on any error."""
    text = _check_text(record)
    if not is_spf_record(text.encode()):
        raise SpfSyntaxError(f"an SPF record starts with '{VERSION}': {text[:20]!r}")
    mechanisms: list[Mechanism] = []
    modifiers: list[Modifier] = []
    special: dict[str, str] = {}
    for term in text[len(VERSION) :].split(" "):
        if not term:
            continue
        modifier = _MODIFIER.match(term)
        if modifier is None:
            mechanisms.append(_parse_mechanism(term))
            continue
        name, value = modifier.group(1).lower(), modifier.group(2)
        if name in ("redirect", "exp"):
            if name in special:
                raise SpfSyntaxError(f"'{name}=' appears more than once", term=term)
            check_domain_spec(value)
            special[name] = value
        else:
            parse_macro_string(value)
        modifiers.append(Modifier(term, name, value))
    return SpfRecord(
        text=text,
        mechanisms=tuple(mechanisms),
        modifiers=tuple(modifiers),
        redirect=special.get("redirect"),
        explanation=special.get("exp"),
    )
