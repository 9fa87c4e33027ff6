"""Storage shared by processes: locked, atomic, never half a file."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import sys
from pathlib import Path

import pytest

from caddie_mail_plugin import Mailer, ServerConfig
from caddie_mail_plugin.exceptions import StorageError
from caddie_mail_plugin.storage.config_store import ConfigStore
from caddie_mail_plugin.storage.blacklist_store import BlacklistStore
from caddie_mail_plugin.storage.config_store import ConfigStore
from caddie_mail_plugin.storage.delivery_log import DeliveryLog
from caddie_mail_plugin.storage.json_db import JsonDatabase


def _add_entries(data_dir: str, prefix: str, count: int) -> None:
    store = BlacklistStore(Path(data_dir))
    for i in range(count):
        store.add(f"{prefix}{i}@example.org", reason=f"{prefix} {i}")


def _watch(path: str, stop: multiprocessing.synchronize.Event, bad: multiprocessing.sharedctypes.Synchronized) -> None:  # type: ignore[name-defined]
    while not stop.is_set():
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            continue
        try:
            json.loads(raw)
        except ValueError:
            bad.value += 1


def test_two_processes_add_500_entries_each(data_dir: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    stop, bad = ctx.Event(), ctx.Value("i", 0)
    watcher = ctx.Process(target=_watch, args=(str(data_dir / "blacklist.json"), stop, bad))
    watcher.start()
    writers = [ctx.Process(target=_add_entries, args=(str(data_dir), p, 500)) for p in ("a", "b")]
    for proc in writers:
        proc.start()
    for proc in writers:
        proc.join(timeout=300)
        assert proc.exitcode == 0
    stop.set()
    watcher.join(timeout=30)
    assert bad.value == 0, "a reader saw a half-written file"
    entries = BlacklistStore(data_dir).entries()
    assert len(entries) == 1000
    assert {e.key for e in entries} == {f"{p}{i}@example.org" for p in "ab" for i in range(500)}
    history = json.loads((data_dir / "blacklist.json").read_text())["history"]
    assert len(history) == 1000


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_password_file_is_private(data_dir: Path) -> None:
    ConfigStore(data_dir).add_server(ServerConfig("s", "mail.example.org", 587, username="u", password="pw"))
    mode = stat.S_IMODE(os.stat(data_dir / "config.json").st_mode)
    assert mode == 0o600


def test_failed_transaction_changes_nothing(data_dir: Path) -> None:
    db = JsonDatabase(data_dir / "x.json")
    with db.transaction() as tiny:
        tiny.table("t").insert({"a": 1})
    before = (data_dir / "x.json").read_bytes()
    with pytest.raises(RuntimeError), db.transaction() as tiny:
        tiny.table("t").insert({"a": 2})
        raise RuntimeError("boom")
    assert (data_dir / "x.json").read_bytes() == before


def test_corrupt_file_gives_a_clear_error(data_dir: Path) -> None:
    (data_dir / "config.json").write_text("{not json")
    with pytest.raises(StorageError) as err:
        ConfigStore(data_dir).servers()
    assert "backup" in str(err.value)


def test_config_written_by_another_process_is_seen(data_dir: Path) -> None:
    first, second = ConfigStore(data_dir), ConfigStore(data_dir)
    assert first.servers() == ()
    second.add_server(ServerConfig("s", "mail.example.org", 587, is_default=True))
    assert [s.name for s in first.servers()] == ["s"]


def test_delivery_log_appends_and_prunes(tmp_path: Path) -> None:
    from datetime import date

    log = DeliveryLog(tmp_path / "log", retention_days=90)
    (tmp_path / "log").mkdir()
    old = tmp_path / "log" / "deliveries-2020-01-01.jsonl"
    old.write_text('{"event": "send"}\n')
    recent = tmp_path / "log" / f"deliveries-{date.today().isoformat()}.jsonl"
    log.append([{"event": "send", "n": 1}])
    log.append([{"event": "send", "n": 2}])
    assert [r["n"] for r in log.records() if "n" in r] == [1, 2]
    log.prune(date.today())
    assert not old.exists() and recent.exists()
    with open(recent, "a") as handle:
        handle.write('{"event": "se')  # a crash in the middle of a line
    assert len(list(log.records())) == 2


def test_log_keeps_metadata_not_bodies(mailer: Mailer) -> None:
    from mail_helpers import make_message

    mailer.send(make_message(body="Ihr geheimer Rechnungsinhalt"))
    raw = "".join(p.read_text() for p in (mailer.data_dir / "log").glob("*.jsonl"))
    assert "geheimer" not in raw and "max@example.org" in raw


def test_parsed_section_is_parsed_once_per_version_of_the_file(tmp_path: Path) -> None:
    calls: list[dict[str, object]] = []

    def parse(values: dict[str, object]) -> tuple[object, ...]:
        calls.append(values)
        return tuple(sorted(values.items()))

    store = ConfigStore(tmp_path)
    store.update_section("demo", limit=3)
    assert store.parsed_section("demo", parse) == (("limit", 3),)
    assert store.parsed_section("demo", parse) == (("limit", 3),)
    assert len(calls) == 1
    ConfigStore(tmp_path).update_section("demo", limit=4)  # another writer
    assert store.parsed_section("demo", parse) == (("limit", 4),)
    assert len(calls) == 2


def test_a_section_that_does_not_parse_raises_every_time(tmp_path: Path) -> None:
    def refuse(values: dict[str, object]) -> object:
        raise ValueError("bad section")

    store = ConfigStore(tmp_path)
    for _ in range(2):
        with pytest.raises(ValueError, match="bad section"):
            store.parsed_section("demo", refuse)
