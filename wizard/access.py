"""Who may use the wizard: the holder of the one-time link, then a session.

The command prints a URL with an access token.  The first request carrying
it opens a session (cookie: HttpOnly, SameSite=Strict) and uses the token
up; the browser is sent on to the same page without the token, so it stays
out of the history.  Every other request without that session is refused.
When the wizard listens beyond this computer (``--allow-remote``), the
session must also log in with the admin password.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from typing import Any

from flask import Flask, abort, current_app, redirect, request, session, url_for
from werkzeug.wrappers import Response

TOKEN_PARAMETER = "token"
OPEN_ENDPOINTS = frozenset({"static"})
LOGIN_ENDPOINTS = frozenset({"login.login_page", "language.switch"})
MAX_LOGIN_FAILURES = 10
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """A salted scrypt hash to keep in the app's config instead of the password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        kind, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


class AccessGate:
    """The one-time token and the count of failed logins of one app."""

    def __init__(self, token: str) -> None:
        self._token = token
        self._used = False
        self._lock = threading.Lock()
        self.login_failures = 0

    def redeem(self, offered: str) -> bool:
        """True exactly once: for the first request that offers the token."""
        with self._lock:
            if self._used or not hmac.compare_digest(offered.encode(), self._token.encode()):
                return False
            self._used = True
            return True

    def record_failure(self) -> None:
        with self._lock:
            self.login_failures += 1

    def login_blocked(self) -> bool:
        return self.login_failures >= MAX_LOGIN_FAILURES


def access_gate() -> AccessGate:
    gate = current_app.extensions["caddie_mail_access"]
    assert isinstance(gate, AccessGate)
    return gate


def session_id() -> str:
    """The random id that keys this session's drafts (set when access is granted)."""
    return str(session["sid"])


def needs_password() -> bool:
    return bool(current_app.config.get("ADMIN_PASSWORD_HASH"))


def check_access() -> Response | None:
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    offered = request.args.get(TOKEN_PARAMETER)
    if not session.get("granted"):
        if offered is None or not access_gate().redeem(offered):
            abort(403)
        session.clear()
        session.update(granted=True, sid=secrets.token_urlsafe(24))
    if offered is not None:
        values: dict[str, Any] = {k: v for k, v in request.args.items() if k != TOKEN_PARAMETER}
        values.update(request.view_args or {})
        return redirect(url_for(request.endpoint or "home.index", **values))
    if needs_password() and not session.get("admin") and request.endpoint not in LOGIN_ENDPOINTS:
        return redirect(url_for("login.login_page", next=request.full_path))
    return None


def init_access(app: Flask) -> None:
    token = app.config.get("ACCESS_TOKEN") or secrets.token_urlsafe(32)
    app.config["ACCESS_TOKEN"] = token
    app.extensions["caddie_mail_access"] = AccessGate(token)
    app.before_request(check_access)
