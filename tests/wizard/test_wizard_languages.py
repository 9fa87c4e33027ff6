"""Every page in German (the default) and in English; the German catalog is
complete, compiled, and no English text slips through on a German page."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse
from wizard_helpers import TOKEN, RecordingClient, post_step, server_step, stored, text, walk_setup

from caddie_mail_plugin import ServerConfig
from caddie_mail_plugin.service.outbox import NewMail, Outbox
from caddie_mail_plugin.storage.blacklist_store import BlacklistStore
from caddie_mail_plugin.wizard import catalogs
from caddie_mail_plugin.wizard.access import hash_password

# page -> (German text on it, English text on it)
PAGES = {
    "/": ("Mails pro Tag", "Mail per day"),
    "/setup/server": ("Schritt 1 von 5: SMTP-Server", "Step 1 of 5: SMTP server"),
    "/setup/office365": ("Grenzen von Microsoft 365", "Limits of Microsoft 365"),
    "/setup/sender": ("Schritt 2 von 5: Absender", "Step 2 of 5: Sender"),
    "/setup/dispatch": ("Schritt 3 von 5: Versand durch", "Step 3 of 5: Sent by"),
    "/setup/test_mode": ("Schritt 4 von 5: Testmodus", "Step 4 of 5: Test mode"),
    "/setup/summary": ("Bitte bestätigen Sie mit OK, wenn alle Felder passend gefüllt sind.",
                       "Please confirm with OK when all fields are filled in correctly."),
    "/servers/": ("Der Standardserver ist mit * markiert.", "The default server is marked with *."),
    "/servers/new": ("Server hinzufügen", "Add a server"),
    "/servers/edit?name=Verein": ("Server Verein bearbeiten", "Edit server Verein"),
    "/servers/delete?name=Verein": ("Den Server Verein löschen?", "Delete the server Verein?"),
    "/routing/?sender=max@example.org": ("Schritt 2: Kein Filter passt", "Step 2: no server's filter matches"),
    "/domain/": ("Ist die Absenderdomain für den Mailversand eingerichtet?", "Is the sender domain set up for mail?"),
    "/testmail/": ("Testmail senden", "Send a test mail"),
    "/testmail/confirm": ("Noch testen", "Still testing"),
    "/inbox/": ("In diesem Assistenten läuft kein lokaler Testserver.",
                "No local test server runs in this wizard."),
    "/inbox/20261128-100000-000000-00000.eml": ("Zurück zum Test-Posteingang", "Back to the test inbox"),
    "/blacklist/": ("Adresse hinzufügen", "Add an address"),
    "/blacklist/edit?address=max@example.org": ("Eintrag für max@example.org bearbeiten",
                                                "Edit the entry for max@example.org"),
    "/blacklist/remove?address=max@example.org": ("max@example.org von der Sperrliste entfernen?",
                                                  "Remove max@example.org from the blacklist?"),
    "/blacklist/history?address=max@example.org": ("Verlauf von max@example.org", "History of max@example.org"),
    "/outbox/": ("Postausgang des Dienstes", "Outbox of the service"),
    "/outbox/{mail}": ("Noch kein Versuch.", "No attempt yet."),
    "/outbox/{mail}/cancel": ("Die Mail „Einladung“ abbrechen?", 'Cancel the mail "Einladung"?'),
    "/limits/": ("Limits der Server", "Limits of the servers"),
    "/nicht-da": ("Diese Seite gibt es nicht.", "This page does not exist."),
}
# Message ids whose German text is the same word (or too short to tell).
SAME_IN_BOTH = {"Name", "Port", "Filter", "Text", "Microsoft 365", "Reply-To"}


@dataclass(frozen=True)
class Prepared:
    client: RecordingClient
    mail_id: str

    def get(self, path: str) -> TestResponse:
        return self.client.get(path.format(mail=self.mail_id))


@pytest.fixture
def prepared(client: RecordingClient, data_dir: Path) -> Prepared:
    stored(data_dir).add_server(ServerConfig("Verein", "mail.golfclub-example.de", 587, is_default=True,
                                             sender_filter="golfclub-example.de"))
    stored(data_dir).update_settings(test_mode=True, test_address="test@golfclub-example.de")
    BlacklistStore(data_dir).add("max@example.org", reason="Wunsch des Mitglieds")
    inbox = data_dir / "inbox"
    inbox.mkdir()
    (inbox / "20261128-100000-000000-00000.eml").write_text(
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: Hallo\r\n\r\nText\r\n")
    client.post("/testmail/", data={"sender": "a@golfclub-example.de", "to": "max@example.org",
                                    "subject": "Test", "body": "Hallo"})
    walk_setup(client, server_step(587, host="smtp.office365.com", security="starttls", sender_filter=""))
    post_step(client, "office365", {"acknowledge": "y"})
    (mail_id,) = Outbox(data_dir).enqueue([NewMail(server="Verein", envelope_from="a@golfclub-example.de",
                                                   recipients=("max@example.org",), payload=b"Subject: x\r\n\r\nx",
                                                   subject="Einladung")])
    return Prepared(client, mail_id)


def _visible(prepared: Prepared, path: str) -> str:
    response = prepared.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    return text(response)


@pytest.mark.parametrize("path", PAGES)
def test_german_by_default(prepared: Prepared, path: str) -> None:
    page = _visible(prepared, path)
    assert PAGES[path][0] in page
    assert 'lang="de"' in prepared.get(path).get_data(as_text=True)
    assert not untranslated(page), untranslated(page)


@pytest.mark.parametrize("path", PAGES)
def test_english_on_request(prepared: Prepared, path: str) -> None:
    prepared.client.post("/language", data={"lang": "en", "next": "/"})
    page = _visible(prepared, path)
    assert PAGES[path][1] in page and PAGES[path][0] not in page
    assert 'lang="en"' in prepared.get(path).get_data(as_text=True)


def test_language_switch_returns_to_the_page(client: RecordingClient) -> None:
    response = client.post("/language", data={"lang": "en", "next": "/servers/"})
    assert response.headers["Location"] == "/servers/"
    assert "Servers" in text(client.get("/servers/"))
    client.post("/language", data={"lang": "de", "next": "/"})
    assert "Übersicht" in text(client.get("/"))


def test_english_as_the_default_language(make_app: Callable[..., Flask]) -> None:
    client = make_app(DEFAULT_LANGUAGE="en").test_client()
    client.get(f"/?token={TOKEN}")
    assert "Overview" in text(client.get("/"))


def test_error_and_login_pages_in_both_languages(make_app: Callable[..., Flask]) -> None:
    app = make_app(ADMIN_PASSWORD_HASH=hash_password("richtig-langes-passwort"))
    assert "Zugriff verweigert." in text(app.test_client().get("/"))
    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    assert "Anmelden" in text(client.get("/login"))
    client.post("/language", data={"lang": "en", "next": "/login"})
    assert "Log in" in text(client.get("/login")) and "Admin password" in text(client.get("/login"))


def test_german_messages_of_the_forms(client: RecordingClient) -> None:
    page = text(post_step(client, "sender", {"from_address": "x"}))
    assert "Geben Sie eine vollständige E-Mail-Adresse ein" in page
    client.post("/language", data={"lang": "en", "next": "/"})
    assert "Enter a complete e-mail address" in text(post_step(client, "sender", {"from_address": "x"}))


def test_catalog_is_complete_and_compiled() -> None:
    assert catalogs.problems() == []


def test_catalog_check_finds_a_missing_translation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = catalogs.read_catalog()
    po.delete("Test connection")
    copy = tmp_path / "messages.po"
    from babel.messages.pofile import write_po

    with open(copy, "wb") as handle:
        write_po(handle, po)
    monkeypatch.setattr(catalogs, "PO_FILE", copy)
    found = catalogs.problems()
    assert "not translated: 'Test connection'" in found and any("older than" in p for p in found)


def _english_texts() -> list[str]:
    german = catalogs.read_catalog()
    found = []
    for message in catalogs.extract():
        if isinstance(message.id, str) and message.id and message.id not in SAME_IN_BOTH:
            entry = german.get(message.id)
            if entry is not None and entry.string != message.id and len(message.id) > 12:
                found.append(re.sub(r"%\(\w+\)[sd]", "", message.id).split("  ")[0].strip())
    return found


ENGLISH_TEXTS = _english_texts()


def untranslated(page: str) -> list[str]:
    return [t for t in ENGLISH_TEXTS if t and html.unescape(t) in page]
