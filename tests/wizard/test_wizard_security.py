"""Access token, session cookie, CSRF, security headers, error pages and the
admin password of a wizard reachable from other computers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from wizard_helpers import SECRET, TOKEN, RecordingClient, csrf_token, server_step, stored, text, walk_setup

from caddie_mail_plugin import ServerConfig
from caddie_mail_plugin.exceptions import StorageError
from caddie_mail_plugin.storage.blacklist_store import BlacklistStore
from caddie_mail_plugin.wizard.access import hash_password

PAGES = ["/", "/setup/server", "/setup/summary", "/servers/", "/routing/", "/testmail/", "/inbox/", "/blacklist/",
         "/outbox/", "/limits/"]


@pytest.mark.parametrize("path", [*PAGES, "/does-not-exist"])
def test_missing_token_is_refused(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    assert response.status_code == 403
    assert "Zugriff verweigert." in text(response) and "Der Link gilt nur einmal" in text(response)


def test_wrong_token_and_post_without_session_are_refused(app: Flask, data_dir: Path) -> None:
    client = app.test_client()
    assert client.get("/?token=falsch").status_code == 403
    response = client.post("/blacklist/add", data={"address": "max@example.org", "reason": "x", "scope": "all"})
    assert response.status_code == 403 and BlacklistStore(data_dir).entries() == []


def test_the_token_works_once(app: Flask) -> None:
    first, second = app.test_client(), app.test_client()
    response = first.get(f"/routing/?sender=max@example.org&token={TOKEN}")
    assert response.status_code == 302 and response.headers["Location"] == "/routing/?sender=max@example.org"
    assert first.get("/servers/").status_code == 200
    assert second.get(f"/?token={TOKEN}").status_code == 403


def test_session_cookie_is_httponly_and_strict(app: Flask) -> None:
    response = app.test_client().get(f"/?token={TOKEN}")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_session_cookie_holds_no_draft_and_no_password(app: Flask, client: RecordingClient) -> None:
    walk_setup(client, server_step(25, password=SECRET))
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    session = app.session_interface.get_signing_serializer(app).loads(cookie.value)  # type: ignore[attr-defined]
    assert set(session) <= {"granted", "sid", "csrf_token", "_flashes", "lang"}
    assert SECRET not in repr(session)


@pytest.mark.parametrize("path", PAGES)
def test_security_headers(client: RecordingClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert "<script" not in body and " style=" not in body and "http://" not in body and "https://" not in body


def test_stylesheet_is_local(client: RecordingClient) -> None:
    response = client.get("/static/wizard.css")
    assert response.status_code == 200 and "@import" not in response.get_data(as_text=True)


def test_forged_post_is_refused_with_csrf_on(make_app: Callable[..., Flask], data_dir: Path) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    forged = client.post("/blacklist/add", data={"address": "max@example.org", "reason": "x", "scope": "all"})
    assert forged.status_code == 400
    assert "Das Formular ist abgelaufen oder stammt nicht von diesem Assistenten." in text(forged)
    assert client.post("/setup/summary", data={"action": "ok", "csrf_token": "erfunden"}).status_code == 400
    assert BlacklistStore(data_dir).entries() == [] and not (data_dir / "config.json").exists()
    other = make_app(WTF_CSRF_ENABLED=True).test_client()  # another wizard's token does not fit either
    other.get(f"/?token={TOKEN}")
    token = csrf_token(client.get("/blacklist/"))
    assert other.post("/blacklist/add", data={"address": "max@example.org", "reason": "x", "scope": "all",
                                              "csrf_token": token}).status_code == 400
    genuine = client.post("/blacklist/add", data={"address": "max@example.org", "reason": "Wunsch", "scope": "all",
                                                  "csrf_token": token})
    assert genuine.status_code == 302 and BlacklistStore(data_dir).get("max@example.org") is not None


@pytest.mark.parametrize("path", ["/blacklist/add", "/servers/default", "/language", "/limits/reset",
                                  "/outbox/abc/retry"])
def test_state_changes_need_post(client: RecordingClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 405 and "Diese Seite lässt sich so nicht aufrufen." in text(response)


def test_delete_needs_the_confirmation_post(client: RecordingClient, data_dir: Path) -> None:
    stored(data_dir).add_server(ServerConfig("Alt", "alt.example.org", 587))
    page = client.get("/servers/delete?name=Alt")
    assert "Den Server Alt löschen?" in text(page) and [s.name for s in stored(data_dir).servers()] == ["Alt"]
    assert client.post("/servers/delete?name=Alt").status_code == 302
    assert stored(data_dir).servers() == ()


def test_not_found_page_leaks_nothing(client: RecordingClient) -> None:
    response = client.get("/geheim/../../etc/passwd")
    assert response.status_code == 404 and "Diese Seite gibt es nicht." in text(response)
    assert "Traceback" not in text(response) and "werkzeug" not in text(response).lower()


def test_internal_error_page_leaks_nothing(make_app: Callable[..., Flask]) -> None:
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError(f"geheimes Detail {SECRET} in /etc/caddie")

    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    response = client.get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "Im Assistenten ist ein Fehler aufgetreten." in text(response)
    for leak in ("geheimes", SECRET, "Traceback", "RuntimeError", "/etc/caddie", ".py"):
        assert leak not in body


def test_refusal_of_the_core_is_shown_as_text(make_app: Callable[..., Flask]) -> None:
    app = make_app()

    @app.get("/full-disk")
    def full_disk() -> str:
        raise StorageError("Could not write config.json (No space left); free some disk space.")

    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    response = client.get("/full-disk")
    assert response.status_code == 409 and "free some disk space" in text(response)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_language_switch_stays_on_this_site(client: RecordingClient, target: str) -> None:
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_remote_wizard_asks_for_the_admin_password(make_app: Callable[..., Flask]) -> None:
    app = make_app(ADMIN_PASSWORD_HASH=hash_password("richtig-langes-passwort"))
    client = app.test_client()
    assert client.get(f"/servers/?token={TOKEN}").headers["Location"] == "/servers/"
    response = client.get("/servers/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/servers/")
    assert "Anmelden" in text(client.get("/login"))
    wrong = client.post("/login?next=/servers/", data={"password": "falsch"})
    assert wrong.status_code == 200 and "Das Passwort stimmt nicht." in text(wrong)
    assert client.get("/servers/").status_code == 302
    right = client.post("/login?next=/servers/", data={"password": "richtig-langes-passwort"})
    assert right.headers["Location"] == "/servers/" and client.get("/servers/").status_code == 200


def test_remote_wizard_blocks_after_ten_wrong_passwords(make_app: Callable[..., Flask]) -> None:
    app = make_app(ADMIN_PASSWORD_HASH=hash_password("richtig-langes-passwort"))
    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    for _ in range(10):
        client.post("/login", data={"password": "falsch"})
    response = client.post("/login", data={"password": "richtig-langes-passwort"})
    assert response.status_code == 403 and "Zu viele falsche Passwörter." in text(response)
