"""Domain-name helpers shared by the checks: normalising and validating names.

Names are kept as lower-case text without the trailing dot.  A name is turned
into a :class:`dns.name.Name` label by label, so characters that DNS allows in
a label but that have a meaning in zone-file text (backslash, space, ``%``)
are queried literally, as SPF macro expansion may produce them.
"""

from __future__ import annotations

import dns.name

MAX_LABEL_LENGTH = 63
MAX_NAME_LENGTH = 253


def normalise_name(name: str) -> str:
    """Lower-case ``name`` and drop one trailing dot."""
    text = name.strip()
    if text.endswith("."):
        text = text[:-1]
    return text.lower()


def to_ascii_domain(name: str) -> str:
    """Normalise ``name`` and turn an IDN (``münchen.de``) into punycode."""
    text = normalise_name(name)
    if text.isascii():
        return text
    try:
        return ".".join(_encode_label(label).decode("ascii") for label in text.split("."))
    except UnicodeError:
        return text


def _encode_label(label: str) -> bytes:
    if label.isascii():
        return label.encode("ascii")
    return label.encode("idna")


def is_queryable_name(name: str) -> bool:
    """True if ``name`` can be sent in a query: no empty or over-long label."""
    text = normalise_name(name)
    if not text or len(text) > MAX_NAME_LENGTH:
        return False
    try:
        labels = [_encode_label(label) for label in text.split(".")]
    except UnicodeError:
        return False
    return all(0 < len(label) <= MAX_LABEL_LENGTH for label in labels)


def is_multi_label_domain(name: str) -> bool:
    """True for a queryable name with at least two labels and no IP literal."""
    text = normalise_name(name)
    return "." in text and not text.startswith("[") and is_queryable_name(text)


def to_dns_name(name: str) -> dns.name.Name:
    """Turn ``name`` into an absolute :class:`dns.name.Name`.

    Raises :class:`ValueError` (from dnspython or here) for a name that cannot
    be queried.
    """
    if not is_queryable_name(name):
        raise ValueError(f"not a valid DNS name: {name!r}")
    labels = [_encode_label(label) for label in normalise_name(name).split(".")]
    return dns.name.Name([*labels, b""])


def from_dns_name(name: dns.name.Name) -> str:
    """Turn a :class:`dns.name.Name` back into normalised text (no escaping)."""
    labels = [label.decode("latin-1") for label in name.labels if label]
    return ".".join(labels).lower()


def parent_domains(name: str) -> list[str]:
    """``a.b.c`` → ``["a.b.c", "b.c", "c"]``."""
    labels = normalise_name(name).split(".")
    return [".".join(labels[index:]) for index in range(len(labels))]


def is_subdomain_or_same(name: str, parent: str) -> bool:
    """True if ``name`` equals ``parent`` or lies below it."""
    child, base = normalise_name(name), normalise_name(parent)
    return child == base or child.endswith("." + base)
