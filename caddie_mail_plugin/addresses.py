"""Parsing and normalising e-mail addresses (IDN and case), header safety.

Every comparison the plugin makes (blacklist, routing filter, test address)
uses :func:`address_key`: the local part lower-cased and the domain in its
ASCII (punycode) form, so ``Max@Müller.de`` and ``max@xn--mller-kva.de`` are
the same address.  Validation itself is done by email-validator.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from email.utils import parseaddr

import email_validator
import idna

from .exceptions import HeaderInjectionError, InvalidAddressError

_LINE_BREAK = re.compile(r"[\r\n]")
# A folded header line break followed by white space is legitimate in a
# parsed message; anything else is an injection attempt.
_FOLDING = re.compile(r"\r?\n(?=[ \t])")


@dataclass(frozen=True)
class Address:
    """A validated address: what to put on the wire and what to compare."""

    smtp: str  # envelope form: local part as given, domain in ASCII
    display: str  # local part as given, domain in Unicode
    key: str  # comparison key: lower-case local part, ASCII domain
    domain: str  # ASCII (punycode) domain, lower-case
    needs_smtputf8: bool


def refuse_line_breaks(value: str, what: str) -> None:
    """Raise :class:`HeaderInjectionError` if ``value`` holds a CR or LF."""
    if "\n" not in value and "\r" not in value:
        return  # the usual case, without the regular expressions
    if _LINE_BREAK.search(_FOLDING.sub("", value)):
        raise HeaderInjectionError(
            f"{what} contains a line break (CR or LF), which could inject "
            "headers; remove the line break and send again."
        )


# The plain ASCII addresses nearly all mail goes to: a dot-atom local part and
# letter-digit-hyphen domain labels under an alphabetic top-level domain.
# email-validator takes about 30 us per address (IDNA checks per character),
# which dominates a newsletter to 10,000 distinct members; for this strict
# subset of what it accepts its result is known (the domain lower-cased), and
# a test checks that both agree.  Everything else goes to email-validator.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN = re.compile(rf"({_ATEXT}(?:\.{_ATEXT})*)@((?:{_LABEL}\.)+[A-Za-z]{{2,63}})")
_SPECIAL_USE = frozenset(email_validator.SPECIAL_USE_DOMAIN_NAMES)


def _plain_address(raw: str) -> Address | None:
    match = _PLAIN.fullmatch(raw)
    if match is None:
        return None
    local, domain = match.group(1), match.group(2).lower()
    if len(local) > 64 or len(raw) > 254 or "--" in domain:
        return None  # length limits and IDNA-like labels: let email-validator decide
    if any(domain == name or domain.endswith("." + name) for name in _SPECIAL_USE):
        return None
    return Address(
        smtp=f"{local}@{domain}", display=f"{local}@{domain}", key=f"{local.lower()}@{domain}",
        domain=domain, needs_smtputf8=False,
    )


@functools.lru_cache(maxsize=65536)
def parse_address(raw: str) -> Address:
    """Validate and normalise one bare address (no display name)."""
    refuse_line_breaks(raw, f"The address {raw!r}")
    plain = _plain_address(raw.strip())
    if plain is not None:
        return plain
    try:
        valid = email_validator.validate_email(
            raw.strip(), check_deliverability=False, allow_smtputf8=True
        )
    except email_validator.EmailNotValidError as exc:
        raise InvalidAddressError(
            f"{raw!r} is not a valid e-mail address ({exc}); correct it and send again.",
            recipient=raw,
        ) from None
    domain = valid.ascii_domain.lower()
    local = valid.local_part
    return Address(
        smtp=f"{local}@{domain}",
        display=valid.normalized,
        key=f"{local.lower()}@{domain}",
        domain=domain,
        needs_smtputf8=not local.isascii(),
    )


def parse_mailbox(raw: str) -> Address:
    """Like :func:`parse_address`, but accepts ``Name <addr>`` too."""
    refuse_line_breaks(raw, f"The address {raw!r}")
    if "<" in raw:
        _, addr = parseaddr(raw)
        if addr:
            return parse_address(addr)
    return parse_address(raw)


def address_key(raw: str) -> str:
    """The comparison key of an address (see module docstring)."""
    return parse_address(raw).key


@functools.lru_cache(maxsize=4096)
def domain_key(raw: str) -> str:
    """A domain in lower-case ASCII (punycode) form; IDN and punycode agree."""
    domain = raw.strip().rstrip(".").lower()
    refuse_line_breaks(domain, f"The domain {raw!r}")
    try:
        # The same IDNA 2008 / UTS 46 rules as email-validator uses.
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise InvalidAddressError(
            f"{raw!r} is not a valid domain name; correct it and try again."
        ) from None


def filter_key(raw: str) -> str:
    """Normalise a routing filter: a full address or a domain."""
    raw = raw.strip()
    if "@" in raw:
        return address_key(raw)
    return domain_key(raw)
