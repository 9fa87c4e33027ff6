"""Serving the wizard: a threaded local HTTP server, and the demo set-up.

Used by ``caddie-mail wizard`` (which blocks in :meth:`WizardServer.serve`)
and by the browser tests (which run it in a thread and :meth:`stop` it).
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from ..local_inbox import LOCAL_SERVER_NAME, LocalInbox
from ..storage.config_store import ConfigStore
from .app import create_app

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def start_demo_inbox(data_dir: Path) -> LocalInbox:
    """Start the local test inbox and store it as server "Lokaler Testserver";
    it becomes the default unless another server is the default already."""
    inbox = LocalInbox(data_dir).start()
    config = ConfigStore(data_dir)
    other_default = any(s.is_default and s.name != LOCAL_SERVER_NAME for s in config.servers())
    config.add_server(inbox.server_config(is_default=not other_default), replace_existing=True)
    return inbox


@dataclass
class WizardServer:
    app: Flask
    http: BaseWSGIServer
    token: str
    _thread: threading.Thread | None = None

    @classmethod
    def create(cls, host: str = LOOPBACK, port: int = 0, **config: Any) -> WizardServer:
        token = secrets.token_urlsafe(32)
        app = create_app({**config, "ACCESS_TOKEN": token})
        http = make_server(host, port, app, threaded=True)
        # Cookies do not tell ports apart: name the session after the port.
        app.config["SESSION_COOKIE_NAME"] = f"caddie_mail_wizard_{http.server_port}"
        return cls(app, http, token)

    @property
    def base_url(self) -> str:
        host = self.http.host
        shown = LOOPBACK if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.http.server_port}"

    @property
    def start_url(self) -> str:
        return f"{self.base_url}/?token={self.token}"

    def serve(self) -> None:
        self.http.serve_forever()

    def start_in_thread(self) -> WizardServer:
        self._thread = threading.Thread(target=self.serve, name="caddie-mail-wizard", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
