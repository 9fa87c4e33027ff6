"""Step 5: every value on one page (password masked), then OK or Abbrechen.

OK checks every step again and stores everything in one atomic write;
Abbrechen throws the draft away and stores nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..addresses import parse_mailbox
from ..exceptions import CaddieMailError
from ..routing import resolve_server
from .access import session_id
from .context import wizard_context
from .explain import explain_error, explain_route
from .forms import ActionForm
from .i18n import _
from .setup_commit import SetupPlan, commit_setup, plan_setup
from .setup_draft import DRAFT_KIND, SetupDraft
from .setup_pages import current_draft, go
from .setup_steps import STEP_COUNT, STEPS, SUMMARY, flow, make_form


def checked_forms(draft: SetupDraft) -> tuple[dict[str, Any], list[str]]:
    """Every step's form rebuilt from the draft and checked; the steps that fail."""
    config = wizard_context().config
    forms = {key: make_form(key, draft, config, source=draft.step(key), csrf=False)
             for key in flow(draft) if key != SUMMARY}
    return forms, [key for key, form in forms.items() if not form.validate()]


def route_preview(plan: SetupPlan) -> str:
    """Which server will send mail from the sender given in step 2, and why."""
    servers = [s for s in wizard_context().config.servers() if s.name != plan.server.name]
    if plan.server.is_default:
        servers = [replace(s, is_default=False) for s in servers]
    sender = plan.sender.from_address
    try:
        decision = resolve_server(sender, [*servers, plan.server])
    except CaddieMailError as error:
        return explain_error(error).headline
    return _("Mails from %(sender)s go through %(server)s. %(reason)s", sender=sender,
             server=decision.server.name, reason=explain_route(decision, parse_mailbox(sender).display))


summary_page = Blueprint("summary", __name__, url_prefix="/setup")


@summary_page.route("/summary", methods=["GET", "POST"])
def summary() -> Response | str:
    draft = current_draft()
    forms, failing = checked_forms(draft)
    plan = None if failing else plan_setup(draft, forms, wizard_context().config)
    problem = None
    if request.method == "POST" and ActionForm().validate():
        action = request.form.get("action", "")
        if action.startswith("goto:") and action[5:] in flow(draft):
            return go(action[5:])
        if action == "cancel":
            wizard_context().drafts.drop(session_id(), DRAFT_KIND)
            flash(_("Cancelled: nothing was saved."), "info")
            return redirect(url_for("home.index"))
        if action == "ok" and plan is not None:
            try:
                commit_setup(wizard_context().config, plan)
            except CaddieMailError as error:
                problem = explain_error(error)
            else:
                wizard_context().drafts.drop(session_id(), DRAFT_KIND)
                flash(_("Saved. The mail module now works with these settings."), "success")
                return redirect(url_for("home.index"))
    settings = plan.settings(wizard_context().config.settings()) if plan else None
    return render_template(
        "setup/summary.html", form=ActionForm(), forms=forms, failing=failing, plan=plan, settings=settings,
        steps=STEPS, pages=flow(draft), step_count=STEP_COUNT, draft=draft,
        route=route_preview(plan) if plan else "", problem=problem,
    )
