"""Visitor text made harmless for spreadsheets (formula injection) and HTML.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return can be
taken for a formula by Excel or LibreOffice (OWASP "CSV injection"). In CSV we
prefix such a field with an apostrophe, which spreadsheets display as text.
In xlsx the cell is always written as a string and given Excel's own
"quote prefix" flag, so it shows exactly what the visitor typed and stays text
even when someone edits it. HTML is escaped by Jinja2's autoescape; `html()`
exists for the few strings built outside a template.
"""

from __future__ import annotations

import html as _html
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: str) -> bool:
    """True when a spreadsheet could read `value` as a formula."""
    return value.startswith(TRIGGERS)


def for_csv(value: Any) -> Any:
    """A CSV field: risky text gets a leading apostrophe; numbers pass unchanged."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def html(value: object) -> str:
    return _html.escape("" if value is None else str(value), quote=True)
