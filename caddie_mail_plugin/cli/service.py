"""``caddie-mail service``, ``dispatch``, ``outbox`` and ``limits``."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime

import click

from ..models import DispatchMode
from ..service.limits import LimitsFile
from ..service.outbox import Outbox
from ..service.runner import DeliveryService
from ..service.state import OutboxStatus, QueuedMail
from .app import CliState, pass_state


@click.command()
@click.option("--grace", type=float, default=30.0, show_default=True,
              help="Seconds a mail in an SMTP conversation may take to finish after SIGTERM.")
@click.option("--poll", type=float, default=0.2, show_default=True, help="Seconds between looks at the outbox.")
@click.option("--until-idle", is_flag=True,
              help="Stop when no mail is due now or within --idle-wait seconds (for scripts and tests).")
@click.option("--idle-wait", type=float, default=10.0, show_default=True,
              help="With --until-idle: wait for retries due this soon.")
@click.option("--retry-delay", type=float, default=60.0, show_default=True,
              help="Seconds before the first retry; doubles per attempt, up to an hour.")
@pass_state
def service(state: CliState, grace: float, poll: float, until_idle: bool, idle_wait: float, retry_delay: float) -> None:
    """Deliver the outbox in the foreground until SIGTERM or Ctrl-C."""
    runner = DeliveryService(state.data_dir, mailer=state.mailer(), poll_interval=poll, grace=grace,
                             first_retry_delay=retry_delay, idle_wait=idle_wait)
    click.echo(f"Delivery service on {state.data_dir} (stop with Ctrl-C)", err=True)
    asyncio.run(runner.run(until_idle=until_idle))
    click.echo("Delivery service stopped; undelivered mails stay queued.", err=True)


@click.command()
@click.argument("mode", required=False, type=click.Choice([m.value for m in DispatchMode]))
@click.option("--count", type=int, default=None, help="MAIL_TIMER_COUNT: mails per block (0 = no throttle).")
@click.option("--delay", type=float, default=None, help="MAIL_TIMER_DELAY: seconds of pause after a block.")
@pass_state
def dispatch(state: CliState, mode: str | None, count: int | None, delay: float | None) -> None:
    """Show or set "Versand durch": direct, or through the service."""
    config = state.mailer().config
    changes: dict[str, object] = {}
    if mode is not None:
        changes["dispatch"] = DispatchMode(mode)
    if count is not None:
        if count < 0:
            raise click.BadParameter("must be 0 or more", param_hint="--count")
        changes["mail_timer_count"] = count
    if delay is not None:
        if delay < 0:
            raise click.BadParameter("must be 0 or more", param_hint="--delay")
        changes["mail_timer_delay"] = delay
    settings = config.update_settings(**changes) if changes else config.settings()
    click.echo(f"Versand durch: {settings.dispatch.value}")
    throttle = (f"{settings.mail_timer_count} mails, then {settings.mail_timer_delay:g} s pause"
                if settings.mail_timer_count else "off")
    click.echo(f"Throttle (service only): {throttle}")


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"


def _line(mail: QueuedMail) -> str:
    last = mail.attempts[-1].answer if mail.attempts else ""
    return (f"{mail.id}  {mail.status.value:9} {_when(mail.created)}  {mail.server}  "
            f"{len(mail.attempts)} attempt(s)  {mail.subject[:40]!r}  {last[:60]}")


@click.group()
def outbox() -> None:
    """The service's outbox: queued, sent and failed mails."""


@outbox.command("list")
@click.option("--status", type=click.Choice([s.value for s in OutboxStatus]), default=None)
@pass_state
def outbox_list(state: CliState, status: str | None) -> None:
    """List mails (all, or of one status)."""
    mails = Outbox(state.data_dir).mails(OutboxStatus(status) if status else None)
    if not mails:
        click.echo("The outbox is empty.")
    for mail in mails:
        click.echo(_line(mail))


@outbox.command("show")
@click.argument("mail_id")
@pass_state
def outbox_show(state: CliState, mail_id: str) -> None:
    """Every detail of one mail, with its attempts and the servers' answers."""
    mail = Outbox(state.data_dir).get(mail_id)
    click.echo(f"id:        {mail.id}\nstatus:    {mail.status.value}\nserver:    {mail.server}")
    click.echo(f"from:      {mail.envelope_from}\nsubject:   {mail.subject}\nqueued:    {_when(mail.created)}")
    click.echo(f"expires:   {_when(mail.expires)}\nnext try:  {_when(mail.next_at)}")
    click.echo(f"pending:   {', '.join(mail.pending) or '-'}\ndelivered: {', '.join(mail.delivered) or '-'}")
    for address, code, text in mail.failed:
        click.echo(f"failed:    {address} ({code or '-'} {text})")
    for attempt in mail.attempts:
        click.echo(f"attempt:   {_when(attempt.at)} via {attempt.server}: {attempt.answer}")


@outbox.command("retry")
@click.argument("mail_id")
@pass_state
def outbox_retry(state: CliState, mail_id: str) -> None:
    """Try a queued mail again now."""
    Outbox(state.data_dir).retry(mail_id)
    click.echo(f"{mail_id} will be tried again now")


@outbox.command("cancel")
@click.argument("mail_id")
@pass_state
def outbox_cancel(state: CliState, mail_id: str) -> None:
    """Take a queued mail out of the queue; it is not sent."""
    Outbox(state.data_dir).cancel(mail_id)
    click.echo(f"{mail_id} cancelled; it will not be sent")


@outbox.command("purge")
@click.option("--older-than-days", type=float, default=0.0, show_default=True)
@pass_state
def outbox_purge(state: CliState, older_than_days: float) -> None:
    """Remove finished mails (sent, failed, cancelled) and compact the outbox."""
    dropped = Outbox(state.data_dir).purge(older_than_days * 86400)
    click.echo(f"Removed {dropped} finished mail(s)")


@click.command()
@click.option("--reset", "reset_server", default=None, metavar="SERVER", help="Start SERVER's counters afresh.")
@pass_state
def limits(state: CliState, reset_server: str | None) -> None:
    """Show each server's provider limits and current counters; reset them."""
    limits_file = LimitsFile(state.data_dir)
    if reset_server:
        state.mailer().config.server(reset_server)  # a clear error for an unknown name
        limits_file.request_reset(reset_server)
        click.echo(f"Counters of {reset_server} reset (the running service applies it within seconds)")
        return
    counters = limits_file.counters()
    if not counters:
        click.echo("No counters yet: the service has not sent anything.")
    for name, c in counters.items():
        per_minute = c["per_minute_limit"] or "no limit"
        per_day = c["recipients_per_day_limit"] or "no limit"
        age = time.time() - float(c.get("updated", 0))
        click.echo(f"{name} ({c['profile']}): {c['last_minute']} in the last minute (limit {per_minute}), "
                   f"{c['recipients_today']} recipients in 24 h (limit {per_day}), "
                   f"{c['connections']} connections; updated {age:.0f} s ago")
