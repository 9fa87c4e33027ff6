"""The app factory: ``create_app(config=None)``.

Configuration keys beside Flask's own:

``DATA_DIR``             the data directory (default: as for every caddie-mail command)
``ACCESS_TOKEN``         the one-time token of the start URL (default: a random one)
``ADMIN_PASSWORD_HASH``  from :func:`.access.hash_password`; required by ``--allow-remote``
``LOCAL_INBOX``          a running :class:`~caddie_mail_plugin.local_inbox.LocalInbox`, if any
``BLACKLIST_PAGE_SIZE``  entries per blacklist page (50)
``DEFAULT_LANGUAGE``     ``de`` (or ``en``)
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect  # type: ignore[import-untyped]
from jinja2 import StrictUndefined

from ..office365 import LIMITS, WAYS_OUT
from ..storage.data_dir import resolve_data_dir
from .access import init_access
from .blacklist_pages import blacklist
from .context import EXTENSION, WizardContext
from .domain_pages import domain
from .errors import init_errors
from .headers import init_headers
from .home import home, language, login
from .i18n import init_i18n
from .inbox_pages import inbox
from .limits_pages import limits
from .outbox_pages import outbox
from .routing_preview import routing
from .server_pages import servers
from .setup_pages import setup
from .setup_summary import summary_page
from .testmail_pages import testmail

BLUEPRINTS = (home, language, login, setup, summary_page, servers, routing, domain, testmail, inbox, outbox,
              limits, blacklist)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        SESSION_COOKIE_NAME="caddie_mail_wizard",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=1024 * 1024,
        DATA_DIR=None,
        ACCESS_TOKEN=None,
        ADMIN_PASSWORD_HASH=None,
        LOCAL_INBOX=None,
        BLACKLIST_PAGE_SIZE=50,
    )
    app.config.update(config or {})
    context = WizardContext.open(resolve_data_dir(app.config["DATA_DIR"]), inbox=app.config["LOCAL_INBOX"],
                                 page_size=int(app.config["BLACKLIST_PAGE_SIZE"]))
    app.extensions[EXTENSION] = context
    app.jinja_env.undefined = StrictUndefined
    init_access(app)  # first: a request without access is refused before anything else runs
    CSRFProtect(app)
    init_i18n(app)
    init_headers(app)
    init_errors(app)
    app.context_processor(lambda: {"office365_limits": LIMITS, "office365_ways_out": WAYS_OUT})
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app
