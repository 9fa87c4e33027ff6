"""Reading a bulk send's input: recipients from a CSV file and a text template.

The CSV may come from German Excel (UTF-8 with BOM, ``;``) or elsewhere
(``,``); the column with the address is called ``email``, ``e-mail`` or
``mail``, and every column can be used as a ``{placeholder}`` in the
template.  The template is a header block (at least ``Subject:``), a blank
line and the body.  Every row is checked before anything is sent.
"""

from __future__ import annotations

import csv
import io
import string
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from .addresses import parse_address
from .exceptions import CaddieMailError, InvalidMessageError

ADDRESS_COLUMNS = ("email", "e-mail", "mail", "emailadresse", "e-mail-adresse")


@dataclass(frozen=True)
class BulkTemplate:
    headers: tuple[tuple[str, str], ...]
    body: str

    @property
    def placeholders(self) -> set[str]:
        texts = [self.body, *(value for _, value in self.headers)]
        return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}

    def render(self, sender: str, row: dict[str, str] | None, to: str | None) -> EmailMessage:
        values = row or {}
        message = EmailMessage()
        message["From"] = sender
        if to is not None:
            message["To"] = to
        for name, value in self.headers:
            message[name] = value.format_map(values) if row is not None else value
        message.set_content(self.body.format_map(values) if row is not None else self.body)
        return message


def read_template(path: Path) -> BulkTemplate:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    head, sep, body = text.partition("\n\n")
    if not sep:
        raise InvalidMessageError(f"{path}: the template needs headers (Subject: ...), a blank line, then the text.")
    headers = []
    for line in head.splitlines():
        name, colon, value = line.partition(":")
        if not colon or not name.strip() or " " in name.strip():
            raise InvalidMessageError(f"{path}: {line!r} is not a header line ('Name: value').")
        headers.append((name.strip(), value.strip()))
    if not any(name.lower() == "subject" for name, _ in headers):
        raise InvalidMessageError(f"{path}: the template has no 'Subject:' line.")
    return BulkTemplate(tuple(headers), body)


def read_recipients(path: Path, template: BulkTemplate) -> list[dict[str, str]]:
    """Rows with an ``email`` key; raises listing every bad row."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t") if text.strip() else csv.excel
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    if not rows:
        raise InvalidMessageError(f"{path} has no recipients.")
    column = next((c for c in rows[0] if c and c.strip().lower() in ADDRESS_COLUMNS), None)
    if column is None:
        raise InvalidMessageError(f"{path} has no column 'email' (columns: {', '.join(rows[0])}).")
    missing = template.placeholders - set(rows[0])
    if missing:
        raise InvalidMessageError(f"The template uses {', '.join(sorted(missing))}, which {path} has no column for.")
    problems, result = [], []
    for number, row in enumerate(rows, start=2):
        try:
            parse_address((row.get(column) or "").strip())
        except CaddieMailError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        result.append({**{k: v or "" for k, v in row.items() if k}, "email": row[column].strip()})
    if problems:
        raise InvalidMessageError(f"{path}: nothing was sent, {len(problems)} row(s) need fixing:\n" + "\n".join(problems))
    return result
