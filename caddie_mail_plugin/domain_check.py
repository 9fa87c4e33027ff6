"""The domain report as the plugin sees a domain: its server, its DKIM key.

:func:`plan_domain_check` gathers what :func:`~caddie_mail_plugin.dnsauth.build_domain_report`
needs from the configuration — which server sends for the domain (the one
named, else the one routing would choose for ``postmaster@DOMAIN``), the
addresses it sends from, which DKIM selector the plugin signs with and its
public key, the name server and timeout — and :func:`run_domain_check` runs
the report.  The CLI (``caddie-mail check-domain``) and the wizard share it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .dkim.dkim_key import DkimKeyInfo
from .dkim.key_store import DkimKeyStore
from .dkim.names import normalise_domain, normalise_selector
from .dnsauth.dns_lookup import DnsLookup
from .dnsauth.report import build_domain_report
from .dnsauth.report_inputs import DEFAULT_DKIM_SELECTORS
from .dnsauth.report_model import DomainReport
from .domain_auth import load_domain_auth
from .exceptions import RoutingError
from .models import ServerConfig
from .routing import resolve_server
from .storage.config_store import ConfigStore


@dataclass(frozen=True)
class DomainCheckPlan:
    """Everything one report is run with."""

    domain: str
    server: ServerConfig | None
    sending_ips: tuple[str, ...]
    selectors: tuple[str, ...]
    signing_key: DkimKeyInfo | None  # the plugin's key whose record is checked
    nameserver: str | None
    timeout: float


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _server_for(config: ConfigStore, domain: str, server_name: str | None) -> ServerConfig | None:
    if server_name is not None:
        return config.server(server_name)
    try:
        return resolve_server(f"postmaster@{domain}", config.servers()).server
    except RoutingError:
        return None


def _dkim_plan(
    store: DkimKeyStore, domain: str, selector: str | None
) -> tuple[tuple[str, ...], DkimKeyInfo | None]:
    keys = [info for info in store.list() if info.domain == domain]
    if selector is not None:
        label = normalise_selector(selector)
        chosen = next((info for info in keys if info.selector == label), None)
        others = tuple(s for s in DEFAULT_DKIM_SELECTORS if s != label)
        return ((label,) if chosen else (label, *others)), chosen
    active = next((info for info in keys if info.active), None)
    if active is not None:
        return (active.selector,), active
    return DEFAULT_DKIM_SELECTORS, None


def plan_domain_check(
    config: ConfigStore,
    data_dir: Path,
    domain: str,
    *,
    server_name: str | None = None,
    sending_ips: Sequence[str] = (),
    selector: str | None = None,
    nameserver: str | None = None,
    timeout: float | None = None,
) -> DomainCheckPlan:
    """Decide server, addresses, DKIM selector and DNS for checking ``domain``.

    Without ``selector`` the domain's active key is checked when the plugin
    has one (it signs), else the usual selectors of providers are searched.
    A stored key named by ``selector`` is checked even if not yet active
    (publish before you activate)."""
    name = normalise_domain(domain)
    settings = load_domain_auth(config)
    server = _server_for(config, name, server_name)
    ips = tuple(sending_ips) or (settings.ips_for(server.name) if server else ())
    if not ips and server is not None and _is_ip_address(server.host):
        ips = (server.host.strip("[]"),)  # a server entered by address sends from it
    selectors, key = _dkim_plan(DkimKeyStore(data_dir), name, selector)
    return DomainCheckPlan(
        domain=name,
        server=server,
        sending_ips=ips,
        selectors=selectors,
        signing_key=key,
        nameserver=nameserver or settings.nameserver,
        timeout=timeout or settings.timeout,
    )


async def run_domain_check(plan: DomainCheckPlan, *, resolver: DnsLookup | None = None) -> DomainReport:
    """Build the report for ``plan`` (``resolver`` replaces DNS in previews)."""
    return await build_domain_report(
        plan.domain,
        server_host=plan.server.host if plan.server else None,
        sending_ips=plan.sending_ips,
        dkim_selectors=plan.selectors,
        expected_dkim_key=plan.signing_key.public_key_b64 if plan.signing_key else None,
        dkim_signing=plan.signing_key is not None,
        nameserver=plan.nameserver,
        timeout=plan.timeout,
        resolver=resolver,
    )
