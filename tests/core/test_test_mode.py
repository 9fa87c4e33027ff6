"""Test mode: the server sees RCPT TO for the test address only, whatever happens."""

from __future__ import annotations

from typing import Any

from mail_helpers import make_message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caddie_mail_plugin import Mailer, OutgoingMail, SendStatus, TestModeQuestion, hookimpl
from caddie_mail_plugin.async_bridge import resolve
from caddie_mail_plugin.test_mode import ORIGINAL_RECIPIENTS_HEADER

TEST_ADDRESS = "Test@Golfclub-Example.de"
POOL = [
    "max@example.org",
    "Erika Mustermann <erika@example.org>",
    "JÖRG@müller-golf.de",
    "vorstand@golfclub-example.de",
    "test@golfclub-example.de",
    "info@xn--mller-golf-9db.de",
]


class LateWrapper:
    """Adds a recipient after every other before_send, test mode included."""

    @hookimpl(wrapper=True)
    def before_send(self, mail: OutgoingMail) -> Any:
        result = yield
        mail.recipients.append("intruder@example.net")
        mail.message["Cc"] = "intruder@example.net"
        return result


class LateTrylast:
    """A trylast plugin registered after the defaults runs after test mode."""

    @hookimpl(trylast=True)
    def before_send(self, mail: OutgoingMail) -> None:
        mail.recipients.append("late@example.net")


class AsyncAdder:
    @hookimpl
    def before_send(self, mail: OutgoingMail) -> Any:
        async def add() -> None:
            mail.recipients.append("async@example.net")

        return add()


class Answer:
    def __init__(self, *answers: bool | None) -> None:
        self.answers = list(answers)
        self.questions: list[TestModeQuestion] = []

    @hookimpl
    def confirm_send_for_real(self, question: TestModeQuestion) -> bool | None:
        self.questions.append(question)
        return self.answers.pop(0) if self.answers else None


def _enable(mailer: Mailer) -> None:
    mailer.config.update_settings(test_mode=True, test_address=TEST_ADDRESS)


PLUGINS = {
    "none": (),
    "wrapper": (LateWrapper(),),
    "trylast": (LateTrylast(),),
    "async": (AsyncAdder(),),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    to=st.lists(st.sampled_from(POOL), min_size=1, max_size=4),
    cc=st.lists(st.sampled_from(POOL), max_size=3),
    bcc=st.lists(st.sampled_from(POOL), max_size=3),
    variant=st.sampled_from(sorted(PLUGINS)),
    direct=st.booleans(),
)
def test_only_the_test_address_receives(
    make_mailer: Any, smtp_server: Any, to: list[str], cc: list[str], bcc: list[str], variant: str, direct: bool
) -> None:
    smtp_server.received.clear()
    mailer: Mailer = make_mailer(*PLUGINS[variant])
    _enable(mailer)
    message = make_message(to=to, cc=cc or None, bcc=bcc or None)
    if direct:
        result = _send_directly(mailer, message, extra=["direct@example.net"])
    else:
        result = mailer.send(message)
    assert result.status is SendStatus.SENT
    assert [r for m in smtp_server.received for r in m.rcpt_tos] == ["Test@golfclub-example.de"]
    received = smtp_server.received[0].message
    assert received["To"] == "Test@golfclub-example.de"
    assert received["Cc"] is None and received["Bcc"] is None
    assert result.test_redirect is not None
    assert received[ORIGINAL_RECIPIENTS_HEADER]


def _send_directly(mailer: Mailer, message: Any, extra: list[str]) -> Any:
    """A host that skips before_send and calls the send hook itself."""
    import asyncio

    async def run() -> Any:
        async with mailer.session([message]) as context:
            mail = OutgoingMail.from_message(message)
            mail.recipients = [*extra]
            return await resolve(mailer.pm.hook.send(mail=mail, context=context))

    return asyncio.run(run())


def test_originals_are_recorded(mailer: Mailer, smtp_server: Any) -> None:
    _enable(mailer)
    result = mailer.send(make_message(to=["a@example.org", "B <b@example.org>"], bcc=["c@example.org"]))
    assert result.test_redirect is not None
    assert result.test_redirect.original_recipients == ("a@example.org", "b@example.org", "c@example.org")
    header = smtp_server.received[0].message[ORIGINAL_RECIPIENTS_HEADER]
    assert header == "a@example.org, b@example.org, c@example.org"


def test_send_for_real_lifts_test_mode_for_that_send_only(make_mailer: Any, smtp_server: Any) -> None:
    answer = Answer(True, None, False)
    mailer: Mailer = make_mailer(answer)
    _enable(mailer)
    first = mailer.send(make_message(to="max@example.org"))
    second = mailer.send(make_message(to="max@example.org"))
    third = mailer.send(make_message(to="max@example.org"))
    assert [m.rcpt_tos for m in smtp_server.received] == [
        ["max@example.org"],
        ["Test@golfclub-example.de"],
        ["Test@golfclub-example.de"],
    ]
    assert first.test_redirect is None and second.test_redirect and third.test_redirect
    assert len(answer.questions) == 3 and answer.questions[0].test_address == TEST_ADDRESS


def test_question_asked_once_per_batch(make_mailer: Any, smtp_server: Any) -> None:
    answer = Answer(True)
    mailer: Mailer = make_mailer(answer)
    _enable(mailer)
    results = mailer.send_many([make_message(to=f"m{i}@example.org", subject=f"S{i}") for i in range(5)])
    assert all(r.status is SendStatus.SENT for r in results)
    assert len(answer.questions) == 1 and answer.questions[0].message_count == 5
    assert sorted(r for m in smtp_server.received for r in m.rcpt_tos) == [f"m{i}@example.org" for i in range(5)]


def test_no_question_when_test_mode_is_off(make_mailer: Any, smtp_server: Any) -> None:
    answer = Answer(False)
    mailer: Mailer = make_mailer(answer)
    mailer.send(make_message(to="max@example.org"))
    assert answer.questions == [] and smtp_server.received[0].rcpt_tos == ["max@example.org"]
