"""Microsoft 365 recognised from DNS, and the Office 365 rule fed by it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from dnsserver import DnsServerFactory, DnsTestServer
from mail_helpers import make_message

from caddie_mail_plugin import Mailer, OutgoingMail, SendContext, SendStatus, hookimpl
from caddie_mail_plugin.dnsauth import DnsResolver
from caddie_mail_plugin.domain_auth import save_domain_auth
from caddie_mail_plugin.exceptions import Office365RefusedError
from caddie_mail_plugin.microsoft365_dns import (
    find_microsoft365,
    is_microsoft365_domain,
    microsoft365_alias_target,
    refuse_microsoft365_by_dns,
)
from caddie_mail_plugin.models import Security, ServerConfig

DOMAIN = "golfclub-example.de"
ALIAS = f"mail.{DOMAIN}"
SMARTHOST = "smtp.smarthost.example"

MICROSOFT_ZONE: dict[str, Any] = {
    DOMAIN: {
        "TXT": [f"v=spf1 include:spf.protection.outlook.com include:_spf.{SMARTHOST} -all"],
        "MX": [(0, "golfclub-example-de.mail.protection.outlook.com")],
    },
    "spf.protection.outlook.com": {"TXT": ["v=spf1 ip4:40.92.0.0/15 ip4:52.100.0.0/14 -all"]},
    f"_spf.{SMARTHOST}": {"TXT": ["v=spf1 ip4:198.51.100.0/24 -all"]},
    f"selector1._domainkey.{DOMAIN}": {"CNAME": ["selector1-golfclub._domainkey.golfclub.onmicrosoft.com"]},
    ALIAS: {"CNAME": ["smtp.office365.com"]},
    "smtp.office365.com": {"A": ["52.96.1.1"]},
    f"relay.{DOMAIN}": {"A": ["52.100.1.1"]},
    SMARTHOST: {"A": ["198.51.100.5"]},
}


async def resolver_for(server: DnsTestServer) -> DnsResolver:
    return DnsResolver(server.nameserver, timeout=0.5)


async def test_microsoft365_domain_by_mx_spf_and_dkim(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(MICROSOFT_ZONE)
    assert await is_microsoft365_domain(DOMAIN, resolver=await resolver_for(server)) is True
    only_spf = dns_server_factory({DOMAIN: {"TXT": ["v=spf1 include:spf.protection.outlook.com -all"]}})
    assert await is_microsoft365_domain(DOMAIN, resolver=await resolver_for(only_spf)) is True
    plain = dns_server_factory({DOMAIN: {"TXT": ["v=spf1 mx -all"], "MX": [(10, f"mx.{DOMAIN}")]}})
    assert await is_microsoft365_domain(DOMAIN, resolver=await resolver_for(plain)) is False


async def test_unanswered_domain_is_unknown_within_the_timeout(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory({}, timeouts={DOMAIN})
    started = time.monotonic()
    answer = await asyncio.wait_for(is_microsoft365_domain(DOMAIN, resolver=await resolver_for(server)), 10)
    assert answer is None and time.monotonic() - started < 5


async def test_alias_of_a_microsoft365_host(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(MICROSOFT_ZONE)
    assert await microsoft365_alias_target(ALIAS, resolver=await resolver_for(server)) == "smtp.office365.com"
    assert await microsoft365_alias_target(SMARTHOST, resolver=await resolver_for(server)) == ""


async def test_findings_for_alias_microsoft_address_and_smarthost(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(MICROSOFT_ZONE)
    alias = await find_microsoft365(ALIAS, DOMAIN, resolver=await resolver_for(server))
    assert alias.is_microsoft365 and "alias (CNAME) of smtp.office365.com" in alias.evidence()
    relay = await find_microsoft365(f"relay.{DOMAIN}", DOMAIN, resolver=await resolver_for(server))
    assert relay.is_microsoft365 and relay.microsoft_address == "52.100.1.1"
    assert "only through Microsoft's include" in relay.evidence()
    smarthost = await find_microsoft365(SMARTHOST, DOMAIN, resolver=await resolver_for(server))
    assert smarthost.domain_on_microsoft365 is True and not smarthost.is_microsoft365
    redirected = dict(MICROSOFT_ZONE)
    redirected[DOMAIN] = {"TXT": ["v=spf1 redirect=spf.protection.outlook.com"]}
    server.set_zone(redirected)
    relay = await find_microsoft365(f"relay.{DOMAIN}", DOMAIN, resolver=await resolver_for(server))
    assert relay.microsoft_address == "52.100.1.1"


class DnsOffice365Rule:
    """What plugins/office365.py does once it calls the DNS rule (see docs/domain-auth.md)."""

    @hookimpl(trylast=True)
    def before_send(self, mail: OutgoingMail, context: SendContext) -> Any:
        return refuse_microsoft365_by_dns(mail, context)


@pytest.fixture
def club_mailer(make_mailer: Any, smtp_server: Any, resolve_host_to_loopback: Any) -> Any:
    def build(host: str, *, dns: DnsTestServer | None, ack: bool = False) -> Mailer:
        resolve_host_to_loopback(host)
        mailer: Mailer = make_mailer(DnsOffice365Rule(), configure=False)
        mailer.config.add_server(ServerConfig(
            "club", host, smtp_server.port, security=Security.NONE, is_default=True, office365_ack=ack, timeout=5.0))
        if dns is not None:
            save_domain_auth(mailer.config, nameserver=dns.nameserver, timeout=0.5, microsoft365_dns=True)
        return mailer

    return build


def test_alias_of_microsoft365_is_refused_with_the_dns_evidence(
    club_mailer: Any, dns_server_factory: DnsServerFactory, smtp_server: Any
) -> None:
    mailer = club_mailer(ALIAS, dns=dns_server_factory(MICROSOFT_ZONE))
    with pytest.raises(Office365RefusedError) as refused:
        mailer.send(make_message())
    text = str(refused.value)
    assert "Microsoft 365" in text and "smarthost" in text
    assert f"Recognised from DNS: {ALIAS} is an alias (CNAME) of smtp.office365.com" in text
    assert smtp_server.received == []


def test_acknowledged_server_and_smarthost_are_sent(
    club_mailer: Any, dns_server_factory: DnsServerFactory, smtp_server: Any
) -> None:
    dns = dns_server_factory(MICROSOFT_ZONE)
    assert club_mailer(ALIAS, dns=dns, ack=True).send(make_message()).status is SendStatus.SENT
    assert dns.received(ALIAS, "CNAME") == 0  # acknowledged: no DNS needed


def test_smarthost_of_a_microsoft365_domain_is_sent(
    club_mailer: Any, dns_server_factory: DnsServerFactory, data_dir: Path
) -> None:
    dns = dns_server_factory(MICROSOFT_ZONE)
    assert club_mailer(SMARTHOST, dns=dns).send(make_message()).status is SendStatus.SENT
    assert dns.received(DOMAIN, "MX") == 1


def test_switched_off_means_no_dns_queries(
    club_mailer: Any, dns_server_factory: DnsServerFactory, data_dir: Path
) -> None:
    dns = dns_server_factory(MICROSOFT_ZONE)
    mailer: Mailer = club_mailer(ALIAS, dns=None)
    save_domain_auth(mailer.config, nameserver=dns.nameserver, microsoft365_dns=False)
    assert mailer.send(make_message()).status is SendStatus.SENT
    assert sum(dns.queries.values()) == 0


def test_silent_dns_never_refuses_and_never_hangs(
    club_mailer: Any, dns_server_factory: DnsServerFactory
) -> None:
    dns = dns_server_factory({}, timeouts={ALIAS, DOMAIN, f"selector1._domainkey.{DOMAIN}", f"selector2._domainkey.{DOMAIN}"})
    mailer = club_mailer(ALIAS, dns=dns)
    started = time.monotonic()
    assert mailer.send(make_message()).status is SendStatus.SENT
    assert time.monotonic() - started < 10
    again = time.monotonic()
    assert mailer.send(make_message()).status is SendStatus.SENT
    assert time.monotonic() - again < 0.4  # the unknown finding is cached for a minute
