"""The guided setup through the Flask test client: every step, OK, Abbrechen,
back and forward, the password rules and "Verbindung testen"."""

from __future__ import annotations

from pathlib import Path

from smtp_server import Authenticator, SMTPTestServer
from wizard_helpers import (
    DISPATCH_STEP,
    SECRET,
    SENDER_STEP,
    TEST_MODE_STEP,
    RecordingClient,
    config_file,
    post_step,
    server_step,
    stored,
    text,
    walk_setup,
)

from caddie_mail_plugin import DispatchMode, Security, ServerConfig


def test_ok_saves_every_step_at_once(client: RecordingClient, data_dir: Path) -> None:
    summary = walk_setup(client, server_step(2525, username="sek@golfclub-example.de", password=SECRET,
                                             security="starttls", host="mail.golfclub-example.de"))
    page = text(summary)
    assert "Bitte bestätigen Sie mit OK, wenn alle Felder passend gefüllt sind." in page
    assert "•••••••• (neu eingegeben)" in page and "mail.golfclub-example.de" in page
    assert "Golfclub Example – Sekretariat" in page and "test@golfclub-example.de" in page
    assert not config_file(data_dir).exists(), "nothing may be stored before OK"
    response = client.post("/setup/summary", data={"action": "ok"})
    assert response.status_code == 302
    config = stored(data_dir)
    (server,) = config.servers()
    assert server == ServerConfig(name="Vereinsserver", host="mail.golfclub-example.de", port=2525,
                                  security=Security.STARTTLS, username="sek@golfclub-example.de", password=SECRET,
                                  sender_filter="golfclub-example.de", is_default=True)
    settings = config.settings()
    assert settings.test_mode and settings.test_address == "test@golfclub-example.de"
    assert settings.dispatch is DispatchMode.DIRECT
    assert config.section("sender") == {"real_name": "Golfclub Example – Sekretariat",
                                        "from_address": "sekretariat@golfclub-example.de",
                                        "reply_to": "info@golfclub-example.de"}
    assert "Gespeichert." in text(client.get("/"))


def test_ok_is_one_write_of_the_config_file(client: RecordingClient, data_dir: Path) -> None:
    walk_setup(client, server_step(25))
    client.post("/setup/summary", data={"action": "ok"})
    writes = [p for p in data_dir.iterdir() if p.name.startswith(".config.json.")]
    assert writes == [] and config_file(data_dir).exists()
    assert oct(config_file(data_dir).stat().st_mode & 0o777) == "0o600"


def test_cancel_discards_everything(client: RecordingClient, data_dir: Path) -> None:
    walk_setup(client, server_step(25, name="Verworfen"))
    response = client.post("/setup/summary", data={"action": "cancel"})
    assert response.status_code == 302
    assert not config_file(data_dir).exists()
    assert "Abgebrochen: Es wurde nichts gespeichert." in text(client.get("/"))
    assert "Verworfen" not in client.get("/setup/server").get_data(as_text=True)


def test_service_with_timers_is_saved(client: RecordingClient, data_dir: Path) -> None:
    summary = walk_setup(client, server_step(25), dispatch={"dispatch": "service", "mail_timer_count": "25",
                                                            "mail_timer_delay": "90"})
    assert "MAIL_TIMER_COUNT" in text(summary) and "90 Sekunden" in text(summary)
    client.post("/setup/summary", data={"action": "ok"})
    settings = stored(data_dir).settings()
    assert (settings.dispatch, settings.mail_timer_count, settings.mail_timer_delay) == (
        DispatchMode.SERVICE, 25, 90.0)


def test_direct_sending_hides_and_ignores_the_timers(client: RecordingClient, data_dir: Path) -> None:
    summary = walk_setup(client, server_step(25), dispatch={"dispatch": "direct", "mail_timer_count": "x"})
    assert "MAIL_TIMER_COUNT" not in text(summary)
    client.post("/setup/summary", data={"action": "ok"})
    assert stored(data_dir).settings().mail_timer_count == 10


def test_back_and_forward_keep_the_input(client: RecordingClient) -> None:
    post_step(client, "server", server_step(25, name="Mein Server"))
    post_step(client, "sender", {**SENDER_STEP, "real_name": "Halb fertig", "from_address": "kein-at"},
              action="back")
    assert 'value="Mein Server"' in client.get("/setup/server").get_data(as_text=True)
    sender_page = client.get("/setup/sender").get_data(as_text=True)
    assert 'value="Halb fertig"' in sender_page and 'value="kein-at"' in sender_page
    response = post_step(client, "sender", {**SENDER_STEP}, action="goto:test_mode")
    assert response.headers["Location"].endswith("/setup/test_mode")
    assert "Golfclub Example" in client.get("/setup/sender").get_data(as_text=True)


def test_summary_names_the_steps_still_missing(client: RecordingClient) -> None:
    post_step(client, "server", server_step(25))
    post_step(client, "sender", {"from_address": "falsch"}, action="back")
    page = text(client.get("/setup/summary"))
    assert "Diese Schritte sind noch nicht vollständig" in page and "2. Absender" in page
    response = client.post("/setup/summary", data={"action": "ok"})
    assert response.status_code == 200


def test_an_empty_password_keeps_the_stored_one(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).add_server(ServerConfig("Vereinsserver", "mail.golfclub-example.de", 587,
                                             username="sek", password=SECRET, is_default=True))
    page = client.get("/setup/server").get_data(as_text=True)
    assert "Ein Passwort ist gespeichert." in text(client.get("/setup/server"))
    assert 'name="password" type="password" value=""' in page
    summary = walk_setup(client, server_step(587, host="mail.golfclub-example.de", security="starttls",
                                             username="sek"))
    assert "•••••••• (gespeichert, unverändert)" in text(summary)
    client.post("/setup/summary", data={"action": "ok"})
    assert stored(data_dir).server("Vereinsserver").password == SECRET


def test_remove_the_stored_password(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).add_server(ServerConfig("Vereinsserver", "127.0.0.1", 25, security=Security.NONE,
                                             username="sek", password=SECRET, is_default=True))
    summary = walk_setup(client, server_step(25, username="", clear_password="y"))
    assert "(wird gelöscht)" in text(summary)
    client.post("/setup/summary", data={"action": "ok"})
    assert stored(data_dir).server("Vereinsserver").password is None


def test_connection_test_works(client: RecordingClient, smtp_server: SMTPTestServer) -> None:
    response = post_step(client, "server", server_step(smtp_server.port), action="test")
    assert response.status_code == 200
    assert f"Die Verbindung funktioniert: 127.0.0.1:{smtp_server.port} hat geantwortet" in text(response)
    assert smtp_server.received == [], "a connection test sends no mail"


def test_connection_test_shows_the_servers_own_answer(client: RecordingClient) -> None:
    server = SMTPTestServer(auth=Authenticator("sek", "richtig"), auth_require_tls=False).start()
    try:
        response = post_step(client, "server", server_step(server.port, username="sek", password=SECRET),
                             action="test")
    finally:
        server.stop()
    page = text(response)
    assert "Der Verbindungstest ist fehlgeschlagen." in page
    assert "Der Server hat die Anmeldung abgelehnt." in page
    assert "535" in page and "Authentication credentials invalid" in page


def test_connection_test_of_a_closed_port(client: RecordingClient) -> None:
    from smtp_server import free_port

    page = text(post_step(client, "server", server_step(free_port()), action="test"))
    assert "Der Server war nicht erreichbar." in page and "Could not talk to" in page


def test_existing_servers_stay_and_lose_the_default(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).add_server(ServerConfig("Alt", "alt.example.org", 587, is_default=True))
    walk_setup(client, server_step(25, name="Neu"))
    client.post("/setup/summary", data={"action": "ok"})
    servers = {s.name: s for s in stored(data_dir).servers()}
    assert set(servers) == {"Alt", "Neu"} and servers["Neu"].is_default and not servers["Alt"].is_default


def test_summary_shows_which_server_sends_for_the_sender(client: RecordingClient) -> None:
    page = text(walk_setup(client, server_step(25), dispatch=DISPATCH_STEP, test_mode=TEST_MODE_STEP))
    assert "Mails von sekretariat@golfclub-example.de gehen über Vereinsserver." in page
    assert "Schritt 1: Der Filter golfclub-example.de des Servers Vereinsserver ist die Domain" in page
