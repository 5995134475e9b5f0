"""Find every message the code gives the catalogue, with Babel's extractor: what the
catalogues must translate.

Keywords: ``_``, ``gettext``, ``N_`` (marked now, translated when shown), ``pgettext(context,
message)`` (``msgctxt``: one English word, two Chinese readings), ``ngettext(singular, plural,
n)``, and the error shape's markers ``Problem(code, …)``, ``said(code, …)`` and ``term(code,
context)``. A comment ``# TRANSLATORS: …`` on the line before a message reaches the translator.

Run ``python -m kpidesk.i18n_extract`` to write ``resources/locale/kpidesk.pot`` (the template
a translator merges into ``zh_CN/LC_MESSAGES/kpidesk.po``, e.g. with ``msgmerge``), or with
``--list`` to print each message and where it is used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parent
TEMPLATE = PACKAGE.parent / "resources" / "locale" / "kpidesk.pot"

KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "Problem": None,
    "said": None,
    "term": None,  # term(code) — a word shown inside another message
}
COMMENT_TAGS = ("TRANSLATORS:",)

Key = tuple[str | None, str]  # (msgctxt, msgid)


def extracted(root: Path = PACKAGE):
    """(path, line, message, comments, context) of every message under ``root``; ``message``
    is a tuple (singular, plural) for a plural."""
    for filename, lineno, message, comments, context in extract_from_dir(
        root,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        yield Path(root.name) / filename, lineno, message, comments, context


def messages(root: Path = PACKAGE) -> dict[Key, list[str]]:
    """(msgctxt, msgid) → the places (file:line) that use it; a plural by its singular."""
    found: dict[Key, list[str]] = {}
    for path, lineno, message, _comments, context in extracted(root):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((context, msgid), []).append(f"{path}:{lineno}")
    return found


def catalogue(root: Path = PACKAGE) -> Catalog:
    """The template: every message with its places, context, plural and translator comments."""
    template = Catalog(project="kpidesk", charset="UTF-8")
    for path, lineno, message, comments, context in extracted(root):
        if message[0] if isinstance(message, tuple) else message:
            template.add(
                message,
                locations=[(str(path), lineno)],
                auto_comments=comments,
                context=context,
                flags=("python-brace-format",) if "{" in str(message) else (),
            )
    return template


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--list" in argv:
        for (context, msgid), places in messages().items():
            print(f"{context + ' | ' if context else ''}{msgid!r}  {', '.join(places)}")
        return 0
    with TEMPLATE.open("wb") as out:
        write_po(out, catalogue(), width=100, sort_output=False)
    print(TEMPLATE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
