"""The LINE channel: the only package of ours that imports line-bot-sdk.

`channel` verifies and stores webhook deliveries and processes them, `events`
translates LINE events into `Incoming`, `replies` a `Reply` into LINE
messages, `sender` sends them (reply token first, push as fallback).
"""

from bot.line.channel import LineChannel, api_client, basic_id_from_api

__all__ = ["LineChannel", "api_client", "basic_id_from_api"]
