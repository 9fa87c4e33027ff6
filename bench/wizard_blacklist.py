"""The wizard's blacklist page at 100 and at 100,000 entries, side by side.

Each measured request is a whole page through Flask (routing, the search in
the in-memory view, rendering the rows): the list's first page, a page in the
middle, a search for one address, and searches for a name part and for a
domain that half of all entries share, so both sizes show a full page of 50.
The two wizards are asked in turn, so both sizes see the same machine load.
Goal: at 100,000 entries every page within 2x the time at 100 entries.  The
one-time load of the view (after the file changed) is reported separately.

    .venv/bin/python bench/wizard_blacklist.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient

from caddie_mail_plugin.storage.blacklist_store import BlacklistEntry
from caddie_mail_plugin.wizard import create_app

SIZES = (100, 100_000)
GOAL = 2.0
NAMES = ("anna", "ben", "clara", "david", "erika", "felix", "greta", "hans", "ida", "jonas")
FAMILY = ("muster", "schmidt", "meyer", "schulz", "wagner", "becker", "hoffmann", "koch", "bauer", "richter")


def address(number: int) -> str:
    """Half of all addresses are at example.org, another half are called "muster…"."""
    domain = "example.org" if number % 4 < 2 else f"club{number % 97}.de"
    family = FAMILY[0] if number % 2 == 0 else FAMILY[number // 10 % 9 + 1]
    return f"{NAMES[number % 10]}.{family}{number}@{domain}"


def write_blacklist(data_dir: Path, size: int) -> None:
    """The file in the store's own format, written once (not 100,000 transactions)."""
    entries = {}
    for number in range(size):
        entry = BlacklistEntry(address=address(number), key=address(number), reason="Bench",
                               created_at="2026-01-01T00:00:00+00:00", updated_at="2026-01-01T00:00:00+00:00")
        entries[entry.key] = entry.to_record()
    (data_dir / "blacklist.json").write_text(json.dumps({"entries": entries, "history": {}}))


def wizard(data_dir: Path) -> tuple[FlaskClient, float]:
    app = create_app({"DATA_DIR": data_dir, "ACCESS_TOKEN": "bench", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.get("/?token=bench")
    started = time.perf_counter()
    assert client.get("/blacklist/").status_code == 200  # loads the view once
    return client, time.perf_counter() - started


def scenarios(size: int) -> dict[str, str]:
    middle = max(1, size // 50 // 2)
    return {
        "first page": "/blacklist/",
        "middle page": f"/blacklist/?page={middle}",
        "one address": f"/blacklist/?q={address(size // 2)}",
        "name part (half)": "/blacklist/?q=muster",
        "domain (half of all)": "/blacklist/?q=example.org",
    }


def timed(client: FlaskClient, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and b"<table class=\"blacklist\">" in response.data, path
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        clients: dict[int, FlaskClient] = {}
        for size in SIZES:
            data_dir = Path(tmp) / str(size)
            data_dir.mkdir()
            write_blacklist(data_dir, size)
            clients[size], load = wizard(data_dir)
            print(f"{size:>7} entries: view loaded in {load * 1000:.0f} ms (once per change of the file)")
        print(f"\n{'page':<22} {'100 entries':>12} {'100,000':>12} {'ratio':>7}")
        worst = 0.0
        for name in scenarios(SIZES[0]):
            samples: dict[int, list[float]] = {size: [] for size in SIZES}
            paths: dict[int, Callable[[], float]] = {
                size: (lambda c=clients[size], p=scenarios(size)[name]: timed(c, p)) for size in SIZES}
            for _ in range(args.rounds):
                for size in SIZES:
                    samples[size].append(paths[size]())
            small, large = (statistics.median(samples[size]) for size in SIZES)
            ratio = large / small
            worst = max(worst, ratio)
            print(f"{name:<22} {small * 1000:>9.2f} ms {large * 1000:>9.2f} ms {ratio:>6.2f}x")
        verdict = "within" if worst <= GOAL else "OVER"
        print(f"\nworst ratio {worst:.2f}x: {verdict} the goal of {GOAL:.0f}x")
        return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
