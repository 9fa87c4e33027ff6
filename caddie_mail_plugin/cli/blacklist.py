"""``caddie-mail blacklist``: add, edit, remove, list, check, history, import, export, accept-fix."""

from __future__ import annotations

from pathlib import Path

import click

from ..addresses import parse_address
from ..blacklist.csv_format import export_csv
from ..blacklist.csv_import import ImportAction, import_csv
from ..blacklist.entry import BlacklistEntry, BlacklistScope
from ..blacklist.repair import accept_fix
from .app import CliState, ExitCode, pass_state


@click.group()
def blacklist() -> None:
    """Addresses that never receive mail (or no newsletters)."""


@blacklist.command("add")
@click.argument("address")
@click.option("--reason", required=True, help="Why the address is blacklisted.")
@click.option("--newsletter-only", is_flag=True, help="Block newsletters only; invoices still go out.")
@pass_state
def add(state: CliState, address: str, reason: str, newsletter_only: bool) -> None:
    """Put ADDRESS on the blacklist."""
    scope = BlacklistScope.NEWSLETTER if newsletter_only else BlacklistScope.ALL
    entry = state.mailer().blacklist.add(address, reason=reason, scope=scope)
    click.echo(f"Blacklisted {entry.address} ({entry.scope.value}): {entry.reason}")


@blacklist.command("edit")
@click.argument("address")
@click.option("--reason", required=True, help="The new reason.")
@click.option("--scope", type=click.Choice([s.value for s in BlacklistScope]), default=None,
              help="Block all mail, or newsletters only.")
@pass_state
def edit(state: CliState, address: str, reason: str, scope: str | None) -> None:
    """Change the reason (and scope) of ADDRESS's entry."""
    entry = state.mailer().blacklist.edit(address, reason=reason, scope=BlacklistScope(scope) if scope else None)
    click.echo(f"Updated {entry.address} ({entry.scope.value}): {entry.reason}")


@blacklist.command("remove")
@click.argument("address")
@click.option("--reason", required=True, help="Why the address may receive mail again.")
@pass_state
def remove(state: CliState, address: str, reason: str) -> None:
    """Take ADDRESS off the blacklist."""
    entry = state.mailer().blacklist.remove(address, reason=reason)
    click.echo(f"Removed {entry.address} from the blacklist")


def _line(entry: BlacklistEntry) -> str:
    fix = f"\tdid you mean {entry.suggested_fix}?" if entry.suggested_fix else ""
    return f"{entry.address}\t{entry.scope.value}\t{entry.source.value}\t{entry.created_at}\t{entry.reason}{fix}"


@blacklist.command("list")
@pass_state
def list_entries(state: CliState) -> None:
    """List every entry (address, scope, source, since, reason, suggested fix)."""
    entries = state.mailer().blacklist.entries()
    if not entries:
        click.echo("The blacklist is empty.")
    for entry in sorted(entries, key=lambda e: e.key):
        click.echo(_line(entry))


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
    for hold in entry.holds:
        click.echo(f"  {hold.source.value}\t{hold.scope.value}\tsince {hold.since}\t{hold.reason}")
    if entry.suggested_fix:
        click.echo(f"  did you mean {entry.suggested_fix}? Accept with 'caddie-mail blacklist accept-fix {entry.address}'")
    raise click.exceptions.Exit(ExitCode.SUPPRESSED)


@blacklist.command("history")
@click.argument("address")
@pass_state
def history(state: CliState, address: str) -> None:
    """Every change of ADDRESS's entry: when, what, who, why, and the state before."""
    changes = state.mailer().blacklist.history(address)
    if not changes:
        click.echo(f"No blacklist history for {address}")
    for change in changes:
        before = "-"
        if change.previous:
            was = BlacklistEntry.from_record(change.previous, change.key)
            before = f"{was.scope.value}/{was.source.value}: {was.reason}"
        click.echo(f"{change.when}\t{change.action.value}\t{change.who}\t{change.why}\tbefore: {before}")


@blacklist.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--comma", is_flag=True, help="Plain CSV (',' and no BOM) instead of German Excel (';' with BOM).")
@pass_state
def export(state: CliState, file: Path, comma: bool) -> None:
    """Write every entry to FILE as CSV."""
    entries = state.mailer().blacklist.entries()
    file.write_bytes(export_csv(entries, german_excel=not comma))
    click.echo(f"Exported {len(entries)} entries to {file}")


@blacklist.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change and every rejected row; change nothing.")
@click.option("--default-reason", default=None, help="Reason for rows without one.")
@pass_state
def import_file(state: CliState, file: Path, dry_run: bool, default_reason: str | None) -> None:
    """Import FILE (CSV: ';' or ',', with or without BOM). Any rejected row: nothing is imported."""
    plan = import_csv(state.mailer().blacklist, file.read_bytes(), dry_run=dry_run, default_reason=default_reason)
    for row in plan.rows:
        if row.action is not ImportAction.UNCHANGED or dry_run:
            click.echo(f"row {row.line}\t{row.address}\t{row.action.value}\t{row.detail}")
    for rejected in plan.rejected:
        click.echo(f"row {rejected.line}\t{rejected.value or '(empty)'}\trejected\t{rejected.why}")
    counts = ", ".join(f"{plan.count(a)} {a.value}" for a in ImportAction)
    if dry_run:
        click.echo(f"Dry run, nothing changed: {counts}, {len(plan.rejected)} rejected.")
        if plan.rejected:
            raise click.exceptions.Exit(ExitCode.ERROR)
    else:
        click.echo(f"Imported: {counts}.")


@blacklist.command("accept-fix")
@click.argument("address")
@pass_state
def accept_fix_command(state: CliState, address: str) -> None:
    """Accept the suggested correction of ADDRESS: remove its entry, show the corrected address."""
    fixed = accept_fix(state.mailer().blacklist, address)
    click.echo(f"Removed {fixed.mistyped} from the blacklist; the corrected address is {fixed.corrected}.")
    click.echo("Store the corrected address in the member's record.")
    if fixed.corrected_entry is not None:
        click.echo(f"Note: {fixed.corrected} is blacklisted itself ({fixed.corrected_entry.reason}).")
