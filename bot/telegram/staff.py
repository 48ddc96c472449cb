"""Booth staff on Telegram: handover posts in staff groups, replies relayed to visitors.

A question the bot declines (or a visitor's /human) is posted to the staff
chat of the visitor's booth, else of the fair. The post's message id is stored
with the handover, so a staff member's *reply* to the post finds its visitor
through our own table - not through forwarding metadata, which Telegram hides
when the visitor's privacy settings say so.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Bot, Message, ReplyParameters
from telegram.error import TelegramError

from bot.runtime import Runtime
from bot.telegram.convert import split_text
from faq.prefectures import PREFECTURES
from faq.zones import zone_for
from handlers.commands import parse_command
from handlers.deps import HandoverNotice
from handlers.staff import answer_as_staff, release
from handlers.staff import close as staff_close
from storage import Store, utcnow
from storage.models import Booth, Handover
from storage.outcomes import Outcome, reason_label

log = logging.getLogger(__name__)

STAFF_HELP = (
    "Reply to a question post to answer that visitor (質問に返信すると来場者へ送信).\n"
    "/close - as a reply to a post: close the conversation everywhere (対応完了)\n"
    "/release - as a reply to a post: the bot answers that visitor again (ボットに戻す)\n"
    "/stats - today's counts (本日の件数)"
)


@dataclass(frozen=True)
class Scope:
    """What one staff chat looks after: a whole fair, or one booth of it."""

    fair_id: str
    booth_id: str | None = None


async def staff_scopes(store: Store) -> dict[str, list[Scope]]:
    """Staff chat id -> the fairs and booths it serves (ids as Telegram prints them)."""
    scopes: dict[str, list[Scope]] = {}
    for fair in await store.fairs.list_fairs():
        if fair.staff_chat_id:
            scopes.setdefault(fair.staff_chat_id.strip(), []).append(Scope(fair.id))
    for booth in await store.fairs.list_booths():
        if booth.staff_chat_id:
            scopes.setdefault(booth.staff_chat_id.strip(), []).append(
                Scope(booth.fair_id, booth.id)
            )
    return scopes


class TelegramStaffNotifier:
    """A `StaffNotifier`: posts each handover to its booth's or fair's staff chat."""

    def __init__(self, bot: Bot, store: Store) -> None:
        self.bot = bot
        self.store = store

    async def notify(self, notice: HandoverNotice) -> None:
        fair = await self.store.fairs.get_fair(notice.fair_id) if notice.fair_id else None
        booth = None
        if notice.fair_id and notice.booth_id:
            booth = await self.store.fairs.get_booth(notice.fair_id, notice.booth_id)
        chat_id = (booth.staff_chat_id if booth else None) or (fair.staff_chat_id if fair else None)
        if not chat_id:
            return
        text = handover_post(notice, booth)
        try:
            # Failing to post must not cost the visitor their reply: log, the dashboard has it.
            posted = await self.bot.send_message(chat_id.strip(), split_text(text)[0])
        except TelegramError as exc:
            log.warning("could not post handover %s to %s: %s", notice.handover_id, chat_id, exc)
            return
        await self.store.handovers.posted(
            notice.handover_id, str(posted.chat.id), str(posted.message_id)
        )


def handover_post(notice: HandoverNotice, booth: Booth | None) -> str:
    """The staff-group post: who, where, and the question(s) that led to the handover."""
    where = "-"
    if booth is not None:
        names = PREFECTURES.get(booth.prefecture)
        where = f"{booth.name} ({names.ja if names else booth.prefecture})"
    lines = [
        f"❓ #{notice.handover_id} {reason_label(notice.reason).both()} · {notice.platform}"
        f" · lang {notice.lang}",
        f"Booth ブース: {where}",
        "",
    ]
    question = notice.question.strip()
    lead = [q for q in notice.context if q != question]
    if lead:
        lines.append("Asked before 直前の質問:")
        lines += [f"{n}. {q}" for n, q in enumerate(lead, 1)]
        lines.append("")
    if not question or question.startswith("/"):
        lines.append("(asked for staff スタッフ希望)")
    else:
        lines.append(question)
    lines += ["", "↩️ Reply to answer, /close as a reply when done (返信で回答・/close で完了)"]
    return "\n".join(lines)


class StaffDesk:
    """Messages in staff chats: replies to handover posts, /release and /stats."""

    def __init__(self, runtime: Runtime, bot: Bot, cache_seconds: float = 30.0) -> None:
        self.runtime = runtime
        self.bot = bot
        self.cache_seconds = cache_seconds
        self._scopes: dict[str, list[Scope]] = {}
        self._loaded = float("-inf")

    async def scopes_of(self, chat_id: int) -> list[Scope]:
        """The chat's scopes; empty when it is not a staff chat (cached briefly)."""
        if time.monotonic() - self._loaded > self.cache_seconds:
            self._scopes = await staff_scopes(self.runtime.store)
            self._loaded = time.monotonic()
        return self._scopes.get(str(chat_id), [])

    async def handle(self, message: Message) -> bool:
        """Act on a staff-chat message; False when the chat is no staff chat of ours."""
        scopes = await self.scopes_of(message.chat.id)
        if not scopes:
            return False
        command = parse_command(message.text)
        if command is not None and command.target not in (None, self.bot.username):
            return True  # addressed to another bot in the group
        if command is not None and command.name == "stats":
            await self.say(message, await self.stats(scopes))
        elif command is not None and command.name == "release":
            await self.release(message)
        elif command is not None and command.name == "close":
            await self.close(message)
        elif command is not None and command.name in ("help", "start"):
            await self.say(message, STAFF_HELP)
        elif message.reply_to_message is not None and command is None:
            await self.relay(message)
        return True  # staff talking among themselves: nothing to do

    async def post_of(self, message: Message) -> Handover | None:
        """The handover whose post `message` replies to, if it is one of ours."""
        replied = message.reply_to_message
        if replied is None:
            return None
        return await self.runtime.store.handovers.by_post(
            str(message.chat.id), str(replied.message_id)
        )

    async def relay(self, message: Message) -> None:
        handover = await self.post_of(message)
        if handover is None:
            replied = message.reply_to_message
            if replied is not None and replied.from_user and replied.from_user.id == self.bot.id:
                await self.say(message, "⚠️ No visitor for that message (data may be deleted).")
            return
        text = (message.text or message.caption or "").strip()
        if not text:
            await self.say(message, "⚠️ Only text can be relayed (文字のみ送信できます).")
            return
        try:
            outgoing = await answer_as_staff(
                self.runtime.deps,
                visitor_id=handover.visitor_id,
                text=text,
                inquiry_id=handover.inquiry_id,
                handover_id=handover.id,
                staff_name=staff_name(message),
            )
            await self.runtime.channels.deliver(outgoing)
        except LookupError:
            await self.say(message, "⚠️ That visitor deleted their data (/forget).")
            return
        except TelegramError as exc:
            log.warning("staff answer for handover %s not delivered: %s", handover.id, exc)
            await self.say(message, f"⚠️ Not delivered: {exc.message}")
            return
        minutes = self.runtime.deps.staff_hold_minutes
        await self.say(
            message,
            f"✓ Sent (送信済み). The bot stays quiet for this visitor for {minutes} min;"
            " /release as a reply hands them back.",
        )

    async def release(self, message: Message) -> None:
        handover = await self.post_of(message)
        if handover is None:
            await self.say(message, "Use /release as a reply to a question post.")
            return
        await release(self.runtime.deps, handover.visitor_id)
        if handover.status == "open":
            await self.runtime.store.handovers.close(handover.id)
        await self.say(
            message, "✓ Released: the bot answers this visitor again (ボットに戻しました)."
        )

    async def close(self, message: Message) -> None:
        """`/close` as a reply to a post: the conversation is closed here and on the dashboard."""
        handover = await self.post_of(message)
        if handover is None:
            await self.say(message, "Use /close as a reply to a question post.")
            return
        store = self.runtime.store
        conversation = await store.conversations.latest_open(handover.visitor_id)
        if conversation is None:
            conversation = await store.conversations.current(
                handover.visitor_id, handover.fair_id, handover.booth_id
            )
        if conversation is None:
            await self.say(message, "⚠️ No conversation for that post (data may be deleted).")
            return
        await staff_close(self.runtime.deps, conversation)
        await self.say(message, "✓ Closed (対応完了). The bot answers this visitor again.")

    async def stats(self, scopes: list[Scope]) -> str:
        store = self.runtime.store
        lines = []
        for scope in scopes:
            fair = await store.fairs.get_fair(scope.fair_id)
            zone = ZoneInfo(zone_for(fair.country if fair else None))  # "today" starts there
            since = local_midnight(utcnow(), zone)
            counts = await store.inquiries.count_by_outcome(
                since=since, fair_id=scope.fair_id, booth_id=scope.booth_id
            )
            label = fair.name if fair else scope.fair_id
            if scope.booth_id:
                label = f"{label} / {scope.booth_id}"
            parts = [f"{o.label.both()} {counts[o]}" for o in Outcome if counts.get(o)]
            total = sum(counts.values())
            lines.append(f"📊 {label} - today 本日 ({zone.key}): {total} questions 件")
            if parts:
                lines.append("   " + " · ".join(parts))
        return "\n".join(lines)

    async def say(self, message: Message, text: str) -> None:
        """Answer in the staff chat, as a reply so busy groups keep the thread."""
        await self.bot.send_message(
            message.chat.id, text, reply_parameters=ReplyParameters(message.message_id)
        )


def staff_name(message: Message) -> str | None:
    """Who answered, as the dashboard shows assignees: "tg:<username or id>"."""
    user = message.from_user
    if user is None:
        return None
    return f"tg:{user.username or user.id}"[:64]


def local_midnight(now: datetime, zone: ZoneInfo) -> datetime:
    """The start of `now`'s day in `zone`, as an aware datetime."""
    return now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
