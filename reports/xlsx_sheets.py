"""The xlsx report's detail sheets: one per breakdown, questions, gaps, raw rows.

Everything is in the report's one language (`lang`). Rows are written strictly
top to bottom (the workbook is in constant-memory mode). Every sheet is set up
for printing (`print_setup`): one page wide, header row repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from xlsxwriter.worksheet import Worksheet

from reports.cluster import QuestionGroup
from reports.collect import ReportData, Share
from reports.labels import (
    SHEET_NAMES,
    Label,
    Lang,
    concern_label,
    language_label,
    outcome_label,
    platform_label,
    prefecture_label,
    type_label,
)
from reports.labels import heading as h
from reports.safe import TRIGGERS
from reports.xlsx_style import Cells, print_setup
from storage.aggregates import RAW_COLUMNS

RawWriter = Callable[[int, Sequence[Any]], None]


def scope_lines(data: ReportData, lang: Lang) -> list[tuple[Label, str]]:
    """(label, value) lines describing what the report covers, values in `lang`."""
    scope = data.scope
    fairs = ", ".join(f"{fair.name} ({fair.id})" for fair in data.fairs)
    place = prefecture_label(scope.prefecture).in_(lang)
    view = (h("by_booth") if scope.by == "booth" else h("by_topic")).in_(lang)
    start = data.date_from or min((f.start_date for f in data.fairs if f.start_date), default=None)
    end = data.date_to or max((f.end_date for f in data.fairs if f.end_date), default=None)
    period = f"{start or ''} – {end or ''}" if start or end else "-"
    generated = data.generated_at.astimezone(ZoneInfo(scope.zone)).strftime("%Y-%m-%d %H:%M")
    return [
        (h("fair"), fairs),
        (h("prefecture"), place if scope.prefecture is None else f"{place} ({view})"),
        (h("period"), period),
        (h("timezone"), scope.zone),
        (h("generated"), f"{generated} ({scope.zone})"),
    ]


def write_header_block(
    sheet: Worksheet, cells: Cells, data: ReportData, lang: Lang, title: Label | None = None
) -> int:
    """Title and scope lines; returns the last row written."""
    sheet.write_string(0, 0, (title or h("title")).in_(lang), cells.title)
    row = 1
    for label, value in scope_lines(data, lang):
        row += 1
        sheet.write_string(row, 0, label.in_(lang), cells.label)
        cells.text(sheet, row, 1, value)
    return row


def no_questions(sheet: Worksheet, cells: Cells, row: int, lang: Lang) -> None:
    sheet.write_string(row, 0, h("no_questions").in_(lang), cells.label)


def _previous_of(key: str) -> Label:
    before, what = h("previous"), h(key)
    return Label(f"{before.ja}（{what.ja}）", f"{before.en} ({what.en})")


def _shares(sheet: Worksheet, cells: Cells, key: str, rows: Sequence[Share], lang: Lang) -> None:
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 6, 13)
    compare = bool(rows) and rows[0].previous is not None
    labels: list[Label | str] = [h(key), h("count"), h("share")]
    if compare:
        labels += [
            _previous_of("count"),
            _previous_of("share"),
            h("change"),
            h("difference"),
        ]
    print_setup(sheet, header_rows=(0, 0))
    cells.headers(sheet, 0, labels, lang)
    sheet.freeze_panes(1, 0)
    for row, item in enumerate(rows, start=1):
        cells.text(sheet, row, 0, item.label.in_(lang))
        sheet.write_number(row, 1, item.count, cells.integer)
        sheet.write_number(row, 2, item.share, cells.percent)
        if compare and item.previous is not None:
            sheet.write_number(row, 3, item.previous, cells.integer)
            cells.number(sheet, row, 4, item.previous_share, cells.percent)
            if item.previous:
                sheet.write_number(row, 5, item.count / item.previous - 1, cells.change)
            if item.previous_share is not None:
                sheet.write_number(row, 6, 100 * (item.share - item.previous_share), cells.points)
    sheet.autofilter(0, 0, max(1, len(rows)), len(labels) - 1)


def _concerns(sheet: Worksheet, cells: Cells, data: ReportData, lang: Lang) -> None:
    """Concern counts, then the same per prefecture (booth's or topic's)."""
    _shares(sheet, cells, "concern", data.concerns, lang)
    print_setup(sheet, landscape=len(data.concerns) > 5, header_rows=(0, 0))
    row = len(data.concerns) + 2
    cells.text(sheet, row, 0, h("concern_note").in_(lang))
    if not data.concerns_by_place:
        return
    row += 2
    sheet.write_string(row, 0, h("concerns_by_place").in_(lang), cells.section)
    row += 1
    cells.headers(sheet, row, [h("prefecture"), *(s.label for s in data.concerns)], lang)
    for place, counts in data.concerns_by_place:
        row += 1
        cells.text(sheet, row, 0, prefecture_label(place).in_(lang) if place else "–")
        for col, count in enumerate(counts, start=1):
            sheet.write_number(row, col, count, cells.integer)


def languages_text(group: QuestionGroup, lang: Lang) -> str:
    return ", ".join(language_label(code).in_(lang) for code in group.langs)


def _questions(
    sheet: Worksheet, cells: Cells, groups: Sequence[QuestionGroup], lang: Lang, *, gaps: bool
) -> None:
    widths = [5, 50, 9, 22, 30, 30, 16, 50] if not gaps else [5, 50, 9, 22, 11, 11, 16, 50]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    middle: list[Label | str] = (
        [h("entry_title_ja"), h("entry_title_en")]
        if not gaps
        else [h("handed_over"), h("staff_answered")]
    )
    labels: list[Label | str] = [
        "#",
        h("representative"),
        h("count"),
        h("languages_asked"),
        *middle,
        h("type"),
        h("examples"),
    ]
    print_setup(sheet, landscape=True, header_rows=(0, 0))
    cells.headers(sheet, 0, labels, lang)
    sheet.freeze_panes(1, 2)
    if not groups:
        no_questions(sheet, cells, 2, lang)
    for row, group in enumerate(groups, start=1):
        sheet.write_number(row, 0, row, cells.integer)
        cells.text(sheet, row, 1, group.text, wrap=True)
        sheet.write_number(row, 2, group.count, cells.integer)
        cells.text(sheet, row, 3, languages_text(group, lang), wrap=True)
        if gaps:
            sheet.write_number(row, 4, group.handed_over, cells.integer)
            sheet.write_number(row, 5, group.staff_answered, cells.integer)
        elif group.title is not None:
            cells.text(sheet, row, 4, group.title.ja, wrap=True)
            cells.text(sheet, row, 5, group.title.en, wrap=True)
        cells.text(sheet, row, 6, type_label(group.type).in_(lang))
        cells.text(sheet, row, 7, "\n".join(group.examples), wrap=True)


def _days(days: Worksheet, cells: Cells, data: ReportData, lang: Lang) -> None:
    days.set_column(0, 1, 16)
    print_setup(days, header_rows=(0, 0))
    cells.headers(days, 0, [h("day"), h("count")], lang)
    for row, (day, count) in enumerate(data.days, start=1):
        cells.text(days, row, 0, day)
        days.write_number(row, 1, count, cells.integer)


def _hours(hours: Worksheet, cells: Cells, data: ReportData, lang: Lang) -> None:
    hours.set_column(0, 2, 16)
    print_setup(hours, header_rows=(0, 0))
    zone = data.scope.zone
    cells.headers(hours, 0, [h("hour"), f"{h('hour').in_(lang)} ({zone})", h("count")], lang)
    for hour, count in enumerate(data.hours):
        hours.write_number(hour + 1, 0, hour, cells.integer)
        hours.write_string(hour + 1, 1, f"{hour:02d}:00", cells.plain)
        hours.write_number(hour + 1, 2, count, cells.integer)


def _feedback(sheet: Worksheet, cells: Cells, data: ReportData, lang: Lang) -> None:
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 5, 13)
    print_setup(sheet, landscape=True, header_rows=(0, 0))
    cells.headers(
        sheet,
        0,
        [h("faq_entry"), h("representative"), h("answered"), h("up"), h("down"), h("helpful_rate")],
        lang,
    )
    for row, item in enumerate(data.feedback, start=1):
        cells.text(sheet, row, 0, item.faq_id)
        cells.text(sheet, row, 1, item.title)
        sheet.write_number(row, 2, item.answered, cells.integer)
        sheet.write_number(row, 3, item.up, cells.integer)
        sheet.write_number(row, 4, item.down, cells.integer)
        cells.number(sheet, row, 5, item.helpful_rate, cells.percent)


SUMMARY, RAW = "summary", "raw"
DETAILS = (
    "types",
    "concerns",
    "languages",
    "platforms",
    "outcomes",
    "days",
    "hours",
    "top",
    "gaps",
    "feedback",
)
SHEETS = (SUMMARY, *DETAILS, RAW)


def sheet_name(key: str, lang: Lang) -> str:
    return SHEET_NAMES[key].in_(lang)


def write_breakdowns(
    sheets: dict[str, Worksheet], cells: Cells, data: ReportData, lang: Lang
) -> None:
    """Fill the detail sheets (created, in order, by the workbook)."""
    _shares(sheets["types"], cells, "type", data.types, lang)
    _concerns(sheets["concerns"], cells, data, lang)
    _shares(sheets["languages"], cells, "language", data.languages, lang)
    _shares(sheets["platforms"], cells, "platform", data.platforms, lang)
    _shares(sheets["outcomes"], cells, "outcome", data.outcomes, lang)
    _days(sheets["days"], cells, data, lang)
    _hours(sheets["hours"], cells, data, lang)
    _questions(sheets["top"], cells, data.top_questions, lang, gaps=False)
    _questions(sheets["gaps"], cells, data.unanswered, lang, gaps=True)
    _feedback(sheets["feedback"], cells, data, lang)


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
