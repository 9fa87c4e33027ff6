"""CSV export and import: German Excel and plain CSV, dry runs, all or nothing, one transaction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from caddie_mail_plugin.blacklist.consent import consent_changed
from caddie_mail_plugin.blacklist.csv_format import CsvFormatError, export_csv, read_csv
from caddie_mail_plugin.blacklist.csv_import import CsvImportRejected, ImportAction, import_csv
from caddie_mail_plugin.blacklist.entry import BlacklistScope, BlacklistSource
from caddie_mail_plugin.storage import json_db
from caddie_mail_plugin.storage.blacklist_store import BlacklistStore


def filled_store(path: Path) -> BlacklistStore:
    store = BlacklistStore(path)
    store.add("Jörg@Müller-Golf.de", reason="Mitglied ausgetreten; Grund: \"Umzug\"")
    store.add("erika@example.org", reason="keine Newsletter", scope=BlacklistScope.NEWSLETTER)
    store.add("hacker@example.org", reason="=HYPERLINK(\"http://evil.example\")")
    consent_changed(store, "anna@example.org", given=False)
    return store


def comparable(store: BlacklistStore) -> list[tuple[str, str, str, str]]:
    return sorted((e.key, e.scope.value, e.source.value, e.reason) for e in store.entries())


@pytest.mark.parametrize("german_excel", [True, False])
def test_round_trip(tmp_path: Path, german_excel: bool) -> None:
    source = filled_store(tmp_path / "a")
    data = export_csv(source.entries(), german_excel=german_excel)
    assert data.startswith(b"\xef\xbb\xbfaddress;scope;") if german_excel else data.startswith(b"address,scope,")
    assert b"'=HYPERLINK" in data  # Excel shows the text instead of running a formula
    target = BlacklistStore(tmp_path / "b")
    plan = import_csv(target, data, dry_run=False)
    assert plan.count(ImportAction.ADD) == 4 and not plan.rejected
    assert comparable(target) == comparable(source)
    consent = target.get("anna@example.org")
    assert consent is not None and consent.source is BlacklistSource.CONSENT  # still liftable by consent
    assert {c.who for e in target.entries() for c in target.history(e.address)} == {"import"}
    again = import_csv(target, data, dry_run=False)
    assert again.count(ImportAction.UNCHANGED) == 4


def test_reads_excel_variants(tmp_path: Path) -> None:
    cp1252 = "E-Mail;Grund;Bereich\r\nmüller@example.org;Widerspruch;Newsletter\r\n".encode("cp1252")
    table = read_csv(cp1252)
    assert table.delimiter == ";" and table.rows[0].values == {
        "address": "müller@example.org", "reason": "Widerspruch", "scope": "Newsletter"}
    headerless = read_csv(b"max@example.org,Bounce\r\n")
    assert headerless.rows[0].values == {"address": "max@example.org", "reason": "Bounce"}
    tabbed = read_csv("address\treason\nmax@example.org\tX\n".encode())
    assert tabbed.delimiter == "\t"
    with pytest.raises(CsvFormatError, match="no 'address' column"):
        read_csv(b"name;reason\nMax;X\n")


BAD_FILE = (
    "\ufeffaddress;reason;scope\r\n"
    "max@example.org;Bounce;all\r\n"
    "not-an-address;Tippfehler;all\r\n"
    "erika@example.org;;all\r\n"
    "anna@example.org;Widerspruch;sometimes\r\n"
    "MAX@example.org;doppelt;all\r\n"
    "otto@example.org;ok;newsletter\r\n"
).encode("utf-8")


def test_a_bad_row_rejects_the_whole_import(tmp_path: Path) -> None:
    store = BlacklistStore(tmp_path)
    store.add("otto@example.org", reason="vorher", scope=BlacklistScope.NEWSLETTER)
    before = (tmp_path / "blacklist.json").read_bytes()
    with pytest.raises(CsvImportRejected) as caught:
        import_csv(store, BAD_FILE, dry_run=False)
    assert (tmp_path / "blacklist.json").read_bytes() == before
    assert [r.line for r in caught.value.plan.rejected] == [3, 4, 5, 6]
    assert "Nothing was imported" in str(caught.value) and "row 3" in str(caught.value)


def test_dry_run_reports_changes_and_every_rejected_row(tmp_path: Path) -> None:
    store = BlacklistStore(tmp_path)
    store.add("otto@example.org", reason="ok", scope=BlacklistScope.NEWSLETTER, source=BlacklistSource.IMPORT)
    before = (tmp_path / "blacklist.json").read_bytes()
    plan = import_csv(store, BAD_FILE, dry_run=True)
    assert [(r.line, r.action) for r in plan.rows] == [(2, ImportAction.ADD), (7, ImportAction.UNCHANGED)]
    reasons = {r.line: r.why for r in plan.rejected}
    assert "not a valid e-mail address" in reasons[3]
    assert "no reason" in reasons[4]
    assert "unknown scope 'sometimes'" in reasons[5]
    assert reasons[6] == "the same address as row 2"
    assert (tmp_path / "blacklist.json").read_bytes() == before
    with_default = import_csv(store, b"address\nerika@example.org\n", dry_run=True, default_reason="Liste 2024")
    assert with_default.rows[0].hold.reason == "Liste 2024"


def test_10000_rows_are_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BlacklistStore(tmp_path)
    store.add("existing@example.org", reason="vorher")
    writes: list[Path] = []
    real_write = json_db.write_atomic

    def counting_write(path: Path, data: bytes, *, private: bool = False) -> None:
        writes.append(path)
        real_write(path, data, private=private)

    monkeypatch.setattr(json_db, "write_atomic", counting_write)
    rows = "".join(f"member{i}@example.org;Verbandsliste\n" for i in range(10_000))
    plan = import_csv(store, f"address;reason\n{rows}".encode(), dry_run=False)
    assert plan.count(ImportAction.ADD) == 10_000
    assert writes == [tmp_path / "blacklist.json"]
    data = json.loads((tmp_path / "blacklist.json").read_text())
    assert len(data["entries"]) == 10_001 and len(data["history"]) == 10_001


def test_cli_import_and_export(run_cli: Any, data_dir: Path, tmp_path: Path) -> None:
    from caddie_mail_plugin.cli.blacklist import blacklist

    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_FILE)
    code, out = run_cli(blacklist, "import", str(bad), "--dry-run")
    assert code == 1 and "row 3\tnot-an-address\trejected" in out and "Dry run, nothing changed" in out
    code, out = run_cli(blacklist, "import", str(bad))
    assert code == 1 and "Nothing was imported" in out
    good = tmp_path / "good.csv"
    good.write_bytes(b"address,reason\nmax@example.org,Bounce\n")
    assert run_cli(blacklist, "import", str(good))[1].strip().endswith("Imported: 1 add, 0 update, 0 unchanged.")
    exported = tmp_path / "out.csv"
    code, out = run_cli(blacklist, "export", str(exported))
    assert code == 0 and exported.read_bytes().startswith(b"\xef\xbb\xbfaddress;")
    assert run_cli(blacklist, "export", str(exported), "--comma")[0] == 0
    assert b"max@example.org,all,import,Bounce" in exported.read_bytes()
