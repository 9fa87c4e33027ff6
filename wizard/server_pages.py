"""Everyday server pages: the list (default marked *), set default, add,
edit and delete (after a confirmation).  Each change is saved at once."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..exceptions import CaddieMailError
from ..models import DispatchMode, ServerConfig
from ..office365 import is_microsoft365
from .context import wizard_context
from .forms import ActionForm
from .forms_admin import ServerEditForm
from .i18n import _
from .server_record import server_from_form, stored_server

servers = Blueprint("servers", __name__, url_prefix="/servers")


def _server_or_404(name: str | None) -> ServerConfig:
    found = stored_server(wizard_context().config.servers(), name or "")
    if found is None:
        abort(404)
    return found


@servers.get("/")
def index() -> str:
    listed = wizard_context().config.servers()
    return render_template("servers/list.html", servers=listed, form=ActionForm(),
                           microsoft365={s.name for s in listed if is_microsoft365(s)})


@servers.post("/default")
def set_default() -> Response:
    server = _server_or_404(request.form.get("name"))
    if ActionForm().validate():
        wizard_context().config.set_default(server.name)
        flash(_("%(name)s is now the default server.", name=server.name), "success")
    return redirect(url_for(".index"))


@servers.route("/new", methods=["GET", "POST"])
def new() -> Response | str:
    return _edit(None)


@servers.route("/edit", methods=["GET", "POST"])
def edit() -> Response | str:
    return _edit(_server_or_404(request.args.get("name")))


def _edit(stored: ServerConfig | None) -> Response | str:
    config = wizard_context().config
    form = ServerEditForm(data=_form_data(stored) if stored and request.method == "GET" else None)
    form.other_servers = config.servers()
    form.service_mode = config.settings().dispatch is DispatchMode.SERVICE
    if form.validate_on_submit() and _name_allowed(form, stored):
        password = form.password.data or (None if form.clear_password.data or stored is None else stored.password)
        server = server_from_form(form, stored=stored, password=password, office365_ack=bool(form.office365_ack.data))
        try:
            config.add_server(server, replace_existing=stored is not None)
        except CaddieMailError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("The server %(name)s is saved.", name=server.name), "success")
            return redirect(url_for(".index"))
    return render_template("servers/edit.html", form=form, stored=stored,
                           has_password=bool(stored and stored.password))


def _name_allowed(form: Any, stored: ServerConfig | None) -> bool:
    name = form.name.data.strip()
    if stored is not None and name != stored.name:
        form.name.errors.append(_("The name cannot be changed here. To rename, add a new server and delete "
                                  "this one."))
        return False
    if stored is None and stored_server(wizard_context().config.servers(), name) is not None:
        form.name.errors.append(_("A server with this name exists already; choose another name."))
        return False
    return True


def _form_data(server: ServerConfig) -> dict[str, Any]:
    return {"name": server.name, "host": server.host, "port": server.port, "security": server.security.value,
            "username": server.username or "", "sender_filter": server.sender_filter or "",
            "is_default": server.is_default, "office365_ack": server.office365_ack}


@servers.route("/delete", methods=["GET", "POST"])
def delete() -> Response | str:
    server = _server_or_404(request.values.get("name"))
    form = ActionForm()
    if form.validate_on_submit():
        wizard_context().config.remove_server(server.name)
        flash(_("The server %(name)s is deleted.", name=server.name), "success")
        return redirect(url_for(".index"))
    return render_template("servers/delete.html", server=server, form=form)
