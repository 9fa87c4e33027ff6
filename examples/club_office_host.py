"""A minimal host: the club office sends this month's invoices from a CSV.

    python examples/club_office_host.py examples/invoices.csv --data-dir ./demo-data

Uses only the public API of caddie-mail-plugin.  The CSV has the columns
``name;email;amount`` (German Excel style, ``;`` separated).
"""

from __future__ import annotations

import argparse
import csv
from email.message import EmailMessage
from pathlib import Path

from caddie_mail_plugin import Mailer, TestModeQuestion, hookimpl, make_plugin_manager

SENDER = "Golfclub Example Sekretariat <sekretariat@golfclub-example.de>"


class OfficeAnswer:
    """The office answers the test-mode question: here, always "still testing"."""

    @hookimpl
    def confirm_send_for_real(self, question: TestModeQuestion) -> bool:
        print(question.prompt(), "-> still testing")
        return False


def invoice(name: str, email: str, amount: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = f"{name} <{email}>"
    message["Subject"] = "Ihre Rechnung: Jahresbeitrag"
    message.set_content(f"Guten Tag {name},\n\nIhr Jahresbeitrag beträgt {amount} EUR.\n")
    return message


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv", type=Path)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    with open(args.csv, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    mailer = Mailer(args.data_dir, plugin_manager=make_plugin_manager(plugins=[OfficeAnswer()]))
    results = mailer.send_many(invoice(r["name"], r["email"], r["amount"]) for r in rows)
    for row, result in zip(rows, results):
        print(f"{row['email']}: {result.summary()}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
