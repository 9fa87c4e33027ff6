"""The distribution ships every package and registers its plugins."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text())


def test_every_package_is_listed() -> None:
    mapping = CONFIG["tool"]["setuptools"]["package-dir"]
    found = set()
    for package, folder in mapping.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            parts = init.parent.relative_to(root).parts
            found.add(".".join([package, *parts]))
    assert found - set(CONFIG["tool"]["setuptools"]["packages"]) == set()


def test_default_plugins_have_entry_points() -> None:
    from caddie_mail_plugin.plugins import DEFAULT_ORDER

    entry_points = CONFIG["project"]["entry-points"]["caddie_mail"]
    assert set(DEFAULT_ORDER) == set(entry_points)
    for name, target in entry_points.items():
        assert (REPO / (target.replace(".", "/") + ".py")).exists(), name
