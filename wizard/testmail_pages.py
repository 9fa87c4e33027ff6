"""Send a test mail.  While test mode is on, the wizard first asks
"Noch testen" or "Definitiv versenden" and passes the answer to the core
through the ``confirm_send_for_real`` hook."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..exceptions import CaddieMailError
from ..hookspecs import hookimpl
from ..mailer import Mailer
from ..plugin_manager import make_plugin_manager
from ..results import SendResult
from ..test_question import TestModeQuestion
from .access import session_id
from .context import wizard_context
from .explain import Explanation, explain_error
from .forms import ActionForm
from .forms_admin import TestMailForm
from .i18n import _
from .setup_commit import SenderIdentity
from .setup_draft import SENDER_SECTION

testmail = Blueprint("testmail", __name__, url_prefix="/testmail")
PENDING_KIND = "testmail"


@dataclass(frozen=True)
class PendingTestMail:
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str


class AdminAnswer:
    """The admin's button, as the answer to the test-mode question."""

    def __init__(self, for_real: bool) -> None:
        self.for_real = for_real

    @hookimpl(tryfirst=True)
    def confirm_send_for_real(self, question: TestModeQuestion) -> bool:
        return self.for_real


def send_test_mail(mail: PendingTestMail, *, for_real: bool) -> tuple[SendResult | None, Explanation | None]:
    context = wizard_context()
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = ", ".join(mail.recipients)
    reply_to = context.config.section(SENDER_SECTION).get("reply_to")
    if reply_to:
        message["Reply-To"] = str(reply_to)
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    mailer = Mailer(context.data_dir, plugin_manager=make_plugin_manager(plugins=[AdminAnswer(for_real)]))
    try:
        return mailer.send(message), None
    except CaddieMailError as error:
        return None, explain_error(error)


@testmail.route("/", methods=["GET", "POST"])
def compose() -> Response | str:
    context = wizard_context()
    settings = context.config.settings()
    sender = SenderIdentity(**{k: str(v or "") for k, v in context.config.section(SENDER_SECTION).items()
                               if k in ("real_name", "from_address", "reply_to")})
    form = TestMailForm(data=None if request.method == "POST" else {
        "sender": sender.formatted(),
        "to": "",
        "subject": _("Test mail from the mail setup"),
        "body": _("This is a test mail. If it arrived, sending works."),
    })
    if form.validate_on_submit():
        mail = PendingTestMail(form.sender.data.strip(), tuple(form.recipients()), form.subject.data.strip(),
                               form.body.data)
        if settings.test_mode:
            context.drafts.put(session_id(), PENDING_KIND, mail)
            return redirect(url_for(".confirm"))
        result, problem = send_test_mail(mail, for_real=False)
        return render_template("testmail/result.html", result=result, problem=problem, mail=mail)
    return render_template("testmail/compose.html", form=form, settings=settings)


@testmail.route("/confirm", methods=["GET", "POST"])
def confirm() -> Response | str:
    context = wizard_context()
    mail = context.drafts.get(session_id(), PENDING_KIND, PendingTestMail)
    if mail is None:
        return redirect(url_for(".compose"))
    form = ActionForm()
    if form.validate_on_submit() and request.form.get("action") in ("test", "real"):
        context.drafts.drop(session_id(), PENDING_KIND)
        result, problem = send_test_mail(mail, for_real=request.form["action"] == "real")
        return render_template("testmail/result.html", result=result, problem=problem, mail=mail)
    return render_template("testmail/confirm.html", form=form, mail=mail, settings=context.config.settings())
