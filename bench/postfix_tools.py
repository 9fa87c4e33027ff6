"""Postfix's smtp-sink and smtp-source for the benchmarks, without the daemon.

The Debian package ``postfix`` is downloaded with ``apt-get download`` and
unpacked into ``bench/.postfix`` (``dpkg-deb -x``): nothing is installed
system-wide and no Postfix daemon is configured or started.  If the tools are
installed already (``/usr/sbin/smtp-sink``), those are used.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNPACKED = HERE / ".postfix"


@dataclass(frozen=True)
class PostfixTools:
    sink: str
    source: str
    env: dict[str, str]


def postfix_tools() -> PostfixTools:
    if Path("/usr/sbin/smtp-sink").exists() and Path("/usr/sbin/smtp-source").exists():
        return PostfixTools("/usr/sbin/smtp-sink", "/usr/sbin/smtp-source", dict(os.environ))
    root = UNPACKED / "root"
    if not (root / "usr/sbin/smtp-sink").exists():
        UNPACKED.mkdir(exist_ok=True)
        if not glob.glob(str(UNPACKED / "postfix_*.deb")):
            subprocess.run(["apt-get", "update", "-qq"], check=False)
            subprocess.run(["apt-get", "download", "-qq", "postfix"], cwd=UNPACKED, check=True)
        deb = sorted(glob.glob(str(UNPACKED / "postfix_*.deb")))[-1]
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(["dpkg-deb", "-x", deb, str(root)], check=True)
    env = dict(os.environ, LD_LIBRARY_PATH=str(root / "usr/lib/postfix"))
    return PostfixTools(str(root / "usr/sbin/smtp-sink"), str(root / "usr/sbin/smtp-source"), env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_sink(tools: PostfixTools, backlog: int = 256) -> Iterator[int]:
    """Start smtp-sink on a free loopback port; yields the port."""
    port = free_port()
    user = ["-u", "nobody"] if os.geteuid() == 0 else []
    proc = subprocess.Popen(
        [tools.sink, *user, f"127.0.0.1:{port}", str(backlog)],
        env=tools.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def smtp_source_rate(tools: PostfixTools, port: int, messages: int, size: int, sessions: int = 32) -> float:
    """Messages per second that ``smtp-source -s SESSIONS`` pushes into the sink."""
    start = time.perf_counter()
    subprocess.run(
        [tools.source, "-s", str(sessions), "-m", str(messages), "-l", str(size), f"127.0.0.1:{port}"],
        env=tools.env, check=True, stdout=subprocess.DEVNULL,
    )
    return messages / (time.perf_counter() - start)
