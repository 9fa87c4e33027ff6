"""Prebuilt test messages of about 2 KB for the benchmarks."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

BODY = (
    "Guten Tag,\n\nanbei erhalten Sie die Rechnung für den Jahresbeitrag 2027 des "
    "Golfclub Example e.V. Bitte überweisen Sie den Betrag bis zum 31. Januar.\n\n"
) * 7


def invoice_messages(count: int, sender: str = "Sekretariat <sekretariat@golfclub-example.de>") -> list[EmailMessage]:
    messages = []
    for i in range(count):
        message = EmailMessage()
        message["From"] = sender
        message["To"] = f"Mitglied {i} <mitglied{i}@example.org>"
        message["Subject"] = f"Ihre Rechnung Nr. {10000 + i}"
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain="golfclub-example.de")
        message.set_content(BODY)
        messages.append(message)
    return messages


@contextlib.contextmanager
def out_of_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector off the objects that exist now (the
    prebuilt messages) until the block ends.

    10,000 prebuilt ``EmailMessage`` objects are millions of tracked objects;
    a full collection over them takes 3-5 s here and starts whenever the
    allocation counters say so, inside a timed run or not.  That made rounds
    bimodal (a 3 s stall in some) whatever was measured.  Every variant,
    the naive loop included, runs inside this block, the way ``timeit``
    keeps the collector out of its timings."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
