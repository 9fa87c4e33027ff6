"""Every field with invalid input: the German message is shown and nothing is saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from wizard_helpers import (
    TOKEN,
    DISPATCH_STEP,
    SENDER_STEP,
    TEST_MODE_STEP,
    RecordingClient,
    config_file,
    post_step,
    server_step,
    stored,
    text,
)

from caddie_mail_plugin import DispatchMode, ServerConfig
from caddie_mail_plugin.storage.blacklist_store import BlacklistStore
from caddie_mail_plugin.wizard.access import hash_password

SERVER_CASES = [
    ({"name": ""}, "Geben Sie dem Server einen Namen, z. B. Vereinsserver."),
    ({"name": "x" * 61}, "Höchstens 60 Zeichen."),
    ({"name": "Zeile\r\nBcc: x@example.org"}, "Entfernen Sie den Zeilenumbruch aus diesem Feld."),
    ({"host": ""}, "Geben Sie den Namen des Servers ein, z. B. mail.golfclub-example.de."),
    ({"host": "kein host!"}, "Geben Sie den Namen oder die IP-Adresse des Servers ein"),
    ({"port": "fünf"}, "Geben Sie eine ganze Zahl ein, z. B. 587."),
    ({"port": "70000"}, "Geben Sie einen Port von 1 bis 65535 ein."),
    ({"security": "brieftaube"}, "Keine gültige Auswahl."),
    ({"security": ""}, "Wählen Sie, wie die Verbindung geschützt wird."),
    ({"host": "mail.example.org", "username": "sek"}, "Ohne Verschlüsselung ginge das Passwort im Klartext"),
    ({"username": "u" * 201}, "Höchstens 200 Zeichen."),
    ({"password": "geheim\nzeile"}, "Entfernen Sie den Zeilenumbruch aus diesem Feld."),
    ({"sender_filter": "kein filter!"}, "Geben Sie eine Domain (golfclub-example.de) oder eine vollständige"),
]


@pytest.mark.parametrize(("changes", "message"), SERVER_CASES)
def test_server_step(client: RecordingClient, data_dir: Path, changes: dict[str, str], message: str) -> None:
    response = post_step(client, "server", {**server_step(25), **changes})
    assert response.status_code == 200 and message in text(response)
    assert 'class="error"' in response.get_data(as_text=True)
    assert not config_file(data_dir).exists()


def test_server_step_same_filter_as_another_server(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).add_server(ServerConfig("Anderer", "a.example.org", 587, sender_filter="golfclub-example.de"))
    before = config_file(data_dir).read_bytes()
    response = post_step(client, "server", server_step(25))
    assert "Der Server Anderer hat diesen Filter schon" in text(response)
    assert config_file(data_dir).read_bytes() == before


def test_office365_page_needs_the_tick(client: RecordingClient, data_dir: Path) -> None:
    post_step(client, "server", server_step(587, host="smtp.office365.com", security="starttls"))
    response = post_step(client, "office365", {})
    assert "Setzen Sie das Häkchen, um mit Microsoft 365 fortzufahren" in text(response)
    assert not config_file(data_dir).exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"real_name": "n" * 101}, "Höchstens 100 Zeichen."),
    ({"real_name": "Name\nBcc: x@example.org"}, "Entfernen Sie den Zeilenumbruch aus diesem Feld."),
    ({"from_address": ""}, "Geben Sie die Adresse ein, von der der Club sendet."),
    ({"from_address": "sekretariat"}, "Geben Sie eine vollständige E-Mail-Adresse ein"),
    ({"reply_to": "info@"}, "Geben Sie eine vollständige E-Mail-Adresse ein"),
])
def test_sender_step(client: RecordingClient, data_dir: Path, changes: dict[str, str], message: str) -> None:
    response = post_step(client, "sender", {**SENDER_STEP, **changes})
    assert response.status_code == 200 and message in text(response)
    assert not config_file(data_dir).exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"dispatch": ""}, "Wählen Sie, wie Mails versendet werden."),
    ({"dispatch": "brieftaube"}, "Keine gültige Auswahl."),
    ({"dispatch": "service", "mail_timer_count": ""}, "Geben Sie ein, wie viele Mails pro Portion hinausgehen."),
    ({"dispatch": "service", "mail_timer_count": "0"}, "Geben Sie eine Zahl von 1 bis 10000 ein."),
    ({"dispatch": "service", "mail_timer_count": "zehn"}, "Geben Sie eine ganze Zahl ein, z. B. 587."),
    ({"dispatch": "service", "mail_timer_delay": ""}, "Geben Sie die Pause zwischen den Portionen in Sekunden ein."),
    ({"dispatch": "service", "mail_timer_delay": "-1"}, "Geben Sie eine Pause von 0 bis 86400 Sekunden ein."),
    ({"dispatch": "service", "mail_timer_delay": "eine Minute"}, "Geben Sie eine Zahl ein, z. B. 60."),
])
def test_dispatch_step(client: RecordingClient, data_dir: Path, changes: dict[str, str], message: str) -> None:
    response = post_step(client, "dispatch", {**DISPATCH_STEP, **changes})
    assert response.status_code == 200 and message in text(response)
    assert not config_file(data_dir).exists()


def test_dispatch_service_refused_for_microsoft365(client: RecordingClient, data_dir: Path) -> None:
    post_step(client, "server", server_step(587, host="smtp.office365.com", security="starttls"))
    response = post_step(client, "dispatch", {**DISPATCH_STEP, "dispatch": "service"})
    assert "Der Dienst kann nicht über Microsoft 365 versenden." in text(response)
    assert not config_file(data_dir).exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"test_address": ""}, "Geben Sie die Testadresse ein, die im Testmodus jede Mail erhält."),
    ({"test_address": "test-at-club"}, "Geben Sie eine vollständige E-Mail-Adresse ein"),
])
def test_test_mode_step(client: RecordingClient, data_dir: Path, changes: dict[str, str], message: str) -> None:
    response = post_step(client, "test_mode", {**TEST_MODE_STEP, **changes})
    assert response.status_code == 200 and message in text(response)
    assert not config_file(data_dir).exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": ""}, "Geben Sie dem Server einen Namen"),
    ({"name": "Vorhanden"}, "Einen Server mit diesem Namen gibt es schon; wählen Sie einen anderen Namen."),
    ({"host": "smtp.office365.com", "security": "starttls"}, "Dies ist ein Microsoft-365-Server"),
    ({"port": "0"}, "Geben Sie einen Port von 1 bis 65535 ein."),
    ({"sender_filter": "vorhanden.example.org"}, "Der Server Vorhanden hat diesen Filter schon"),
])
def test_server_page(client: RecordingClient, data_dir: Path, changes: dict[str, str], message: str) -> None:
    stored(data_dir).add_server(ServerConfig("Vorhanden", "v.example.org", 587, sender_filter="vorhanden.example.org"))
    before = config_file(data_dir).read_bytes()
    response = client.post("/servers/new", data={**server_step(25, name="Neu"), **changes})
    assert response.status_code == 200 and message in text(response)
    assert config_file(data_dir).read_bytes() == before


def test_server_page_refuses_microsoft365_for_the_service(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).update_settings(dispatch=DispatchMode.SERVICE)
    before = config_file(data_dir).read_bytes()
    response = client.post("/servers/new", data=server_step(587, host="smtp.office365.com", security="starttls",
                                                            office365_ack="y"))
    assert "Der Versand läuft über den Dienst, und der kann nicht über Microsoft 365 versenden." in text(response)
    assert config_file(data_dir).read_bytes() == before


def test_server_page_name_cannot_change(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).add_server(ServerConfig("Vorhanden", "v.example.org", 587))
    before = config_file(data_dir).read_bytes()
    response = client.post("/servers/edit?name=Vorhanden", data=server_step(587, name="Umbenannt",
                                                                              security="starttls"))
    assert "Der Name lässt sich hier nicht ändern." in text(response)
    assert config_file(data_dir).read_bytes() == before


@pytest.mark.parametrize(("changes", "message"), [
    ({"sender": ""}, "Geben Sie den Absender ein"),
    ({"sender": "Sekretariat <kaputt>"}, "Geben Sie eine E-Mail-Adresse ein"),
    ({"to": ""}, "Geben Sie mindestens einen Empfänger ein."),
    ({"to": "max@example.org, kaputt"}, "Geben Sie E-Mail-Adressen durch Kommas getrennt ein"),
    ({"to": ", ".join(f"m{n}@example.org" for n in range(11))}, "Eine Testmail geht an höchstens 10 Empfänger."),
    ({"subject": ""}, "Geben Sie einen Betreff ein."),
    ({"subject": "Betreff\r\nBcc: x@example.org"}, "Entfernen Sie den Zeilenumbruch aus diesem Feld."),
    ({"subject": "s" * 201}, "Höchstens 200 Zeichen."),
    ({"body": ""}, "Geben Sie den Text der Testmail ein."),
])
def test_test_mail_page(client: RecordingClient, data_dir: Path, changes: dict[str, str], message: str) -> None:
    data = {"sender": "sekretariat@golfclub-example.de", "to": "max@example.org", "subject": "Test", "body": "Hallo"}
    response = client.post("/testmail/", data={**data, **changes})
    assert response.status_code == 200 and message in text(response)
    assert not (data_dir / "log").exists(), "nothing may be sent"


@pytest.mark.parametrize(("changes", "message"), [
    ({"address": ""}, "Geben Sie die zu sperrende Adresse ein."),
    ({"address": "kein-at"}, "Geben Sie eine vollständige E-Mail-Adresse ein"),
    ({"reason": ""}, "Geben Sie einen Grund an; er wird im Verlauf des Eintrags festgehalten."),
    ({"reason": "r" * 301}, "Höchstens 300 Zeichen."),
    ({"reason": "Grund\nzweite Zeile"}, "Entfernen Sie den Zeilenumbruch aus diesem Feld."),
    ({"scope": "manches"}, "Keine gültige Auswahl."),
])
def test_blacklist_add(client: RecordingClient, data_dir: Path, changes: dict[str, str], message: str) -> None:
    data = {"address": "max@example.org", "reason": "Wunsch des Mitglieds", "scope": "all"}
    response = client.post("/blacklist/add", data={**data, **changes})
    assert response.status_code == 200 and message in text(response)
    assert BlacklistStore(data_dir).entries() == []


def test_blacklist_edit_and_remove_need_a_reason(client: RecordingClient, data_dir: Path) -> None:
    store = BlacklistStore(data_dir)
    store.add("max@example.org", reason="Wunsch")
    before = json.loads((data_dir / "blacklist.json").read_text())
    for path, data in (("/blacklist/edit", {"scope": "newsletter", "reason": ""}),
                       ("/blacklist/remove", {"reason": "  "})):
        response = client.post(f"{path}?address=max@example.org", data=data)
        assert "Geben Sie einen Grund an; er wird im Verlauf des Eintrags festgehalten." in text(response)
    assert json.loads((data_dir / "blacklist.json").read_text()) == before


def test_routing_preview(client: RecordingClient) -> None:
    response = client.get("/routing/?sender=kaputt@")
    assert "Geben Sie eine E-Mail-Adresse ein" in text(response)
    assert "Geben Sie eine Absenderadresse ein." in text(client.get("/routing/?sender="))


def test_blacklist_search_too_long(client: RecordingClient) -> None:
    assert "Höchstens 254 Zeichen." in text(client.get("/blacklist/", query_string={"q": "x" * 255}))


def test_login_without_password(make_app: Callable[..., Flask]) -> None:
    client = make_app(ADMIN_PASSWORD_HASH=hash_password("richtig-langes-passwort")).test_client()
    client.get(f"/?token={TOKEN}")
    response = client.post("/login", data={"password": ""})
    assert response.status_code == 200 and "Geben Sie das Admin-Passwort ein." in text(response)
    assert client.get("/servers/").status_code == 302


def test_unknown_language_is_ignored(client: RecordingClient) -> None:
    client.post("/language", data={"lang": "fr", "next": "/"})
    assert "Übersicht" in text(client.get("/"))
