"""FileWatch: how soon a change of a shared file is seen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from caddie_mail_plugin.storage.atomic_file import write_atomic
from caddie_mail_plugin.storage.file_watch import FileWatch, file_signature


def replace_from_another_process(path: Path, data: bytes) -> None:
    code = ("import os, sys; p = sys.argv[1]; open(p + '.new', 'wb').write(sys.argv[2].encode()); "
            "os.replace(p + '.new', p)")
    subprocess.run([sys.executable, "-c", code, str(path), data.decode()], check=True)


def test_another_process_change_waits_for_the_next_look(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    write_atomic(path, b"{}")
    patient = FileWatch(path, interval=3600.0)
    eager = FileWatch(path, interval=0.0)
    before = patient.signature()
    assert before == eager.signature() == file_signature(path)
    replace_from_another_process(path, b'{"changed": 1}')
    assert patient.signature() == before  # looked less than an interval ago
    assert eager.signature() == file_signature(path) != before


def test_own_writes_are_seen_at_once(tmp_path: Path) -> None:
    path = tmp_path / "blacklist.json"
    watch = FileWatch(path, interval=3600.0)
    assert watch.signature() is None
    write_atomic(path, b"{}")
    first = watch.signature()
    assert first == file_signature(path) is not None
    write_atomic(path, b'{"entries": {}}')
    assert watch.signature() == file_signature(path) != first


def test_own_writes_through_another_path_spelling(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    link = tmp_path / "link"
    os.symlink(tmp_path / "data", link)
    watch = FileWatch(link / "config.json", interval=3600.0)
    watch.signature()
    write_atomic(tmp_path / "data" / "config.json", b"{}")
    assert watch.signature() == file_signature(tmp_path / "data" / "config.json")
