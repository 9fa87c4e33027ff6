"""caddie-mail-plugin: outbound mail for a golf club's management program.

A host loads plugins and sends::

    from caddie_mail_plugin import Mailer
    result = Mailer(data_dir="~/club-mail").send(message)

A third party implements hooks with :data:`hookimpl`; see ``docs/hooks.md``.
"""

from __future__ import annotations

from .envelope_guard import guard_final_envelope
from .exceptions import CaddieMailError
from .hookspecs import hookimpl
from .mail import NEWSLETTER, TRANSACTIONAL, OutgoingMail, SendContext
from .mailer import Mailer
from .models import DispatchMode, Security, ServerConfig, Settings
from .plugin_manager import make_plugin_manager
from .results import RecipientOutcome, SendResult, SendStatus, TestRedirect
from .test_question import TestModeQuestion

__all__ = [
    "NEWSLETTER",
    "TRANSACTIONAL",
    "CaddieMailError",
    "DispatchMode",
    "Mailer",
    "OutgoingMail",
    "RecipientOutcome",
    "Security",
    "SendContext",
    "SendResult",
    "SendStatus",
    "ServerConfig",
    "Settings",
    "TestModeQuestion",
    "TestRedirect",
    "guard_final_envelope",
    "hookimpl",
    "make_plugin_manager",
]
