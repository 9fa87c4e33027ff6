"""The core's errors and routing decisions, told in the wizard's language.

The core's own message (English, with the server's answer) is shown beside
the translated headline and advice, so nothing the server said gets lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..exceptions import CaddieMailError
from ..routing import RouteDecision, RouteStep
from .i18n import _


@dataclass(frozen=True)
class Explanation:
    headline: str
    advice: str
    detail: str  # the core's own message, e.g. with the server's answer


def explain_error(error: CaddieMailError) -> Explanation:
    texts = {
        "auth": (_("The server refused the login."), _("Check the username and the password.")),
        "connection": (_("The server could not be reached."),
                       _("Check the server's name, the port and the network connection.")),
        "timeout": (_("The server did not answer in time."),
                    _("Check the port and the security setting, or try again later.")),
        "tls": (_("The encrypted connection failed."),
                _("Check the security setting (STARTTLS or SSL/TLS) and the port.")),
        "insecure-auth": (_("The password would cross the network unencrypted."),
                          _("Choose STARTTLS or SSL/TLS.")),
        "delivery": (_("The server refused."), _("Read the server's answer below.")),
        "no-route": (_("No server is configured for this sender."),
                     _("Give a server this sender's address or domain as filter, or mark one as default.")),
        "office365": (_("Microsoft 365 refuses this."),
                      _("Read the Microsoft 365 page of the setup for the limits and the ways out.")),
        "test-mode": (_("Test mode stopped this mail."), _("Only the test address may receive mail.")),
        "configuration": (_("The configuration is not complete."), _("Correct the setting named below.")),
        "storage": (_("A data file could not be read or written."),
                    _("Check that the data directory is writable and the disk is not full.")),
        "plugin": (_("A plugin failed."), _("Read the message below and check the installed plugins.")),
    }
    invalid = (_("The mail cannot be sent as it is."), _("Correct the addresses or fields named below."))
    headline, advice = texts.get(error.code, invalid if isinstance(error, ValueError) else
                                 (_("The mail module refused."), _("Read the message below.")))
    return Explanation(headline, advice, str(error))


def explain_route(decision: RouteDecision, sender: str) -> str:
    server, flt = decision.server.name, decision.server.sender_filter or ""
    if decision.step is RouteStep.ADDRESS_FILTER:
        return _("Step 1: the filter %(filter)s of the server %(server)s is the sender's complete address.",
                 filter=flt, server=server)
    if decision.step is RouteStep.DOMAIN_FILTER:
        return _("Step 1: the filter %(filter)s of the server %(server)s is the sender's domain.",
                 filter=flt, server=server)
    return _("Step 2: no server's filter matches %(sender)s, so the default server %(server)s sends.",
             sender=sender, server=server)
