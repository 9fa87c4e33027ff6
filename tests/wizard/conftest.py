"""Fixtures of the wizard tests: the app on a fresh data directory and a
client that already used the one-time token."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from caddie_mail_plugin.wizard import create_app

from wizard_helpers import SECRET, TOKEN, RecordingClient


@pytest.fixture
def make_app(data_dir: Path) -> Callable[..., Flask]:
    def factory(**config: Any) -> Flask:
        settings = {"DATA_DIR": data_dir, "ACCESS_TOKEN": TOKEN, "WTF_CSRF_ENABLED": False, "TESTING": True}
        app = create_app({**settings, **config})
        app.test_client_class = RecordingClient
        return app

    return factory


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> Iterator[RecordingClient]:
    """Logged in with the token; at the end, no page may have shown the secret."""
    test_client = app.test_client()
    assert isinstance(test_client, RecordingClient)
    assert test_client.get(f"/?token={TOKEN}").status_code == 302
    yield test_client
    leaks = [body for body in test_client.bodies if SECRET in body]
    assert not leaks, "the password appeared in a page"


@pytest.fixture
def english(client: RecordingClient) -> RecordingClient:
    client.post("/language", data={"lang": "en", "next": "/"})
    return client
