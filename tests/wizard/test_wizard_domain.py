"""The wizard's domain report, through a real DNS server on loopback."""

from __future__ import annotations

from pathlib import Path

from dnsserver import DnsServerFactory
from wizard_helpers import RecordingClient, text

from caddie_mail_plugin.dkim import DkimKeyStore
from caddie_mail_plugin.domain_auth import save_domain_auth
from caddie_mail_plugin.models import ServerConfig
from caddie_mail_plugin.storage.config_store import ConfigStore

DOMAIN = "golfclub-example.de"
HOST = "smtp.golfclub-example.de"


def _club(data_dir: Path, dns: DnsServerFactory, spf: str, with_key: bool) -> None:
    config = ConfigStore(data_dir)
    config.add_server(ServerConfig("club", HOST, 587, sender_filter=DOMAIN, is_default=True))
    records = {
        DOMAIN: {"TXT": [spf]},
        HOST: {"A": ["203.0.113.7"]},
        f"_dmarc.{DOMAIN}": {"TXT": ["v=DMARC1; p=none"]},
    }
    if with_key:
        key = DkimKeyStore(data_dir).generate(DOMAIN, "caddie", "ed25519")
        records[key.dns_name] = {"TXT": [list(key.txt_strings)]}
    server = dns({name: dict(value) for name, value in records.items()})
    save_domain_auth(config, nameserver=server.nameserver, timeout=2.0)


def test_report_in_german_with_the_record_to_add(client: RecordingClient, data_dir: Path,
                                                dns_server_factory: DnsServerFactory) -> None:
    _club(data_dir, dns_server_factory, "v=spf1 ip4:192.0.2.1 -all", with_key=True)
    page = text(client.get(f"/domain/?domain={DOMAIN}"))
    assert f"Geprüft für den Server club ({HOST})" in page
    assert "Fehler" in page and "203.0.113.7" in page  # SPF does not authorise the server
    assert "v=spf1 ip4:192.0.2.1 ip4:203.0.113.7 -all" in page  # the merged record to publish
    assert "DKIM" in page


def test_report_in_english(english: RecordingClient, data_dir: Path, dns_server_factory: DnsServerFactory) -> None:
    _club(data_dir, dns_server_factory, "v=spf1 a:smtp.golfclub-example.de -all", with_key=True)
    page = text(english.get(f"/domain/?domain=info@{DOMAIN}"))
    assert f"Checked for the server club ({HOST})" in page
    assert "SPF" in page and "Error" not in page


def test_invalid_domain_is_explained(client: RecordingClient) -> None:
    page = text(client.get("/domain/?domain=kein domain"))
    assert "Geben Sie die Absenderdomain ein" in page
