"""The xlsx report's detail sheets: one per breakdown, questions, gaps (raw rows: reports.xlsx_raw).

Everything is in the report's one language (`lang`). Rows are written strictly
top to bottom (the workbook is in constant-memory mode). Every sheet is set up
for printing (`print_setup`): one page wide, header row repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from xlsxwriter.worksheet import Worksheet

from reports.cluster import QuestionGroup
from reports.collect import ReportData, Share
from reports.labels import (
    SHEET_NAMES,
    Label,
    Lang,
    language_label,
    prefecture_label,
    type_label,
)
from reports.labels import heading as h
from reports.xlsx_style import Cells, print_setup


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
