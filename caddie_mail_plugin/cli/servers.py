"""``caddie-mail servers``: add, list, remove, set the default, test."""

from __future__ import annotations

import sys

import click

from ..async_bridge import run_sync
from ..models import DEFAULT_PORTS, Security, ServerConfig
from ..office365 import LIMITS, WAYS_OUT, is_microsoft365_host
from ..transport.smtp_client import check_server
from .app import CliState, pass_state


@click.group()
def servers() -> None:
    """SMTP servers and which one is the default (*)."""


def read_password(from_stdin: bool, username: str | None) -> str | None:
    """Passwords come from stdin or a hidden prompt, never from an argument."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n") or None
    if username and sys.stdin.isatty():
        return str(click.prompt(f"Password for {username}", hide_input=True, default="", show_default=False)) or None
    return None


@servers.command("add")
@click.argument("name")
@click.option("--host", required=True, help="Host name or IP address of the SMTP server.")
@click.option("--port", type=int, default=None, help="TCP port (default by security: 587, 465, 25).")
@click.option("--security", type=click.Choice([s.value for s in Security]), default="starttls", show_default=True)
@click.option("--username", default=None, help="Login name, if the server needs one.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--filter", "sender_filter", default=None, help="A domain or a complete sender address.")
@click.option("--default", "is_default", is_flag=True, help="Make this the default server (*).")
@click.option("--office365-ack", is_flag=True, help="Acknowledge the limits of Microsoft 365 for this server.")
@click.option("--ca-file", type=click.Path(exists=True, dir_okay=False), default=None, help="CA certificate(s) to trust for this server.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the server.")
@click.option("--replace", is_flag=True, help="Replace a server of the same name.")
@pass_state
def add(
    state: CliState, name: str, host: str, port: int | None, security: str, username: str | None,
    password_stdin: bool, sender_filter: str | None, is_default: bool, office365_ack: bool,
    ca_file: str | None, timeout: float, replace: bool,
) -> None:
    """Add the SMTP server NAME."""
    sec = Security(security)
    server = ServerConfig(
        name=name, host=host, port=port or DEFAULT_PORTS[sec], security=sec, username=username,
        password=read_password(password_stdin, username), sender_filter=sender_filter,
        is_default=is_default, office365_ack=office365_ack, ca_file=ca_file, timeout=timeout,
    )
    state.mailer().config.add_server(server, replace_existing=replace)
    click.echo(f"Added {server.describe().strip()}")
    if is_microsoft365_host(host) and not office365_ack:
        click.echo(f"Note: this is Microsoft 365. {LIMITS} {WAYS_OUT} Mail through it is "
                   "refused until you add the server again with --replace --office365-ack.")


@servers.command("list")
@pass_state
def list_servers(state: CliState) -> None:
    """List the servers; the default is marked with *."""
    found = state.mailer().config.servers()
    if not found:
        click.echo("No servers yet; add one with 'caddie-mail servers add NAME --host HOST'.")
    for server in found:
        click.echo(server.describe())


@servers.command("remove")
@click.argument("name")
@pass_state
def remove(state: CliState, name: str) -> None:
    """Remove the server NAME."""
    state.mailer().config.remove_server(name)
    click.echo(f"Removed {name}")


@servers.command("default")
@click.argument("name")
@pass_state
def default(state: CliState, name: str) -> None:
    """Make NAME the default server (*)."""
    state.mailer().config.set_default(name)
    click.echo(f"{name} is now the default server (*)")


@servers.command("test")
@click.argument("name")
@pass_state
def test(state: CliState, name: str) -> None:
    """Connect, secure and log in to NAME; no mail is sent."""
    server = state.mailer().config.server(name)
    click.echo(run_sync(check_server(server)))
