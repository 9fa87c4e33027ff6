"""The blacklist pages (search with pages, add, edit, remove with a reason,
history) and the in-memory view they search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from wizard_helpers import TOKEN, RecordingClient, text

from caddie_mail_plugin.storage.blacklist_store import BlacklistEntry, BlacklistScope, BlacklistStore
from caddie_mail_plugin.wizard.blacklist_view import BlacklistView, word_starts

ADDRESSES = ["max.mustermann@example.org", "erika@example.org", "anna-lena@golfclub-example.de",
             "kurt@müller.de", "vorstand@golfclub-example.de"]


@pytest.fixture
def filled(data_dir: Path) -> BlacklistStore:
    store = BlacklistStore(data_dir)
    for address in ADDRESSES:
        store.add(address, reason=f"Wunsch von {address}")
    return store


@pytest.fixture
def small_pages(make_app: Callable[..., Flask], filled: BlacklistStore) -> RecordingClient:
    client = make_app(BLACKLIST_PAGE_SIZE=2).test_client()
    client.get(f"/?token={TOKEN}")
    assert isinstance(client, RecordingClient)
    return client


def test_add_shows_the_entry(client: RecordingClient, data_dir: Path) -> None:
    response = client.post("/blacklist/add", data={"address": "Max@Example.org", "reason": " Abgemeldet ",
                                                   "scope": "newsletter"})
    assert response.headers["Location"] == "/blacklist/?q=max@example.org"
    page = text(client.get(response.headers["Location"]))
    assert "Max@example.org steht jetzt auf der Sperrliste." in page
    assert "1 Eintrag passt zu „max@example.org“." in page and "Newsletter Abgemeldet Admin" in page
    entry = BlacklistStore(data_dir).get("max@example.org")
    assert entry is not None and entry.scope is BlacklistScope.NEWSLETTER and entry.reason == "Abgemeldet"


def test_adding_twice_is_explained(client: RecordingClient, filled: BlacklistStore) -> None:
    response = client.post("/blacklist/add", data={"address": "ERIKA@example.org", "reason": "x", "scope": "all"})
    assert "Diese Adresse steht schon auf der Sperrliste" in text(response)


def test_pages(small_pages: RecordingClient) -> None:
    first = text(small_pages.get("/blacklist/"))
    assert "5 Einträge." in first and "Seite 1 von 3" in first and "Nächste Seite" in first
    assert "Vorige Seite" not in first
    last = small_pages.get("/blacklist/?page=3").get_data(as_text=True)
    assert "Seite 3 von 3" in text(small_pages.get("/blacklist/?page=3"))
    assert last.count("<tr>") == 2  # header and one entry
    assert "Seite 3 von 3" in text(small_pages.get("/blacklist/?page=99"))
    assert "Seite 1 von 3" in text(small_pages.get("/blacklist/?page=-4"))


@pytest.mark.parametrize(("query", "found"), [
    ("muster", ["max.mustermann@example.org"]),
    ("example.org", ["erika@example.org", "max.mustermann@example.org"]),
    ("GOLFCLUB", ["anna-lena@golfclub-example.de", "vorstand@golfclub-example.de"]),
    ("lena", ["anna-lena@golfclub-example.de"]),
    ("müller.de", ["kurt@müller.de"]),
    ("xn--mller", ["kurt@müller.de"]),
    ("rika", []),
])
def test_search(client: RecordingClient, filled: BlacklistStore, query: str, found: list[str]) -> None:
    page = client.get("/blacklist/", query_string={"q": query}).get_data(as_text=True)
    shown = [a for a in ADDRESSES if f"<td>{a}</td>" in page]
    assert sorted(shown) == sorted(found)
    assert f"{len(found)} Eintr" in text(client.get("/blacklist/", query_string={"q": query}))


def test_edit_remove_and_history(client: RecordingClient, filled: BlacklistStore) -> None:
    page = text(client.get("/blacklist/edit?address=erika@example.org"))
    assert "Bisheriger Grund: Wunsch von erika@example.org" in page
    client.post("/blacklist/edit?address=erika@example.org", data={"scope": "newsletter", "reason": "Nur Newsletter"})
    entry = filled.get("erika@example.org")
    assert entry is not None and entry.scope is BlacklistScope.NEWSLETTER and entry.reason == "Nur Newsletter"
    confirm = text(client.get("/blacklist/remove?address=erika@example.org"))
    assert "erika@example.org von der Sperrliste entfernen?" in confirm
    response = client.post("/blacklist/remove?address=erika@example.org", data={"reason": "Wieder Mitglied"})
    assert response.status_code == 302 and filled.get("erika@example.org") is None
    assert "erika@example.org steht nicht mehr auf der Sperrliste." in text(client.get("/blacklist/"))
    history = text(client.get("/blacklist/history?address=erika@example.org"))
    assert "Steht jetzt nicht auf der Sperrliste." in history
    for row in ("hinzugefügt admin Wunsch von erika@example.org", "geändert wizard Nur Newsletter",
                "entfernt wizard Wieder Mitglied"):
        assert row in history, row


def test_unknown_entries_are_not_found(client: RecordingClient, filled: BlacklistStore) -> None:
    for path in ("/blacklist/edit?address=niemand@example.org", "/blacklist/remove?address=kaputt",
                 "/blacklist/history?address=niemand@example.org"):
        assert client.get(path).status_code == 404


def test_page_follows_changes_by_other_programs(client: RecordingClient, filled: BlacklistStore) -> None:
    assert "5 Einträge." in text(client.get("/blacklist/"))
    BlacklistStore(filled.db.path.parent).add("neu@example.org", reason="aus dem Host", who="host")
    assert "6 Einträge." in text(client.get("/blacklist/"))


class CountingStore(BlacklistStore):
    loads = 0

    def entries(self) -> list[BlacklistEntry]:
        CountingStore.loads += 1
        return super().entries()


def test_view_reads_the_file_only_when_it_changed(filled: BlacklistStore) -> None:
    store = CountingStore(filled.db.path.parent)
    view = BlacklistView(store, page_size=50)
    CountingStore.loads = 0
    for _ in range(5):
        assert view.search("example").total == 4
    assert CountingStore.loads == 1
    store.remove("erika@example.org", reason="test")
    assert view.search("example").total == 3 and CountingStore.loads == 2


def test_view_of_a_missing_file(tmp_path: Path) -> None:
    view = BlacklistView(BlacklistStore(tmp_path))
    page = view.search("x")
    assert (page.total, page.pages, page.entries) == (0, 1, ())


def test_word_starts() -> None:
    assert word_starts("max.mustermann@example.org") == [0, 4, 15, 23]
    assert word_starts("a@b.") == [0, 2]
