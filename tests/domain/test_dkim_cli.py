"""``caddie-mail dkim``: generate, record, list, activate, remove."""

from __future__ import annotations

import os
import stat
from email.message import EmailMessage
from email import policy
from pathlib import Path
from typing import Any

import pytest

from caddie_mail_plugin.cli.dkim import dkim
from caddie_mail_plugin.dkim import DkimKeyExistsError, DkimKeyNotFoundError, DkimKeyStore, sign_message, verify_message

DOMAIN = "golfclub-example.de"


def printed_value(output: str) -> str:
    return next(line.split("value: ", 1)[1] for line in output.splitlines() if line.strip().startswith("value: "))


def signed_mail(data_dir: Path) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"sekretariat@{DOMAIN}"
    msg["To"] = "mitglied@example.org"
    msg["Subject"] = "Startzeiten"
    msg.set_content("Samstag 9:30\n")
    key = DkimKeyStore(data_dir).get_active(DOMAIN)
    assert key is not None
    return sign_message(msg.as_bytes(policy=policy.SMTP), key)


@pytest.mark.parametrize("key_type", ["rsa", "ed25519"])
def test_generate_prints_the_record_that_verifies_the_signatures(
    run_cli: Any, data_dir: Path, key_type: str
) -> None:
    result = run_cli(dkim, "generate", DOMAIN, "--type", key_type)
    assert result.exit_code == 0, result.output
    assert f"name:  caddie._domainkey.{DOMAIN}" in result.output
    assert "signed with it from now on" in result.output
    value = printed_value(result.output)
    assert value.startswith(f"v=DKIM1; k={key_type}; p=")
    assert f"caddie._domainkey.{DOMAIN}. IN TXT (" in result.output
    served = {f"caddie._domainkey.{DOMAIN}": value.encode()}
    assert verify_message(signed_mail(data_dir), lambda name: served.get(name.decode()))
    assert not verify_message(signed_mail(data_dir).replace(b"9:30", b"9:40"), lambda name: served.get(name.decode()))


def test_private_key_is_stored_0600_and_never_printed(run_cli: Any, data_dir: Path) -> None:
    result = run_cli(dkim, "generate", DOMAIN, "--selector", "mai2026")
    path = DkimKeyStore(data_dir).key_path(DOMAIN, "mai2026")
    pem = path.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    body = [line for line in pem.decode().splitlines() if "-----" not in line]
    everything = result.output + run_cli(dkim, "list").output + run_cli(dkim, "record", DOMAIN).output
    assert "PRIVATE KEY" not in everything
    assert not any(line[:20] in everything for line in body)


def test_second_key_waits_until_activated(run_cli: Any, data_dir: Path) -> None:
    run_cli(dkim, "generate", DOMAIN, "--selector", "mai")
    second = run_cli(dkim, "generate", DOMAIN, "--selector", "juni", "--type", "ed25519")
    assert f"'caddie-mail dkim activate {DOMAIN} juni'" in second.output
    listing = run_cli(dkim, "list").output.splitlines()
    assert [line[:2] + " ".join(line.split()[-4:-2]) for line in listing] == ["  juni ed25519", "* mai rsa"]
    assert run_cli(dkim, "activate", DOMAIN, "juni").exit_code == 0
    assert [line[0] for line in run_cli(dkim, "list").output.splitlines()] == ["*", " "]
    key = DkimKeyStore(data_dir).get_active(DOMAIN)
    assert key is not None and key.selector == "juni"
    shown = run_cli(dkim, "record", DOMAIN)
    assert printed_value(shown.output) == key.txt_record


def test_existing_selector_is_not_overwritten_without_replace(run_cli: Any, data_dir: Path) -> None:
    first = printed_value(run_cli(dkim, "generate", DOMAIN).output)
    again = run_cli(dkim, "generate", DOMAIN)
    assert isinstance(again.exception, DkimKeyExistsError)
    replaced = printed_value(run_cli(dkim, "generate", DOMAIN, "--replace").output)
    assert replaced != first


def test_remove_and_unknown_keys(run_cli: Any, data_dir: Path) -> None:
    assert "No DKIM keys" in run_cli(dkim, "list").output
    run_cli(dkim, "generate", DOMAIN)
    removed = run_cli(dkim, "remove", DOMAIN, "caddie")
    assert removed.exit_code == 0 and "not signed with it" in removed.output
    assert DkimKeyStore(data_dir).get_active(DOMAIN) is None
    assert isinstance(run_cli(dkim, "remove", DOMAIN, "caddie").exception, DkimKeyNotFoundError)
    missing = run_cli(dkim, "record", DOMAIN)
    assert isinstance(missing.exception, DkimKeyNotFoundError)
    assert f"caddie-mail dkim generate {DOMAIN}" in str(missing.exception)


def test_bad_names_are_refused_with_a_hint(run_cli: Any) -> None:
    result = run_cli(dkim, "generate", "golfclub", "--selector", "caddie")
    assert "top-level domain" in str(result.exception)
    result = run_cli(dkim, "generate", DOMAIN, "--selector", "a.b")
    assert "no dots" in str(result.exception)
