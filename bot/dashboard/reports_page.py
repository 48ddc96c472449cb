"""The reports page: a fair's (or one prefecture's) charts and its downloads.

Gathering and rendering are `reports/`'s (collect → ReportData → xlsx / html /
csv); this module only decides what an account may ask for. A prefecture
viewer is pinned to their prefecture (and fair, if their account has one):
asking for any other gets 403, never a silently narrowed report.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from bot.dashboard.common import ALL_ROLES, Scope, render, require, runtime_of, scope_of
from bot.runtime import Runtime
from faq.prefectures import PREFECTURES
from reports.build import FORMATS, ReportRequest, build_comparison, build_report, resolve
from reports.collect import collect
from reports.html import chart_svgs
from reports.labels import HEADINGS
from reports.xlsx_sheets import languages_text

log = logging.getLogger(__name__)

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
TEXT_CUT = 160  # visitor texts longer than this are folded, with a "show all" toggle
# The print-ready HTML report carries its own inline styles and no script.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


@dataclass(frozen=True)
class Choice:
    """A report the account asked for, already checked against its scope."""

    fair_id: str
    prefecture: str | None
    by: Literal["booth", "topic"]
    date_from: date | None
    date_to: date | None
    lang: Literal["ja", "en"]

    def request(self) -> ReportRequest:
        return ReportRequest(
            (self.fair_id,), self.prefecture, self.by, self.date_from, self.date_to
        )

    def query(self) -> str:
        values = {
            "fair": self.fair_id,
            "prefecture": self.prefecture,
            "by": self.by,
            "from": self.date_from,
            "to": self.date_to,
            "lang": self.lang,
        }
        return urlencode({k: str(v) for k, v in values.items() if v})


def day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name}: a date as YYYY-MM-DD") from None


async def choose(runtime: Runtime, scope: Scope, params: Any) -> Choice | None:
    """The report asked for, or None when there is no fair yet; 403 outside the scope."""
    fair_id = scope.fair(params.get("fair") or None)
    if fair_id is None:
        fairs = await runtime.store.fairs.list_fairs()
        if not fairs:
            return None
        fair_id = fairs[-1].id
    elif await runtime.store.fairs.get_fair(fair_id) is None:
        raise HTTPException(404, "No such fair.")
    prefecture = scope.prefecture_filter(params.get("prefecture") or None)
    if prefecture is not None and prefecture not in PREFECTURES and prefecture != "JP":
        raise HTTPException(400, "prefecture: JP-01 … JP-47")
    by = params.get("by") or "booth"
    if by not in ("booth", "topic"):
        raise HTTPException(400, "by: booth or topic")
    lang = params.get("lang") or "ja"
    if lang not in ("ja", "en"):
        raise HTTPException(400, "lang: ja or en")
    start, end = day(params.get("from"), "from"), day(params.get("to"), "to")
    return Choice(fair_id, prefecture, by, start, end, lang)  # type: ignore[arg-type]  # checked above


@require(*ALL_ROLES)
async def reports_page(request: Request) -> Response:
    runtime = runtime_of(request)
    scope = scope_of(request)
    choice = await choose(runtime, scope, request.query_params)
    fairs = [f for f in await runtime.store.fairs.list_fairs() if scope.fair_id in (None, f.id)]
    context: dict[str, Any] = {"choice": choice, "fairs": fairs, "prefectures": PREFECTURES}
    if choice is not None:
        report_scope = await resolve(runtime.store, choice.request())
        data = await collect(
            runtime.store,
            report_scope,
            kb=runtime.engines.engine.kb,
            date_from=choice.date_from,
            date_to=choice.date_to,
        )
        charts = await asyncio.to_thread(chart_svgs, data, choice.lang)
        labels = {key: label.in_(choice.lang) for key, label in HEADINGS.items()}
        context.update(
            data=data,
            charts=charts,
            t=labels,
            query=choice.query(),
            cut=TEXT_CUT,
            languages_of=lambda group: languages_text(group, choice.lang),
        )
    return render(request, "staff/reports.html", **context)


@require(*ALL_ROLES)
async def download(request: Request) -> Response:
    runtime = runtime_of(request)
    fmt = request.path_params["fmt"]
    if fmt not in FORMATS:
        raise HTTPException(404, "Reports come as xlsx, html or csv.")
    choice = await choose(runtime, scope_of(request), request.query_params)
    if choice is None:
        raise HTTPException(404, "There is no fair to report on yet.")
    folder = Path(tempfile.mkdtemp(prefix="fairbot-report-"))
    name = f"report-{choice.fair_id}-{choice.prefecture or 'all'}-{choice.by}.{fmt}"
    try:
        await build_report(
            runtime.store, choice.request(), folder / name, fmt=fmt, lang=choice.lang,
            kb=runtime.engines.engine.kb,
        )  # fmt: skip
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    log.info("staff %r downloaded %s", request.state.account.username, name)
    return report_file(folder, name, fmt)


@require(*ALL_ROLES)
async def compare_download(request: Request) -> Response:
    """Fairs (markets) side by side, for accounts not pinned to one fair."""
    runtime = runtime_of(request)
    scope = scope_of(request)
    fmt = request.path_params["fmt"]
    if fmt not in ("xlsx", "html"):
        raise HTTPException(404, "A comparison comes as xlsx or html.")
    if scope.fair_id is not None:
        raise HTTPException(403, "Your account sees one fair: there is nothing to compare.")
    fair_ids = tuple(dict.fromkeys(request.query_params.getlist("fair")))
    if len(fair_ids) < 2:
        raise HTTPException(400, "Choose two or more fairs to compare.")
    for fair_id in fair_ids:
        if await runtime.store.fairs.get_fair(fair_id) is None:
            raise HTTPException(404, "No such fair.")
    prefecture = scope.prefecture_filter(request.query_params.get("prefecture") or None)
    lang: Literal["ja", "en"] = "en" if request.query_params.get("lang") == "en" else "ja"
    if request.query_params.get("lang") not in (None, "", "ja", "en"):
        raise HTTPException(400, "lang: ja or en")
    folder = Path(tempfile.mkdtemp(prefix="fairbot-compare-"))
    name = f"compare-{'-'.join(fair_ids)}-{prefecture or 'all'}.{fmt}"[:120]
    try:
        await build_comparison(
            runtime.store, ReportRequest(fair_ids, prefecture), folder / name, fmt=fmt,
            lang=lang, kb=runtime.engines.engine.kb,
        )  # fmt: skip
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return report_file(folder, name, fmt)


def routes() -> list[Route]:
    return [
        Route("/reports", reports_page),
        Route("/reports/download.{fmt}", download),
        Route("/reports/compare.{fmt}", compare_download),
    ]


def report_file(folder: Path, name: str, fmt: str) -> FileResponse:
    """A built report as a download (html inline, under the report CSP); its temporary
    folder is removed once the response has been sent."""
    disposition = "inline" if fmt == "html" else "attachment"
    headers = {"content-disposition": f'{disposition}; filename="{name}"'}
    if fmt == "html":
        headers["content-security-policy"] = REPORT_CSP
    return FileResponse(
        folder / name,
        media_type=MEDIA[fmt],
        headers=headers,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
