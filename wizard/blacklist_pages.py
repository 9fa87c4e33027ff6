"""The blacklist: search with pages, add, edit, remove (reason required)
and each entry's history.  Every change is recorded with who, when, why."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..addresses import parse_address
from ..exceptions import CaddieMailError
from ..storage.blacklist_store import BlacklistEntry, BlacklistScope
from .context import wizard_context
from .forms_admin import BlacklistAddForm, BlacklistEditForm, BlacklistRemoveForm, BlacklistSearchForm
from .i18n import _

blacklist = Blueprint("blacklist", __name__, url_prefix="/blacklist")
WHO = "wizard"


def _entry_or_404() -> BlacklistEntry:
    try:
        key = parse_address(request.args.get("address", "")).key
    except CaddieMailError:
        abort(404)
    entry = wizard_context().blacklist_view.entry(key)
    if entry is None:
        abort(404)
    return entry


@blacklist.get("/")
def index() -> str:
    search = BlacklistSearchForm(request.args)
    query = search.q.data if search.validate() else ""
    page = wizard_context().blacklist_view.search(query or "", request.args.get("page", 1, type=int) or 1)
    return render_template("blacklist/list.html", search=search, page=page, form=BlacklistAddForm())


@blacklist.post("/add")
def add() -> Response | str:
    form = BlacklistAddForm()
    if form.validate():
        address = form.address.data.strip()
        if wizard_context().blacklist_view.entry(parse_address(address).key) is not None:
            form.address.errors.append(_("This address is on the blacklist already; change its entry with Edit."))
        else:
            try:
                entry = wizard_context().blacklist.add(address, reason=form.reason.data,
                                                       scope=BlacklistScope(form.scope.data), who=WHO)
            except CaddieMailError as error:
                form.address.errors.append(str(error))
            else:
                flash(_("%(address)s is on the blacklist now.", address=entry.address), "success")
                return redirect(url_for(".index", q=entry.key))
    page = wizard_context().blacklist_view.search("", 1)
    return render_template("blacklist/list.html", search=BlacklistSearchForm(formdata=None), page=page, form=form)


@blacklist.route("/edit", methods=["GET", "POST"])
def edit() -> Response | str:
    entry = _entry_or_404()
    form = BlacklistEditForm(data={"scope": entry.scope.value} if request.method == "GET" else None)
    if form.validate_on_submit():
        wizard_context().blacklist.edit(entry.key, reason=form.reason.data.strip(),
                                        scope=BlacklistScope(form.scope.data), who=WHO)
        flash(_("The entry for %(address)s is changed.", address=entry.address), "success")
        return redirect(url_for(".index", q=entry.key))
    return render_template("blacklist/edit.html", entry=entry, form=form)


@blacklist.route("/remove", methods=["GET", "POST"])
def remove() -> Response | str:
    entry = _entry_or_404()
    form = BlacklistRemoveForm()
    if form.validate_on_submit():
        wizard_context().blacklist.remove(entry.key, reason=form.reason.data.strip(), who=WHO)
        flash(_("%(address)s is no longer on the blacklist.", address=entry.address), "success")
        return redirect(url_for(".index"))
    return render_template("blacklist/remove.html", entry=entry, form=form)


@blacklist.get("/history")
def history() -> str:
    try:
        address = parse_address(request.args.get("address", "")).display
    except CaddieMailError:
        abort(404)
    changes = wizard_context().blacklist.history(address)
    if not changes:
        abort(404)
    return render_template("blacklist/history.html", address=address, changes=changes,
                           entry=wizard_context().blacklist_view.entry(parse_address(address).key))
