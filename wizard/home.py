"""The start page (state of the module, mail per day), language and login."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import Blueprint, current_app, flash, redirect, render_template, request, session
from werkzeug.wrappers import Response

from .access import access_gate, password_matches
from .chart import DAYS, count_per_day, draw
from .context import wizard_context
from .forms_admin import LanguageForm, LoginForm
from .i18n import _, local_target

home = Blueprint("home", __name__)
language = Blueprint("language", __name__)
login = Blueprint("login", __name__)


@home.get("/")
def index() -> str:
    context = wizard_context()
    today = datetime.now(timezone.utc).date()
    records = context.delivery_log().records(since=today - timedelta(days=DAYS - 1))
    return render_template(
        "home.html",
        servers=context.config.servers(),
        settings=context.config.settings(),
        sender=context.config.section("sender"),
        chart=draw(count_per_day(records, today)),
        blacklisted=len(context.blacklist_view),
        inbox=context.inbox,
    )


@language.post("/language")
def switch() -> Response:
    form = LanguageForm()
    if form.validate():
        session["lang"] = form.lang.data
    return redirect(local_target(form.next.data))


@login.route("/login", methods=["GET", "POST"])
def login_page() -> Response | str | tuple[str, int]:
    form = LoginForm()
    gate = access_gate()
    if gate.login_blocked():
        return render_template("login.html", form=None), 403
    if form.validate_on_submit():
        if password_matches(form.password.data, str(current_app.config["ADMIN_PASSWORD_HASH"])):
            session["admin"] = True
            return redirect(local_target(request.args.get("next")))
        gate.record_failure()
        flash(_("The password is not right."), "error")
    return render_template("login.html", form=form)
