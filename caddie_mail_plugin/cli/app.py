"""The command group and what its subcommands share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from ..mailer import Mailer
from ..storage.data_dir import resolve_data_dir


@dataclass
class CliState:
    data_dir: Path
    plugins: list[object] = field(default_factory=list)
    _mailer: Mailer | None = None

    def mailer(self) -> Mailer:
        if self._mailer is None:
            from ..plugin_manager import make_plugin_manager

            self._mailer = Mailer(self.data_dir, plugin_manager=make_plugin_manager(plugins=self.plugins))
        return self._mailer


pass_state = click.make_pass_decorator(CliState)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data directory (default: $CADDIE_MAIL_HOME, else the user data directory).",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """Outbound mail for the golf club: servers, test mode, blacklist, sending."""
    ctx.obj = CliState(resolve_data_dir(data_dir))


class ExitCode:
    SENT = 0
    ERROR = 1
    PARTIAL = 3
    SUPPRESSED = 4
