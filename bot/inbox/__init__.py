"""The durable inbox every channel uses the same way: store, acknowledge, process once.

See `bot.inbox.core` for the whole story; `writer`, `workers`, `takeover` and
`spool` are its parts.
"""

from bot.inbox.core import Inbox
from bot.inbox.spool import Spool
from bot.inbox.workers import NETWORK_WAITS, Delivery, Processor

__all__ = ["NETWORK_WAITS", "Delivery", "Inbox", "Processor", "Spool"]
