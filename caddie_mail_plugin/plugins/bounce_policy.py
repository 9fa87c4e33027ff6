"""Default plugin: a bounce changes the blacklist as the bounce policy says.

Hard bounces blacklist at once, soft bounces after the policy's limit within
its window; refusals at send time arrive here as reports too (only 5xx ones).
Returns a :class:`~caddie_mail_plugin.blacklist.bounce_outcome.BounceOutcome`
with one verdict per recipient.  Any bytes give an outcome, never an
exception; only a storage failure (disk, lock) is raised.
"""

from __future__ import annotations

from email.message import Message

from ..blacklist.bounce_outcome import BounceOutcome
from ..blacklist.bounce_response import open_policy_state, respond_to_bounce
from ..bounce.model import BounceReport
from ..bounce_events import as_report
from ..hookspecs import hookimpl
from ..mail import SendContext


@hookimpl(trylast=True)
def after_bounce(bounce: BounceReport | bytes | Message, context: SendContext) -> BounceOutcome:
    report = as_report(bounce)
    with open_policy_state(context.data_dir, context.config, log=context.log) as state:
        return respond_to_bounce(report, state)
