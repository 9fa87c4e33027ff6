"""The domain report: SPF, DKIM, DMARC and the provider of a sender domain.

Runs the same report as ``caddie-mail check-domain`` (through the name server
set with ``caddie-mail dns-settings``, else the system's), for the server
that sends for the domain, and shows each line with what to do next.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..domain_check import plan_domain_check, run_domain_check
from ..exceptions import CaddieMailError
from ..async_bridge import run_sync
from .context import wizard_context
from .explain import explain_error
from .forms_admin import DomainCheckForm
from .i18n import current_language

domain = Blueprint("domain", __name__, url_prefix="/domain")


@domain.get("/")
def report() -> str:
    form = DomainCheckForm(request.args)
    result = explanation = plan = None
    if "domain" in request.args and form.validate():
        context = wizard_context()
        try:
            plan = plan_domain_check(context.config, context.data_dir, form.domain.data)
            result = run_sync(run_domain_check(plan))
        except CaddieMailError as error:
            explanation = explain_error(error)
    return render_template("domain.html", form=form, report=result, plan=plan, explanation=explanation,
                           lang=current_language())
