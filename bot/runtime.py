"""The running pieces of one fairbot process, opened and closed together.

Used by the ASGI app's lifespan and by CLI commands that need the same
conversation core (`fairbot chat`) or the database.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot.channels import Channels
from bot.config import ConfigError, Settings
from bot.demo import DEFAULT_BOOTH, ensure_demo
from bot.inbox import Inbox, Spool
from faq.lang import warm_up
from faq.live import LiveEngine
from handlers.conversation import Conversation
from handlers.deps import Deps, StaffNotifier
from storage import Store, upgrade
from storage.inbox import LEASE_PREFIX

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    store: Store
    engines: LiveEngine
    deps: Deps
    conversation: Conversation
    inbox: Inbox
    notifiers: list[StaffNotifier] = field(default_factory=list)
    # The started channels; none outside the server (the CLI's `fairbot chat`).
    channels: Channels = field(default_factory=lambda: Channels([]))

    async def close(self) -> None:
        await self.inbox.stop()
        await self.store.close()


async def open_runtime(
    settings: Settings, *, migrate: bool = True, instance: str | None = None
) -> Runtime:
    """Connect, migrate, load the KB and wire the conversation core.

    `instance` is the server's name for the inbox (bot.instance); without one
    the inbox makes up a fresh name. A KB that does not load stops start-up
    here (KBError names file, row and field).
    """
    engines = LiveEngine(settings.live_kb_path())  # dashboard edits (kb_dir) win when present
    await asyncio.to_thread(warm_up)  # not on the first question, in the event loop
    store = Store.from_url(settings.database_url)
    try:
        if migrate:
            await upgrade(store.engine)
        await check_shared_secret(settings, store, instance)
        if settings.demo:
            await ensure_demo(store)
        default_context = await resolve_default_context(settings, store)
    except BaseException:
        await store.close()
        raise
    deps = Deps(
        store=store,
        engines=engines,
        secret=settings.secret(),
        max_chars=settings.max_message_chars,
        privacy_url=settings.privacy_url,
        default_context=default_context,
    )
    log.info("knowledge base %s: %d entries", settings.live_kb_path(), len(engines.engine.kb))
    return Runtime(
        settings,
        store,
        engines,
        deps,
        Conversation(deps),
        Inbox(
            store,
            holder=instance,
            concurrency=settings.concurrency,
            calm_concurrency=settings.calm_concurrency,
            spool=Spool(settings.spool_dir / "inbox.jsonl"),
        ),
        deps.notifiers,
    )


async def check_shared_secret(settings: Settings, store: Store, instance: str | None) -> None:
    """Refuse a generated key when other instances share the database.

    Each process would generate (or find on its own disk) a different key, so
    visitors would get different pseudonyms and staff sessions would not carry
    over. PostgreSQL without a key is refused by the settings already.
    """
    if settings.secret_key is not None:
        return
    others = [
        holder
        for holder in await store.leases.live_holders(LEASE_PREFIX)
        if instance is None or holder != instance
    ]
    if others:
        raise ConfigError(
            f"FAIRBOT_SECRET_KEY is required: {len(others)} other instance(s) use this"
            " database, and every instance must share one key"
        )


async def resolve_default_context(settings: Settings, store: Store) -> tuple[str, str] | None:
    """The configured default booth, or the demo one in demo mode; it must exist."""
    if settings.default_fair and settings.default_booth:
        wanted = (settings.default_fair, settings.default_booth)
    elif settings.demo:
        wanted = DEFAULT_BOOTH
    else:
        return None
    if await store.fairs.get_booth(*wanted) is None:
        log.warning("default booth %s/%s does not exist; ignoring it", *wanted)
        return None
    return wanted
