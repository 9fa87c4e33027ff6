"""Settings of the sender-domain checks, kept in the ``domain_auth`` section.

* ``nameserver`` — the DNS server the checks ask (``host[:port]``, an IP
  address); empty means the system's resolver.  A club behind split-horizon
  DNS, or a test, points the checks elsewhere.
* ``timeout`` — seconds per DNS query; every check ends by then with
  ``temperror`` instead of hanging.
* ``microsoft365_dns`` — whether sending also recognises Microsoft 365 from
  DNS (see :mod:`caddie_mail_plugin.microsoft365_dns`); off by default, as it
  puts DNS queries on the send path.
* ``sending_ips`` — per server name, the addresses a smarthost really sends
  from, when they are not the addresses of its host name.

Which DKIM key signs a domain is not a setting here: it is the domain's
*active* key in the key store (``caddie-mail dkim activate``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .dnsauth.errors import InvalidIpAddressError
from .dnsauth.nameserver import parse_nameserver
from .dnsauth.resolver import DnsResolver
from .dnsauth.spf_check_host import parse_client_ip
from .exceptions import ConfigurationError
from .storage.config_store import ConfigStore

SECTION = "domain_auth"
DEFAULT_TIMEOUT = 3.0
MAX_TIMEOUT = 30.0


@dataclass(frozen=True)
class DomainAuthSettings:
    """The stored settings of the sender-domain checks (see module docstring)."""

    nameserver: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    microsoft365_dns: bool = False
    sending_ips: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def ips_for(self, server_name: str) -> tuple[str, ...]:
        """The addresses configured for the server ``server_name`` (may be empty)."""
        return self.sending_ips.get(server_name, ())

    def resolver(self, nameserver: str | None = None, timeout: float | None = None) -> DnsResolver:
        """A fresh resolver (one per check: its cache lives as long as it does)."""
        return DnsResolver(nameserver or self.nameserver, timeout=timeout or self.timeout)

    def to_record(self) -> dict[str, Any]:
        return {
            "nameserver": self.nameserver or "",
            "timeout": self.timeout,
            "microsoft365_dns": self.microsoft365_dns,
            "sending_ips": {name: list(ips) for name, ips in self.sending_ips.items()},
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> DomainAuthSettings:
        return checked(
            nameserver=record.get("nameserver") or None,
            timeout=record.get("timeout", DEFAULT_TIMEOUT),
            microsoft365_dns=bool(record.get("microsoft365_dns", False)),
            sending_ips=record.get("sending_ips") or {},
        )


def checked(
    *,
    nameserver: str | None,
    timeout: Any,
    microsoft365_dns: bool,
    sending_ips: Mapping[str, Sequence[str]],
) -> DomainAuthSettings:
    """Validated, normalised settings; raises with a hint what to enter instead."""
    if nameserver:
        nameserver = str(parse_nameserver(nameserver))
    try:
        seconds = float(timeout)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 < seconds <= MAX_TIMEOUT:
        raise ConfigurationError(
            f"The DNS timeout {timeout!r} is not usable; give a number of seconds "
            f"above 0 and at most {MAX_TIMEOUT:g}, e.g. 3."
        )
    ips = {str(name): _addresses(str(name), addresses) for name, addresses in sending_ips.items()}
    return DomainAuthSettings(nameserver or None, seconds, microsoft365_dns, ips)


def _addresses(server_name: str, addresses: Sequence[str]) -> tuple[str, ...]:
    try:
        return tuple(str(parse_client_ip(str(ip))) for ip in addresses)
    except InvalidIpAddressError as exc:
        raise ConfigurationError(
            f"The sending address of server {server_name!r} is not usable ({exc}); "
            "enter the IPv4 or IPv6 address the server sends from, e.g. 203.0.113.7.",
            server=server_name,
        ) from None


def load_domain_auth(config: ConfigStore) -> DomainAuthSettings:
    """The current settings (defaults where nothing is stored)."""
    return config.parsed_section(SECTION, DomainAuthSettings.from_record)


def save_domain_auth(config: ConfigStore, **changes: Any) -> DomainAuthSettings:
    """Validate and store changed settings; returns the whole new settings."""
    current = load_domain_auth(config).to_record()
    current.update(changes)
    settings = DomainAuthSettings.from_record(current)
    config.update_section(SECTION, **settings.to_record())
    return settings
