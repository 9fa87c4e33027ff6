"""``python -m caddie_mail_plugin.wizard [options]`` is ``caddie-mail wizard [options]``.

``make run`` starts the wizard this way (``--demo --data-dir demo-data``),
so it works whether or not the console script lists the command yet.
"""

from __future__ import annotations

import sys

from ..cli.app import cli
from ..cli.wizard import wizard


def main(argv: list[str] | None = None) -> None:
    cli.add_command(wizard)
    cli(args=["wizard", *(sys.argv[1:] if argv is None else argv)], prog_name="caddie-mail")


if __name__ == "__main__":
    main()
