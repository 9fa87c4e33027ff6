"""Bulk delivery: the service path and a newsletter against a naive smtplib
loop and Postfix's smtp-source, into the same smtp-sink, in one run.

* naive: stdlib smtplib, one connection per message;
* smtp-source -s 32: Postfix's own load generator (the physical limit here);
* service: Mailer.send_many in service mode (queue) while `caddie-mail
  service` runs as a real process (deliver), as it does at a club; timed from
  the first queued mail to the last one the journal records as delivered;
* newsletter: one template to 10,000 recipients through the same service
  path, and the direct path for comparison;
* bookkeeping: queueing a mail and recording its delivery attempt with 1,000
  and with 100,000 mails in the outbox.

    .venv/bin/python bench/bulk.py [--messages 10000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from messages import BODY, invoice_messages, out_of_gc  # noqa: E402
from postfix_tools import postfix_tools, running_sink, smtp_source_rate  # noqa: E402

from caddie_mail_plugin import DispatchMode, Mailer, Security, SendStatus, ServerConfig  # noqa: E402
from caddie_mail_plugin.service.outbox import NewMail, Outbox  # noqa: E402

CADDIE_MAIL = str(Path(sys.executable).with_name("caddie-mail"))


def naive(port: int, count: int) -> float:
    messages = invoice_messages(count)
    with out_of_gc():
        start = time.perf_counter()
        for message in messages:
            client = smtplib.SMTP("127.0.0.1", port)
            client.send_message(message)
            client.quit()
        return count / (time.perf_counter() - start)


def _service_mailer(data_dir: str, port: int, mode: DispatchMode = DispatchMode.SERVICE) -> Mailer:
    mailer = Mailer(data_dir)
    mailer.config.add_server(ServerConfig("sink", "127.0.0.1", port, Security.NONE, is_default=True))
    mailer.config.update_settings(dispatch=mode, mail_timer_count=0)
    return mailer


class RunningService:
    """`caddie-mail service` in its own process, started before the clock."""

    def __init__(self, data_dir: str) -> None:
        self.data_dir = data_dir
        self.proc = subprocess.Popen([CADDIE_MAIL, "--data-dir", data_dir, "service", "--poll", "0.01"],
                                     stderr=subprocess.DEVNULL)
        lock = Path(data_dir) / "outbox" / "service.lock"
        while not lock.exists():
            time.sleep(0.02)
        time.sleep(0.2)

    def wait_sent(self, count: int) -> None:
        """Until the journal holds ``count`` delivery attempts that delivered.

        Counts the records' bytes instead of replaying the journal, so the
        clock's process takes next to no CPU from the two being measured;
        the outbox is checked in full afterwards."""
        journal = Path(self.data_dir) / "outbox" / "journal.jsonl"
        seen, offset = 0, 0
        while seen < count:
            time.sleep(0.01)
            with open(journal, "rb") as handle:
                handle.seek(offset)
                data = handle.read()
            end = data.rfind(b"\n") + 1
            seen += data[:end].count(b'"t":"a"')
            offset += end
        outbox = Outbox(Path(self.data_dir))
        sent = sum(1 for m in outbox.mails() if m.status.value == "sent")
        assert sent == count, f"{sent} of {count} sent"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def service_path(port: int, count: int) -> float:
    messages = invoice_messages(count)
    with tempfile.TemporaryDirectory() as data_dir, out_of_gc():
        mailer = _service_mailer(data_dir, port)
        service = RunningService(data_dir)
        try:
            start = time.perf_counter()
            results = mailer.send_many(messages)
            service.wait_sent(count)
            elapsed = time.perf_counter() - start
        finally:
            service.stop()
        assert all(r.status is SendStatus.QUEUED for r in results)
    return count / elapsed


def newsletter(port: int, count: int, mode: DispatchMode) -> float:
    template = invoice_messages(1)[0]
    del template["To"]
    recipients = [f"mitglied{i}@example.org" for i in range(count)]
    with tempfile.TemporaryDirectory() as data_dir, out_of_gc():
        mailer = _service_mailer(data_dir, port, mode)
        service = RunningService(data_dir) if mode is DispatchMode.SERVICE else None
        try:
            start = time.perf_counter()
            results = mailer.send_newsletter(template, recipients)
            if service is not None:
                service.wait_sent(count)
            elapsed = time.perf_counter() - start
        finally:
            if service is not None:
                service.stop()
        expected = SendStatus.QUEUED if service is not None else SendStatus.SENT
        assert all(r.status is expected for r in results)
    return count / elapsed


def bookkeeping(queued: int, samples: int = 300) -> float:
    """Seconds per mail to queue it and record one delivery attempt."""
    payload = BODY.encode()
    with tempfile.TemporaryDirectory() as data_dir:
        outbox = Outbox(Path(data_dir))
        filler = [NewMail("sink", "a@golfclub-example.de", (f"m{i}@example.org",), payload) for i in range(queued)]
        outbox.enqueue(filler)
        outbox.refresh()
        start = time.perf_counter()
        for i in range(samples):
            (mail_id,) = outbox.enqueue([NewMail("sink", "a@golfclub-example.de", (f"x{i}@example.org",), payload)])
            outbox.write([{"t": "a", "id": mail_id, "at": time.time(), "srv": "sink",
                           "ok": [f"x{i}@example.org"], "perm": [], "ans": "250 ok"}])
            outbox.refresh()
        return (time.perf_counter() - start) / samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    n = args.messages
    tools = postfix_tools()
    rates: dict[str, list[float]] = {k: [] for k in ("naive", "smtp-source -s 32", "service", "newsletter (service)",
                                                      "newsletter (direct)")}
    with running_sink(tools, backlog=512) as port:
        for round_no in range(args.rounds):
            rates["naive"].append(naive(port, n))
            rates["smtp-source -s 32"].append(smtp_source_rate(tools, port, n, 2000))
            rates["service"].append(service_path(port, n))
            rates["newsletter (service)"].append(newsletter(port, n, DispatchMode.SERVICE))
            rates["newsletter (direct)"].append(newsletter(port, n, DispatchMode.DIRECT))
            print(f"round {round_no + 1}: " + ", ".join(f"{k} {v[-1]:.0f}/s" for k, v in rates.items()), flush=True)
    median = {k: statistics.median(v) for k, v in rates.items()}
    anchor = median["smtp-source -s 32"]
    print(f"\nmedians over {args.rounds} rounds, {n} messages of about 2 KB:")
    for name, rate in median.items():
        print(f"  {name:22} {rate:8.0f} msg/s  {rate / anchor:6.1%} of smtp-source  {rate / median['naive']:5.2f}x naive")
    print(f"\nservice path: {median['service'] / median['naive']:.2f}x naive (goal >= 5x), "
          f"{median['service'] / anchor:.1%} of smtp-source (goal >= 25%)")
    print(f"newsletter:   {median['newsletter (service)'] / anchor:.1%} of smtp-source through the service "
          f"(goal >= 40%), {median['newsletter (direct)'] / anchor:.1%} direct")
    small, large = bookkeeping(1_000), bookkeeping(100_000)
    print(f"bookkeeping per mail: {small * 1e6:.0f} us at 1,000 queued, {large * 1e6:.0f} us at 100,000 "
          f"({large / small:.2f}x, goal <= 2x)")


if __name__ == "__main__":
    main()
