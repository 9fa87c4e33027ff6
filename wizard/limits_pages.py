"""Each server's provider limits and the service's live counters, with the
manual reset (the running service starts that server's counters afresh)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..service.limits import LimitsFile, profile_for
from .context import wizard_context
from .forms import ActionForm
from .i18n import _
from .outbox_pages import when

limits = Blueprint("limits", __name__, url_prefix="/limits")


@dataclass(frozen=True)
class ServerLimits:
    server: str
    profile: str
    per_minute_limit: int | None
    last_minute: int | None  # None: the service has not counted anything yet
    recipients_per_day_limit: int | None
    recipients_today: int | None
    connections: int
    updated: float
    reset_requested: float


def server_limits() -> list[ServerLimits]:
    context = wizard_context()
    limits_file = LimitsFile(context.data_dir)
    counters: dict[str, dict[str, Any]] = limits_file.counters()
    resets = limits_file.reset_times()
    rows = []
    for server in context.config.servers():
        counted = counters.get(server.name)
        profile = profile_for(server.host)
        rows.append(ServerLimits(
            server=server.name,
            profile=str(counted["profile"]) if counted else profile.name,
            per_minute_limit=counted["per_minute_limit"] if counted else profile.per_minute,
            last_minute=int(counted["last_minute"]) if counted else None,
            recipients_per_day_limit=counted["recipients_per_day_limit"] if counted else profile.recipients_per_day,
            recipients_today=int(counted["recipients_today"]) if counted else None,
            connections=int(counted["connections"]) if counted else profile.connections,
            updated=float(counted.get("updated", 0.0)) if counted else 0.0,
            reset_requested=resets.get(server.name, 0.0),
        ))
    return rows


@limits.get("/")
def index() -> str:
    return render_template("limits.html", rows=server_limits(), form=ActionForm(), when=when, now=time.time())


@limits.post("/reset")
def reset() -> Response:
    name = request.form.get("server", "")
    if name not in {s.name for s in wizard_context().config.servers()}:
        abort(404)
    if ActionForm().validate():
        LimitsFile(wizard_context().data_dir).request_reset(name)
        flash(_("The counters of %(server)s are reset; the running service applies it within seconds.",
                server=name), "success")
    return redirect(url_for(".index"))
