"""Importing a blacklist CSV: a plan of what would change, then all of it or nothing.

Every row is checked first (a valid address, a reason or ``--default-reason``,
a known scope and source, no duplicate).  A dry run returns that plan with each
rejected row and why.  A real import with any rejected row imports nothing;
otherwise every change is written in one transaction, one file write for
10,000 rows as for one.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from ..addresses import parse_address, refuse_line_breaks
from ..exceptions import InvalidMessageError
from ..storage.blacklist_store import BlacklistStore
from .csv_format import CsvRow, read_csv
from .entry import BlacklistEntry, BlacklistHold, BlacklistScope, BlacklistSource

WHO = "import"
_SCOPES = {"": BlacklistScope.ALL, "all": BlacklistScope.ALL, "alle": BlacklistScope.ALL,
           "newsletter": BlacklistScope.NEWSLETTER, "newsletters": BlacklistScope.NEWSLETTER}


class ImportAction(str, enum.Enum):
    ADD = "add"  # a new entry
    UPDATE = "update"  # a hold of that source gets another scope or reason
    UNCHANGED = "unchanged"  # the address is blocked like that already


@dataclass(frozen=True)
class PlannedRow:
    line: int
    address: str
    key: str
    hold: BlacklistHold
    action: ImportAction
    detail: str


@dataclass(frozen=True)
class RejectedRow:
    line: int
    value: str  # the address cell as written
    why: str


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[PlannedRow, ...]
    rejected: tuple[RejectedRow, ...]

    def count(self, action: ImportAction) -> int:
        return sum(1 for row in self.rows if row.action is action)


class CsvImportRejected(InvalidMessageError):
    """Rows of the file were rejected, so nothing was imported."""

    code = "csv-rejected"

    def __init__(self, plan: ImportPlan) -> None:
        shown = "; ".join(f"row {r.line} ({r.value or 'empty'}): {r.why}" for r in plan.rejected[:10])
        more = f" and {len(plan.rejected) - 10} more" if len(plan.rejected) > 10 else ""
        super().__init__(
            f"Nothing was imported: {len(plan.rejected)} row(s) rejected - {shown}{more}. Correct these "
            "rows (run with --dry-run to list them all) and import again."
        )
        self.plan = plan


def _hold(row: CsvRow, default_reason: str | None, when: str) -> BlacklistHold:
    values = row.values
    reason = values.get("reason", "") or (default_reason or "")
    if not reason.strip():
        raise InvalidMessageError("no reason (give one in the 'reason' column or with --default-reason)")
    refuse_line_breaks(reason, "The reason")
    scope = _SCOPES.get(values.get("scope", "").strip().lower())
    if scope is None:
        raise InvalidMessageError(f"unknown scope {values.get('scope')!r} (use 'all' or 'newsletter')")
    try:
        source = BlacklistSource(values.get("source", "").strip().lower() or WHO)
    except ValueError:
        raise InvalidMessageError(f"unknown source {values.get('source')!r} (admin, bounce, consent, import)") from None
    return BlacklistHold(source, scope, reason.strip(), when)


def _plan_row(entry: BlacklistEntry | None, address: str, key: str, line: int, hold: BlacklistHold) -> PlannedRow:
    if entry is None:
        return PlannedRow(line, address, key, hold, ImportAction.ADD, f"new entry ({hold.scope.value})")
    same = entry.hold(hold.source)
    if same is not None:
        if (same.scope, same.reason) == (hold.scope, hold.reason):
            return PlannedRow(line, address, key, hold, ImportAction.UNCHANGED, "already listed like this")
        return PlannedRow(line, address, key, hold, ImportAction.UPDATE,
                          f"{hold.source.value} hold: {same.scope.value}/{same.reason} -> {hold.scope.value}/{hold.reason}")
    if entry.scope.covers(hold.scope):
        return PlannedRow(line, address, key, hold, ImportAction.UNCHANGED,
                          f"already blacklisted ({entry.source.value}: {entry.reason})")
    return PlannedRow(line, address, key, hold, ImportAction.UPDATE, f"widened to {hold.scope.value}")


def plan_import(
    rows: tuple[CsvRow, ...], entry_of: Callable[[str], BlacklistEntry | None], *, when: str, default_reason: str | None
) -> ImportPlan:
    """Check every row against the current entries (``entry_of(key)``)."""
    planned: list[PlannedRow] = []
    rejected: list[RejectedRow] = []
    seen: dict[str, int] = {}
    for row in rows:
        value = row.values.get("address", "")
        try:
            parsed = parse_address(value)
            hold = _hold(row, default_reason, when)
        except InvalidMessageError as exc:
            rejected.append(RejectedRow(row.line, value, str(exc)))
            continue
        if parsed.key in seen:
            rejected.append(RejectedRow(row.line, value, f"the same address as row {seen[parsed.key]}"))
            continue
        seen[parsed.key] = row.line
        planned.append(_plan_row(entry_of(parsed.key), parsed.display, parsed.key, row.line, hold))
    return ImportPlan(tuple(planned), tuple(rejected))


def import_csv(
    store: BlacklistStore, data: bytes, *, dry_run: bool, default_reason: str | None = None, who: str = WHO
) -> ImportPlan:
    """Plan (dry run) or apply the import of ``data``; see module docstring."""
    table = read_csv(data)
    if dry_run:
        snapshot = store.snapshot()
        return plan_import(table.rows, snapshot.entry, when=snapshot.when, default_reason=default_reason)
    with store.session() as session:
        plan = plan_import(table.rows, session.entry, when=session.when, default_reason=default_reason)
        if plan.rejected:
            raise CsvImportRejected(plan)  # leaves the transaction: nothing is written
        for row in plan.rows:
            if row.action is not ImportAction.UNCHANGED:
                session.put_hold(row.address, row.key, row.hold, who=who, why=f"CSV import row {row.line}: {row.hold.reason}")
    return plan
