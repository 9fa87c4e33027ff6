"""Benchmark: DKIM-signing a mail, dkimpy alone vs dkimpy with OpenSSL for RSA.

Signs the same 2 KB newsletter with a 2048-bit RSA key through plain dkimpy
(pure-Python RSA) and through :func:`caddie_mail_plugin.dkim.sign_message`
(dkimpy for canonicalisation and the header, OpenSSL for the RSA step), and
with Ed25519 for comparison, interleaved in rounds.

    python bench/dkim_sign.py [--rounds 5] [--mails 200]

Prints the median time per signature and the ratio OpenSSL/dkimpy.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from pathlib import Path

import dkim

from caddie_mail_plugin.dkim import DkimKeyStore, add_list_unsubscribe, sign_message

DOMAIN = "golfclub-bench.de"


def newsletter() -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Sekretariat <sekretariat@{DOMAIN}>"
    msg["To"] = "mitglied@example.org"
    msg["Subject"] = "Clubnachrichten Mai"
    msg["Date"] = "Mon, 05 May 2025 10:00:00 +0200"
    msg["Message-ID"] = f"<nl-2025-05@{DOMAIN}>"
    add_list_unsubscribe(msg, url=f"https://{DOMAIN}/abmelden?t=4f2a9c", mailto=f"abmelden@{DOMAIN}")
    msg.set_content("Liebe Mitglieder, die Startzeiten für Samstag stehen fest.\n" * 32)
    return msg.as_bytes(policy=policy.SMTP)


def per_mail(sign: Callable[[], bytes], mails: int) -> float:
    started = time.perf_counter()
    for _ in range(mails):
        sign()
    return (time.perf_counter() - started) / mails


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--mails", type=int, default=200)
    args = parser.parse_args()
    store = DkimKeyStore(Path(tempfile.mkdtemp()))
    rsa, ed = store.generate(DOMAIN, "rsa", "rsa"), store.generate(DOMAIN, "ed", "ed25519")
    raw = newsletter()
    include = [b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
               b"content-transfer-encoding", b"list-unsubscribe", b"list-unsubscribe-post", b"from"]
    variants: dict[str, Callable[[], bytes]] = {
        "dkimpy rsa": lambda: dkim.sign(raw, b"rsa", DOMAIN.encode(), rsa.private_key,
                                        canonicalize=(b"relaxed", b"relaxed"), include_headers=include),
        "openssl rsa": lambda: sign_message(raw, rsa),
        "ed25519": lambda: sign_message(raw, ed),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for round_no in range(1, args.rounds + 1):
        for name, sign in variants.items():
            times[name].append(per_mail(sign, args.mails))
        print(f"round {round_no}: " + "   ".join(f"{n} {times[n][-1] * 1e3:6.2f} ms" for n in variants))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"\n{len(raw)} byte mail, {args.mails} signatures per round, {args.rounds} rounds (median per mail)")
    for name, value in medians.items():
        print(f"{name:12} {value * 1e3:6.2f} ms")
    print(f"ratio openssl/dkimpy (rsa-sha256): {medians['openssl rsa'] / medians['dkimpy rsa']:.1%}")


if __name__ == "__main__":
    main()
