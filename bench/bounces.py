"""Benchmark: parse_bounce against flufl.bounce on the sisimai corpus, side by side.

flufl.bounce is installed only in this benchmark's own virtualenv
(``bench/.venv-bounces``, created on first run together with an editable
install of this repository); the script re-executes itself there.

    python bench/bounces.py [--rounds N]

Prints messages/second for both parsers, their ratio, and accuracy side by side:
the share of sisimai core samples whose recipient set equals p5-sisimai's, and
flufl.bounce's own expected-address recall with the permanent/temporary split.
A second speed line uses one DSN that returns the original mail with a 1 MB
PDF attachment (caddie reads only the original's headers).
"""

from __future__ import annotations

import argparse
import base64
import email
import email.message
import os
import subprocess
import sys
import time
import venv
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / "bench" / ".venv-bounces"
VENV_PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> None:
    """Create the benchmark venv if needed and re-execute this script inside it."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not VENV_PYTHON.exists():
        print(f"creating {VENV} (flufl.bounce + editable install of {REPO}) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
        subprocess.run([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "flufl.bounce", "-e", str(REPO)], check=True)
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])


def timed(label: str, parse: Callable[[bytes], object], samples: list[bytes], rounds: int) -> float:
    """Messages per second over ``rounds`` passes (best pass counts)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for raw in samples:
            parse(raw)
        best = min(best, time.perf_counter() - start)
    rate = len(samples) / best
    print(f"  {label:<14} {rate:9.0f} messages/s   (best of {rounds} passes over {len(samples)} messages)")
    return rate


def big_attachment_bounce(size: int = 1_000_000) -> bytes:
    """A DSN returning the original mail with a ``size``-byte attachment (base64, 76-column lines)."""
    encoded = base64.encodebytes(bytes(range(256)) * (size // 256)).replace(b"\n", b"\r\n")
    return (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.golfclub-example.de>\r\n"
        b"To: sekretariat@golfclub-example.de\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n\r\n"
        b"--R\r\nContent-Type: text/plain\r\n\r\n<max@example.org>: host mx.example.net said: 550 5.1.1 "
        b"User unknown (in reply to RCPT TO command)\r\n\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.golfclub-example.de\r\n\r\nFinal-Recipient: rfc822; max@example.org\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        b"--R\r\nContent-Type: message/rfc822\r\n\r\nFrom: sekretariat@golfclub-example.de\r\n"
        b"To: max@example.org\r\nSubject: Rechnung\r\nMessage-ID: <rechnung-7@golfclub-example.de>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"M\"\r\n\r\n--M\r\n"
        b"Content-Type: text/plain\r\n\r\nAnbei die Rechnung.\r\n--M\r\nContent-Type: application/pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--M--\r\n--R--\r\n"
    )


def as_text(addresses: Iterable[object]) -> set[str]:
    return {(a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a)) for a in addresses}


def main() -> int:
    ensure_environment()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    from flufl.bounce import all_failures, scan_message

    from caddie_mail_plugin.bounce import parse_bounce
    from tests.bounce import scoring

    root = scoring.corpora_root() / "sisimai-bounces" / "maildir-bsd"
    samples = [path.read_bytes() for path in sorted(root.iterdir())]

    def flufl_scan(raw: bytes) -> object:
        return scan_message(email.message_from_bytes(raw))

    def flufl_all(raw: bytes) -> tuple[set[str], set[str]]:
        temporary, permanent = all_failures(email.message_from_bytes(raw))
        return {a.lower() for a in as_text(permanent)}, {a.lower() for a in as_text(temporary)}

    def ours_addresses(raw: bytes) -> set[str]:
        report = parse_bounce(raw)
        return {r.address for r in report.recipients} if report.is_bounce else set()

    print("speed (sisimai maildir-bsd, all files):")
    ours = timed("caddie bounce", parse_bounce, samples, args.rounds)
    theirs = timed("flufl.bounce", flufl_scan, samples, args.rounds)
    print(f"  ratio          {ours / theirs:9.2f}x  (caddie / flufl; >1 means caddie is faster)")

    big = [big_attachment_bounce()] * 5
    print(f"speed (one DSN returning a mail with a 1 MB attachment, {len(big[0]):,} bytes):")
    ours_big = timed("caddie bounce", parse_bounce, big, args.rounds)
    theirs_big = timed("flufl.bounce", flufl_scan, big, args.rounds)
    print(f"  ratio          {ours_big / theirs_big:9.2f}x")

    print("accuracy:")
    share_ours = scoring.sisimai_address_share(ours_addresses)
    share_flufl = scoring.sisimai_address_share(lambda raw: set.union(*flufl_all(raw)))
    print(f"  sisimai core, recipient set equals p5-sisimai:  caddie {share_ours.passed}/{share_ours.total} "
          f"= {share_ours.share:.1%}   flufl {share_flufl.passed}/{share_flufl.total} = {share_flufl.share:.1%}")
    recall_ours, _ = scoring.score_flufl(lambda raw: scoring.split_found(parse_bounce(raw)))
    recall_flufl, _ = scoring.score_flufl(flufl_all)
    print(f"  flufl expected addresses, right perm/temp split: caddie {recall_ours.passed}/{recall_ours.total} "
          f"= {recall_ours.share:.1%}   flufl {recall_flufl.passed}/{recall_flufl.total} = {recall_flufl.share:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
