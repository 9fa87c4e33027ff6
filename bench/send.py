"""Mailer.send_many against a naive smtplib loop (one connection per message).

Both deliver the same prebuilt ~2 KB messages into the same Postfix
smtp-sink, interleaved in one run; the delivery log is on.  Prints every
round, the medians, and the ratio.  Goal: at least 3x.

    .venv/bin/python bench/send.py [--messages 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import smtplib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from messages import invoice_messages, out_of_gc  # noqa: E402
from postfix_tools import postfix_tools, running_sink  # noqa: E402

from caddie_mail_plugin import Mailer, Security, SendStatus, ServerConfig  # noqa: E402


def naive(port: int, messages: list) -> float:
    start = time.perf_counter()
    for message in messages:
        client = smtplib.SMTP("127.0.0.1", port)
        client.send_message(message)
        client.quit()
    return time.perf_counter() - start


def ours(port: int, messages: list) -> float:
    with tempfile.TemporaryDirectory() as data_dir:
        mailer = Mailer(data_dir)
        mailer.config.add_server(ServerConfig("sink", "127.0.0.1", port, Security.NONE, is_default=True))
        start = time.perf_counter()
        results = mailer.send_many(messages)
        elapsed = time.perf_counter() - start
        assert all(r.status is SendStatus.SENT for r in results), results[0]
        logged = sum(1 for _ in mailer.log.records())
        assert logged == len(messages), f"delivery log has {logged} records"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    tools = postfix_tools()
    with running_sink(tools) as port:
        times: dict[str, list[float]] = {"naive": [], "mailer": []}
        for round_no in range(args.rounds):
            for name, run in (("naive", naive), ("mailer", ours)):
                messages = invoice_messages(args.messages)
                with out_of_gc():
                    elapsed = run(port, messages)
                del messages
                times[name].append(elapsed)
                print(f"round {round_no + 1} {name:6}: {args.messages / elapsed:8.0f} msg/s")
    naive_t, ours_t = statistics.median(times["naive"]), statistics.median(times["mailer"])
    print(f"\nmedian naive smtplib loop: {args.messages / naive_t:8.0f} msg/s")
    print(f"median Mailer.send_many  : {args.messages / ours_t:8.0f} msg/s")
    print(f"ratio (goal >= 3.0)      : {naive_t / ours_t:8.2f}x")


if __name__ == "__main__":
    main()
