"""confirm_send_for_real: the host answers the test-mode question.

Here the answer comes from an environment variable the office sets when a
batch is ready to go out for real; without it, mail stays a test."""

from __future__ import annotations

import os

from caddie_mail_plugin import TestModeQuestion, hookimpl


@hookimpl
def confirm_send_for_real(question: TestModeQuestion) -> bool | None:
    if os.environ.get("CLUB_SEND_FOR_REAL") == "ja":
        return True
    return None  # no answer: still testing
