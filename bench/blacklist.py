"""Blacklist membership on the send path, at 1,000 / 10,000 / 100,000 entries.

Measures what the send path does per recipient: the address's comparison key
(cached after validation) and the in-memory index lookup, plus the index's
per-mail freshness check (one stat) separately.  The blacklist file is
written in TinyDB's format directly (one file write, not 100,000 adds).
Goal: at 100,000 entries at most 2 us per check and at most 2x the cost at
1,000.

    .venv/bin/python bench/blacklist.py
"""

from __future__ import annotations

import json
import random
import tempfile
import timeit
from pathlib import Path

from caddie_mail_plugin.addresses import address_key
from caddie_mail_plugin.storage.blacklist_index import BlacklistIndex

SIZES = (1_000, 10_000, 100_000)
LOOKUPS = 20_000


def write_blacklist(path: Path, size: int) -> None:
    entries = {
        f"member{i}@example.org": {"address": f"member{i}@example.org", "key": f"member{i}@example.org",
                                   "reason": "bench", "source": "admin", "scope": "all"}
        for i in range(size)
    }
    path.write_text(json.dumps({"entries": entries, "history": {}}))


def measure(size: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "blacklist.json"
        write_blacklist(path, size)
        index = BlacklistIndex(path)
        index.refresh()
        rng = random.Random(size)
        # half on the list, half not; the same 2,000 addresses recur as in real mail
        pool = [f"Member{rng.randrange(size)}@Example.org" for _ in range(1000)]
        pool += [f"guest{rng.randrange(10**6)}@example.net" for _ in range(1000)]
        addresses = [rng.choice(pool) for _ in range(LOOKUPS)]
        for address in pool:
            address_key(address)  # validated once, as the validation plugin does

        def check() -> None:
            for address in addresses:
                index.blocks(address_key(address), "transactional")

        keys = [address_key(a) for a in addresses]

        def lookup() -> None:
            for key in keys:
                index.blocks(key, "transactional")

        per_check = min(timeit.repeat(check, number=1, repeat=7)) / LOOKUPS
        per_lookup = min(timeit.repeat(lookup, number=1, repeat=7)) / LOOKUPS
        per_refresh = min(timeit.repeat(index.refresh, number=1000, repeat=5)) / 1000
        return per_check, per_lookup, per_refresh


def main() -> None:
    results = {size: measure(size) for size in SIZES}
    print(f"{'entries':>8}  {'check (key+lookup)':>19}  {'lookup only':>11}  {'refresh (stat)':>14}")
    for size, (check, lookup, refresh) in results.items():
        print(f"{size:>8}  {check * 1e6:>16.3f} us  {lookup * 1e6:>8.3f} us  {refresh * 1e6:>11.3f} us")
    base, top = results[SIZES[0]][0], results[SIZES[-1]][0]
    print(f"\nat {SIZES[-1]:,}: {top * 1e6:.3f} us per check (goal <= 2 us); "
          f"{top / base:.2f}x the cost at {SIZES[0]:,} (goal <= 2x)")


if __name__ == "__main__":
    main()
