"""Normalising the signing domain and validating the selector.

The signing domain is stored and published in its ASCII (punycode) form,
lower-case, as DKIM's ``d=`` tag requires; IDNA 2008 with UTS #46 mapping is
used, so ``Golfclub-Straße.de`` becomes ``xn--golfclub-strae-dgb.de`` (not the
IDNA 2003 ``golfclub-strasse.de``).  A selector is one DNS label: letters,
digits, ``-`` and ``_``.  Dotted selectors (allowed by RFC 6376) are refused
so that the key file name ``DOMAIN.SELECTOR.key`` stays unambiguous.
"""

from __future__ import annotations

import functools
import re

import idna

from .errors import DkimNameError

_SELECTOR = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


@functools.lru_cache(maxsize=1024)  # asked once per mail on the send path
def normalise_domain(domain: str) -> str:
    """Return ``domain`` as lower-case ASCII (punycode), without trailing dot."""
    text = domain.strip().rstrip(".")
    if not text or any(c.isspace() for c in text):
        raise DkimNameError(
            f"{domain!r} is not a domain name; enter the sender domain, "
            "for example golfclub-example.de."
        )
    try:
        ascii_domain = idna.encode(text, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise DkimNameError(
            f"{domain!r} is not a valid domain name ({exc}); "
            "check the spelling of the sender domain."
        ) from None
    if "." not in ascii_domain:
        raise DkimNameError(
            f"{domain!r} has no top-level domain; enter the full sender domain, "
            "for example golfclub-example.de."
        )
    return ascii_domain.lower()


def normalise_selector(selector: str) -> str:
    """Return ``selector`` lower-case after checking it is one DNS label."""
    text = selector.strip().lower()
    if not _SELECTOR.fullmatch(text):
        raise DkimNameError(
            f"{selector!r} is not a usable DKIM selector; use 1 to 63 letters, "
            "digits, '-' or '_' (no dots), for example 'caddie' or 'mail2025'."
        )
    return text
