"""The hook contract of caddie-mail-plugin (``caddie_mail_plugin.hookspecs``).

A host calls these hooks; plugins implement them with
``@caddie_mail_plugin.hookimpl``.  pluggy calls every hook with keyword
arguments only, and an implementation may accept any subset of the
parameters below.  Implementations may return a value or an awaitable; the
host facade (:class:`caddie_mail_plugin.Mailer`) awaits it.

The specs hold a signature and documentation only.  The default behaviour is
a set of ordinary plugins (``caddie_mail_plugin.plugins.*``), registered from
the entry-point group ``caddie_mail`` with ``trylast=True``, so a third party
can run before, wrap, replace or block (``CADDIE_MAIL_DISABLE_PLUGINS``) any
of them.  See ``docs/hooks.md``.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:
    from caddie_mail_plugin.bounce import BounceReport
    from caddie_mail_plugin.mail import OutgoingMail, SendContext
    from caddie_mail_plugin.results import SendResult
    from caddie_mail_plugin.test_question import TestModeQuestion

PROJECT_NAME = "caddie_mail"

hookspec = HookspecMarker(PROJECT_NAME)
hookimpl = HookimplMarker(PROJECT_NAME)


@hookspec
def before_send(mail: OutgoingMail, context: SendContext) -> Awaitable[None] | None:
    """Inspect or change a mail before it is delivered, or refuse it.

    Every implementation runs, third-party ones first, then the defaults
    (validation, blacklist, routing, Office 365, test mode).  Change ``mail``
    in place: its headers, ``mail.recipients`` (the SMTP envelope),
    ``mail.server``.  Refuse the mail by raising a subclass of
    :class:`caddie_mail_plugin.exceptions.CaddieMailError`; nothing is sent
    and the host gets the error.

    :param mail: the mail on its way (:class:`caddie_mail_plugin.OutgoingMail`).
    :param context: settings, storage and the test-mode answer of this send.
    """


@hookspec(firstresult=True)
def send(mail: OutgoingMail, context: SendContext) -> Awaitable[SendResult] | SendResult | None:
    """Deliver the mail and return a :class:`caddie_mail_plugin.SendResult`.

    Stops at the first implementation that returns something other than
    ``None``.  The default is the SMTP transport (aiosmtplib); a third party
    replaces it by returning a result (or an awaitable of one), or passes by
    returning ``None``.  A transport must call
    :func:`caddie_mail_plugin.guard_final_envelope` immediately before it
    delivers, so test mode and the blacklist hold whatever ran before.

    :param mail: the mail after every ``before_send``.
    :param context: settings, storage, open connections of this send.
    """


@hookspec
def after_bounce(bounce: BounceReport | bytes, context: SendContext) -> Awaitable[object] | object:
    """A mail did not reach a recipient (notification).

    Called with a parsed :class:`caddie_mail_plugin.bounce.BounceReport` when
    a server refused recipients during the send (5xx to RCPT or DATA), and
    with the raw bytes of a bounce message when the host or
    ``caddie-mail bounce FILE`` feeds one in.  Every implementation runs; an
    implementation may return a summary of what it did.

    :param bounce: the parsed report, or the raw bounce message.
    :param context: settings and storage.
    """


@hookspec(firstresult=True)
def confirm_send_for_real(question: TestModeQuestion) -> Awaitable[bool | None] | bool | None:
    """Test mode is on: should this send (or batch) go to the real recipients?

    Asked once per send or batch, only while test mode is on.  Return
    ``True`` for "send for real" (for this send only), ``False`` for "still
    testing", or ``None`` to leave the answer to the next implementation.
    With no answer at all the mail stays a test.

    :param question: the test address, how many mails, and their subjects.
    """
