"""The guided setup, one step per page; nothing is stored before OK.

Every button posts the page: its input goes into the server-side draft
first (valid or not), then "Weiter" checks it and moves on, "Zurück" and the
step buttons move without checking, and "Verbindung testen" checks the form
and tries the server.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from .access import session_id
from .connection_check import ConnectionCheck, check_connection
from .context import wizard_context
from .server_record import server_from_form, stored_server
from .setup_draft import DRAFT_KIND, SetupDraft, initial_draft
from .setup_steps import STEP_COUNT, STEPS, SUMMARY, flow, make_form, neighbour

setup = Blueprint("setup", __name__, url_prefix="/setup")


def current_draft() -> SetupDraft:
    context = wizard_context()
    draft = context.drafts.get(session_id(), DRAFT_KIND, SetupDraft)
    if draft is None:
        draft = initial_draft(context.config)
        context.drafts.put(session_id(), DRAFT_KIND, draft)
    return draft


def save_draft(draft: SetupDraft) -> None:
    wizard_context().drafts.put(session_id(), DRAFT_KIND, draft)


def go(key: str) -> Response:
    if key == SUMMARY:
        return redirect(url_for("summary.summary"))
    return redirect(url_for("setup.step", key=key))


@setup.get("/")
def start() -> Response:
    return go("server")


@setup.route("/<key>", methods=["GET", "POST"])
def step(key: str) -> Response | str:
    if key not in STEPS:
        abort(404)
    draft = current_draft()
    if key not in flow(draft):
        return go(neighbour(draft, "server", 1))
    config = wizard_context().config
    if request.method == "GET":
        return render_step(key, draft, make_form(key, draft, config, source=draft.step(key)))
    form = make_form(key, draft, config)
    draft = draft.with_input(key, request.form.to_dict(), set(form._fields))
    save_draft(draft)
    action = request.form.get("action", "next")
    if action == "back":
        return go(neighbour(draft, key, -1))
    if action.startswith("goto:") and action[5:] in flow(draft):
        return go(action[5:])
    if not form.validate():
        return render_step(key, draft, form)
    if action == "test" and key == "server":
        return render_step(key, draft, form, check=test_connection(form, draft))
    return go(neighbour(draft, key, 1))


def test_connection(form: Any, draft: SetupDraft) -> ConnectionCheck:
    stored = stored_server(wizard_context().config.servers(), form.name.data)
    password = draft.password or (None if draft.clears_password or stored is None else stored.password)
    return check_connection(server_from_form(form, stored=stored, password=password, office365_ack=False))


def render_step(key: str, draft: SetupDraft, form: Any, check: ConnectionCheck | None = None) -> str:
    stored = stored_server(wizard_context().config.servers(), draft.server_name)
    return render_template(
        STEPS[key].template,
        form=form,
        step=STEPS[key],
        steps=STEPS,
        pages=flow(draft),
        step_count=STEP_COUNT,
        draft=draft,
        check=check,
        has_password=bool(draft.password or (stored and stored.password and not draft.clears_password)),
    )
