"""The blacklist as CSV: written as German Excel expects it, read in either common form.

Export writes UTF-8 with a byte-order mark and ``;`` separators (what Excel in
a German locale opens correctly), or plain UTF-8 with ``,``.  Import detects
the BOM, the encoding (UTF-8, else Windows-1252 as older Excel saves "CSV")
and the separator (``;``, ``,`` or tab) by itself.  A cell that Excel would
run as a formula (``=``, ``+``, ``-``, ``@``) is written with a leading ``'``
and read back without it, so a hostile bounce diagnostic cannot become one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from ..exceptions import InvalidMessageError
from .entry import BlacklistEntry

COLUMNS = ("address", "scope", "source", "reason", "created_at", "updated_at", "suggested_fix")
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ALIASES = {
    "address": ("address", "adresse", "e-mail", "email", "e-mail-adresse", "mail"),
    "reason": ("reason", "grund", "begründung"),
    "scope": ("scope", "bereich", "umfang"),
    "source": ("source", "quelle"),
}


class CsvFormatError(InvalidMessageError):
    """The file cannot be read as a blacklist CSV at all."""

    code = "csv-format"


@dataclass(frozen=True)
class CsvRow:
    line: int  # the row's number in the file (the header is row 1)
    values: dict[str, str]


@dataclass(frozen=True)
class CsvTable:
    delimiter: str
    rows: tuple[CsvRow, ...]


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def export_csv(entries: Iterable[BlacklistEntry], *, german_excel: bool = True) -> bytes:
    """The entries as CSV bytes, sorted by address key."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if german_excel else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in sorted(entries, key=lambda entry: entry.key):
        row = (e.address, e.scope.value, e.source.value, e.reason, e.created_at, e.updated_at, e.suggested_fix or "")
        writer.writerow([_cell(v) for v in row])
    return ((BOM if german_excel else "") + out.getvalue()).encode("utf-8")


def _decode(data: bytes) -> str:
    if data.startswith(BOM.encode("utf-8")):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str]) -> dict[int, str] | None:
    names = {alias: column for column, aliases in _ALIASES.items() for alias in aliases}
    found = {i: names[cell.strip().lower()] for i, cell in enumerate(header) if cell.strip().lower() in names}
    return found if "address" in found.values() else None


def read_csv(data: bytes) -> CsvTable:
    """Rows with named values; raises :class:`CsvFormatError` when there is no address column."""
    text = _decode(data)
    delimiter = _delimiter(text.split("\n", 1)[0])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CsvFormatError(f"The file is not readable as CSV ({exc}); save it again as CSV (UTF-8).") from None
    if not rows:
        raise CsvFormatError("The file is empty; export the blacklist once to see the expected columns.")
    columns = _columns(rows[0])
    start = 1
    if columns is None:
        if "@" not in (rows[0][0] if rows[0] else ""):
            raise CsvFormatError(
                "The file has no 'address' column (also accepted: Adresse, E-Mail); put the column "
                "names in the first row, e.g. 'address;reason;scope'."
            )
        columns, start = {0: "address", 1: "reason", 2: "scope"}, 0  # no header: positional
    table = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: _uncell(row[i].strip()) for i, name in columns.items() if i < len(row)}
        table.append(CsvRow(number, values))
    return CsvTable(delimiter, tuple(table))
