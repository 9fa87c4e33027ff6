"""The wizard's translation catalogs: extract, update, compile, check.

Message ids are the English texts in the Python modules and templates.  The
German catalog ``translations/de/LC_MESSAGES/messages.po`` and its compiled
``messages.mo`` are both committed, so an installed wheel works without a
build step.  After changing a text::

    python -m caddie_mail_plugin.wizard.catalogs update   # new ids into the .po
    (translate the new entries in the .po)
    python -m caddie_mail_plugin.wizard.catalogs compile  # .po -> .mo
    python -m caddie_mail_plugin.wizard.catalogs check    # what the tests check
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from ..office365 import LIMITS, WAYS_OUT

HERE = Path(__file__).resolve().parent
PO_FILE = HERE / "translations" / "de" / "LC_MESSAGES" / "messages.po"
MO_FILE = PO_FILE.with_suffix(".mo")
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Texts of the core that the wizard shows translated (see office365_facts.html).
CORE_TEXTS = (LIMITS, WAYS_OUT)


def extract() -> Catalog:
    """Every translatable text of the wizard, as a template catalog."""
    template = Catalog(project="caddie-mail-plugin wizard")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(HERE), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {"trimmed": "true"}}
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for text in CORE_TEXTS:
        template.add(text, None, [("caddie_mail_plugin/office365.py", 0)])
    return template


def read_catalog(path: Path | None = None) -> Catalog:
    with open(path or PO_FILE, "rb") as handle:
        return read_po(handle, locale="de")


def update() -> None:
    catalog = read_catalog()
    catalog.update(extract(), no_fuzzy_matching=True)
    with open(PO_FILE, "wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compile_catalog() -> None:
    MO_FILE.write_bytes(compiled(read_catalog()))


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, (list, tuple)) else (str(value),)


def _contents(catalog: Catalog) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {_texts(m.id): _texts(m.string) for m in catalog if m.id and not m.fuzzy}


def problems() -> list[str]:
    """What is missing or stale; empty when the catalogs are complete."""
    catalog = read_catalog()
    found: list[str] = []
    for message in extract():
        if not message.id:
            continue  # the header
        entry = catalog.get(message.id)
        if entry is None or not all(_texts(entry.string)):
            found.append(f"not translated: {message.id!r}")
        elif entry.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
        elif set(PLACEHOLDER.findall(" ".join(_texts(entry.id)))) != set(
                PLACEHOLDER.findall(" ".join(_texts(entry.string)))):
            found.append(f"placeholders differ: {message.id!r}")
    with open(MO_FILE, "rb") as handle:
        shipped = read_mo(handle)
    if _contents(shipped) != _contents(catalog):
        found.append(f"{MO_FILE.name} is older than {PO_FILE.name}: run 'catalogs compile'")
    return found


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:] or ["check"])[0]
    if command == "update":
        update()
    elif command == "compile":
        compile_catalog()
    elif command == "check":
        for problem in problems():
            print(problem)
        return 1 if problems() else 0
    else:
        print("usage: python -m caddie_mail_plugin.wizard.catalogs update|compile|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
