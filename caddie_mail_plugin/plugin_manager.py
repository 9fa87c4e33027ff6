"""The host side of the contract: a plugin manager with every plugin loaded.

Plugins come from the entry-point group ``caddie_mail``; this distribution
registers its default plugins there exactly as a third party would.  Names
listed in ``CADDIE_MAIL_DISABLE_PLUGINS`` (comma or space separated) are
blocked.  The defaults are registered first, in ``DEFAULT_ORDER``: pluggy
calls ``trylast`` implementations in the order they were registered, after
every third-party implementation that is not ``trylast`` itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from importlib import import_module
from importlib.metadata import EntryPoint, entry_points

import pluggy

from . import hookspecs
from .exceptions import PluginError
from .plugins import DEFAULT_ORDER

GROUP = "caddie_mail"
DISABLE_ENV = "CADDIE_MAIL_DISABLE_PLUGINS"
DISTRIBUTION = "caddie-mail-plugin"


def blocked_from_env() -> list[str]:
    return [n for n in re.split(r"[,\s]+", os.environ.get(DISABLE_ENV, "")) if n]


def _is_default(ep: EntryPoint) -> bool:
    dist = ep.dist.name if ep.dist is not None else ""
    return re.sub(r"[-_.]+", "-", dist).lower() == DISTRIBUTION and ep.name in DEFAULT_ORDER


def make_plugin_manager(
    *, blocked: Iterable[str] = (), plugins: Iterable[object] = (), load_entry_points: bool = True
) -> pluggy.PluginManager:
    """Specs added, entry points loaded, blocked names honoured, checked."""
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for name in [*blocked, *blocked_from_env()]:
        pm.set_blocked(name)
    found = list(entry_points(group=GROUP)) if load_entry_points else []
    defaults = {ep.name: ep for ep in found if _is_default(ep)}
    for name in DEFAULT_ORDER:
        if name in defaults:
            _register(pm, defaults[name].load, name)
        elif not load_entry_points or not defaults:
            # Running from a source tree without installed metadata.
            _register(pm, lambda n=name: import_module(f"{__package__}.plugins.{n}"), name)
    for ep in found:
        if not _is_default(ep):
            _register(pm, ep.load, ep.name)
    for plugin in plugins:
        _register(pm, lambda p=plugin: p, None)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(
            f"A plugin implements a hook that does not exist: {exc}. Check the "
            "hook's name against docs/hooks.md.",
        ) from exc
    return pm


def _register(pm: pluggy.PluginManager, load: object, name: str | None) -> None:
    if name is not None and (pm.is_blocked(name) or pm.get_plugin(name) is not None):
        return
    try:
        plugin = load()  # type: ignore[operator]
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(
            f"The plugin {name or exc.plugin!r} does not match the hook contract: {exc}. "
            "Check its hook names and argument names against docs/hooks.md.",
        ) from exc
    except ImportError as exc:
        raise PluginError(
            f"The plugin {name!r} could not be imported ({exc}); reinstall it or "
            f"block it with {DISABLE_ENV}={name}.",
        ) from exc
