"""The domain report end to end through a real UDP DNS server on loopback."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

from dnsserver import DnsServerFactory
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from caddie_mail_plugin.dnsauth import (
    CheckStatus,
    DnsResolver,
    DomainReport,
    SpfOutcome,
    build_domain_report,
    check_host,
    render_text,
    report_to_json,
)

DOMAIN = "golfclub-example.de"
SERVER = "smtp.golfclub-example.de"
SERVER_IP4, SERVER_IP6 = "203.0.113.7", "2001:db8::7"


def _rsa_public_key(bits: int = 2048) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


SIGNING_KEY = _rsa_public_key()


def base_zone(spf: str = f"v=spf1 mx a:{SERVER} -all") -> dict[str, Any]:
    return {
        DOMAIN: {"TXT": [spf, "google-site-verification=abc"], "MX": [(10, "mx.golfclub-example.de")]},
        "mx.golfclub-example.de": {"A": ["192.0.2.25"]},
        SERVER: {"A": [SERVER_IP4], "AAAA": [SERVER_IP6]},
        f"_dmarc.{DOMAIN}": {"TXT": [f"v=DMARC1; p=reject; rua=mailto:dmarc@{DOMAIN}"]},
        f"caddie._domainkey.{DOMAIN}": {"TXT": [f"v=DKIM1; k=rsa; p={SIGNING_KEY}"]},
    }


async def report_for(server_nameserver: str, **options: Any) -> DomainReport:
    options.setdefault("server_host", SERVER)
    return await build_domain_report(DOMAIN, nameserver=server_nameserver, timeout=0.5, **options)


def statuses(report: DomainReport) -> dict[str, CheckStatus]:
    return {check.id: check.status for check in report.checks}


async def test_good_domain_is_all_ok(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(base_zone())
    report = await report_for(
        server.nameserver, dkim_selectors=("caddie",), dkim_signing=True, expected_dkim_key=SIGNING_KEY
    )
    assert set(statuses(report).values()) == {CheckStatus.OK}, render_text(report, "en")
    assert report.status is CheckStatus.OK
    assert report.sending_ips == (SERVER_IP4, SERVER_IP6)
    assert not report.is_microsoft365


async def test_every_record_is_queried_once_per_report(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(base_zone())
    await report_for(server.nameserver, dkim_selectors=("caddie",), dkim_signing=True)
    repeated = {key: count for key, count in server.queries.items() if count > 1}
    assert not repeated, f"the per-report cache should answer these: {repeated}"


async def test_spf_tree_with_eleven_lookups_is_permerror(dns_server_factory: DnsServerFactory) -> None:
    zone = base_zone("v=spf1 include:a.spf.example include:b.spf.example -all")
    zone["a.spf.example"] = {"TXT": [" ".join(["v=spf1"] + [f"a:h{i}.spf.example" for i in range(5)])]}
    zone["b.spf.example"] = {"TXT": [" ".join(["v=spf1"] + [f"a:k{i}.spf.example" for i in range(4)] + [f"a:{SERVER}"])]}
    for i in range(5):
        zone[f"h{i}.spf.example"] = {"A": [f"198.51.100.{i + 1}"]}
    for i in range(4):
        zone[f"k{i}.spf.example"] = {"A": [f"198.51.100.{i + 11}"]}
    server = dns_server_factory(zone)
    report = await report_for(server.nameserver)
    lookups = report.check("spf-lookups")
    assert lookups.status is CheckStatus.ERROR
    assert "12 of at most 10 lookups" in lookups.detail.en
    authorises = report.check("spf-authorises")
    assert authorises.status is CheckStatus.ERROR and "permerror" in authorises.detail.en
    resolver = DnsResolver(server.nameserver, timeout=0.5)
    result = await check_host(SERVER_IP4, DOMAIN, f"postmaster@{DOMAIN}", SERVER, resolver=resolver)
    assert result.result is SpfOutcome.PERMERROR and result.dns_lookups == 11


async def test_name_that_times_out_gives_temperror_without_hanging(dns_server_factory: DnsServerFactory) -> None:
    zone = base_zone("v=spf1 include:slow.spf.example -all")
    server = dns_server_factory(zone, timeouts={"slow.spf.example"})
    report = await asyncio.wait_for(report_for(server.nameserver), timeout=10)
    authorises = report.check("spf-authorises")
    assert authorises.status is CheckStatus.WARNING
    assert "temperror" in authorises.detail.en
    assert authorises.next_step is not None and "later" in authorises.next_step.en


async def test_whole_domain_timing_out_is_reported_not_raised(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory({}, timeouts={DOMAIN, f"_dmarc.{DOMAIN}"})
    report = await asyncio.wait_for(report_for(server.nameserver, server_host=None, sending_ips=[SERVER_IP4]), 10)
    assert report.check("spf-record").status is CheckStatus.WARNING
    assert report.check("dmarc-record").status is CheckStatus.WARNING


async def test_microsoft_365_domain_is_detected(dns_server_factory: DnsServerFactory) -> None:
    zone = {
        DOMAIN: {
            "TXT": ["v=spf1 include:spf.protection.outlook.com -all"],
            "MX": [(0, "golfclub-example-de.mail.protection.outlook.com")],
        },
        "spf.protection.outlook.com": {"TXT": ["v=spf1 ip4:40.92.0.0/15 ip4:52.100.0.0/14 -all"]},
        f"selector1._domainkey.{DOMAIN}": {
            "CNAME": ["selector1-golfclub-example-de._domainkey.golfclubexample.onmicrosoft.com"]
        },
        "smtp.office365.com": {"A": ["52.100.1.1"]},
    }
    server = dns_server_factory(zone)
    report = await report_for(server.nameserver, server_host="smtp.office365.com")
    assert report.is_microsoft365
    (provider,) = report.providers
    assert provider.key == "microsoft365"
    assert {e.split(" ")[0] for e in provider.evidence} == {"MX", "SPF", "DKIM"}
    assert report.check("provider").status is CheckStatus.WARNING
    assert "30" in report.check("provider").detail.de
    assert report.check("spf-authorises").status is CheckStatus.OK


async def test_spf_passes_but_dkim_key_is_missing(dns_server_factory: DnsServerFactory) -> None:
    zone = base_zone()
    del zone[f"caddie._domainkey.{DOMAIN}"]
    server = dns_server_factory(zone)
    report = await report_for(
        server.nameserver, dkim_selectors=("caddie",), dkim_signing=True, expected_dkim_key=SIGNING_KEY
    )
    assert report.check("spf-authorises").status is CheckStatus.OK
    dkim = report.check("dkim")
    assert dkim.status is CheckStatus.ERROR
    assert dkim.dns_record is not None
    assert dkim.dns_record.name == f"caddie._domainkey.{DOMAIN}"
    assert dkim.dns_record.value == f"v=DKIM1; k=rsa; p={SIGNING_KEY}"
    assert report.check("dmarc-alignment").status is CheckStatus.WARNING  # SPF only


async def test_published_key_that_does_not_match_the_signing_key(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(base_zone())
    report = await report_for(
        server.nameserver, dkim_selectors=("caddie",), dkim_signing=True, expected_dkim_key=_rsa_public_key()
    )
    assert report.check("dkim").status is CheckStatus.ERROR
    assert "does not match" in report.check("dkim").detail.en


async def test_unauthorised_server_gets_a_merged_record_that_passes(dns_server_factory: DnsServerFactory) -> None:
    existing = "v=spf1 mx include:_spf.hoster.example ~all"
    zone = base_zone(existing)
    zone["_spf.hoster.example"] = {"TXT": ["v=spf1 ip4:198.51.100.0/24 -all"]}
    server = dns_server_factory(zone)
    report = await report_for(server.nameserver)
    line = report.check("spf-authorises")
    assert line.status is CheckStatus.ERROR
    assert line.dns_record is not None
    proposal = line.dns_record.value
    assert proposal == f"v=spf1 mx include:_spf.hoster.example ip4:{SERVER_IP4} ip6:{SERVER_IP6} ~all"
    assert line.next_step is not None and proposal in line.next_step.de and proposal in line.next_step.en
    server.set_records(DOMAIN, {"TXT": [proposal], "MX": [(10, "mx.golfclub-example.de")]})
    for ip in (SERVER_IP4, SERVER_IP6):
        resolver = DnsResolver(server.nameserver, timeout=0.5)
        result = await check_host(ip, DOMAIN, f"postmaster@{DOMAIN}", SERVER, resolver=resolver)
        assert result.result is SpfOutcome.PASS, result
    fixed = await report_for(server.nameserver)
    assert fixed.check("spf-authorises").status is CheckStatus.OK


async def test_missing_spf_record_gets_a_new_record(dns_server_factory: DnsServerFactory) -> None:
    zone = base_zone()
    zone[DOMAIN] = {"MX": [(10, "mx.golfclub-example.de")]}
    server = dns_server_factory(zone)
    report = await report_for(server.nameserver, server_host=None, sending_ips=["::ffff:203.0.113.9"])
    assert report.check("spf-record").status is CheckStatus.ERROR
    record = report.check("spf-authorises").dns_record
    assert record is not None and record.value == "v=spf1 ip4:203.0.113.9 ~all"


async def test_smarthost_addresses_replace_the_server_lookup(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(base_zone("v=spf1 mx -all"))
    report = await report_for(server.nameserver, sending_ips=["198.51.100.77"])
    assert report.sending_ips == ("198.51.100.77",)
    assert server.received(SERVER, "A") == 0
    assert report.check("spf-authorises").status is CheckStatus.ERROR


async def test_dmarc_missing_gets_a_proposal(dns_server_factory: DnsServerFactory) -> None:
    zone = base_zone()
    del zone[f"_dmarc.{DOMAIN}"]
    server = dns_server_factory(zone)
    report = await report_for(server.nameserver)
    line = report.check("dmarc-record")
    assert line.status is CheckStatus.WARNING
    assert line.dns_record is not None and line.dns_record.name == f"_dmarc.{DOMAIN}"
    assert line.dns_record.value.startswith("v=DMARC1; p=none")


async def test_dmarc_alignment_relaxed_and_strict(dns_server_factory: DnsServerFactory) -> None:
    zone = base_zone()
    bounce = f"bounce.{DOMAIN}"
    zone[bounce] = {"TXT": [f"v=spf1 a:{SERVER} -all"]}
    server = dns_server_factory(zone)
    relaxed = await report_for(server.nameserver, envelope_domain=bounce)
    assert relaxed.check("dmarc-alignment").status is CheckStatus.WARNING  # SPF aligned, no DKIM
    assert "aligned (relaxed)" in relaxed.check("dmarc-alignment").detail.en
    zone[f"_dmarc.{DOMAIN}"] = {"TXT": [f"v=DMARC1; p=reject; aspf=s; rua=mailto:dmarc@{DOMAIN}"]}
    server.set_zone(zone)
    strict = await report_for(server.nameserver, envelope_domain=bounce)
    line = strict.check("dmarc-alignment")
    assert line.status is CheckStatus.ERROR and "not aligned (strict)" in line.detail.en


async def test_dkim_with_foreign_d_does_not_align(dns_server_factory: DnsServerFactory) -> None:
    zone = base_zone("v=spf1 -all")
    zone[f"caddie._domainkey.mailer.example"] = {"TXT": [f"v=DKIM1; k=rsa; p={SIGNING_KEY}"]}
    server = dns_server_factory(zone)
    report = await report_for(
        server.nameserver, dkim_selectors=("caddie",), dkim_signing=True, dkim_domain="mailer.example"
    )
    line = report.check("dmarc-alignment")
    assert line.status is CheckStatus.ERROR
    assert "d=mailer.example, key fine, not aligned" in line.detail.en


async def test_text_and_json_rendering(dns_server_factory: DnsServerFactory) -> None:
    server = dns_server_factory(base_zone("v=spf1 mx -all"))
    report = await report_for(server.nameserver)
    german, english = render_text(report, "de"), render_text(report, "en")
    assert german.startswith(f"Prüfung der Absenderdomain: {DOMAIN}") and "Nächster Schritt:" in german
    assert english.startswith(f"Sender domain check: {DOMAIN}") and "Next step:" in english
    assert f'{DOMAIN}. IN TXT "v=spf1 mx ip4:{SERVER_IP4} ip6:{SERVER_IP6} -all"' in german
    data = report_to_json(report)
    assert json.loads(json.dumps(data)) == data
    assert data["status"] == "error" and data["is_microsoft365"] is False
    line = next(check for check in data["checks"] if check["id"] == "spf-authorises")
    assert set(line["title"]) == {"de", "en"}
    assert line["dns_record"] == {"name": DOMAIN, "type": "TXT", "value": f"v=spf1 mx ip4:{SERVER_IP4} ip6:{SERVER_IP6} -all"}
    for check in report.checks:
        assert check.title.de != check.title.en or check.title.de == "SPF-Syntax"


async def test_idn_domain_is_checked_in_punycode(dns_server_factory: DnsServerFactory) -> None:
    zone = base_zone()
    zone["xn--golfclub-mnchen-8vb.de"] = zone.pop(DOMAIN)
    server = dns_server_factory(zone)
    report = await build_domain_report(
        "Golfclub-München.de", server_host=SERVER, nameserver=server.nameserver, timeout=0.5
    )
    assert report.domain == "xn--golfclub-mnchen-8vb.de"
    assert report.check("spf-record").status is CheckStatus.OK


def test_long_txt_values_are_split_for_zone_files() -> None:
    from caddie_mail_plugin.dnsauth.report_render import zone_file_value

    assert zone_file_value("v=spf1 -all") == '"v=spf1 -all"'
    assert zone_file_value("x" * 300) == '"' + "x" * 255 + '" "' + "x" * 45 + '"'
