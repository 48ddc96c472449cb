"""The LINE booth link: basic id from bot info, prefilled message that sets the booth."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from bot.line import basic_id_from_api
from bot.links import booth_links, line_message
from storage.models import Booth
from tests.conftest import make_settings
from tests.line.conftest import TOKEN
from tests.line.stub import LineStub

HOKKAIDO = Booth(fair_id="demo-fair", id="hokkaido", prefecture="JP-01", name="Hokkaido")


def line_settings(tmp_path: Path, url: str, **extra: str):
    return make_settings(
        tmp_path,
        LINE_CHANNEL_SECRET="s",
        LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
        LINE_API_BASE_URL=url,
        **extra,
    )


async def test_basic_id_comes_from_bot_info(tmp_path: Path, line_stub: LineStub) -> None:
    assert await basic_id_from_api(line_settings(tmp_path, line_stub.url)) == "@fairbot"
    (call,) = line_stub.calls_to("getBotInfo")
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"


async def test_basic_id_is_none_when_line_refuses(tmp_path: Path, line_stub: LineStub) -> None:
    line_stub.fail("getBotInfo", 500)
    assert await basic_id_from_api(line_settings(tmp_path, line_stub.url)) is None


async def test_basic_id_is_none_when_line_is_unreachable(
    tmp_path: Path, line_stub: LineStub
) -> None:
    url = line_stub.url
    await line_stub.close()  # nothing listens there any more
    assert await basic_id_from_api(line_settings(tmp_path, url)) is None


async def test_booth_link_opens_the_chat_with_the_prefilled_message(
    tmp_path: Path, line_stub: LineStub
) -> None:
    links = await booth_links(line_settings(tmp_path, line_stub.url), HOKKAIDO)
    link = links["line"]
    assert link is not None
    prefix = "https://line.me/R/oaMessage/%40fairbot/?"
    assert link.startswith(prefix)
    text = link[len(prefix) :]
    assert "%20" in text and " " not in text and "+" not in text
    assert unquote(text) == line_message(HOKKAIDO) == "Hello Hokkaido! #ZGVtby1mYWlyL2hva2thaWRv"
