"""Fixtures of the integration tests of sender-domain authentication.

The loopback DNS server fixtures are in ``tests/conftest.py``; ``run_cli``
runs a click command with :class:`CliRunner` on the test's data directory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from caddie_mail_plugin.cli.app import CliState

RunCli = Callable[..., Result]


@pytest.fixture
def run_cli(data_dir: Path) -> RunCli:
    """``run_cli(command, *args)``: the command's result, with its output."""

    def run(command: click.Command, *args: str) -> Result:
        return CliRunner().invoke(command, list(args), obj=CliState(data_dir), catch_exceptions=True)

    return run
