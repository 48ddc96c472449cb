"""Raw inquiries as CSV: UTF-8 with a BOM (so Excel reads Thai and Japanese), every row.

Rows arrive in batches from `storage` and are written as they come, so a
million-row export needs no more memory than one batch. Visitor-typed fields
that a spreadsheet could read as a formula get a leading apostrophe (`safe`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from reports.labels import Lang
from reports.safe import for_csv
from reports.xlsx_raw import RAW_HEADERS
from storage.aggregates import RAW_COLUMNS

TEXT_COLUMNS = frozenset(
    i for i, name in enumerate(RAW_COLUMNS) if name not in {"id", "created_at", "score"}
)
AT = RAW_COLUMNS.index("created_at")


class CsvReport:
    """An open CSV export; use as a context manager, feed `add_raw(batch)`."""

    def __init__(self, path: Path, *, zone: str, lang: Lang = "ja") -> None:
        self.zone = ZoneInfo(zone)
        self.file = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        headers = [RAW_HEADERS[name].in_(lang) for name in RAW_COLUMNS]
        headers[AT] = f"{headers[AT]} ({zone})"
        self.writer.writerow(headers)
        self.rows = 0

    def add_raw(self, rows: Sequence[tuple[Any, ...]]) -> None:
        zone = self.zone
        out = []
        for values in rows:
            line = [
                for_csv(value) if i in TEXT_COLUMNS else value for i, value in enumerate(values)
            ]
            line[AT] = values[AT].astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
            out.append(line)
        self.writer.writerows(out)
        self.rows += len(rows)

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> CsvReport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
