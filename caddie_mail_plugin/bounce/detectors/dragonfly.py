"""DragonFly Mail Agent (dma) bounces."""

from __future__ import annotations

import re

from ..message_view import MessageView
from ..model import ReportKind
from .base import Detection, Finding
from .text_sections import ADDRESS, error_section

_RECIPIENT = re.compile(rf"There was an error delivering your mail to <?(?P<addr>{ADDRESS})>?\.?", re.IGNORECASE)


def detect_dragonfly(view: MessageView) -> Detection | None:
    """dma names one recipient in a sentence and explains below it."""
    if "DragonFly Mail Agent" not in view.text[:2000]:
        return None
    match = _RECIPIENT.search(view.text[:4000])
    if match is None:
        return None
    diagnostic = error_section(view.text[match.end() :])
    return Detection("dragonfly", ReportKind.FAILURE, (Finding(match.group("addr"), diagnostic),))
