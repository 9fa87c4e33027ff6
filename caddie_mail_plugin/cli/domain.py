"""``caddie-mail check-domain`` and ``caddie-mail dns-settings``.

``check-domain DOMAIN`` prints the sender-domain report (SPF, DKIM, DMARC,
provider), German by default (``--lang en``), or JSON (``--json``).  Exit
code 0 when nothing is an error (warnings included), 1 when a line is an error.
``dns-settings`` shows and changes the settings of these checks.
"""

from __future__ import annotations

import json

import click

from ..dnsauth.report_model import CheckStatus
from ..dnsauth.report_render import render_text, report_to_json
from ..domain_auth import load_domain_auth, save_domain_auth
from ..domain_check import DomainCheckPlan, plan_domain_check, run_domain_check
from ..exceptions import ConfigurationError
from ..async_bridge import run_sync
from .app import CliState, ExitCode, pass_state

_SERVER_LINE = {
    "de": ("Versandserver", "keiner konfiguriert", "Namensserver", "System"),
    "en": ("Sending server", "none configured", "Name server", "system"),
}


def _context_lines(plan: DomainCheckPlan, lang: str) -> list[str]:
    label, none, ns_label, system = _SERVER_LINE[lang]
    server = f"{plan.server.name} ({plan.server.host})" if plan.server else none
    if plan.sending_ips:
        server += f" [{', '.join(plan.sending_ips)}]"
    return [f"{label}: {server}", f"{ns_label}: {plan.nameserver or system}", ""]


@click.command("check-domain")
@click.argument("domain")
@click.option("--server", "server_name", default=None, help="Check for this server (default: the one routing chooses).")
@click.option("--nameserver", default=None, metavar="HOST[:PORT]", help="DNS server to ask (default: setting, else system).")
@click.option("--sending-ip", "sending_ips", multiple=True, metavar="IP",
              help="An address the server sends from (smarthost); repeatable.")
@click.option("--selector", default=None, help="DKIM selector to check (default: the domain's active key).")
@click.option("--timeout", type=float, default=None, help="Seconds per DNS query (default: setting, 3).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (both languages).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@pass_state
def check_domain(
    state: CliState, domain: str, server_name: str | None, nameserver: str | None,
    sending_ips: tuple[str, ...], selector: str | None, timeout: float | None, as_json: bool, lang: str,
) -> None:
    """Check SPF, DKIM and DMARC of the sender DOMAIN for the server that sends."""
    config = state.mailer().config
    plan = plan_domain_check(
        config, state.data_dir, domain, server_name=server_name, sending_ips=sending_ips,
        selector=selector, nameserver=nameserver, timeout=timeout,
    )
    report = run_sync(run_domain_check(plan))
    if as_json:
        data = report_to_json(report)
        data["server"] = plan.server.name if plan.server else None
        data["nameserver"] = plan.nameserver
        data["dkim_selector"] = plan.signing_key.selector if plan.signing_key else None
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(_context_lines(plan, lang)) + render_text(report, lang), nl=False)
    if report.status is CheckStatus.ERROR:
        raise click.exceptions.Exit(ExitCode.ERROR)


def _parse_sending_ip(text: str) -> tuple[str, str]:
    server, sep, ip = text.partition("=")
    if not sep or not server.strip() or not ip.strip():
        raise ConfigurationError(f"{text!r} is not SERVER=IP; write e.g. --sending-ip smarthost=203.0.113.7.")
    return server.strip(), ip.strip()


@click.command("dns-settings")
@click.option("--nameserver", default=None, metavar="HOST[:PORT]", help="DNS server for the checks; '' = system.")
@click.option("--timeout", type=float, default=None, help="Seconds per DNS query.")
@click.option("--microsoft365-dns/--no-microsoft365-dns", "microsoft365_dns", default=None,
              help="Also recognise Microsoft 365 from DNS when sending.")
@click.option("--sending-ip", "sending_ips", multiple=True, metavar="SERVER=IP",
              help="An address a server (smarthost) sends from; repeatable. Replaces that server's list.")
@click.option("--clear-sending-ips", "clear", multiple=True, metavar="SERVER", help="Forget a server's addresses.")
@pass_state
def dns_settings(
    state: CliState, nameserver: str | None, timeout: float | None, microsoft365_dns: bool | None,
    sending_ips: tuple[str, ...], clear: tuple[str, ...],
) -> None:
    """Show or change the settings of the domain checks."""
    config = state.mailer().config
    settings = load_domain_auth(config)
    changes: dict[str, object] = {}
    if nameserver is not None:
        changes["nameserver"] = nameserver
    if timeout is not None:
        changes["timeout"] = timeout
    if microsoft365_dns is not None:
        changes["microsoft365_dns"] = microsoft365_dns
    if sending_ips or clear:
        table = {name: list(ips) for name, ips in settings.sending_ips.items() if name not in clear}
        given: dict[str, list[str]] = {}
        for server, ip in map(_parse_sending_ip, sending_ips):
            config.server(server)  # a clear error for an unknown server name
            given.setdefault(server, []).append(ip)
        changes["sending_ips"] = {**table, **given}
    if changes:
        settings = save_domain_auth(config, **changes)
    click.echo(f"nameserver: {settings.nameserver or 'system'}")
    click.echo(f"timeout: {settings.timeout:g} s")
    click.echo(f"microsoft365-dns: {'on' if settings.microsoft365_dns else 'off'}")
    for name, ips in sorted(settings.sending_ips.items()):
        click.echo(f"sending-ips {name}: {', '.join(ips)}")
