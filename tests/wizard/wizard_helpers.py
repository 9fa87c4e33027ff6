"""What the wizard tests share: a test client that records every page it got,
the values of a complete setup, and small readers for pages and stores."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from caddie_mail_plugin.storage.config_store import ConfigStore

TOKEN = "test-token-0123456789"
SECRET = "Gehe1m-Passw0rt!"  # must never appear in any page


class RecordingClient(FlaskClient):
    """A Flask test client that keeps the body of every response."""

    bodies: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = []

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        response = super().open(*args, **kwargs)
        self.bodies.append(response.get_data(as_text=True))
        return response


def text(response: TestResponse) -> str:
    """The visible text of a page, tags removed and entities decoded."""
    body = response.get_data(as_text=True)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def csrf_token(response: TestResponse) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                      response.get_data(as_text=True))
    assert found, "no CSRF token on the page"
    return found.group(1) or found.group(2)


def server_step(port: int, **changes: str) -> dict[str, str]:
    values = {"name": "Vereinsserver", "host": "127.0.0.1", "port": str(port), "security": "none",
              "username": "", "password": "", "sender_filter": "golfclub-example.de", "is_default": "y"}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


SENDER_STEP = {"real_name": "Golfclub Example – Sekretariat", "from_address": "sekretariat@golfclub-example.de",
               "reply_to": "info@golfclub-example.de"}
DISPATCH_STEP = {"dispatch": "direct", "mail_timer_count": "10", "mail_timer_delay": "60"}
TEST_MODE_STEP = {"test_mode": "y", "test_address": "test@golfclub-example.de"}


def post_step(client: FlaskClient, key: str, data: dict[str, str], action: str = "next") -> TestResponse:
    return client.post(f"/setup/{key}", data={**data, "action": action})


def walk_setup(client: FlaskClient, server: dict[str, str], sender: dict[str, str] = SENDER_STEP,
               dispatch: dict[str, str] = DISPATCH_STEP, test_mode: dict[str, str] = TEST_MODE_STEP) -> TestResponse:
    """Fill in steps 1 to 4 and return the summary page."""
    for key, data in (("server", server), ("sender", sender), ("dispatch", dispatch), ("test_mode", test_mode)):
        response = post_step(client, key, data)
        assert response.status_code == 302, text(response)
    return client.get("/setup/summary")


def config_file(data_dir: Path) -> Path:
    return data_dir / "config.json"


def stored(data_dir: Path) -> ConfigStore:
    return ConfigStore(data_dir)
