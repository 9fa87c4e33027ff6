"""The documentation keeps up with the contract: every hook documented, with a
runnable example that is a tested file, and a test of its own."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from caddie_mail_plugin import hookspecs

REPO = Path(__file__).resolve().parents[1]
HOOKS_DOC = (REPO / "docs" / "hooks.md").read_text(encoding="utf-8")
HOOK_NAMES = sorted(
    name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(fn, "caddie_mail_spec")
)
TEST_SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("test_*.py"))


def test_the_contract_has_the_expected_hooks() -> None:
    assert HOOK_NAMES == ["after_bounce", "before_send", "confirm_send_for_real", "send"]


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_every_hook_is_documented(name: str) -> None:
    assert f"## `{name}`" in HOOKS_DOC, f"docs/hooks.md has no section for the hook {name}"


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_every_hook_has_a_test(name: str) -> None:
    assert re.search(rf"def test_hook_{name}\b", TEST_SOURCES), f"no test named test_hook_{name}"


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_every_hook_example_is_a_tested_file(name: str) -> None:
    section = HOOKS_DOC.split(f"## `{name}`", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"<!-- example: (\S+) -->\n```python\n(.*?)```", section, re.S)
    assert match, f"the section of {name} has no example"
    path, code = REPO / match.group(1), match.group(2)
    assert path.read_text(encoding="utf-8") == code, f"docs/hooks.md differs from {path}"
    assert f"def {name}(" in code
    assert path.stem in TEST_SOURCES, f"{path} is not used by any test"
