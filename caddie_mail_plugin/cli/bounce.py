"""``caddie-mail bounce FILE...``, ``bounce-policy`` and ``bounce-address``."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path

import click

from ..blacklist.bounce_address import disable_bounce_address, enable_bounce_address, load_bounce_address
from ..blacklist.bounce_outcome import BlacklistEffect, BounceOutcome
from ..blacklist.bounce_response import open_policy_state, respond_to_bounce
from ..blacklist.policy import load_policy, save_policy
from ..blacklist.soft_counts import SoftBounceCounts, reset_soft_count
from ..bounce import parse_bounce
from .app import CliState, pass_state


def read_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    """The messages of ``path``: one for an .eml file, each message of an mbox."""
    data = path.read_bytes()
    if not data.startswith(b"From "):
        yield path.name, data
        return
    box = mailbox.mbox(path, create=False)
    try:
        keys = list(box.keys())
        for number, key in enumerate(keys, start=1):
            yield (path.name if len(keys) == 1 else f"{path.name}#{number}"), box.get_bytes(key)
    finally:
        box.close()


def _outcome(replies: list[object]) -> BounceOutcome | None:
    return next((r for r in replies if isinstance(r, BounceOutcome)), None)


def _show(label: str, outcome: BounceOutcome) -> None:
    click.echo(f"{label}: {outcome.note()}")
    for verdict in outcome.verdicts:
        click.echo(f"  {verdict.line()}")


@click.command("bounce")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would happen to the blacklist; change nothing.")
@pass_state
def bounce(state: CliState, files: tuple[Path, ...], dry_run: bool) -> None:
    """Feed bounce messages (.eml or mbox files) to after_bounce; show each recipient and its fate."""
    mailer = state.mailer()
    messages = [message for path in files for message in read_messages(path)]
    effects: list[BlacklistEffect] = []
    if dry_run:
        with open_policy_state(mailer.data_dir, mailer.config, dry_run=True, log=mailer.log) as policy_state:
            for label, raw in messages:
                outcome = respond_to_bounce(parse_bounce(raw), policy_state)
                _show(label, outcome)
                effects.extend(v.effect for v in outcome.verdicts)
    else:
        for label, raw in messages:
            found = _outcome(mailer.handle_bounce(raw))
            if found is None:
                report = parse_bounce(raw)
                click.echo(f"{label}: {report.kind.value}; the blacklist was not changed: the "
                           "bounce_policy plugin is not active")
                continue
            _show(label, found)
            effects.extend(v.effect for v in found.verdicts)
    tally = ", ".join(f"{effects.count(e)} {e.value}" for e in BlacklistEffect if effects.count(e))
    click.echo(f"{len(messages)} message(s): {tally or 'no recipients'}" + (" (dry run: nothing changed)" if dry_run else ""))


@click.group("bounce-policy")
def bounce_policy() -> None:
    """When bounces put an address on the blacklist; soft-bounce counts."""


@bounce_policy.command("show")
@pass_state
def show_policy(state: CliState) -> None:
    """Show the policy in force."""
    click.echo(load_policy(state.mailer().config).describe())


@bounce_policy.command("set")
@click.option("--soft-limit", type=int, default=None, help="Soft bounces that blacklist an address (default 3).")
@click.option("--window-days", type=int, default=None, help="Within how many days they count (default 30).")
@click.option("--grace-days", type=int, default=None, help="Days without a bounce after which an accepted send counts as delivered (default 5).")
@pass_state
def set_policy(state: CliState, soft_limit: int | None, window_days: int | None, grace_days: int | None) -> None:
    """Change the policy; it applies to future bounces only."""
    changes = {k: v for k, v in (("soft_limit", soft_limit), ("soft_window_days", window_days),
                                 ("delivery_grace_days", grace_days)) if v is not None}
    if not changes:
        raise click.UsageError("Give at least one of --soft-limit, --window-days, --grace-days.")
    click.echo(save_policy(state.mailer().config, **changes).describe() + " (applies to future bounces)")


@bounce_policy.command("counts")
@pass_state
def counts(state: CliState) -> None:
    """List addresses with soft bounces inside the window."""
    mailer = state.mailer()
    policy = load_policy(mailer.config)
    histories = SoftBounceCounts(mailer.data_dir).snapshot().histories()
    if not histories:
        click.echo("No soft bounces counted.")
    for _, history in sorted(histories, key=lambda item: item[0]):
        last = max(b.at for b in history.bounces).isoformat(timespec="seconds") if history.bounces else "-"
        click.echo(f"{history.address}\t{history.count} of {policy.soft_limit}\tlast {last}")


@bounce_policy.command("reset")
@click.argument("address")
@click.option("--reason", required=True, help="Why the count is reset (kept in the history).")
@pass_state
def reset(state: CliState, address: str, reason: str) -> None:
    """Reset ADDRESS's soft-bounce count."""
    mailer = state.mailer()
    count = reset_soft_count(mailer.blacklist, SoftBounceCounts(mailer.data_dir), address, reason=reason)
    click.echo(f"Soft-bounce count of {address} reset (it was {count}).")


@click.group("bounce-address")
def bounce_address() -> None:
    """Signed per-mail bounce addresses (VERP): bounces+TOKEN@DOMAIN."""


@bounce_address.command("on")
@click.option("--domain", required=True, help="Domain whose mailbox receives the bounces (plus-addressing).")
@click.option("--local-part", default="bounces", show_default=True, help="Mailbox name before the '+'.")
@pass_state
def address_on(state: CliState, domain: str, local_part: str) -> None:
    """Switch bounce addresses on (the signing secret is made once)."""
    click.echo(enable_bounce_address(state.mailer().config, domain, local_part=local_part).describe())


@bounce_address.command("off")
@pass_state
def address_off(state: CliState) -> None:
    """Switch them off; bounces of earlier mails still verify."""
    click.echo(disable_bounce_address(state.mailer().config).describe())


@bounce_address.command("show")
@pass_state
def address_show(state: CliState) -> None:
    """Show whether bounce addresses are on."""
    click.echo(load_bounce_address(state.mailer().config).describe())
