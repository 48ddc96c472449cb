"""The xlsx report's raw sheet: one row per inquiry, coded columns as words.

Split from the detail sheets (reports.xlsx_sheets) because it is the one sheet
written row by row at volume (up to a million rows, constant-memory mode): its
writer is built once per report, with per-column decisions taken up front.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from xlsxwriter.worksheet import Worksheet

from reports.labels import (
    Label,
    Lang,
    concern_label,
    language_label,
    outcome_label,
    platform_label,
    type_label,
)
from reports.labels import heading as h
from reports.safe import TRIGGERS
from reports.xlsx_style import Cells, print_setup
from storage.aggregates import RAW_COLUMNS

RawWriter = Callable[[int, Sequence[Any]], None]


RAW_HEADERS: dict[str, Label] = {
    "id": h("id"),
    "created_at": h("time"),
    "fair_id": h("fair"),
    "booth_id": h("booth"),
    "prefecture": h("by_booth"),
    "topic_prefecture": h("by_topic"),
    "platform": h("platform"),
    "lang": h("language"),
    "kind": h("kind"),
    "type": h("type"),
    "concerns": h("concerns"),
    "outcome": h("outcome"),
    "faq_id": h("faq_entry"),
    "score": h("score"),
    "feedback": h("feedback"),
    "text": h("question_text"),
    "staff_answer": h("staff_answer"),
}
WIDTHS = {"created_at": 19, "text": 60, "staff_answer": 40, "faq_id": 24, "type": 16}
# coded columns shown as words in the report's language
CODED: dict[str, Callable[[str], Label]] = {
    "type": type_label,
    "outcome": outcome_label,
    "lang": language_label,
    "platform": platform_label,
}


def raw_header(sheet: Worksheet, cells: Cells, zone: str, lang: Lang) -> None:
    labels: list[Label | str] = []
    for col, name in enumerate(RAW_COLUMNS):
        label = RAW_HEADERS[name]
        if name == "created_at":
            label = Label(f"{label.ja} ({zone})", f"{label.en} ({zone})")
        labels.append(label)
        sheet.set_column(col, col, WIDTHS.get(name, 11))
    print_setup(sheet, landscape=True, header_rows=(1, 1))
    cells.headers(sheet, 1, labels, lang)
    sheet.freeze_panes(2, 0)


def _words(lang: Lang) -> dict[int, Callable[[str], str]]:
    """Column index -> code-to-word function (memoised: the same codes repeat)."""
    out: dict[int, Callable[[str], str]] = {}
    for name, label in CODED.items():
        memo: dict[str, str] = {}

        def word(
            code: str, label: Callable[[str], Label] = label, memo: dict[str, str] = memo
        ) -> str:
            if code not in memo:
                memo[code] = label(code).in_(lang)
            return memo[code]

        out[RAW_COLUMNS.index(name)] = word
    concern_memo: dict[str, str] = {}

    def concerns(stored: str) -> str:
        if stored not in concern_memo:
            parts = [concern_label(c).in_(lang) for c in stored.split(",") if c]
            concern_memo[stored] = ", ".join(parts)
        return concern_memo[stored]

    out[RAW_COLUMNS.index("concerns")] = concerns
    return out


def raw_row_writer(sheet: Worksheet, cells: Cells, zone: ZoneInfo, lang: Lang) -> RawWriter:
    """A fast writer for one raw row; types are known, so no per-cell dispatch."""
    text_cols = [
        i for i, name in enumerate(RAW_COLUMNS) if name not in {"id", "created_at", "score"}
    ]
    at, score = RAW_COLUMNS.index("created_at"), RAW_COLUMNS.index("score")
    write_string, write_number = sheet.write_string, sheet.write_number
    datetime_fmt, integer, decimal, plain = (
        cells.datetime,
        cells.integer,
        cells.decimal,
        cells.plain,
    )
    text = cells.text
    words = _words(lang)

    def write(row: int, values: Sequence[Any]) -> None:
        write_number(row, 0, values[0], integer)
        moment: datetime = values[at]
        sheet.write_datetime(row, at, moment.astimezone(zone).replace(tzinfo=None), datetime_fmt)
        for col in text_cols:
            value = values[col]
            if value:
                if col in words:
                    write_string(row, col, words[col](value), plain)
                elif value.startswith(TRIGGERS):
                    text(sheet, row, col, value)
                else:
                    write_string(row, col, value, plain)
        if values[score] is not None:
            write_number(row, score, values[score], decimal)

    return write
