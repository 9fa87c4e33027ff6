""""Verbindung testen": connect, secure and log in, send no mail."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..exceptions import CaddieMailError
from ..async_bridge import run_sync
from ..models import Security, ServerConfig
from ..transport.smtp_client import check_server
from .explain import Explanation, explain_error
from .i18n import _

CHECK_TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str
    explanation: Explanation | None = None


def check_connection(server: ServerConfig) -> ConnectionCheck:
    """Try the server as configured; on failure keep the server's own answer."""
    server = replace(server, timeout=min(server.timeout, CHECK_TIMEOUT_SECONDS))
    try:
        run_sync(check_server(server))
    except CaddieMailError as error:
        return ConnectionCheck(False, _("The connection test failed."), explain_error(error))
    encrypted = server.security is not Security.NONE
    if server.username:
        message = _("Connection works: %(host)s:%(port)s answered (%(tls)s) and accepted the login of "
                    "%(user)s. No mail was sent.", host=server.host, port=server.port,
                    tls=_("encrypted") if encrypted else _("unencrypted"), user=server.username)
    else:
        message = _("Connection works: %(host)s:%(port)s answered (%(tls)s). No mail was sent.",
                    host=server.host, port=server.port, tls=_("encrypted") if encrypted else _("unencrypted"))
    return ConnectionCheck(True, message)
