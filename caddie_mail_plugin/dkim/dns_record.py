"""The DNS TXT record that publishes a DKIM public key.

One TXT string holds at most 255 characters (RFC 1035 3.3.14), and a 2048-bit
RSA record is about 410, so zone files need the value split into several
quoted strings, which resolvers join without a separator (RFC 6376 3.6.2.2).
Web interfaces of most DNS hosters want the one-line value instead.
"""

from __future__ import annotations

from .keys import KeyType

TXT_STRING_LIMIT = 255


def dkim_dns_name(selector: str, domain: str) -> str:
    """The name the record is published under: ``SELECTOR._domainkey.DOMAIN``."""
    return f"{selector}._domainkey.{domain}"


def dkim_txt_value(key_type: KeyType, public_key_b64: str) -> str:
    """The one-line record value, e.g. ``v=DKIM1; k=rsa; p=MIIB...``."""
    return f"v=DKIM1; k={key_type.value}; p={public_key_b64}"


def split_txt_value(value: str, limit: int = TXT_STRING_LIMIT) -> tuple[str, ...]:
    """Split ``value`` into TXT strings of at most ``limit`` characters."""
    if limit < 1:
        raise ValueError("limit must be positive")
    if not value:
        return ("",)
    return tuple(value[i : i + limit] for i in range(0, len(value), limit))


def zone_file_record(dns_name: str, value: str, *, ttl: int | None = None) -> str:
    """The record in zone-file syntax, split into quoted strings of ≤255 chars.

    >>> print(zone_file_record("s._domainkey.example.de", "v=DKIM1; k=ed25519; p=AAAA"))
    s._domainkey.example.de. IN TXT ( "v=DKIM1; k=ed25519; p=AAAA" )
    """
    quoted = [_quote(part) for part in split_txt_value(value)]
    ttl_part = f" {ttl}" if ttl is not None else ""
    owner = dns_name.rstrip(".") + "."
    if len(quoted) == 1:
        return f"{owner}{ttl_part} IN TXT ( {quoted[0]} )"
    body = "\n  ".join(quoted)
    return f"{owner}{ttl_part} IN TXT (\n  {body} )"


def _quote(part: str) -> str:
    escaped = part.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
