"""Running the delivery service in tests: in this process, or as a real process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from caddie_mail_plugin import Mailer
from caddie_mail_plugin.service.runner import DeliveryService

CADDIE_MAIL = str(Path(sys.executable).with_name("caddie-mail"))


def run_service(mailer: Mailer, *, seconds: float | None = None, retry_delay: float = 0.05) -> DeliveryService:
    """Run the service in this process until idle (or for ``seconds``)."""
    service = DeliveryService(mailer.data_dir, mailer=mailer, poll_interval=0.02, first_retry_delay=retry_delay)

    async def main() -> None:
        if seconds is None:
            await service.run(until_idle=True)
            return
        task = asyncio.create_task(service.run())
        await asyncio.sleep(seconds)
        service.stop()
        await task

    asyncio.run(main())
    return service


class ServiceProcess:
    """``caddie-mail service`` as a real process."""

    def __init__(self, data_dir: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [CADDIE_MAIL, "--data-dir", str(data_dir), "service", "--poll", "0.02", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def terminate(self, timeout: float = 30) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)
