"""The setup wizard: a small local web app for the club's admin.

``caddie-mail wizard`` starts it (see :mod:`caddie_mail_plugin.cli.wizard`);
hosts and tests build it with :func:`create_app`.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
