"""The app factory: defaults, configuration and independence of two apps."""

from __future__ import annotations

from pathlib import Path

import pytest

from caddie_mail_plugin.wizard import create_app
from caddie_mail_plugin.wizard.app import BLUEPRINTS
from caddie_mail_plugin.wizard.context import EXTENSION, WizardContext


def test_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADDIE_MAIL_HOME", str(tmp_path / "home"))
    app = create_app()
    context = app.extensions[EXTENSION]
    assert isinstance(context, WizardContext) and context.data_dir == (tmp_path / "home").resolve()
    assert context.inbox is None
    assert len(app.config["ACCESS_TOKEN"]) >= 32 and len(app.config["SECRET_KEY"]) == 32
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Strict"
    assert app.config["WTF_CSRF_ENABLED"] and app.config["ADMIN_PASSWORD_HASH"] is None
    assert {bp.name for bp in BLUEPRINTS} <= set(app.blueprints)
    assert {"setup.step", "summary.summary", "servers.index", "routing.preview", "testmail.confirm",
            "inbox.index", "blacklist.history", "language.switch", "login.login_page"} <= {
        rule.endpoint for rule in app.url_map.iter_rules()}


def test_configuration_is_taken(tmp_path: Path) -> None:
    app = create_app({"DATA_DIR": tmp_path / "data", "ACCESS_TOKEN": "mein-token", "BLACKLIST_PAGE_SIZE": 7,
                      "DEFAULT_LANGUAGE": "en"})
    context = app.extensions[EXTENSION]
    assert context.data_dir == (tmp_path / "data").resolve() and context.data_dir.is_dir()
    assert context.blacklist_view.page_size == 7 and app.config["ACCESS_TOKEN"] == "mein-token"
    assert app.config["DEFAULT_LANGUAGE"] == "en"


def test_two_apps_share_nothing(tmp_path: Path) -> None:
    first, second = create_app({"DATA_DIR": tmp_path}), create_app({"DATA_DIR": tmp_path})
    assert first.config["ACCESS_TOKEN"] != second.config["ACCESS_TOKEN"]
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]
    assert first.extensions[EXTENSION].drafts is not second.extensions[EXTENSION].drafts


def test_templates_translations_and_styles_are_package_data(tmp_path: Path) -> None:
    app = create_app({"DATA_DIR": tmp_path})
    root = Path(app.root_path)
    assert (root / "templates" / "base.html").is_file() and (root / "static" / "wizard.css").is_file()
    assert (root / "translations" / "de" / "LC_MESSAGES" / "messages.mo").is_file()


def test_drafts_expire_and_are_kept_per_session() -> None:
    from caddie_mail_plugin.wizard.drafts import DraftStore

    now = [0.0]
    drafts = DraftStore(ttl=60, clock=lambda: now[0])
    drafts.put("a", "setup", "Entwurf A")
    drafts.put("b", "setup", "Entwurf B")
    assert drafts.get("a", "setup", str) == "Entwurf A" and drafts.get("a", "setup", int) is None
    assert drafts.get("c", "setup", str) is None
    now[0] = 50.0
    assert drafts.get("a", "setup", str) == "Entwurf A"  # use keeps it alive
    now[0] = 100.0
    drafts.put("c", "testmail", "neu")
    assert drafts.get("a", "setup", str) == "Entwurf A" and drafts.get("b", "setup", str) is None
    assert len(drafts) == 2
    drafts.drop("a", "setup")
    assert drafts.get("a", "setup", str) is None
