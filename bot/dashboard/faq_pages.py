"""The FAQ pages: browse and search, test a question, upload and download (adding: faq_add).

Everything here works on the live KB (`runtime.engines.engine.kb`); changes go
through `kb_store.publish`, which validates, writes and swaps the engine.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.dashboard import kb_store
from bot.dashboard.common import STAFF_ROLES, back, flash, render, require, runtime_of
from bot.dashboard.security import checked_form
from faq import kb_edit
from faq.loader import KBError, dump_yaml
from faq.model import Entry, KnowledgeBase
from faq.types import INQUIRY_TYPES

log = logging.getLogger(__name__)

MAX_UPLOAD = 5 * 1024 * 1024
MAX_RESULTS = 200
LANGS = ("en", "th", "id", "vi", "zh", "ms", "tl", "ja", "km")


def matches(entry: Entry, needle: str) -> bool:
    needle = needle.casefold()
    texts = [entry.id, *entry.answer.values(), *(q for _, q in entry.phrasings()), *entry.tags]
    return any(needle in text.casefold() for text in texts)


def search(kb: KnowledgeBase, q: str, type_id: str) -> list[Entry]:
    found = [
        e for e in kb.entries if (not q or matches(e, q)) and (not type_id or e.type == type_id)
    ]
    return found[:MAX_RESULTS]


def test_result(kb: KnowledgeBase, engine: Any, text: str, lang: str | None) -> dict[str, Any]:
    """What the bot would do with `text`: decision, detected language and type, top 5."""
    verdict = engine.analyse(text, lang_hint=lang or None)
    candidates = []
    for candidate in list(verdict.candidates)[:5]:
        entry = kb.get(candidate.entry_id)
        candidates.append(
            {
                "faq_id": candidate.entry_id,
                "score": f"{candidate.score:.3f}",
                "phrasing": candidate.phrasing,
                "type": entry.type if entry else "",
            }
        )
    return {"verdict": verdict, "candidates": candidates, "text": text}


@require(*STAFF_ROLES)
async def faq_page(request: Request) -> Response:
    runtime = runtime_of(request)
    engine = runtime.engines.engine
    kb = engine.kb
    q = request.query_params.get("q", "").strip()[:200]
    type_id = request.query_params.get("type", "")
    test = request.query_params.get("test", "").strip()[:2000]
    lang = request.query_params.get("lang", "")
    if lang and lang not in LANGS:
        raise HTTPException(400, "lang: one of " + ", ".join(LANGS))
    return render(
        request,
        "staff/faq.html",
        entries=search(kb, q, type_id),
        total=len(kb),
        q=q,
        type_id=type_id,
        types=INQUIRY_TYPES,
        langs=LANGS,
        lang=lang,
        test=test_result(kb, engine, test, lang) if test else None,
        issues=[],
    )


@require("admin")
async def upload(request: Request) -> Response:
    runtime = runtime_of(request)
    form = await checked_form(request, max_part_size=MAX_UPLOAD)
    try:
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            flash(request, "Choose a YAML, CSV or XLSX file to upload.", "error")
            return back("/staff/faq")
        data = await file.read(MAX_UPLOAD + 1)
        name = file.filename
    finally:
        await form.close()
    issues: list[Any] = []
    try:
        if len(data) > MAX_UPLOAD:
            raise ValueError(f"the file is over {MAX_UPLOAD // (1024 * 1024)} MB")
        safe = kb_edit.safe_file_name(name)
        settings = request.app.state.settings
        kb = await kb_store.publish(runtime, settings, kb_store.lock_of(request), safe, data)
    except KBError as exc:
        issues = exc.issues
    except ValueError as exc:
        flash(request, str(exc), "error")
        return back("/staff/faq")
    if issues:
        engine = runtime.engines.engine
        return render(
            request, "staff/faq.html", status_code=422, entries=search(engine.kb, "", ""),
            total=len(engine.kb), q="", type_id="", types=INQUIRY_TYPES, langs=LANGS, lang="",
            test=None, issues=issues, upload_name=name,
        )  # fmt: skip
    log.info("staff %r uploaded KB %s (%d entries)", request.state.account.username, name, len(kb))
    flash(request, f"Uploaded {name}: {len(kb)} entries are live now.")
    return back("/staff/faq")


@require(*STAFF_ROLES)
async def download(request: Request) -> Response:
    kb = runtime_of(request).engines.engine.kb
    headers = {"content-disposition": 'attachment; filename="fairbot-kb.yaml"'}
    return Response(dump_yaml(kb), media_type="application/yaml; charset=utf-8", headers=headers)


def routes() -> list[Route]:
    return [
        Route("/faq", faq_page),
        Route("/faq/upload", upload, methods=["POST"]),
        Route("/faq/download", download),
    ]
