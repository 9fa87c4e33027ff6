"""Forms of the everyday pages: servers, test mail, blacklist, login, language."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm  # type: ignore[import-untyped]
from wtforms import (  # type: ignore[import-untyped]
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError  # type: ignore[import-untyped]

from ..addresses import parse_mailbox
from ..exceptions import CaddieMailError
from ..storage.blacklist_store import BlacklistScope
from .form_fields import choice, mail_address, mailbox, no_line_breaks, strip
from .forms import ServerForm
from .i18n import LANGUAGES, _l

MAX_TEST_RECIPIENTS = 10


class ServerEditForm(ServerForm):
    service_mode: bool = False

    office365_ack = BooleanField(_l("Microsoft 365 limits acknowledged (only needed for a Microsoft 365 server)"))

    def validate_office365_ack(self, field: Any) -> None:
        if self.is_microsoft365 and not field.data:
            raise ValidationError(_l("This is a Microsoft 365 server: read its limits on this page and tick the "
                                     "box, or choose another server."))

    def validate_host(self, field: Any) -> None:
        if self.service_mode and self.is_microsoft365:
            raise ValidationError(_l("Mail is sent by the service, which cannot send through Microsoft 365. "
                                     "Choose another server, or switch to direct sending in the setup first."))


class TestMailForm(FlaskForm):  # type: ignore[misc]
    __test__ = False  # not a pytest test class
    sender = StringField(_l("From"), [InputRequired(_l("Enter the sender, e.g. sekretariat@golfclub-example.de.")),
                                      mailbox, no_line_breaks])
    to = StringField(_l("To"), [InputRequired(_l("Enter at least one recipient.")), no_line_breaks],
                     description=_l("One or more addresses, separated by commas."))
    subject = StringField(_l("Subject"), [InputRequired(_l("Enter a subject.")),
                                          Length(max=200, message=_l("Use at most 200 characters.")),
                                          no_line_breaks])
    body = TextAreaField(_l("Text"), [InputRequired(_l("Enter the text of the test mail.")),
                                      Length(max=10000, message=_l("Use at most 10000 characters."))])

    def validate_to(self, field: Any) -> None:
        addresses = self.recipients()
        if len(addresses) > MAX_TEST_RECIPIENTS:
            raise ValidationError(_l("A test mail goes to at most 10 recipients."))
        try:
            for address in addresses:
                parse_mailbox(address)
        except CaddieMailError:
            raise ValidationError(_l("Enter e-mail addresses separated by commas, e.g. max@example.org.")) from None

    def recipients(self) -> list[str]:
        return [part.strip() for part in (self.to.data or "").split(",") if part.strip()]


class RoutePreviewForm(FlaskForm):  # type: ignore[misc]
    """Only reads; sent with GET, so it needs no CSRF token."""

    class Meta:
        csrf = False

    sender = StringField(_l("Sender"), [InputRequired(_l("Enter a sender address.")), mailbox, no_line_breaks],
                         description=_l("E.g. Sekretariat <sekretariat@golfclub-example.de>"))


def sender_domain(form: Any, field: Any) -> None:
    """A domain name (IDN allowed), or a complete address whose domain is meant."""
    from ..addresses import domain_key

    value = (field.data or "").strip()
    field.data = value.rpartition("@")[2]
    try:
        if "." not in domain_key(field.data):
            raise CaddieMailError("no dot")
    except CaddieMailError:
        raise ValidationError(_l("Enter the sender domain, e.g. golfclub-example.de.")) from None


class DomainCheckForm(FlaskForm):  # type: ignore[misc]
    """Only reads; sent with GET, so it needs no CSRF token."""

    class Meta:
        csrf = False

    domain = StringField(_l("Sender domain"), [InputRequired(_l("Enter the sender domain.")), no_line_breaks,
                                               sender_domain],
                         description=_l("The part after the @ of the club's sender address."))


SCOPE_CHOICES = [
    choice(BlacklistScope.ALL.value, _l("No mail at all")),
    choice(BlacklistScope.NEWSLETTER.value, _l("No newsletters (invoices and confirmations still arrive)")),
]
REASON_REQUIRED = _l("Give a reason; it is kept in the entry's history.")


def _reason(label: Any) -> Any:
    return StringField(label, [DataRequired(REASON_REQUIRED),
                               Length(max=300, message=_l("Use at most 300 characters.")), no_line_breaks],
                       filters=[strip])


class BlacklistSearchForm(FlaskForm):  # type: ignore[misc]
    """Only reads; sent with GET, so it needs no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), [Length(max=254, message=_l("Use at most 254 characters."))],
                    description=_l("The beginning of an address, of a part of it, or of a domain."))


class BlacklistAddForm(FlaskForm):  # type: ignore[misc]
    address = StringField(_l("Address"), [InputRequired(_l("Enter the address to block.")), mail_address])
    reason = _reason(_l("Reason"))
    scope = RadioField(_l("Blocks"), choices=SCOPE_CHOICES, default=BlacklistScope.ALL.value,
                       validators=[InputRequired(_l("Choose what the entry blocks."))])


class BlacklistEditForm(FlaskForm):  # type: ignore[misc]
    reason = _reason(_l("Reason for the change"))
    scope = RadioField(_l("Blocks"), choices=SCOPE_CHOICES,
                       validators=[InputRequired(_l("Choose what the entry blocks."))])


class BlacklistRemoveForm(FlaskForm):  # type: ignore[misc]
    reason = _reason(_l("Reason for the removal"))


class LoginForm(FlaskForm):  # type: ignore[misc]
    password = PasswordField(_l("Admin password"), [InputRequired(_l("Enter the admin password."))])


class LanguageForm(FlaskForm):  # type: ignore[misc]
    lang = HiddenField(validators=[InputRequired()])
    next = HiddenField()

    def validate_lang(self, field: Any) -> None:
        if field.data not in LANGUAGES:
            raise ValidationError(_l("Choose Deutsch or English."))
