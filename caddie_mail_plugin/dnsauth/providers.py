"""Recognising a domain's mail provider from DNS, and a sending server's provider.

One table, :data:`PROVIDERS`: for each provider the suffixes of its MX hosts,
of the SPF ``include:`` targets it tells customers to publish, of the CNAME
targets of DKIM selectors (Microsoft 365 points ``selector1``/``selector2`` to
``*.onmicrosoft.com`` or, since 2025, ``*.dkim.mail.microsoft``) and of its
SMTP submission hosts; ``spf_include`` is the term to add to authorise it.
Matching is by DNS suffix (``x.mail.protection.outlook.com`` matches
``mail.protection.outlook.com``).  Entries where a provider does not document
one include leave ``spf_include`` empty; the report then authorises the
server's addresses instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.domain_names import is_subdomain_or_same, normalise_name

MICROSOFT_365 = "microsoft365"


@dataclass(frozen=True)
class ProviderSignature:
    """What a provider's customers' DNS looks like."""

    key: str
    name: str
    mx_suffixes: tuple[str, ...] = ()
    spf_includes: tuple[str, ...] = ()
    dkim_cname_suffixes: tuple[str, ...] = ()
    smtp_hosts: tuple[str, ...] = ()
    spf_include: str = ""


PROVIDERS: tuple[ProviderSignature, ...] = (
    ProviderSignature(
        MICROSOFT_365, "Microsoft 365",
        mx_suffixes=("mail.protection.outlook.com",),
        spf_includes=("spf.protection.outlook.com",),
        dkim_cname_suffixes=("onmicrosoft.com", "dkim.mail.microsoft"),
        smtp_hosts=("smtp.office365.com", "smtp-mail.outlook.com", "mail.protection.outlook.com"),
        spf_include="spf.protection.outlook.com",
    ),
    ProviderSignature(
        "google", "Google Workspace",
        mx_suffixes=("aspmx.l.google.com", "googlemail.com", "smtp.google.com"),
        spf_includes=("_spf.google.com",),
        smtp_hosts=("smtp.gmail.com", "smtp-relay.gmail.com"),
        spf_include="_spf.google.com",
    ),
    ProviderSignature(
        "ionos", "IONOS (1&1)",
        mx_suffixes=("ionos.de", "ionos.com", "kundenserver.de", "1and1.com", "1and1.de"),
        spf_includes=("_spf-eu.ionos.com", "_spf-us.ionos.com", "_spf.perfora.net", "_spf.kundenserver.de"),
        smtp_hosts=("smtp.ionos.de", "smtp.ionos.com", "smtp.1und1.de"),
        spf_include="_spf-eu.ionos.com",
    ),
    ProviderSignature(
        "strato", "Strato",
        mx_suffixes=("rzone.de",),
        spf_includes=("rzone.de", "strato.de", "strato.com"),
        smtp_hosts=("smtp.strato.de", "smtp.strato.com"),
    ),
    ProviderSignature(
        "telekom", "Telekom / T-Online",
        mx_suffixes=("t-online.de", "hier-im-netz.de"),
        spf_includes=("_spf.hier-im-netz.de", "t-online.de"),
        smtp_hosts=("securesmtp.t-online.de", "smtpmail.t-online.de"),
        spf_include="_spf.hier-im-netz.de",
    ),
    ProviderSignature(
        "gmx-webde", "GMX / WEB.DE",
        mx_suffixes=("gmx.net", "gmx.de", "web.de"),
        spf_includes=("gmx.net", "web.de"),
        smtp_hosts=("mail.gmx.net", "smtp.web.de"),
    ),
    ProviderSignature(
        "hetzner", "Hetzner",
        mx_suffixes=("your-server.de",),
        spf_includes=("spf.your-server.de",),
        smtp_hosts=("your-server.de",),
        spf_include="spf.your-server.de",
    ),
    ProviderSignature(
        "all-inkl", "ALL-INKL.COM",
        mx_suffixes=("kasserver.com",),
        spf_includes=("spf.kasserver.com",),
        smtp_hosts=("kasserver.com",),
        spf_include="spf.kasserver.com",
    ),
)


@dataclass(frozen=True)
class DetectedProvider:
    """A provider found in the domain's DNS, with the records that show it."""

    key: str
    name: str
    evidence: tuple[str, ...]


def _matches(names: Iterable[str], suffixes: tuple[str, ...]) -> list[str]:
    return [
        name for name in names if any(is_subdomain_or_same(name, suffix) for suffix in suffixes)
    ]


def detect_providers(
    mx_hosts: Iterable[str] = (),
    spf_includes: Iterable[str] = (),
    dkim_cnames: Iterable[str] = (),
) -> tuple[DetectedProvider, ...]:
    """The providers whose signatures appear in MX, SPF includes or DKIM CNAMEs."""
    mx, includes, cnames = (
        [normalise_name(n) for n in names] for names in (mx_hosts, spf_includes, dkim_cnames)
    )
    found: list[DetectedProvider] = []
    for provider in PROVIDERS:
        evidence = [f"MX {host}" for host in _matches(mx, provider.mx_suffixes)]
        evidence += [f"SPF include:{name}" for name in _matches(includes, provider.spf_includes)]
        evidence += [f"DKIM CNAME {name}" for name in _matches(cnames, provider.dkim_cname_suffixes)]
        if evidence:
            found.append(DetectedProvider(provider.key, provider.name, tuple(evidence)))
    return tuple(found)


def provider_of_smtp_host(host: str) -> ProviderSignature | None:
    """The provider that runs the SMTP host ``host``, if it is a known one."""
    name = normalise_name(host)
    for provider in PROVIDERS:
        if _matches([name], provider.smtp_hosts):
            return provider
    return None
