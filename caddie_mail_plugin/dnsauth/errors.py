"""Errors of the sender-domain checks (SPF, DKIM, DMARC over DNS).

All of them derive from :class:`DnsAuthError`, itself a
:class:`~caddie_mail_plugin.exceptions.CaddieMailError`.  Builtins are mixed in
where they describe the same failure, so callers that catch ``TimeoutError`` or
``ValueError`` keep working.
"""

from __future__ import annotations

from caddie_mail_plugin.exceptions import CaddieMailError


class DnsAuthError(CaddieMailError):
    """Base class of the errors raised by :mod:`caddie_mail_plugin.dnsauth`."""

    code = "dns-auth"


class DnsTemporaryError(DnsAuthError):
    """A DNS query failed for a reason that may go away (SERVFAIL, no answer).

    SPF maps it to ``temperror``; a report shows it as "try again later".
    """

    code = "dns-temporary"

    def __init__(self, message: str, *, name: str = "", rtype: str = "") -> None:
        super().__init__(message)
        self.name = name
        self.rtype = rtype


class DnsTimeoutError(DnsTemporaryError, TimeoutError):
    """The name server did not answer within the configured timeout."""

    code = "dns-timeout"


class InvalidDnsNameError(DnsAuthError, ValueError):
    """A name cannot be put into a DNS query (empty or over-long label)."""

    code = "dns-invalid-name"


class InvalidNameserverError(DnsAuthError, ValueError):
    """The configured name server is not ``host[:port]`` with an IP address."""

    code = "dns-invalid-nameserver"


class DnsConfigurationError(DnsAuthError):
    """The system's resolver configuration could not be read."""

    code = "dns-configuration"


class SpfSyntaxError(DnsAuthError, ValueError):
    """An SPF record does not follow the grammar of RFC 7208."""

    code = "spf-syntax"

    def __init__(self, message: str, *, term: str = "") -> None:
        super().__init__(message)
        self.term = term


class InvalidIpAddressError(DnsAuthError, ValueError):
    """The address handed to a check is not an IPv4 or IPv6 address."""

    code = "invalid-ip"
