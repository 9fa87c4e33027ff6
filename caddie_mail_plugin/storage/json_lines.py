"""JSON lines for the files written once or twice per mail: the outbox
journal and the delivery log.

orjson instead of the standard library's json: for these small records it
encodes about ten times and decodes about four times faster, and both the
host (queueing) and the service (delivering) write and read a record per
mail.  The output is plain JSON, one object per line, so any JSON reader
(``json.loads``, ``jq``) reads the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson

# datetime and dataclass values go through ``default`` like everything else
# orjson cannot write natively, so a record reads the same whichever path wrote it.
_OPTIONS = orjson.OPT_APPEND_NEWLINE | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

DecodeError = orjson.JSONDecodeError  # a ValueError


def encode_lines(records: Iterable[Mapping[str, Any]], default: Callable[[Any], Any] | None = None) -> bytes:
    """One UTF-8 JSON object per line, each line ending in a newline."""
    dumps = orjson.dumps
    return b"".join(dumps(r, default=default, option=_OPTIONS) for r in records)


def decode_line(line: bytes | str) -> Any:
    """The value of one line; raises :data:`DecodeError` (a ``ValueError``)."""
    return orjson.loads(line)
