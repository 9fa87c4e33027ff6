"""``caddie-mail route SENDER``: which server would send, and why."""

from __future__ import annotations

import click

from ..routing import resolve_server
from .app import CliState, pass_state


@click.command()
@click.argument("sender")
@pass_state
def route(state: CliState, sender: str) -> None:
    """Show which server sends mail from SENDER, and why."""
    decision = resolve_server(sender, state.mailer().config.servers())
    server = decision.server
    click.echo(f"{server.name} ({server.host}:{server.port}, {server.security.value})")
    click.echo(f"why: {decision.reason}")
