"""Where the data directory is: ``--data-dir``, ``CADDIE_MAIL_HOME``, or the platform's."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "CADDIE_MAIL_HOME"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return (and create) the data directory to use."""
    if explicit is not None:
        path = Path(explicit)
    elif os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR])
    else:
        path = Path(platformdirs.user_data_dir("caddie-mail", appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
