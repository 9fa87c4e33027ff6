"""``caddie-mail wizard``: the setup wizard in the browser.

Listens on 127.0.0.1 (a free port unless ``--port``) and prints a link with
a one-time access token.  Listening beyond this computer needs
``--allow-remote`` and an admin password, which is read from the terminal
(or the first line of standard input), never from an argument.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..storage.data_dir import resolve_data_dir
from .app import CliState, pass_state

DEMO_DIR = Path("demo-data")
MIN_PASSWORD_LENGTH = 10


def read_admin_password() -> str:
    if sys.stdin.isatty():
        password = str(click.prompt("Admin password for the wizard", hide_input=True, confirmation_prompt=True))
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.UsageError(f"The admin password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return password


@click.command("wizard")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Data directory (default: as for every command; with --demo: ./demo-data).")
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1). Anything but "
              "this computer needs --allow-remote.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one).")
@click.option("--allow-remote", is_flag=True, help="Reachable from other computers (listens on 0.0.0.0 "
              "unless --host); asks for an admin password.")
@click.option("--demo", is_flag=True, help="Demo: a local test inbox runs inside the wizard as the "
              "default server 'Lokaler Testserver'; nothing leaves this computer.")
@click.option("--language", type=click.Choice(["de", "en"]), default="de", show_default=True)
@pass_state
def wizard(state: CliState, data_dir: Path | None, host: str | None, port: int, allow_remote: bool,
           demo: bool, language: str) -> None:
    """Start the setup wizard in the browser."""
    from ..wizard.access import hash_password
    from ..wizard.serving import LOOPBACK, WizardServer, is_loopback, start_demo_inbox

    host = host or ("0.0.0.0" if allow_remote else LOOPBACK)
    if not is_loopback(host) and not allow_remote:
        raise click.UsageError(f"Listening on {host} makes the wizard reachable from other computers; "
                               "add --allow-remote (you will be asked for an admin password).")
    group_dir = click.get_current_context().find_root().params.get("data_dir")
    directory = resolve_data_dir(data_dir or group_dir or (DEMO_DIR if demo else state.data_dir))
    password_hash = hash_password(read_admin_password()) if allow_remote else None
    inbox = start_demo_inbox(directory) if demo else None
    try:
        server = WizardServer.create(host, port, DATA_DIR=directory, LOCAL_INBOX=inbox,
                                     ADMIN_PASSWORD_HASH=password_hash, DEFAULT_LANGUAGE=language)
        if inbox is not None:
            click.echo(f"Lokaler Testserver / local test inbox: 127.0.0.1:{inbox.port}")
        click.echo(f"Daten / data: {directory}")
        click.echo("Einrichtungsassistent / setup wizard (link works once):")
        click.echo(f"  {server.start_url}", nl=True)
        click.echo("Beenden mit Strg+C / stop with Ctrl+C.")
        sys.stdout.flush()
        try:
            server.serve()  # werkzeug ends it quietly on Ctrl+C
        except KeyboardInterrupt:
            pass
        click.echo("Stopped.")
    finally:
        if inbox is not None:
            inbox.stop()

