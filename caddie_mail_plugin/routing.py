"""Which SMTP server sends a mail: the two-step rule.

Step 1: a server whose filter matches the sender.  A filter that is the
complete sender address beats one that is the sender's domain.
Step 2: otherwise the server marked as default.
Matching is case-insensitive and treats an IDN domain and its punycode alike
(see :func:`caddie_mail_plugin.addresses.address_key`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from .addresses import filter_key, parse_mailbox
from .exceptions import RoutingError
from .models import ServerConfig


class RouteStep(str, enum.Enum):
    ADDRESS_FILTER = "address-filter"
    DOMAIN_FILTER = "domain-filter"
    DEFAULT = "default"


@dataclass(frozen=True)
class RouteDecision:
    server: ServerConfig
    step: RouteStep
    reason: str


def resolve_server(sender: str, servers: Sequence[ServerConfig]) -> RouteDecision:
    """Choose the server for ``sender`` (an address, display name allowed)."""
    address = parse_mailbox(sender)
    by_address: ServerConfig | None = None
    by_domain: ServerConfig | None = None
    for server in servers:
        if not server.sender_filter:
            continue
        key = filter_key(server.sender_filter)
        if key == address.key:
            by_address = by_address or server
        elif key == address.domain:
            by_domain = by_domain or server
    if by_address is not None:
        return RouteDecision(
            by_address,
            RouteStep.ADDRESS_FILTER,
            f"step 1: the filter {by_address.sender_filter!r} of server "
            f"{by_address.name!r} is the sender's address",
        )
    if by_domain is not None:
        return RouteDecision(
            by_domain,
            RouteStep.DOMAIN_FILTER,
            f"step 1: the filter {by_domain.sender_filter!r} of server "
            f"{by_domain.name!r} is the sender's domain",
        )
    for server in servers:
        if server.is_default:
            return RouteDecision(
                server,
                RouteStep.DEFAULT,
                f"step 2: no server's filter matches {address.display}, so the "
                f"default server {server.name!r} sends",
            )
    filters = ", ".join(f"{s.name}={s.sender_filter}" for s in servers if s.sender_filter)
    raise RoutingError(
        f"No SMTP server is configured for the sender {address.display}: no filter "
        f"matches (filters: {filters or 'none'}) and no server is marked as default. "
        "Add a server with this address or domain as filter, or mark one as default "
        "('caddie-mail servers default NAME').",
        recipient=address.display,
    )
