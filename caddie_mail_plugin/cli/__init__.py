"""The ``caddie-mail`` command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from ..exceptions import CaddieMailError
from .app import CliState, cli
from .blacklist import blacklist
from .bounce import bounce, bounce_address, bounce_policy
from .bulk import send_bulk
from .dkim import dkim
from .domain import check_domain, dns_settings
from .route import route
from .send import send
from .servers import servers
from .service import dispatch, limits, outbox, service
from .test_mode import test_mode
from .wizard import wizard

for command in (
    servers, route, send, send_bulk, test_mode, blacklist, service, dispatch, outbox, limits, check_domain,
    dns_settings, dkim, wizard, bounce, bounce_policy, bounce_address,
):
    cli.add_command(command)

__all__ = ["CliState", "cli", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    try:
        # With standalone_mode=False click returns the code of an Exit.
        code = cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("caddie-mail: aborted", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except CaddieMailError as exc:
        click.echo(f"caddie-mail: {exc}", err=True)
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
