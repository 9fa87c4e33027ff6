"""Suggest a fix for addresses whose domain is a typo of a common mail provider."""

from __future__ import annotations

#: Common German and international mailbox providers.
PROVIDER_DOMAINS: frozenset[str] = frozenset({
    "gmail.com", "googlemail.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de",
    "t-online.de", "freenet.de", "arcor.de", "online.de", "ionos.de", "1und1.de", "email.de", "mail.de",
    "posteo.de", "mailbox.org", "vodafone.de", "kabelmail.de", "ewe.net", "ewetel.net", "outlook.com",
    "outlook.de", "hotmail.com", "hotmail.de", "live.com", "live.de", "msn.com", "yahoo.com", "yahoo.de",
    "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "aol.de", "protonmail.com", "proton.me",
    "tutanota.com", "tuta.io", "bluewin.ch", "gmx.li", "t-online.at", "magenta.de", "aon.at", "a1.net",
})


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (adjacent swaps count 1); stops early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _doubled_suffix(domain: str) -> str | None:
    """``web.de.de`` → ``web.de``; ``gmail.com.com`` → ``gmail.com``."""
    labels = domain.split(".")
    for cut in range(len(labels) - 1, 1, -1):
        candidate = ".".join(labels[:cut])
        if candidate in PROVIDER_DOMAINS and labels[cut:] and ".".join(labels[cut:]) in candidate:
            return candidate
    return None


def suggest_address_fix(address: str) -> str | None:
    """The address with its provider domain corrected, or None when no typo is evident.

    Only one clearly closest provider counts: edit distance 1 for domains of up to
    8 characters, 2 for longer ones; ties give None.
    """
    local, at, domain = address.strip().rpartition("@")
    if not at or not local:
        return None
    domain = domain.lower().rstrip(".")
    if domain in PROVIDER_DOMAINS:
        return None
    fixed = _doubled_suffix(domain)
    if fixed:
        return f"{local}@{fixed}"
    limit = 1 if len(domain) <= 8 else 2
    scored = sorted((edit_distance(domain, known, limit), known) for known in PROVIDER_DOMAINS)
    best_distance, best = scored[0]
    if best_distance > limit or scored[1][0] == best_distance:
        return None
    return f"{local}@{best}"
