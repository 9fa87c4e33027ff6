"""Fixtures for the delivery service: a data dir in service mode, a runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mail_helpers import plain_server
from service_helpers import ServiceProcess

from caddie_mail_plugin import DispatchMode, Mailer, make_plugin_manager


@pytest.fixture
def service_mailer(data_dir: Path, smtp_server: Any) -> Callable[..., Mailer]:
    def factory(*plugins: object, count: int = 0, delay: float = 0.0) -> Mailer:
        mailer = Mailer(data_dir, plugin_manager=make_plugin_manager(plugins=plugins))
        if not mailer.config.servers():
            mailer.config.add_server(plain_server(smtp_server))
        mailer.config.update_settings(dispatch=DispatchMode.SERVICE, mail_timer_count=count, mail_timer_delay=delay)
        return mailer

    return factory


@pytest.fixture
def service_process(data_dir: Path) -> Iterator[Callable[..., ServiceProcess]]:
    started: list[ServiceProcess] = []

    def start(*extra: str) -> ServiceProcess:
        process = ServiceProcess(data_dir, *extra)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.proc.poll() is None:
            process.kill()
