"""Routing preview: enter a sender, see which server sends and why."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..addresses import parse_mailbox
from ..exceptions import CaddieMailError
from ..routing import resolve_server
from .context import wizard_context
from .explain import explain_error, explain_route
from .forms_admin import RoutePreviewForm

routing = Blueprint("routing", __name__, url_prefix="/routing")


@routing.get("/")
def preview() -> str:
    form = RoutePreviewForm(request.args)
    decision = explanation = reason = None
    if "sender" in request.args and form.validate():
        try:
            decision = resolve_server(form.sender.data, wizard_context().config.servers())
            reason = explain_route(decision, parse_mailbox(form.sender.data).display)
        except CaddieMailError as error:
            explanation = explain_error(error)
    return render_template("routing.html", form=form, decision=decision, reason=reason,
                           explanation=explanation, servers=wizard_context().config.servers())
