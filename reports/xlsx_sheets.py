"""The xlsx report's detail sheets: one per breakdown, top/unanswered questions, raw rows.

Rows are written strictly top to bottom (the workbook is in constant-memory mode).
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
    Label,
    language_label,
    prefecture_label,
    type_label,
)
from reports.labels import heading as h
from reports.safe import TRIGGERS
from reports.xlsx_style import Cells
from storage.aggregates import RAW_COLUMNS

RawWriter = Callable[[int, Sequence[Any]], None]


def scope_lines(data: ReportData) -> list[tuple[Label, str]]:
    """(label, value) lines describing what the report covers."""
    scope = data.scope
    fairs = ", ".join(f"{fair.name} ({fair.id})" for fair in data.fairs)
    place = prefecture_label(scope.prefecture)
    view = h("by_booth") if scope.by == "booth" else h("by_topic")
    prefecture = place.both() if scope.prefecture is None else f"{place.both()} ({view.both()})"
    start = data.date_from or min((f.start_date for f in data.fairs if f.start_date), default=None)
    end = data.date_to or max((f.end_date for f in data.fairs if f.end_date), default=None)
    period = f"{start or ''} – {end or ''}" if start or end else "-"
    generated = data.generated_at.astimezone(ZoneInfo(scope.zone)).strftime("%Y-%m-%d %H:%M")
    return [
        (h("fair"), fairs),
        (h("prefecture"), prefecture),
        (h("period"), period),
        (h("timezone"), scope.zone),
        (h("generated"), f"{generated} ({scope.zone})"),
    ]


def write_header_block(sheet: Worksheet, cells: Cells, data: ReportData) -> int:
    """Title and scope lines; returns the last row written."""
    sheet.write_string(0, 0, h("title").both(), cells.title)
    row = 1
    for label, value in scope_lines(data):
        row += 1
        sheet.write_string(row, 0, label.both(), cells.label)
        cells.text(sheet, row, 1, value)
    return row


def _shares(sheet: Worksheet, cells: Cells, key: str, rows: Sequence[Share]) -> None:
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 2, 26)
    sheet.set_column(3, 8, 13)
    compare = bool(rows) and rows[0].previous is not None
    labels: list[Label | str] = ["ID", f"{h(key).ja}", h(key).en, h("count"), h("share")]
    if compare:
        labels += [
            f"{h('previous').ja} {h('count').ja} / {h('previous').en} {h('count').en}",
            f"{h('previous').ja} {h('share').ja} / {h('previous').en} {h('share').en}",
            h("change"),
            f"{h('change').ja} ({h('share').ja}) / {h('change').en} (pt)",
        ]
    cells.headers(sheet, 0, labels)
    sheet.freeze_panes(1, 0)
    for row, item in enumerate(rows, start=1):
        cells.text(sheet, row, 0, item.key)
        cells.text(sheet, row, 1, item.label.ja)
        cells.text(sheet, row, 2, item.label.en)
        sheet.write_number(row, 3, item.count, cells.integer)
        sheet.write_number(row, 4, item.share, cells.percent)
        if compare and item.previous is not None:
            sheet.write_number(row, 5, item.previous, cells.integer)
            cells.number(sheet, row, 6, item.previous_share, cells.percent)
            if item.previous:
                sheet.write_number(row, 7, item.count / item.previous - 1, cells.change)
            if item.previous_share is not None:
                sheet.write_number(row, 8, 100 * (item.share - item.previous_share), cells.points)
    sheet.autofilter(0, 0, max(1, len(rows)), len(labels) - 1)


def _questions(sheet: Worksheet, cells: Cells, groups: Sequence[QuestionGroup]) -> None:
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 4, 11)
    sheet.set_column(5, 6, 16)
    sheet.set_column(7, 7, 10)
    sheet.set_column(8, 8, 60)
    cells.headers(
        sheet,
        0,
        [
            "#",
            h("representative"),
            h("count"),
            h("handed_over"),
            h("staff_answered"),
            h("type").ja,
            h("type").en,
            h("language"),
            h("examples"),
        ],
    )
    sheet.freeze_panes(1, 2)
    for row, group in enumerate(groups, start=1):
        kind = type_label(group.type)
        sheet.write_number(row, 0, row, cells.integer)
        cells.text(sheet, row, 1, group.text, wrap=True)
        sheet.write_number(row, 2, group.count, cells.integer)
        sheet.write_number(row, 3, group.handed_over, cells.integer)
        sheet.write_number(row, 4, group.staff_answered, cells.integer)
        cells.text(sheet, row, 5, kind.ja)
        cells.text(sheet, row, 6, kind.en)
        cells.text(sheet, row, 7, language_label(group.lang).en)
        cells.text(sheet, row, 8, "\n".join(group.examples), wrap=True)


def _days(days: Worksheet, cells: Cells, data: ReportData) -> None:
    days.set_column(0, 1, 14)
    cells.headers(days, 0, [h("day"), h("count")])
    for row, (day, count) in enumerate(data.days, start=1):
        cells.text(days, row, 0, day)
        days.write_number(row, 1, count, cells.integer)


def _hours(hours: Worksheet, cells: Cells, data: ReportData) -> None:
    hours.set_column(0, 2, 14)
    cells.headers(hours, 0, [h("hour"), f"{h('hour').ja} ({data.scope.zone})", h("count")])
    for hour, count in enumerate(data.hours):
        hours.write_number(hour + 1, 0, hour, cells.integer)
        hours.write_string(hour + 1, 1, f"{hour:02d}:00–{hour:02d}:59", cells.plain)
        hours.write_number(hour + 1, 2, count, cells.integer)


def _feedback(sheet: Worksheet, cells: Cells, data: ReportData) -> None:
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 5, 13)
    cells.headers(
        sheet,
        0,
        [h("faq_entry"), h("representative"), h("answered"), h("up"), h("down"), h("helpful_rate")],
    )
    for row, item in enumerate(data.feedback, start=1):
        cells.text(sheet, row, 0, item.faq_id)
        cells.text(sheet, row, 1, item.title)
        sheet.write_number(row, 2, item.answered, cells.integer)
        sheet.write_number(row, 3, item.up, cells.integer)
        sheet.write_number(row, 4, item.down, cells.integer)
        cells.number(sheet, row, 5, item.helpful_rate, cells.percent)


SUMMARY, RAW = "概要 Summary", "生データ Raw"
DETAILS = (
    "種類 Types",
    "言語 Languages",
    "経路 Platforms",
    "結果 Outcomes",
    "日別 Days",
    "時間帯 Hours",
    "よくある質問 Top questions",
    "未回答 Unanswered",
    "評価 Feedback",
)
SHEETS = (SUMMARY, *DETAILS, RAW)


def write_breakdowns(sheets: dict[str, Worksheet], cells: Cells, data: ReportData) -> None:
    """Fill the detail sheets (created, in order, by the workbook)."""
    _shares(sheets["種類 Types"], cells, "type", data.types)
    _shares(sheets["言語 Languages"], cells, "language", data.languages)
    _shares(sheets["経路 Platforms"], cells, "platform", data.platforms)
    _shares(sheets["結果 Outcomes"], cells, "outcome", data.outcomes)
    _days(sheets["日別 Days"], cells, data)
    _hours(sheets["時間帯 Hours"], cells, data)
    _questions(sheets["よくある質問 Top questions"], cells, data.top_questions)
    _questions(sheets["未回答 Unanswered"], cells, data.unanswered)
    _feedback(sheets["評価 Feedback"], cells, data)


RAW_HEADERS: dict[str, Label] = {
    "id": Label("ID", "ID"),
    "created_at": Label("日時", "Time"),
    "fair_id": h("fair"),
    "booth_id": Label("ブース", "Booth"),
    "prefecture": h("by_booth"),
    "topic_prefecture": h("by_topic"),
    "platform": h("platform"),
    "lang": h("language"),
    "kind": Label("形式", "Kind"),
    "type": h("type"),
    "outcome": h("outcome"),
    "faq_id": h("faq_entry"),
    "score": Label("スコア", "Score"),
    "feedback": h("feedback"),
    "text": Label("質問（個人情報は削除済み）", "Question (personal data removed)"),
    "staff_answer": Label("スタッフの回答", "Staff answer"),
}
WIDTHS = {"created_at": 19, "text": 60, "staff_answer": 40, "faq_id": 24, "type": 16}


def raw_header(sheet: Worksheet, cells: Cells, zone: str) -> None:
    labels: list[Label | str] = []
    for col, name in enumerate(RAW_COLUMNS):
        label = RAW_HEADERS[name]
        if name == "created_at":
            label = Label(f"{label.ja} ({zone})", f"{label.en} ({zone})")
        labels.append(label)
        sheet.set_column(col, col, WIDTHS.get(name, 11))
    cells.headers(sheet, 1, labels)
    sheet.freeze_panes(2, 0)


def raw_row_writer(sheet: Worksheet, cells: Cells, zone: ZoneInfo) -> RawWriter:
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

    def write(row: int, values: Sequence[Any]) -> None:
        write_number(row, 0, values[0], integer)
        moment: datetime = values[at]
        sheet.write_datetime(row, at, moment.astimezone(zone).replace(tzinfo=None), datetime_fmt)
        for col in text_cols:
            value = values[col]
            if value:
                if value.startswith(TRIGGERS):
                    text(sheet, row, col, value)
                else:
                    write_string(row, col, value, plain)
        if values[score] is not None:
            write_number(row, score, values[score], decimal)

    return write
