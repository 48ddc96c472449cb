"""The Telegram channel: the only package of ours that imports python-telegram-bot.

`channel` wires the webhook or poller to the inbox and sends replies,
`convert` translates updates and replies, `staff` is the staff group desk,
`transport` the webhook, the polling lease and the per-chat rate limiter.
"""

from bot.telegram.channel import TelegramChannel, bot_username
from bot.telegram.convert import blocked

__all__ = ["TelegramChannel", "blocked", "bot_username"]
