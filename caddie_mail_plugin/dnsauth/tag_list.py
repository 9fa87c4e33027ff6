"""``tag=value; tag=value`` lists as used by DKIM keys and DMARC records.

Whitespace (spaces, tabs, folded lines) around tags, ``=`` and ``;`` is
ignored; a trailing ``;`` and empty entries are allowed.  Tag names are
compared case-insensitively; a tag without ``=`` or a repeated tag is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caddie_mail_plugin.dnsauth.errors import DnsAuthError

_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


class TagListError(DnsAuthError, ValueError):
    """The text is not a valid tag list."""

    code = "tag-list"


@dataclass(frozen=True)
class Tag:
    """One ``name=value`` pair (name lower-cased, value stripped)."""

    name: str
    value: str


def parse_tag_list(text: str) -> tuple[Tag, ...]:
    """Split ``text`` into tags; raise :class:`TagListError` on bad syntax."""
    tags: list[Tag] = []
    seen: set[str] = set()
    for part in text.split(";"):
        entry = part.strip(" \t\r\n")
        if not entry:
            continue
        name, equals, value = entry.partition("=")
        name = name.strip(" \t\r\n")
        if not equals or not _TAG_NAME.match(name):
            raise TagListError(f"'{entry}' is not of the form tag=value")
        key = name.lower()
        if key in seen:
            raise TagListError(f"tag '{key}' appears more than once")
        seen.add(key)
        tags.append(Tag(key, value.strip(" \t\r\n")))
    return tuple(tags)
