"""The ``domain_auth`` settings section: defaults, validation, the dns-settings command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from caddie_mail_plugin.cli.domain import dns_settings
from caddie_mail_plugin.dnsauth import InvalidNameserverError
from caddie_mail_plugin.domain_auth import SECTION, DomainAuthSettings, load_domain_auth, save_domain_auth
from caddie_mail_plugin.exceptions import ConfigurationError
from caddie_mail_plugin.models import ServerConfig
from caddie_mail_plugin.storage.config_store import ConfigStore


def test_defaults_when_nothing_is_stored(data_dir: Path) -> None:
    settings = load_domain_auth(ConfigStore(data_dir))
    assert settings == DomainAuthSettings()
    assert (settings.nameserver, settings.timeout, settings.microsoft365_dns) == (None, 3.0, False)
    assert settings.ips_for("club") == ()


def test_saved_values_are_normalised_and_kept_in_their_own_section(data_dir: Path) -> None:
    config = ConfigStore(data_dir)
    config.update_section("bounce_policy", threshold=3)
    save_domain_auth(config, nameserver="[2001:db8::53]", timeout="1.5",
                     sending_ips={"relay": ["::ffff:203.0.113.9", "2001:DB8::7"]})
    again = load_domain_auth(ConfigStore(data_dir))
    assert again.nameserver == "[2001:db8::53]:53" and again.timeout == 1.5
    assert again.ips_for("relay") == ("203.0.113.9", "2001:db8::7")
    assert config.section("bounce_policy") == {"threshold": 3}
    assert set(config.section(SECTION)) == {"nameserver", "timeout", "microsoft365_dns", "sending_ips"}


@pytest.mark.parametrize(
    ("changes", "error", "hint"),
    [
        ({"nameserver": "ns.example.org"}, InvalidNameserverError, "192.0.2.53:5353"),
        ({"timeout": 0}, ConfigurationError, "e.g. 3"),
        ({"timeout": "soon"}, ConfigurationError, "seconds"),
        ({"timeout": 120}, ConfigurationError, "at most 30"),
        ({"sending_ips": {"relay": ["smtp.example.net"]}}, ConfigurationError, "203.0.113.7"),
    ],
)
def test_unusable_values_are_refused_with_a_hint(
    data_dir: Path, changes: dict[str, Any], error: type[Exception], hint: str
) -> None:
    config = ConfigStore(data_dir)
    with pytest.raises(error, match=hint):
        save_domain_auth(config, **changes)
    assert config.section(SECTION) == {}


def test_dns_settings_command(data_dir: Path, run_cli: Any) -> None:
    ConfigStore(data_dir).add_server(ServerConfig("relay", "relay.example.net", 587))
    shown = run_cli(dns_settings)
    assert shown.output.splitlines() == ["nameserver: system", "timeout: 3 s", "microsoft365-dns: off"]
    changed = run_cli(dns_settings, "--nameserver", "192.0.2.53:5353", "--microsoft365-dns",
                      "--sending-ip", "relay=198.51.100.7", "--sending-ip", "relay=198.51.100.8")
    assert changed.output.splitlines() == [
        "nameserver: 192.0.2.53:5353", "timeout: 3 s", "microsoft365-dns: on",
        "sending-ips relay: 198.51.100.7, 198.51.100.8",
    ]
    cleared = run_cli(dns_settings, "--nameserver", "", "--clear-sending-ips", "relay")
    assert cleared.output.splitlines()[0] == "nameserver: system" and "sending-ips" not in cleared.output
    unknown = run_cli(dns_settings, "--sending-ip", "nope=198.51.100.7")
    assert "no server named 'nope'" in str(unknown.exception)
    malformed = run_cli(dns_settings, "--sending-ip", "198.51.100.7")
    assert "SERVER=IP" in str(malformed.exception)
