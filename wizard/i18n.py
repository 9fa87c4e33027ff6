"""German first, English second: Flask-Babel set-up and the language switch.

Message ids are English; the German catalog (``translations/de``) is
committed as ``.po`` and compiled ``.mo`` (see :mod:`.catalogs`), so an
installed wheel needs no build step.  English needs no catalog: the ids are
the English text.  The language is German unless the admin switched it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import flask_babel  # type: ignore[import-untyped]
from flask import Flask, current_app, session, url_for

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

def _(text: str, **values: Any) -> str:
    """Translate ``text`` now (inside a request)."""
    return str(flask_babel.gettext(text, **values))


def _l(text: str, **values: Any) -> Any:
    """Translate ``text`` when it is rendered (labels and messages of forms)."""
    return flask_babel.lazy_gettext(text, **values)


def ngettext(singular: str, plural: str, number: int, **values: Any) -> str:
    return str(flask_babel.ngettext(singular, plural, number, **values))


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return str(chosen)
    return str(current_app.config.get("DEFAULT_LANGUAGE", DEFAULT_LANGUAGE))


def current_language() -> str:
    return str(flask_babel.get_locale() or DEFAULT_LANGUAGE)


def init_i18n(app: Flask) -> None:
    app.config.setdefault("DEFAULT_LANGUAGE", DEFAULT_LANGUAGE)
    flask_babel.Babel(
        app,
        default_locale=DEFAULT_LANGUAGE,
        default_translation_directories="translations",
        locale_selector=select_locale,
    )
    app.context_processor(lambda: {"current_language": current_language(), "languages": LANGUAGES})


def local_target(target: str | None) -> str:
    """``target`` if it is a path on this site, else the start page."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target \
                and not target.startswith("//"):
            return target
    return url_for("home.index")
