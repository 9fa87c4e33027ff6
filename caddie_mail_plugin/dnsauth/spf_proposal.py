"""A corrected SPF record: the existing one with the missing terms merged in.

The new ``ip4:``/``ip6:``/``include:`` terms go right before ``all`` (or before
the modifiers when there is no ``all``), so everything the domain authorised
stays authorised and the policy for everyone else is unchanged.  Without an
existing record a new one ending in ``~all`` is proposed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from caddie_mail_plugin.dnsauth.spf_parser import VERSION

NEW_RECORD_ALL = "~all"


def address_terms(addresses: Iterable[str]) -> list[str]:
    """``ip4:``/``ip6:`` terms for single addresses (IPv4-mapped as IPv4)."""
    terms: list[str] = []
    for text in addresses:
        address = ipaddress.ip_address(text)
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        term = f"ip{address.version}:{address}"
        if term not in terms:
            terms.append(term)
    return terms


def _is_all(term: str) -> bool:
    return term.lower().lstrip("+-~?") == "all"


def _is_modifier(term: str) -> bool:
    name = term.split("=", 1)[0]
    return "=" in term and ":" not in name and "/" not in name


def merge_spf_record(existing: str | None, missing: Sequence[str]) -> str:
    """The record to publish: ``existing`` plus the ``missing`` terms."""
    if existing is None or not existing.strip():
        return " ".join([VERSION, *missing, NEW_RECORD_ALL])
    terms = existing.split()
    known = {term.lower() for term in terms}
    additions = [term for term in missing if term.lower() not in known]
    position = len(terms)
    for index, term in enumerate(terms[1:], start=1):
        if _is_all(term) or _is_modifier(term):
            position = index
            break
    return " ".join([*terms[:position], *additions, *terms[position:]])
