"""Score a bounce parser against the shared flufl-bounce and sisimai corpora.

Run as ``python tests/bounce/scoring.py`` to print the shares per corpus and per
sisimai engine (MTA family).  Addresses are compared lower-cased on both sides.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def corpora_root() -> Path:
    """``$CADDIE_MAIL_CORPORA`` or ``<repo>/../shared/corpora``."""
    return Path(os.environ.get("CADDIE_MAIL_CORPORA", REPO_ROOT.parent / "shared" / "corpora"))


@dataclass
class Tally:
    """Passed and total counts, overall and per group."""

    passed: int = 0
    total: int = 0
    groups: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    failures: list[str] = field(default_factory=list)

    def add(self, group: str, ok: bool, label: str) -> None:
        self.total += 1
        self.groups[group][1] += 1
        if ok:
            self.passed += 1
            self.groups[group][0] += 1
        else:
            self.failures.append(label)

    @property
    def share(self) -> float:
        return self.passed / self.total if self.total else 0.0


def sisimai_samples(core_only: bool = True) -> list[tuple[str, dict[str, object], list[dict[str, object]]]]:
    """(path relative to the corpus, expected entry, p5-sisimai decoded rows) per sample."""
    root = corpora_root() / "sisimai-bounces"
    expected = json.loads((root / "expected.json").read_text())["samples"]
    decoded = json.loads((root / "p5-sisimai-5.1.0-decoded.json").read_text())["samples"]
    return [
        (name, entry, decoded.get(name, []))
        for name, entry in sorted(expected.items())
        if entry["core"] or not core_only
    ]


def score_sisimai(parse: Callable[[bytes], object], core_only: bool = True) -> Tally:
    """A sample passes when recipient count, hard/soft classes (in order) and addresses agree."""
    root = corpora_root() / "sisimai-bounces"
    tally = Tally()
    for name, entry, decoded in sisimai_samples(core_only):
        report = parse((root / name).read_bytes())
        recipients = list(getattr(report, "recipients", ()))
        wanted = entry["recipients"]
        assert isinstance(wanted, list)
        ok = len(recipients) == len(wanted)
        ok = ok and all(r.is_hard == w["hardbounce"] for r, w in zip(recipients, wanted))
        if ok and decoded:
            ok = sorted(r.address.lower() for r in recipients) == sorted(
                str(d["recipient"]).lower() for d in decoded
            )
        tally.add(str(entry["engine"]), ok, name)
    return tally


def sisimai_address_share(find: Callable[[bytes], Iterable[str]], core_only: bool = True) -> Tally:
    """Share of samples whose set of found addresses equals p5-sisimai's (any parser)."""
    root = corpora_root() / "sisimai-bounces"
    tally = Tally()
    for name, entry, decoded in sisimai_samples(core_only):
        if not decoded:
            continue
        found = {a.lower() for a in find((root / name).read_bytes())}
        tally.add(str(entry["engine"]), found == {str(d["recipient"]).lower() for d in decoded}, name)
    return tally


def flufl_samples() -> list[tuple[str, dict[str, object]]]:
    """(file name, expected entry) for every sample asserted upstream."""
    root = corpora_root() / "flufl-bounce"
    expected = json.loads((root / "expected.json").read_text())["samples"]
    return [(name, entry) for name, entry in sorted(expected.items()) if entry["in_upstream_tests"]]


def split_found(report: object) -> tuple[set[str], set[str]]:
    """(permanent, temporary) lower-cased addresses of a report from our parser.

    A DSN recipient counts under its final address and, where the DSN gives a
    different one, its Original-Recipient too (flufl expects the latter).
    """
    permanent: set[str] = set()
    temporary: set[str] = set()
    if not getattr(report, "is_bounce", False):
        return permanent, temporary
    for recipient in getattr(report, "recipients", ()):
        target = temporary if (recipient.action or "").startswith("delayed") else permanent
        target.add(recipient.address.lower())
        if recipient.original_address:
            target.add(recipient.original_address.lower())
    return permanent, temporary


def score_flufl(split: Callable[[bytes], tuple[set[str], set[str]]]) -> tuple[Tally, Tally]:
    """(address recall with the right permanent/temporary split, empty-expected samples with nothing found)."""
    root = corpora_root() / "flufl-bounce" / "data"
    recall = Tally()
    quiet = Tally()
    for name, entry in flufl_samples():
        permanent, temporary = split((root / name).read_bytes())
        family = name.rsplit("_", 1)[0]
        want_perm = [str(a).lower() for a in entry["permanent"]]  # type: ignore[attr-defined]
        want_temp = [str(a).lower() for a in entry["temporary"]]  # type: ignore[attr-defined]
        if not want_perm and not want_temp:
            quiet.add(family, not permanent and not temporary, name)
        for address in want_perm:
            recall.add(family, address in permanent, f"{name}: {address} (permanent)")
        for address in want_temp:
            recall.add(family, address in temporary, f"{name}: {address} (temporary)")
    return recall, quiet


def _print_tally(title: str, tally: Tally, verbose: bool) -> None:
    print(f"{title}: {tally.passed}/{tally.total} = {tally.share:.1%}")
    for group in sorted(tally.groups):
        passed, total = tally.groups[group]
        print(f"    {group:<18} {passed:>3}/{total:<3} {passed / total:6.1%}")
    if verbose and tally.failures:
        print("    failing: " + ", ".join(tally.failures))


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO_ROOT))
    from caddie_mail_plugin.bounce import parse_bounce

    verbose = "-v" in argv
    _print_tally("sisimai core (count + hard/soft + addresses)", score_sisimai(parse_bounce), verbose)
    _print_tally("sisimai all samples", score_sisimai(parse_bounce, core_only=False), verbose)
    recall, quiet = score_flufl(lambda raw: split_found(parse_bounce(raw)))
    _print_tally("flufl expected addresses (right permanent/temporary)", recall, verbose)
    _print_tally("flufl must-find-nothing samples", quiet, verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
