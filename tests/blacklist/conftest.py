"""Fixtures for the blacklist tests: a Mailer with the bounce plugins, and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from mail_helpers import plain_server

from caddie_mail_plugin import Mailer, make_plugin_manager
from caddie_mail_plugin.cli.app import CliState
from caddie_mail_plugin.plugins import bounce_address, bounce_policy

BOUNCE_PLUGINS = (bounce_policy, bounce_address)


def plugin_manager(*plugins: object) -> Any:
    """The default plugins plus ``plugins`` (skipping any the entry points loaded already)."""
    pm = make_plugin_manager()
    for plugin in plugins:
        if not pm.is_registered(plugin):
            pm.register(plugin)
    return pm


@pytest.fixture
def policy_mailer(data_dir: Path, smtp_server: Any) -> Mailer:
    """A Mailer whose after_bounce applies the bounce policy; sends to the loopback server."""
    mailer = Mailer(data_dir, plugin_manager=plugin_manager(*BOUNCE_PLUGINS))
    mailer.config.add_server(plain_server(smtp_server))
    return mailer


@pytest.fixture
def run_cli(data_dir: Path) -> Callable[..., tuple[int, str]]:
    """Run a click group or command with the bounce plugins active; returns (exit code, output)."""

    def run(command: Any, *args: str) -> tuple[int, str]:
        state = CliState(data_dir, _mailer=Mailer(data_dir, plugin_manager=plugin_manager(*BOUNCE_PLUGINS)))
        result = CliRunner().invoke(command, list(args), obj=state)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            return 1, f"{result.output}{result.exception}"
        return result.exit_code, result.output

    return run
