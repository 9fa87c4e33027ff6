"""``caddie-mail send``: one mail through the whole pipeline."""

from __future__ import annotations

import mimetypes
import sys
from pathlib import Path

import click

from ..addresses import refuse_line_breaks
from ..hookspecs import hookimpl
from ..results import SendStatus
from ..test_question import TestModeQuestion
from .app import CliState, ExitCode, pass_state


class CommandLineAnswer:
    """Answers the test-mode question from a flag, or by asking at a terminal."""

    def __init__(self, answer: bool | None) -> None:
        self.answer = answer

    @hookimpl
    def confirm_send_for_real(self, question: TestModeQuestion) -> bool | None:
        if self.answer is not None:
            return self.answer
        if not sys.stdin.isatty():
            return None  # no answer: still testing
        choice = click.prompt(
            question.prompt() + " [t]esting / [r]eal",
            type=click.Choice(["t", "r"]),
            default="t",
        )
        return bool(choice == "r")


@click.command()
@click.option("--from", "sender", required=True, help="Sender, e.g. 'Golfclub <info@club.de>'.")
@click.option("--to", "to", multiple=True, required=True, help="Recipient (repeatable).")
@click.option("--cc", multiple=True, help="Copy recipient (repeatable).")
@click.option("--bcc", multiple=True, help="Blind copy recipient (repeatable).")
@click.option("--subject", required=True)
@click.option("--body", default=None, help="The text of the mail.")
@click.option("--body-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--attach", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--send-for-real/--still-testing", "for_real", default=None,
              help="Answer the test-mode question without a prompt.")
@pass_state
def send(
    state: CliState, sender: str, to: tuple[str, ...], cc: tuple[str, ...], bcc: tuple[str, ...],
    subject: str, body: str | None, body_file: Path | None, attach: tuple[Path, ...], for_real: bool | None,
) -> None:
    """Send one mail (asks the test-mode question while test mode is on)."""
    from email.message import EmailMessage

    if (body is None) == (body_file is None):
        raise click.UsageError("Give exactly one of --body and --body-file.")
    for what, value in [("--from", sender), ("--subject", subject), *(("--to", t) for t in to),
                        *(("--cc", c) for c in cc), *(("--bcc", b) for b in bcc)]:
        refuse_line_breaks(value, f"The value of {what}")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    if bcc:
        message["Bcc"] = ", ".join(bcc)
    message["Subject"] = subject
    message.set_content(body if body is not None else body_file.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    for path in attach:
        ctype, _ = mimetypes.guess_type(path.name)
        maintype, subtype = (ctype or "application/octet-stream").split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    state.plugins.append(CommandLineAnswer(for_real))
    result = state.mailer().send(message)
    click.echo(result.summary())
    code = {
        SendStatus.SENT: ExitCode.SENT,
        SendStatus.QUEUED: ExitCode.SENT,
        SendStatus.PARTIAL: ExitCode.PARTIAL,
        SendStatus.SUPPRESSED: ExitCode.SUPPRESSED,
    }.get(result.status, ExitCode.ERROR)
    if code != ExitCode.SENT:
        raise click.exceptions.Exit(code)
