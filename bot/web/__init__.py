"""The web chat channel: the visitor page, its JSON API and the replayer.

`chat` holds the routes and the request path, `channel` the `WebChannel` the
app starts like the Telegram and LINE channels.
"""

from bot.web.channel import WebChannel, session_key

__all__ = ["WebChannel", "session_key"]
