"""``caddie-mail route SENDER`` says whether the server passes SPF and whether the mail is signed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from dnsserver import DnsServerFactory

from caddie_mail_plugin.cli.domain import dns_settings
from caddie_mail_plugin.cli.route import route
from caddie_mail_plugin.dkim import DkimKeyStore
from caddie_mail_plugin.dnsauth import DnsResolver, SpfOutcome
from caddie_mail_plugin.models import ServerConfig
from caddie_mail_plugin.server_spf import check_server_spf
from caddie_mail_plugin.storage.config_store import ConfigStore

DOMAIN = "golfclub-example.de"
SENDER = f"Sekretariat <sekretariat@{DOMAIN}>"
HOST = "smtp.golfclub-example.de"


@pytest.fixture
def config(data_dir: Path) -> ConfigStore:
    store = ConfigStore(data_dir)
    store.add_server(ServerConfig("club", HOST, 587, sender_filter=DOMAIN))
    store.add_server(ServerConfig("lokal", "127.0.0.1", 2525, is_default=True))
    return store


def lines(result: Any) -> dict[str, str]:
    assert result.exit_code == 0, result.output
    return dict(line.split(": ", 1) for line in result.output.splitlines()[1:])


def test_server_passes_spf_and_mail_is_signed(
    config: ConfigStore, data_dir: Path, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory({DOMAIN: {"TXT": [f"v=spf1 a:{HOST} -all"]}, HOST: {"A": ["203.0.113.7"], "AAAA": ["2001:db8::7"]}})
    DkimKeyStore(data_dir).generate(DOMAIN, "caddie", "ed25519")
    shown = lines(run_cli(route, SENDER, "--nameserver", server.nameserver))
    assert shown["SPF"] == f"pass (203.0.113.7, 2001:db8::7 authorised by {DOMAIN})"
    assert shown["DKIM"] == f"yes (signed as d={DOMAIN} with selector caddie, ed25519)"
    assert server.received(HOST, "A") == 1 and server.received(DOMAIN, "TXT") == 1


def test_server_failing_spf_and_unsigned_mail(
    config: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory({DOMAIN: {"TXT": ["v=spf1 ip4:192.0.2.1 -all"]}, HOST: {"A": ["203.0.113.7"]}})
    shown = lines(run_cli(route, SENDER, "--nameserver", server.nameserver))
    assert shown["SPF"].startswith(f"fail (203.0.113.7 not authorised by {DOMAIN}); see 'caddie-mail check-domain {DOMAIN}'")
    assert shown["DKIM"] == f"no (no key for {DOMAIN}; create one with 'caddie-mail dkim generate {DOMAIN}')"


def test_server_entered_by_address_and_nameserver_from_settings(
    config: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory({"example.org": {"TXT": ["v=spf1 ip4:127.0.0.0/8 ~all"]}})
    run_cli(dns_settings, "--nameserver", server.nameserver, "--timeout", "0.5")
    result = run_cli(route, "info@example.org")
    assert result.output.startswith("lokal (127.0.0.1:2525")
    assert lines(result)["SPF"] == "pass (127.0.0.1 authorised by example.org)"
    softfail = dns_server_factory({"example.org": {"TXT": ["v=spf1 ~all"]}})
    assert lines(run_cli(route, "info@example.org", "--nameserver", softfail.nameserver))["SPF"].startswith(
        "softfail (127.0.0.1 not authorised")


def test_no_spf_record(config: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any) -> None:
    server = dns_server_factory({DOMAIN: {"MX": [(10, HOST)]}, HOST: {"A": ["203.0.113.7"]}})
    assert lines(run_cli(route, SENDER, "--nameserver", server.nameserver))["SPF"].startswith(
        f"none ({DOMAIN} publishes no SPF record)")


def test_dns_failure_is_unknown_temperror_not_a_crash(
    config: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory({HOST: {"A": ["203.0.113.7"]}}, timeouts={DOMAIN})
    run_cli(dns_settings, "--timeout", "0.3")
    started = time.monotonic()
    shown = lines(run_cli(route, SENDER, "--nameserver", server.nameserver))
    assert time.monotonic() - started < 10
    assert shown["SPF"].startswith("unknown (temperror)")
    silent = dns_server_factory({}, timeouts={HOST})
    assert lines(run_cli(route, SENDER, "--nameserver", silent.nameserver))["SPF"].startswith("unknown (temperror)")


def test_host_without_address_and_smarthost_addresses(
    config: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory({DOMAIN: {"TXT": ["v=spf1 ip4:198.51.100.77 -all"]}})
    assert lines(run_cli(route, SENDER, "--nameserver", server.nameserver))["SPF"] == (
        f"unknown ({HOST} has no A or AAAA record)")
    run_cli(dns_settings, "--sending-ip", "club=198.51.100.77")
    assert lines(run_cli(route, SENDER, "--nameserver", server.nameserver))["SPF"].startswith("pass (198.51.100.77")


def test_no_dns_option_skips_the_check(config: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any) -> None:
    server = dns_server_factory({})
    shown = lines(run_cli(route, SENDER, "--no-dns", "--nameserver", server.nameserver))
    assert shown["SPF"] == "not checked (--no-dns)"
    assert sum(server.queries.values()) == 0


async def test_deadline_bounds_the_whole_check(dns_server_factory: DnsServerFactory) -> None:
    includes = " ".join(f"include:s{i}.spf.example" for i in range(8))
    zone = {DOMAIN: {"TXT": [f"v=spf1 {includes} -all"]}}
    zone.update({f"s{i}.spf.example": {"TXT": [f"v=spf1 ip4:192.0.2.{i} -all"]} for i in range(8)})
    server = dns_server_factory(zone, delay=0.4)
    resolver = DnsResolver(server.nameserver, timeout=2.0, concurrency=1)
    started = time.monotonic()
    result = await asyncio.wait_for(
        check_server_spf(DOMAIN, "203.0.113.7", resolver=resolver, deadline=0.5), timeout=10
    )
    await resolver.aclose()
    assert time.monotonic() - started < 2
    assert result.outcome is SpfOutcome.TEMPERROR and "within 0.5 s" in result.describe()


def test_verdict_of_several_addresses() -> None:
    from caddie_mail_plugin.dnsauth import SpfResult
    from caddie_mail_plugin.server_spf import AddressVerdict, ServerSpf

    def spf(*outcomes: SpfOutcome) -> ServerSpf:
        verdicts = tuple(AddressVerdict(f"192.0.2.{i}", SpfResult(o, reason="r")) for i, o in enumerate(outcomes))
        return ServerSpf(DOMAIN, HOST, verdicts)

    assert spf(SpfOutcome.PASS, SpfOutcome.PASS).outcome is SpfOutcome.PASS
    assert spf(SpfOutcome.PASS, SpfOutcome.TEMPERROR).outcome is SpfOutcome.TEMPERROR
    mixed = spf(SpfOutcome.PASS, SpfOutcome.TEMPERROR, SpfOutcome.FAIL)
    assert mixed.outcome is SpfOutcome.FAIL
    assert mixed.describe().startswith(f"fail (192.0.2.2 not authorised by {DOMAIN})")
    assert spf(SpfOutcome.PERMERROR).describe().startswith(f"permerror (the SPF record of {DOMAIN} is broken: r)")
    assert ServerSpf(DOMAIN, HOST, problem="x", temporary=True).outcome is SpfOutcome.TEMPERROR
    assert ServerSpf(DOMAIN, HOST, problem="x").outcome is None
