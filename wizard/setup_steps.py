"""The steps of the guided setup: their order, forms and templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from ..storage.config_store import ConfigStore
from .forms import DispatchForm, Office365Form, SenderForm, ServerForm, TestModeForm
from .i18n import _l
from .setup_draft import SetupDraft

SUMMARY = "summary"
STEP_COUNT = 5


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    title: Any  # translated when rendered
    form: type[Any]
    template: str


STEPS = {
    step.key: step
    for step in (
        Step("server", 1, _l("SMTP server"), ServerForm, "setup/server.html"),
        Step("office365", 1, _l("Microsoft 365"), Office365Form, "setup/office365.html"),
        Step("sender", 2, _l("Sender"), SenderForm, "setup/sender.html"),
        Step("dispatch", 3, _l("Sent by"), DispatchForm, "setup/dispatch.html"),
        Step("test_mode", 4, _l("Test mode"), TestModeForm, "setup/test_mode.html"),
    )
}
SUMMARY_TITLE = _l("Summary")


def flow(draft: SetupDraft) -> list[str]:
    """The pages in order; the Microsoft 365 page only for such a server."""
    office365 = ["office365"] if draft.is_microsoft365 else []
    return ["server", *office365, "sender", "dispatch", "test_mode", SUMMARY]


def neighbour(draft: SetupDraft, key: str, offset: int) -> str:
    pages = flow(draft)
    position = pages.index(key) if key in pages else 0
    return pages[min(max(position + offset, 0), len(pages) - 1)]


def make_form(
    key: str, draft: SetupDraft, config: ConfigStore, *, source: MultiDict[str, str] | None = None, csrf: bool = True
) -> Any:
    """The step's form, from the request (``source=None``) or from the draft.

    A form rebuilt from the draft only to be checked (summary) carries no
    CSRF token: it is validated, never submitted."""
    options: dict[str, Any] = {} if source is None else {"formdata": source}
    if not csrf:
        options["meta"] = {"csrf": False}
    form = STEPS[key].form(**options)
    if key == "server":
        form.other_servers = config.servers()
    if key == "dispatch":
        form.microsoft365 = draft.is_microsoft365
    return form
