"""The web chat channel: the visitor page, its JSON API and the replayer."""

from bot.web.chat import Replayer, routes

__all__ = ["Replayer", "routes"]
