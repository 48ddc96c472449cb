"""One report run, start to finish: scope → aggregates → renderer → file.

The SQL runs on the event loop (it is I/O); everything CPU-bound (clustering,
charts, xlsx/csv writing) runs in a worker thread via `asyncio.to_thread`, one
batch at a time, so a server answering visitors is never blocked by a report.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, Protocol

from faq.model import KnowledgeBase
from reports import compare_render
from reports.collect import ReportData, collect
from reports.compare import Comparison, compare
from reports.csv import CsvReport
from reports.html import render_html
from reports.labels import Lang
from reports.scope import make_scope
from reports.xlsx import RAW_CAP, XlsxReport
from storage import Store
from storage.aggregates import Scope

# Database connections a report wants: its aggregate scans run side by side (on
# SQLite a 1M-row fair report takes ~12 s on one connection, ~3 s on four).
REPORT_CONNECTIONS = 4

log = logging.getLogger(__name__)

Format = Literal["xlsx", "html", "csv"]
FORMATS: tuple[Format, ...] = ("xlsx", "html", "csv")
BATCH = 5000


class Progress(Protocol):
    """What a long run reports as it goes (the CLI draws it with rich)."""

    def step(self, name: str) -> None: ...

    def rows(self, total: int) -> None: ...

    def advance(self, done: int) -> None: ...


class Quiet:
    def step(self, name: str) -> None:
        log.debug("report: %s", name)

    def rows(self, total: int) -> None:
        return None

    def advance(self, done: int) -> None:
        return None


@dataclass(frozen=True)
class ReportRequest:
    """What the user asked for, before it is resolved against the database."""

    fair_ids: tuple[str, ...]
    prefecture: str | None = None
    by: Literal["booth", "topic"] = "booth"
    date_from: date | None = None
    date_to: date | None = None


async def resolve(store: Store, request: ReportRequest) -> Scope:
    fairs = await store.aggregates.fairs(request.fair_ids)
    missing = set(request.fair_ids) - {fair.id for fair in fairs}
    if missing:
        raise ValueError(f"no fair {', '.join(sorted(missing))} (see `fairbot fair list`)")
    return make_scope(
        fairs,
        prefecture=request.prefecture,
        by=request.by,
        date_from=request.date_from,
        date_to=request.date_to,
    )


async def _stream(
    store: Store,
    scope: Scope,
    sink: XlsxReport | CsvReport,
    *,
    total: int,
    cap: int | None,
    progress: Progress,
) -> None:
    progress.rows(min(total, cap) if cap is not None else total)
    async for batch in store.aggregates.raw_rows(scope, batch=BATCH, limit=cap):
        await asyncio.to_thread(sink.add_raw, batch)
        progress.advance(len(batch))


async def build_comparison(
    store: Store,
    request: ReportRequest,
    out: Path,
    *,
    fmt: Format = "xlsx",
    lang: Lang = "ja",
    kb: KnowledgeBase | None = None,
    view: Literal["booth", "topic"] = "booth",
) -> Comparison:
    """`--by fair`: the fairs of `request` side by side, as xlsx or html."""
    if fmt == "csv":
        raise ValueError("a comparison comes as xlsx or html (csv exports raw rows)")
    comparison = await compare(
        store,
        request.fair_ids,
        prefecture=request.prefecture,
        by=view,
        kb=kb,
        date_from=request.date_from,
        date_to=request.date_to,
    )
    if fmt == "html":
        page = await asyncio.to_thread(compare_render.render_html, comparison, lang)
        await asyncio.to_thread(out.write_text, page, encoding="utf-8")
    else:
        await asyncio.to_thread(compare_render.write_xlsx, comparison, out, lang)
    return comparison


async def build_report(
    store: Store,
    request: ReportRequest,
    out: Path,
    *,
    fmt: Format = "xlsx",
    lang: Lang = "ja",
    kb: KnowledgeBase | None = None,
    progress: Progress | None = None,
    raw_cap: int | None = RAW_CAP,
) -> ReportData | None:
    """Write the report to `out`; returns the aggregates (None for the CSV export)."""
    progress = progress or Quiet()
    scope = await resolve(store, request)
    if fmt == "csv":
        report = CsvReport(out, zone=scope.zone, lang=lang)
        try:
            total = await store.aggregates.count(scope)
            await _stream(store, scope, report, total=total, cap=None, progress=progress)
        finally:
            report.close()
        return None
    if fmt == "html":
        data = await collect(
            store,
            scope,
            kb=kb,
            date_from=request.date_from,
            date_to=request.date_to,
            step=progress.step,
        )
        progress.step("charts")
        page = await asyncio.to_thread(render_html, data, lang)
        await asyncio.to_thread(out.write_text, page, encoding="utf-8")
        return data
    total = await store.aggregates.count(scope)
    workbook = XlsxReport(out, zone=scope.zone, raw_total=total, raw_cap=raw_cap, lang=lang)
    try:
        workbook.start_raw()
        # raw rows are written (CPU, a worker thread) while the aggregate queries run
        data, _ = await asyncio.gather(
            collect(
                store,
                scope,
                kb=kb,
                date_from=request.date_from,
                date_to=request.date_to,
                step=progress.step,
            ),
            _stream(store, scope, workbook, total=total, cap=raw_cap, progress=progress),
        )
        progress.step("workbook")
        await asyncio.to_thread(workbook.write_aggregates, data)
    finally:
        await asyncio.to_thread(workbook.close)
    return data
