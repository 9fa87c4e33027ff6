"""``caddie-mail route SENDER``: which server would send, why, and how it authenticates.

Besides the server and the routing step it says whether the server passes
the sender domain's SPF (a real ``check_host()`` for each of the server's
outgoing addresses, through the configured name server; a DNS failure shows
as "unknown (temperror)") and whether the mail will be DKIM-signed.
"""

from __future__ import annotations

import click

from ..addresses import parse_mailbox
from ..dkim.active_keys import signing_key
from ..domain_auth import DomainAuthSettings, load_domain_auth
from ..async_bridge import run_sync
from ..models import ServerConfig
from ..routing import resolve_server
from ..server_spf import ServerSpf, check_server_spf
from .app import CliState, pass_state


async def _server_spf(domain: str, server: ServerConfig, settings: DomainAuthSettings, nameserver: str | None) -> ServerSpf:
    resolver = settings.resolver(nameserver)
    try:
        return await check_server_spf(
            domain, server.host, resolver=resolver, sending_ips=settings.ips_for(server.name),
            deadline=settings.timeout * 4,
        )
    finally:
        await resolver.aclose()


@click.command()
@click.argument("sender")
@click.option("--nameserver", default=None, metavar="HOST[:PORT]", help="DNS server for the SPF check (default: setting).")
@click.option("--no-dns", is_flag=True, help="Skip the SPF check (no DNS queries).")
@pass_state
def route(state: CliState, sender: str, nameserver: str | None, no_dns: bool) -> None:
    """Show which server sends mail from SENDER, why, and whether it passes SPF and is DKIM-signed."""
    config = state.mailer().config
    decision = resolve_server(sender, config.servers())
    server = decision.server
    domain = parse_mailbox(sender).domain
    click.echo(f"{server.name} ({server.host}:{server.port}, {server.security.value})")
    click.echo(f"why: {decision.reason}")
    if no_dns:
        click.echo("SPF: not checked (--no-dns)")
    else:
        spf = run_sync(_server_spf(domain, server, load_domain_auth(config), nameserver))
        click.echo(f"SPF: {spf.describe()}")
    key = signing_key(state.data_dir, domain)
    if key is not None:
        click.echo(f"DKIM: yes (signed as d={key.domain} with selector {key.selector}, {key.key_type.value})")
    else:
        click.echo(f"DKIM: no (no key for {domain}; create one with 'caddie-mail dkim generate {domain}')")
