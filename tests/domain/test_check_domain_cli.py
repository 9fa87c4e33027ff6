"""``caddie-mail check-domain`` end to end against the loopback DNS server."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from dnsserver import DnsServerFactory, DnsTestServer

from caddie_mail_plugin.cli.domain import check_domain, dns_settings
from caddie_mail_plugin.dkim import DkimKey, DkimKeyStore
from caddie_mail_plugin.dnsauth import InvalidNameserverError
from caddie_mail_plugin.models import ServerConfig
from caddie_mail_plugin.storage.config_store import ConfigStore

DOMAIN = "golfclub-example.de"
HOST = "smtp.golfclub-example.de"
HOST_IP = "203.0.113.7"


def zone(spf: str = f"v=spf1 a:{HOST} -all", key: DkimKey | None = None) -> dict[str, Any]:
    records: dict[str, Any] = {
        DOMAIN: {"TXT": [spf], "MX": [(10, f"mx.{DOMAIN}")]},
        f"mx.{DOMAIN}": {"A": ["192.0.2.25"]},
        HOST: {"A": [HOST_IP]},
        f"_dmarc.{DOMAIN}": {"TXT": [f"v=DMARC1; p=quarantine; rua=mailto:dmarc@{DOMAIN}"]},
    }
    if key is not None:
        records[key.dns_name] = {"TXT": [list(key.txt_strings)]}
    return records


@pytest.fixture
def club(data_dir: Path) -> ConfigStore:
    config = ConfigStore(data_dir)
    config.add_server(ServerConfig("club", HOST, 587, sender_filter=DOMAIN, is_default=True))
    return config


@pytest.fixture
def key(data_dir: Path) -> DkimKey:
    return DkimKeyStore(data_dir).generate(DOMAIN, "caddie", "rsa")


def test_good_domain_in_german(club: ConfigStore, key: DkimKey, dns_server_factory: DnsServerFactory, run_cli: Any) -> None:
    server = dns_server_factory(zone(key=key))
    result = run_cli(check_domain, DOMAIN, "--nameserver", server.nameserver)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [f"Versandserver: club ({HOST})", f"Namensserver: {server.nameserver}"]
    assert f"Prüfung der Absenderdomain: {DOMAIN}" in lines
    assert "DKIM-Schlüssel caddie: 2048 bit rsa ist veröffentlicht und passt." in result.output
    assert f"SPF von {DOMAIN} erlaubt den Versand ({HOST_IP}: pass)." in result.output
    assert lines[-1] == "Gesamtergebnis: OK"
    assert "FEHLER" not in result.output and "WARNUNG" not in result.output
    assert server.received(key.dns_name, "TXT") == 1


def test_english_and_json(club: ConfigStore, key: DkimKey, dns_server_factory: DnsServerFactory, run_cli: Any) -> None:
    server = dns_server_factory(zone(key=key))
    english = run_cli(check_domain, DOMAIN, "--nameserver", server.nameserver, "--lang", "en")
    assert "Sender domain check: golfclub-example.de" in english.output
    assert "Sending server: club" in english.output and "Next step" not in english.output.split("[OK]")[0]
    result = run_cli(check_domain, DOMAIN, "--nameserver", server.nameserver, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["domain"], data["server"], data["dkim_selector"]) == (DOMAIN, "club", "caddie")
    assert data["nameserver"] == server.nameserver and data["sending_ips"] == [HOST_IP]
    checks = {c["id"]: c for c in data["checks"]}
    assert checks["spf-authorises"]["status"] == "ok" and checks["dkim"]["status"] == "ok"
    assert set(checks["dkim"]["title"]) == {"de", "en"}


def test_spf_passes_but_dkim_key_is_not_published(
    club: ConfigStore, key: DkimKey, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory(zone())
    result = run_cli(check_domain, DOMAIN, "--nameserver", server.nameserver, "--lang", "en")
    assert result.exit_code == 1
    assert f"The SPF policy of {DOMAIN} authorises sending" in result.output
    assert f"No DKIM key is published at {key.dns_name}" in result.output
    assert f'DNS record: {key.dns_name}. IN TXT "{key.txt_strings[0]}" "{key.txt_strings[1]}"' in result.output


def test_unauthorised_server_gets_the_record_to_publish(
    club: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory(zone("v=spf1 mx -all"))
    result = run_cli(check_domain, DOMAIN, "--nameserver", server.nameserver, "--json")
    assert result.exit_code == 1
    line = next(c for c in json.loads(result.output)["checks"] if c["id"] == "spf-authorises")
    assert line["status"] == "error"
    assert line["dns_record"] == {"name": DOMAIN, "type": "TXT", "value": f"v=spf1 mx ip4:{HOST_IP} -all"}


def test_eleven_lookups_are_a_permerror(club: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any) -> None:
    records = zone(" ".join(["v=spf1"] + [f"a:h{i}.{DOMAIN}" for i in range(10)] + [f"a:{HOST}", "-all"]))
    records.update({f"h{i}.{DOMAIN}": {"A": [f"198.51.100.{i + 1}"]} for i in range(10)})
    server = dns_server_factory(records)
    result = run_cli(check_domain, DOMAIN, "--nameserver", server.nameserver, "--lang", "en")
    assert result.exit_code == 1
    assert "11 of at most 10 lookups" in result.output and "permerror" in result.output


def test_dns_timeouts_end_in_temperror_without_hanging(
    club: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory(zone("v=spf1 include:slow.spf.example -all"), timeouts={"slow.spf.example"})
    started = time.monotonic()
    result = run_cli(check_domain, DOMAIN, "--nameserver", server.nameserver, "--timeout", "0.3", "--lang", "en")
    assert time.monotonic() - started < 10
    assert result.exit_code == 0, result.output  # temporary trouble is a warning, not an error
    assert "temperror" in result.output and "check again later" in result.output.lower()
    assert "[ERROR]" not in result.output


def test_nameserver_timeout_and_smarthost_addresses_from_settings(
    club: ConfigStore, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    server = dns_server_factory(zone("v=spf1 ip4:198.51.100.77 -all"))
    changed = run_cli(dns_settings, "--nameserver", server.nameserver, "--timeout", "0.5",
                      "--sending-ip", "club=198.51.100.77")
    assert changed.exit_code == 0, changed.output
    result = run_cli(check_domain, DOMAIN, "--json")
    data = json.loads(result.output)
    assert data["nameserver"] == server.nameserver and data["sending_ips"] == ["198.51.100.77"]
    assert next(c for c in data["checks"] if c["id"] == "spf-authorises")["status"] == "ok"
    assert server.received(HOST, "A") == 0


def test_sending_ip_option_and_named_server(data_dir: Path, dns_server_factory: DnsServerFactory, run_cli: Any) -> None:
    config = ConfigStore(data_dir)
    config.add_server(ServerConfig("relay", "relay.example.net", 587, is_default=True))
    server = dns_server_factory(zone(f"v=spf1 ip4:{HOST_IP} -all"))
    result = run_cli(check_domain, DOMAIN, "--server", "relay", "--sending-ip", HOST_IP,
                     "--nameserver", server.nameserver, "--json")
    data = json.loads(result.output)
    assert data["server"] == "relay" and data["sending_ips"] == [HOST_IP]
    unknown = run_cli(check_domain, DOMAIN, "--server", "nope", "--nameserver", server.nameserver)
    assert unknown.exit_code != 0 and "no server named 'nope'" in str(unknown.exception)


def test_selector_of_a_key_not_yet_active(
    club: ConfigStore, key: DkimKey, data_dir: Path, dns_server_factory: DnsServerFactory, run_cli: Any
) -> None:
    new = DkimKeyStore(data_dir).generate(DOMAIN, "juni", "ed25519")
    server = dns_server_factory(zone(key=key))
    result = run_cli(check_domain, DOMAIN, "--selector", "juni", "--nameserver", server.nameserver, "--json")
    data = json.loads(result.output)
    dkim_line = next(c for c in data["checks"] if c["id"] == "dkim")
    assert data["dkim_selector"] == "juni" and dkim_line["status"] == "error"
    assert dkim_line["dns_record"]["value"] == new.txt_record
    server.set_records(new.dns_name, {"TXT": [new.txt_record]})
    again = json.loads(run_cli(check_domain, DOMAIN, "--selector", "juni", "--nameserver", server.nameserver, "--json").output)
    assert next(c for c in again["checks"] if c["id"] == "dkim")["status"] == "ok"


def test_without_server_or_key_the_report_still_runs(data_dir: Path, dns_server: DnsTestServer, run_cli: Any) -> None:
    dns_server.set_zone(zone())
    result = run_cli(check_domain, DOMAIN, "--nameserver", dns_server.nameserver, "--lang", "en")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Sending server: none configured" in result.output
    assert "No sending server was given" in result.output


def test_invalid_nameserver_is_refused_with_an_example(data_dir: Path, run_cli: Any) -> None:
    result = run_cli(check_domain, DOMAIN, "--nameserver", "dns.example.org")
    assert isinstance(result.exception, InvalidNameserverError)
    assert "192.0.2.53:5353" in str(result.exception)


def test_microsoft365_domain_and_server(data_dir: Path, dns_server_factory: DnsServerFactory, run_cli: Any) -> None:
    ConfigStore(data_dir).add_server(ServerConfig("o365", "smtp.office365.com", 587, sender_filter=DOMAIN))
    server = dns_server_factory({
        DOMAIN: {"TXT": ["v=spf1 include:spf.protection.outlook.com -all"],
                 "MX": [(0, "golfclub-example-de.mail.protection.outlook.com")]},
        "spf.protection.outlook.com": {"TXT": ["v=spf1 ip4:52.96.0.0/14 -all"]},
        "smtp.office365.com": {"A": ["52.96.1.1"]},
    })
    data = json.loads(run_cli(check_domain, DOMAIN, "--nameserver", server.nameserver, "--json").output)
    assert data["is_microsoft365"] is True and data["server"] == "o365"
    assert [p["key"] for p in data["providers"]] == ["microsoft365"]
    provider = next(c for c in data["checks"] if c["id"] == "provider")
    assert provider["status"] == "warning" and "10.000" in provider["detail"]["de"]
