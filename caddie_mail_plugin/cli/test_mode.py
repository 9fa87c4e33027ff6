"""``caddie-mail test-mode on|off|status``."""

from __future__ import annotations

import click

from ..addresses import parse_mailbox
from .app import CliState, pass_state


@click.group("test-mode")
def test_mode() -> None:
    """Test mode: while on, every mail goes to the test address only."""


@test_mode.command("on")
@click.option("--address", required=True, help="The one address that receives every mail.")
@pass_state
def on(state: CliState, address: str) -> None:
    """Switch test mode on."""
    parsed = parse_mailbox(address)
    state.mailer().config.update_settings(test_mode=True, test_address=parsed.display)
    click.echo(f"Test mode is on: every mail goes to {parsed.display} only.")


@test_mode.command("off")
@pass_state
def off(state: CliState) -> None:
    """Switch test mode off: mail goes to its real recipients."""
    state.mailer().config.update_settings(test_mode=False)
    click.echo("Test mode is off: mail goes to its real recipients.")


@test_mode.command("status")
@pass_state
def status(state: CliState) -> None:
    """Show whether test mode is on."""
    settings = state.mailer().config.settings()
    if settings.test_mode:
        click.echo(f"Test mode is on: every mail goes to {settings.test_address} only.")
    else:
        click.echo("Test mode is off.")
