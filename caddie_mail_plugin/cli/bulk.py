"""``caddie-mail send-bulk``: one mail per CSV row, from a template."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ..bulk_input import read_recipients, read_template
from ..mail import NEWSLETTER, TRANSACTIONAL
from .app import CliState, ExitCode, pass_state
from .send import CommandLineAnswer


@click.command("send-bulk")
@click.argument("recipients", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("template", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "sender", required=True, help="Sender, e.g. 'Golfclub <info@club.de>'.")
@click.option("--newsletter", is_flag=True, help="Mark the mails as newsletter (blacklist scope, unsubscribe).")
@click.option("--unsubscribe-url", default=None, help="One-click unsubscribe URL (newsletters, https).")
@click.option("--send-for-real/--still-testing", "for_real", default=None,
              help="Answer the test-mode question without a prompt.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@pass_state
def send_bulk(state: CliState, recipients: Path, template: Path, sender: str, newsletter: bool,
              unsubscribe_url: str | None, for_real: bool | None, no_progress: bool) -> None:
    """Send TEMPLATE to every row of the RECIPIENTS CSV.

    Placeholders such as {name} are filled from the row's columns.  Without
    placeholders the mail is built once and each recipient gets a copy
    addressed to them alone."""
    body = read_template(template)
    rows = read_recipients(recipients, body)
    state.plugins.append(CommandLineAnswer(for_real))
    mailer = state.mailer()
    progress = not no_progress
    category = NEWSLETTER if newsletter else TRANSACTIONAL
    if body.placeholders:
        messages = [body.render(sender, row, row["email"]) for row in rows]
        results = mailer.send_many(messages, category=category, progress=progress)
    else:
        results = mailer.send_newsletter(body.render(sender, None, None), [r["email"] for r in rows],
                                         category=category, unsubscribe_url=unsubscribe_url, progress=progress)
    counts = Counter(r.status.value for r in results)
    click.echo(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    for result in results:
        if not result.ok:
            click.echo(f"  {result.summary()}")
    if not all(r.ok for r in results):
        raise click.exceptions.Exit(ExitCode.PARTIAL if any(r.ok for r in results) else ExitCode.ERROR)
