"""E-mailing each booth's contact its report after a fair (`fairbot report send`).

One message per booth with a contact address: a short Japanese-then-English body
with the headline numbers, the xlsx report and the print-ready HTML (Japanese)
attached. Sent over one SMTP connection with aiosmtplib; `dry_run` builds
everything and sends nothing, so the operator can check the list first.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import aiosmtplib

from faq.model import KnowledgeBase
from reports.build import ReportRequest, build_report
from reports.collect import ReportData
from reports.html import render_html
from reports.labels import prefecture_label
from storage import Store

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SmtpConfig:
    """How to reach the SMTP server (from the SMTP_* settings)."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    sender: str = "fairbot@localhost"


@dataclass(frozen=True)
class Outgoing:
    """One booth's message, ready to send."""

    booth_id: str
    to: str
    subject: str
    questions: int
    attachments: tuple[str, ...]
    message: EmailMessage


def _dates(data: ReportData) -> str:
    fair = data.fairs[0]
    if fair.start_date and fair.end_date and fair.end_date != fair.start_date:
        return f"{fair.start_date} – {fair.end_date}"
    return str(fair.start_date or "")


def body(booth_name: str, data: ReportData) -> str:
    """The message text: Japanese first, then English, same numbers in both."""
    fair, totals = data.fairs[0], data.totals
    top = sorted((row for row in data.types if row.count), key=lambda row: -row.count)[:3]
    rate = f"{totals.answered_rate:.0%}" if totals.answered_rate is not None else "–"
    top_ja = "、".join(f"{row.label.ja}（{row.count:,}件）" for row in top) or "なし"
    top_en = ", ".join(f"{row.label.en} ({row.count:,})" for row in top) or "none"
    worries = sorted((row for row in data.concerns if row.count), key=lambda row: -row.count)[:3]
    worries_ja = "、".join(f"{row.label.ja}（{row.count:,}件）" for row in worries) or "なし"
    worries_en = ", ".join(f"{row.label.en} ({row.count:,})" for row in worries) or "none"
    return (
        f"{booth_name} ご担当者様\n\n"
        f"{fair.name}（{_dates(data)}）で来場者から寄せられた問い合わせのレポートをお送りします。\n"
        f"質問数: {totals.questions:,}件 / 質問した来場者: {totals.visitors:,}人 / "
        f"自動回答率: {rate}\n"
        f"主な問い合わせの種類: {top_ja}\n"
        f"主な旅行の懸念事項: {worries_ja}\n"
        "詳しくは添付の Excel ファイル（印刷用は HTML ファイル）をご覧ください。\n\n"
        "----\n\n"
        f"Dear {booth_name} team,\n\n"
        f"Please find attached the report on visitors' questions at {fair.name}"
        f" ({_dates(data)}).\n"
        f"Questions: {totals.questions:,} / Visitors who asked: {totals.visitors:,} / "
        f"Answered by the bot: {rate}\n"
        f"Top inquiry types: {top_en}\n"
        f"Top travel concerns: {worries_en}\n"
        "The Excel file has every breakdown; the HTML file is ready to print.\n\n"
        "-- fairbot\n"
    )


def compose(
    sender: str, to: str, booth_name: str, prefecture: str, data: ReportData, xlsx: bytes
) -> tuple[EmailMessage, tuple[str, ...]]:
    fair = data.fairs[0]
    place = prefecture_label(prefecture)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = (
        f"来場者問い合わせレポート / Visitor inquiry report: {fair.name} – {place.ja} {place.en}"
    )
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "fairbot.local")
    message.set_content(body(booth_name, data), charset="utf-8")
    stem = f"{fair.id}-{prefecture}-report"
    names = (f"{stem}.xlsx", f"{stem}-ja.html")
    maintype, subtype = XLSX.split("/")
    message.add_attachment(xlsx, maintype=maintype, subtype=subtype, filename=names[0])
    message.add_attachment(
        render_html(data, "ja").encode("utf-8"),
        maintype="text",
        subtype="html",
        filename=names[1],
    )
    return message, names


async def prepare(
    store: Store, fair_id: str, *, sender: str, kb: KnowledgeBase | None = None
) -> list[Outgoing]:
    """Build every booth's report and message (booths without an e-mail are skipped)."""
    if await store.fairs.get_fair(fair_id) is None:
        raise ValueError(f"no fair {fair_id!r} (see `fairbot fair list`)")
    outgoing: list[Outgoing] = []
    with tempfile.TemporaryDirectory(prefix="fairbot-report-") as folder:
        for booth in await store.fairs.list_booths(fair_id):
            if not booth.email:
                log.info("booth %s has no e-mail address: no report sent", booth.id)
                continue
            path = Path(folder) / f"{booth.id}.xlsx"
            request = ReportRequest((fair_id,), prefecture=booth.prefecture, by="booth")
            data = await build_report(store, request, path, fmt="xlsx", kb=kb)
            assert data is not None
            message, names = compose(
                sender, booth.email, booth.name, booth.prefecture, data, path.read_bytes()
            )
            outgoing.append(
                Outgoing(
                    booth.id,
                    booth.email,
                    str(message["Subject"]),
                    data.totals.questions,
                    names,
                    message,
                )
            )
    return outgoing


async def send(config: SmtpConfig, messages: list[Outgoing]) -> int:
    """Send over one connection; returns how many the server accepted."""
    if not messages:
        return 0
    client = aiosmtplib.SMTP(
        hostname=config.host, port=config.port, start_tls=config.starttls, timeout=60
    )
    sent = 0
    async with client:
        if config.username:
            await client.login(config.username, config.password or "")
        for item in messages:
            await client.send_message(item.message)
            sent += 1
            log.info("sent the report for booth %s to %s", item.booth_id, item.to)
    return sent
