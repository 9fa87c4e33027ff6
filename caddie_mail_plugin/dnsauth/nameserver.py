"""Parsing of the configured name server: ``host[:port]``, IPv4 or IPv6.

Accepted forms: ``192.0.2.53``, ``192.0.2.53:5353``, ``2001:db8::53``,
``[2001:db8::53]`` and ``[2001:db8::53]:5353``.  The host must be an IP
address: a resolver that needs a resolver to find its server would hide
configuration mistakes.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.errors import InvalidNameserverError

DNS_PORT = 53


@dataclass(frozen=True)
class Nameserver:
    """An IP address and UDP port of a recursive name server."""

    address: str
    port: int = DNS_PORT

    def __str__(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"


def _invalid(text: str) -> InvalidNameserverError:
    return InvalidNameserverError(
        f"Name server {text!r} is not valid. Give an IP address, optionally with "
        "a port, e.g. 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:5353."
    )


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise _invalid(whole)
    return int(text)


def parse_nameserver(text: str) -> Nameserver:
    """Parse ``host[:port]``; raise :class:`InvalidNameserverError` if invalid."""
    value = text.strip()
    host, port = value, DNS_PORT
    if value.startswith("["):
        closing = value.find("]")
        if closing < 0:
            raise _invalid(text)
        host, rest = value[1:closing], value[closing + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise _invalid(text)
            port = _port(rest[1:], text)
    elif value.count(":") == 1:
        host, port_text = value.split(":")
        port = _port(port_text, text)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise _invalid(text) from None
    return Nameserver(address=str(address), port=port)
