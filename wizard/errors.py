"""Errors as text: what happened and what to do, never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError  # type: ignore[import-untyped]
from werkzeug.exceptions import HTTPException, InternalServerError

from ..exceptions import CaddieMailError
from .i18n import _


def _explanation(code: int) -> tuple[str, str]:
    texts = {
        400: (_("The request could not be understood."),
              _("Go back, reload the page and try again.")),
        403: (_("Access denied."),
              _("Open the link that 'caddie-mail wizard' printed when it started. The link works "
                "once; to get a new one, stop the wizard and start it again.")),
        404: (_("This page does not exist."), _("Use the navigation above to find your way.")),
        405: (_("This page cannot be used like that."), _("Use the buttons on the page instead.")),
    }
    return texts.get(code, (_("Something went wrong inside the wizard."),
                            _("Nothing was changed by this request. Try again; if it keeps "
                              "happening, restart the wizard.")))


def _page(code: int, title: str, advice: str) -> tuple[str, int]:
    return render_template("error.html", code=code, title=title, advice=advice), code


def http_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    return _page(code, *_explanation(code))


def csrf_error(error: CSRFError) -> tuple[str, int]:
    return _page(400, _("The form has expired or did not come from this wizard."),
                 _("Nothing was changed. Reload the page and fill in the form again."))


def mail_error(error: CaddieMailError) -> tuple[str, int]:
    return _page(409, _("The mail module refused this change."), str(error))


def unexpected_error(error: Exception) -> tuple[str, int]:
    if isinstance(error, HTTPException):
        return http_error(error)
    current_app.logger.exception("Unexpected error in the wizard")
    return http_error(InternalServerError())


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(CaddieMailError, mail_error)
    app.register_error_handler(Exception, unexpected_error)
