"""``caddie-mail bounce FILE...``, ``bounce-policy`` and ``bounce-address`` from the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.blacklist.soft_counts import SoftBounceCounts
from caddie_mail_plugin.cli.blacklist import blacklist
from caddie_mail_plugin.cli.bounce import bounce, bounce_address, bounce_policy

from bounce_mail import dsn, out_of_office, soft_dsn


def fingerprint(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.rglob("*")) if p.is_file()}


def write_files(tmp_path: Path) -> list[str]:
    hard = tmp_path / "hard.eml"
    hard.write_bytes(dsn("max@gmial.com", message_id="<r1@golfclub-example.de>"))
    box = tmp_path / "soft.mbox"
    box.write_bytes(
        b"From MAILER-DAEMON Sat Mar  1 09:00:00 2025\n" + soft_dsn("erika@example.org")
        + b"\nFrom someone@example.org Sat Mar  1 10:00:00 2025\n" + out_of_office("anna@example.org")
    )
    return [str(hard), str(box)]


def test_dry_run_prints_every_recipient_and_changes_nothing(run_cli: Any, data_dir: Path, tmp_path: Path) -> None:
    Mailer(data_dir).blacklist.add("otto@example.org", reason="vorher")
    before = fingerprint(data_dir)
    code, out = run_cli(bounce, "--dry-run", *write_files(tmp_path))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "hard.eml: failure (rfc3464)"
    assert lines[1].split("\t") == [
        "  max@gmial.com", "5.1.1", "550", "hard",
        "blacklisted: hard bounce: blacklisted at once (did you mean max@gmail.com?)"]
    assert lines[2] == "soft.mbox#1: failure (rfc3464)"
    assert lines[3].split("\t")[1:4] == ["4.2.2", "552", "soft"] and "counted: soft bounce 1 of 3" in lines[3]
    assert lines[4].startswith("soft.mbox#2: auto reply")
    assert "no bounce\tnot-counted: auto-reply or out-of-office" in lines[5]
    assert lines[-1] == "3 message(s): 1 blacklisted, 1 counted, 1 not-counted (dry run: nothing changed)"
    assert fingerprint(data_dir) == before


def test_without_dry_run_the_blacklist_changes(run_cli: Any, data_dir: Path, tmp_path: Path) -> None:
    code, out = run_cli(bounce, *write_files(tmp_path))
    assert code == 0 and "dry run" not in out, out
    entry = Mailer(data_dir).blacklist.get("max@gmial.com")
    assert entry is not None and entry.suggested_fix == "max@gmail.com"
    history = SoftBounceCounts(data_dir).get("erika@example.org")
    assert history is not None and history.count == 1
    assert Mailer(data_dir).blacklist.get("anna@example.org") is None
    code, out = run_cli(bounce, str(tmp_path / "hard.eml"))
    assert "already-blacklisted" in out


def test_accept_fix(run_cli: Any, data_dir: Path, tmp_path: Path) -> None:
    run_cli(bounce, write_files(tmp_path)[0])
    code, out = run_cli(blacklist, "check", "max@gmial.com")
    assert code == 4 and "did you mean max@gmail.com?" in out
    code, out = run_cli(blacklist, "accept-fix", "max@gmial.com")
    assert code == 0 and "the corrected address is max@gmail.com" in out
    assert Mailer(data_dir).blacklist.get("max@gmial.com") is None
    last = Mailer(data_dir).blacklist.history("max@gmial.com")[-1]
    assert last.action.value == "remove" and "max@gmail.com" in last.why
    code, out = run_cli(blacklist, "accept-fix", "max@gmial.com")
    assert code == 1 and "no suggested correction" in out


def test_policy_and_counts_commands(run_cli: Any, data_dir: Path, tmp_path: Path) -> None:
    assert "after 3 within 30 days" in run_cli(bounce_policy, "show")[1]
    code, out = run_cli(bounce_policy, "set", "--soft-limit", "5", "--window-days", "60")
    assert code == 0 and "after 5 within 60 days" in out and "future bounces" in out
    assert run_cli(bounce_policy, "set", "--soft-limit", "0")[0] == 1
    assert run_cli(bounce_policy, "set")[0] == 2
    run_cli(bounce, write_files(tmp_path)[1])
    code, out = run_cli(bounce_policy, "counts")
    assert out.startswith("erika@example.org\t1 of 5")
    assert run_cli(bounce_policy, "reset", "erika@example.org", "--reason", "Postfach geleert")[0] == 0
    assert run_cli(bounce_policy, "counts")[1].strip() == "No soft bounces counted."


def test_bounce_address_commands(run_cli: Any, data_dir: Path) -> None:
    assert "off" in run_cli(bounce_address, "show")[1]
    code, out = run_cli(bounce_address, "on", "--domain", "Golfclub-Example.DE")
    assert code == 0 and "bounces+TOKEN@golfclub-example.de" in out
    assert run_cli(bounce_address, "on", "--domain", "gc.de", "--local-part", "a+b")[0] == 1
    assert "off" in run_cli(bounce_address, "off")[1]
    config_text = (data_dir / "config.json").read_text()
    assert '"secret"' in config_text  # kept, so bounces of earlier mails still verify
