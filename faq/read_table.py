"""Read the CSV / XLSX KB format (one row per phrasing) into RawEntry records.

Spreadsheets are what prefecture staff actually edit, so row numbers here are the ones
their spreadsheet shows (header = row 1) and file names carry the sheet ("kb.xlsx[th]").
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Iterator

from faq.validate import LANG_PATTERN, KBIssue, RawEntry

logger = logging.getLogger(__name__)

COLUMNS = ("id", "prefecture", "type", "lang", "question", "answer", "links", "tags")
REQUIRED = ("id", "type", "question", "answer")

# A sheet title counts as a language only when it looks like one ("th", "zh-hant"), so a
# sheet called "faq" or "Sheet1" is not mistaken for a language.
SHEET_LANG = re.compile(r"^[a-z]{2}(-[a-z0-9]{2,8})*$")

Row = tuple[str, int, dict[str, str]]  # (file label, row number, column -> cell)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _rows(
    label: str, grid: Iterable[Iterable[object]], sheet_lang: str | None, issues: list[KBIssue]
) -> Iterator[Row]:
    """Map header names to cells; report missing or unknown columns once per sheet."""
    it = iter(grid)
    header_row = next(it, None)
    if header_row is None:
        issues.append(KBIssue(label, None, None, "empty sheet: expected a header row"))
        return
    header = [_cell(h).casefold() for h in header_row]
    expected = ", ".join(COLUMNS)
    issues.extend(
        KBIssue(label, 1, name, f"unknown column; expected: {expected}")
        for name in header
        if name and name not in COLUMNS
    )
    required = [*REQUIRED, *(() if sheet_lang else ("lang",))]
    missing = [c for c in required if c not in header]
    if missing:
        issues.append(KBIssue(label, 1, missing[0], f"missing column(s): {', '.join(missing)}"))
        return
    for number, cells in enumerate(it, start=2):
        values = [_cell(c) for c in cells]
        if not any(values):
            continue
        row = {name: values[i] if i < len(values) else "" for i, name in enumerate(header) if name}
        if not row.get("lang") and sheet_lang:
            row["lang"] = sheet_lang
        yield label, number, row


def group_rows(rows: Iterable[Row], issues: list[KBIssue]) -> list[RawEntry]:
    """Rows sharing an id form one entry; conflicts between rows are errors, not last-wins."""
    entries: dict[str, RawEntry] = {}
    answered: dict[tuple[str, str], tuple[str, int]] = {}
    for label, number, row in rows:
        entry_id, lang = row.get("id", ""), row.get("lang", "")
        if not entry_id:
            issues.append(KBIssue(label, number, "id", "missing id"))
            continue
        if not lang:
            issues.append(KBIssue(label, number, "lang", "missing language tag"))
            continue
        if not LANG_PATTERN.match(lang):
            issues.append(KBIssue(label, number, "lang", f"bad language tag {lang!r}"))
            continue
        raw = entries.get(entry_id)
        if raw is None:
            raw = entries[entry_id] = RawEntry(file=label, row=number, id=entry_id)
        for name in ("type", "prefecture"):
            value = row.get(name, "")
            if not value:
                continue
            current = getattr(raw, name)
            if current and current != value:
                issues.append(
                    KBIssue(
                        label,
                        number,
                        name,
                        f"{value!r} conflicts with {current!r} on row {raw.at(name)} "
                        f"for id {entry_id!r}",
                    )
                )
            elif not current:
                setattr(raw, name, value)
                raw.rows[name] = number
        if row.get("question"):
            raw.questions.setdefault(lang, []).append(row["question"])
        if row.get("answer"):
            first = answered.get((entry_id, lang))
            if first is not None:
                issues.append(
                    KBIssue(
                        label,
                        number,
                        "answer",
                        f"answer for ({entry_id}, {lang}) already given on "
                        f"{first[0]} row {first[1]}",
                    )
                )
            else:
                answered[(entry_id, lang)] = (label, number)
                raw.answer[lang] = row["answer"]
                raw.rows["answer"] = number
        for name in ("links", "tags"):
            for item in _split(row.get(name, "")):
                if item not in getattr(raw, name):
                    getattr(raw, name).append(item)
    return list(entries.values())


def csv_rows(name: str, data: bytes, issues: list[KBIssue]) -> list[Row]:
    """UTF-8 with or without BOM; anything else is reported, not guessed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        issues.append(
            KBIssue(name, None, None, f"not UTF-8 text (byte {exc.start}): save as CSV UTF-8")
        )
        return []
    return list(_rows(name, csv.reader(io.StringIO(text, newline="")), None, issues))


def xlsx_rows(name: str, data: bytes, issues: list[KBIssue]) -> list[Row]:
    """Every sheet; a sheet titled with a language tag supplies lang for blank cells."""
    from openpyxl import load_workbook  # imported lazily: only XLSX uploads pay for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a bad file
        issues.append(KBIssue(name, None, None, f"cannot read as XLSX: {exc}"))
        return []
    rows: list[Row] = []
    try:
        for sheet in book.worksheets:
            title = sheet.title.strip()
            sheet_lang = title.casefold() if SHEET_LANG.match(title.casefold()) else None
            grid = sheet.iter_rows(values_only=True)
            rows.extend(_rows(f"{name}[{title}]", grid, sheet_lang, issues))
    finally:
        book.close()
    return rows
