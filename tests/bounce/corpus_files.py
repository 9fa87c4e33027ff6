"""Locate the shared corpora and list their sample files (skips when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .scoring import corpora_root


def require_corpora() -> Path:
    """The corpora folder, or skip the calling test module with a clear message."""
    root = corpora_root()
    if not (root / "sisimai-bounces").is_dir() or not (root / "flufl-bounce").is_dir():
        pytest.skip(
            f"bounce corpora not found at {root} (set CADDIE_MAIL_CORPORA or place shared/corpora beside the repo)",
            allow_module_level=True,
        )
    return root


def flufl_files(root: Path) -> list[Path]:
    return sorted((root / "flufl-bounce" / "data").glob("*.txt"))


def sisimai_files(root: Path, flavour: str) -> list[Path]:
    return sorted((root / "sisimai-bounces" / f"maildir-{flavour}").iterdir())


def line_ending_variants(raw: bytes) -> dict[str, bytes]:
    """LF, CRLF and bare-CR versions of ``raw``."""
    lf = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return {"lf": lf, "crlf": lf.replace(b"\n", b"\r\n"), "cr": lf.replace(b"\n", b"\r")}
