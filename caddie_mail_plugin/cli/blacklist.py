"""``caddie-mail blacklist``: add, edit, remove, list, check, history."""

from __future__ import annotations

import click

from ..addresses import parse_address
from .app import CliState, ExitCode, pass_state


@click.group()
def blacklist() -> None:
    """Addresses that never receive mail."""


@blacklist.command("add")
@click.argument("address")
@click.option("--reason", required=True, help="Why the address is blacklisted.")
@click.option("--newsletter-only", is_flag=True, help="Block newsletters only; invoices still go out.")
@pass_state
def add(state: CliState, address: str, reason: str, newsletter_only: bool) -> None:
    """Put ADDRESS on the blacklist."""
    from ..storage.blacklist_store import BlacklistScope

    scope = BlacklistScope.NEWSLETTER if newsletter_only else BlacklistScope.ALL
    entry = state.mailer().blacklist.add(address, reason=reason, scope=scope)
    click.echo(f"Blacklisted {entry.address} ({entry.scope.value}): {entry.reason}")


@blacklist.command("edit")
@click.argument("address")
@click.option("--reason", required=True, help="The new reason.")
@pass_state
def edit(state: CliState, address: str, reason: str) -> None:
    """Change the reason of ADDRESS's entry."""
    entry = state.mailer().blacklist.edit(address, reason=reason)
    click.echo(f"Updated {entry.address}: {entry.reason}")


@blacklist.command("remove")
@click.argument("address")
@click.option("--reason", required=True, help="Why the address may receive mail again.")
@pass_state
def remove(state: CliState, address: str, reason: str) -> None:
    """Take ADDRESS off the blacklist."""
    entry = state.mailer().blacklist.remove(address, reason=reason)
    click.echo(f"Removed {entry.address} from the blacklist")


@blacklist.command("list")
@pass_state
def list_entries(state: CliState) -> None:
    """List every entry."""
    entries = state.mailer().blacklist.entries()
    if not entries:
        click.echo("The blacklist is empty.")
    for entry in sorted(entries, key=lambda e: e.key):
        click.echo(f"{entry.address}\t{entry.scope.value}\t{entry.source.value}\t{entry.created_at}\t{entry.reason}")


@blacklist.command("check")
@click.argument("address")
@pass_state
def check(state: CliState, address: str) -> None:
    """Is ADDRESS blacklisted? Exit code 0 if not, 4 if it is."""
    entry = state.mailer().blacklist.get(address)
    if entry is None:
        click.echo(f"{parse_address(address).display} is not blacklisted")
        return
    click.echo(f"{entry.address} is blacklisted ({entry.scope.value}, {entry.source.value}): {entry.reason}")
    raise click.exceptions.Exit(ExitCode.SUPPRESSED)


@blacklist.command("history")
@click.argument("address")
@pass_state
def history(state: CliState, address: str) -> None:
    """Every change of ADDRESS's entry: who, when, why."""
    changes = state.mailer().blacklist.history(address)
    if not changes:
        click.echo(f"No blacklist history for {address}")
    for change in changes:
        click.echo(f"{change.when}\t{change.action}\t{change.who}\t{change.why}")
