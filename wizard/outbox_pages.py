"""The service's outbox: queued, sent, failed and cancelled mails, each
mail's attempts with the server's last answer; retry and cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..exceptions import CaddieMailError
from ..service.state import OutboxStatus, QueuedMail
from .context import wizard_context
from .forms import ActionForm
from .i18n import _

outbox = Blueprint("outbox", __name__, url_prefix="/outbox")
PAGE_SIZE = 50


def status_names() -> dict[str, str]:
    return {OutboxStatus.QUEUED.value: _("waiting"), OutboxStatus.SENT.value: _("sent"),
            OutboxStatus.FAILED.value: _("failed"), OutboxStatus.CANCELLED.value: _("cancelled")}


def when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%d.%m.%Y %H:%M:%S") if timestamp else "–"


def _mail_or_404(mail_id: str) -> QueuedMail:
    found = wizard_context().outbox.get(mail_id)
    if found is None:
        abort(404)
    return found


@outbox.get("/")
def index() -> str:
    chosen = request.args.get("status", "")
    status = OutboxStatus(chosen) if chosen in {s.value for s in OutboxStatus} else None
    everything = wizard_context().outbox.mails()
    counts = {s.value: sum(1 for m in everything if m.status is s) for s in OutboxStatus}
    shown = sorted((m for m in everything if status is None or m.status is status), key=lambda m: -m.created)
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    return render_template("outbox/list.html", mails=shown[(page - 1) * PAGE_SIZE:page * PAGE_SIZE],
                           counts=counts, status=status.value if status else "", page=page, pages=pages,
                           names=status_names(), when=when, total=len(everything))


@outbox.get("/<mail_id>")
def show(mail_id: str) -> str:
    return render_template("outbox/show.html", mail=_mail_or_404(mail_id), form=ActionForm(),
                           names=status_names(), when=when)


@outbox.post("/<mail_id>/retry")
def retry(mail_id: str) -> Response:
    mail = _mail_or_404(mail_id)
    if ActionForm().validate():
        _change(mail, wizard_context().outbox.retry, _("The service tries this mail again now."))
    return redirect(url_for(".show", mail_id=mail.id))


@outbox.route("/<mail_id>/cancel", methods=["GET", "POST"])
def cancel(mail_id: str) -> Response | str:
    mail = _mail_or_404(mail_id)
    form = ActionForm()
    if form.validate_on_submit():
        _change(mail, lambda mail_id: wizard_context().outbox.cancel(mail_id, "cancelled in the wizard"),
                _("The mail is cancelled; it will not be sent."))
        return redirect(url_for(".show", mail_id=mail.id))
    return render_template("outbox/cancel.html", mail=mail, form=form, when=when)


def _change(mail: QueuedMail, action: Callable[[str], None], done: str) -> None:
    if mail.status is not OutboxStatus.QUEUED:
        flash(_("This mail is no longer waiting (%(status)s); there is nothing to do.",
                status=status_names()[mail.status.value]), "error")
        return
    try:
        action(mail.id)
    except CaddieMailError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
