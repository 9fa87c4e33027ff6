"""A scripted first run: a local inbox, a server for it, one mail through the
whole pipeline, and what arrived.  ``python -m caddie_mail_plugin.demo``."""

from __future__ import annotations

import argparse
from email.message import EmailMessage
from pathlib import Path

from .local_inbox import LOCAL_SERVER_NAME, LocalInbox
from .mailer import Mailer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("demo-data"))
    args = parser.parse_args(argv)
    inbox = LocalInbox(args.data_dir.resolve()).start()
    try:
        mailer = Mailer(args.data_dir)
        mailer.config.add_server(inbox.server_config(), replace_existing=True)
        print(f"Local test inbox on 127.0.0.1:{inbox.port}, configured as {LOCAL_SERVER_NAME!r} (*)")
        message = EmailMessage()
        message["From"] = "Golfclub Example Sekretariat <sekretariat@golfclub-example.de>"
        message["To"] = "Max Mustermann <max@example.org>"
        message["Subject"] = "Ihre Startzeit am Samstag"
        message.set_content("Guten Tag Herr Mustermann,\n\nIhre Startzeit: Samstag, 9:30 Uhr.\n")
        result = mailer.send(message)
        print(f"Result: {result.summary()}")
        print(f"Route:  {result.route_reason}")
        for mail in inbox.mails:
            received = mail.message()
            print(f"\nArrived in {mail.path}:")
            print(f"  envelope: {mail.mail_from} -> {', '.join(mail.rcpt_tos)}")
            print(f"  Subject:  {received['Subject']}")
            print(f"  Body:     {received.get_content().strip().splitlines()[-1]}")
        return 0 if result.ok else 1
    finally:
        inbox.stop()


if __name__ == "__main__":
    raise SystemExit(main())
