"""The setup's forms, one per step, and the server form the server pages reuse.

Every form is a Flask-WTF form (CSRF token on every POST).  Buttons are
plain ``<button name="action">`` elements in the templates.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm  # type: ignore[import-untyped]
from wtforms import BooleanField, PasswordField, RadioField, StringField  # type: ignore[import-untyped]
from wtforms.validators import (  # type: ignore[import-untyped]
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..addresses import filter_key
from ..models import DispatchMode, Security, ServerConfig
from ..office365 import is_microsoft365_host
from .form_fields import (
    Between,
    choice,
    NumberField,
    RequiredWhen,
    host_name,
    is_loopback_host,
    mail_address,
    no_line_breaks,
    sender_filter,
)
from .i18n import _l

FILTER_RULE = _l(
    "Step 1: a mail goes through the server whose filter matches its sender; a complete "
    "address beats a domain. Step 2: otherwise the default server sends it. Leave the "
    "filter empty if this server should only send as the default."
)


class ServerForm(FlaskForm):  # type: ignore[misc]
    other_servers: tuple[ServerConfig, ...] = ()

    name = StringField(_l("Name"), [InputRequired(_l("Give the server a name, e.g. Vereinsserver.")),
                                    Length(max=60, message=_l("Use at most 60 characters.")), no_line_breaks],
                       description=_l("How the server is called in lists, e.g. Vereinsserver."))
    host = StringField(_l("Server (host)"), [InputRequired(_l("Enter the server's name, e.g. "
                                                               "mail.golfclub-example.de.")), host_name],
                       description=_l("The SMTP server's name or IP address, from your mail provider."))
    port = NumberField(_l("Port"), [Between(1, 65535, _l("Enter a port from 1 to 65535."))],
                       description=_l("Empty: the usual port for the security below (587, 465 or 25)."))
    security = RadioField(_l("Security"), default=Security.STARTTLS.value, choices=[
        choice(Security.STARTTLS.value, _l("STARTTLS (usually port 587)")),
        choice(Security.TLS.value, _l("SSL/TLS (usually port 465)")),
        choice(Security.NONE.value, _l("None: unencrypted (only for a server in your own network)")),
    ], validators=[InputRequired(_l("Choose how the connection is protected."))])
    username = StringField(_l("Username"), [Optional(), Length(max=200, message=_l("Use at most 200 characters.")),
                                            no_line_breaks],
                           description=_l("Usually the complete mail address. Empty if the server needs no login."))
    password = PasswordField(_l("Password"), [Optional(), Length(max=200, message=_l("Use at most 200 "
                                                                                      "characters.")),
                                              no_line_breaks],
                             description=_l("Never shown again. Leave empty to keep the stored password."))
    clear_password = BooleanField(_l("Remove the stored password"))
    sender_filter = StringField(_l("Filter: domain or complete sender address"), [Optional(), sender_filter],
                                description=FILTER_RULE)
    is_default = BooleanField(_l("Default server (marked with *)"))

    def validate_username(self, field: Any) -> None:
        if field.data and self.security.data == Security.NONE.value and not is_loopback_host(self.host.data or ""):
            raise ValidationError(_l("Without encryption the password would cross the network in clear text: "
                                     "choose STARTTLS or SSL/TLS, or leave the username empty."))

    def validate_sender_filter(self, field: Any) -> None:
        if not field.data or field.errors:
            return
        key = filter_key(field.data)
        for other in self.other_servers:
            if other.name != (self.name.data or "").strip() and other.sender_filter \
                    and filter_key(other.sender_filter) == key:
                raise ValidationError(_l("The server %(name)s already has this filter; two servers with the "
                                         "same filter would make the choice ambiguous.", name=other.name))

    @property
    def is_microsoft365(self) -> bool:
        return bool(self.host.data) and is_microsoft365_host(self.host.data)


class Office365Form(FlaskForm):  # type: ignore[misc]
    acknowledge = BooleanField(
        _l("I have read these limits and want to send directly through Microsoft 365 anyway."),
        [DataRequired(_l("Tick the box to go on with Microsoft 365, or go back and choose another server."))])


class SenderForm(FlaskForm):  # type: ignore[misc]
    real_name = StringField(_l("Real name"), [Optional(), Length(max=100, message=_l("Use at most 100 "
                                                                                      "characters.")),
                                              no_line_breaks],
                            description=_l("Shown to the recipients, e.g. Golfclub Example – Sekretariat."))
    from_address = StringField(_l("From address"), [InputRequired(_l("Enter the address the club sends "
                                                                     "from.")), mail_address],
                               description=_l("The club's sending address, e.g. sekretariat@golfclub-example.de."))
    reply_to = StringField(_l("Reply-To"), [Optional(), mail_address],
                           description=_l("Where answers go, if not to the From address. May stay empty."))


class DispatchForm(FlaskForm):  # type: ignore[misc]
    microsoft365: bool = False

    dispatch = RadioField(_l("Sent by"), default=DispatchMode.DIRECT.value, choices=[
        choice(DispatchMode.DIRECT.value, _l("Directly to the SMTP server: each mail is sent at once")),
        choice(DispatchMode.SERVICE.value, _l("The service: mails wait in the outbox and go out in portions")),
    ], validators=[InputRequired(_l("Choose how mails are sent."))])
    mail_timer_count = NumberField(_l("MAIL_TIMER_COUNT: mails per portion"), [
        RequiredWhen("dispatch", DispatchMode.SERVICE.value, _l("Enter how many mails go out per portion.")),
        Between(1, 10000, _l("Enter a number from 1 to 10000."))], default=10,
        description=_l("The service sends this many mails, then pauses."))
    mail_timer_delay = NumberField(_l("MAIL_TIMER_DELAY: pause in seconds"), [
        RequiredWhen("dispatch", DispatchMode.SERVICE.value, _l("Enter the pause between portions in seconds.")),
        Between(0, 86400, _l("Enter a pause from 0 to 86400 seconds."))], default=60, decimal=True,
        description=_l("How long the service waits after each portion."))

    def validate_dispatch(self, field: Any) -> None:
        if field.data == DispatchMode.SERVICE.value and self.microsoft365:
            raise ValidationError(_l("The service cannot send through Microsoft 365. Choose direct sending, "
                                     "or go back and choose another server."))


class TestModeForm(FlaskForm):  # type: ignore[misc]
    __test__ = False  # not a pytest test class
    test_mode = BooleanField(_l("Test mode on"))
    test_address = StringField(_l("Test address"), [
        RequiredWhen("test_mode", True, _l("Enter the test address that receives every mail while test mode is "
                                           "on.")), mail_address],
        description=_l("While test mode is on, every mail goes to this address and to nobody else."))


class ActionForm(FlaskForm):  # type: ignore[misc]
    """No fields: a button that changes something (CSRF token only)."""
