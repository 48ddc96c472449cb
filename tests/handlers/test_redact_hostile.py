"""Redaction next to any script, on full-width text, in linear time on capped text."""

from __future__ import annotations

import asyncio
import threading

import pytest

from handlers import redact as redact_module
from handlers.redact import MAX_CHARS, redact, redact_async


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("เบอร์0812345678ค่ะ", "เบอร์[phone]ค่ะ"),
        ("電話番号09012345678です", "電話番号[phone]です"),
        ("พาสปอร์ตAA1234567", "พาสปอร์ต[id-number]"),
        ("护照E12345678谢谢", "护照[id-number]谢谢"),
        ("メールはｔａｎａｋａ＠ｅｘａｍｐｌｅ．ｃｏｍです", "メールは[email]です"),
        ("อีเมลtan@example.co.thค่ะ", "อีเมล[email]ค่ะ"),
        ("電話は０９０－１２３４－５６７８まで", "電話は[phone]まで"),
        ("ｐａｓｓｐｏｒｔ ＴＺ１２３４５６７", "ｐａｓｓｐｏｒｔ [id-number]"),
        ("大阪に2泊、2026年3月", "大阪に2泊、2026年3月"),
    ],
)
def test_numbers_and_addresses_next_to_any_script(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_long_text_is_capped() -> None:
    out = redact("x" * (MAX_CHARS * 3))
    assert len(out) == MAX_CHARS + 1 and out.endswith("…")


async def test_hostile_texts_finish_and_run_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Shapes that made the old e-mail pattern quadratic; 200,000 characters took it
    # minutes. Capped and anchored, they finish at once (the bound is only a safety net).
    hostile = ["a" * 200_000, "a." * 100_000, "a@" * 100_000, "1 " * 100_000, "a@b" * 60_000]
    threads: list[str] = []
    real = redact_module.redact

    def spy(text: str) -> str:
        threads.append(threading.current_thread().name)
        return real(text)

    monkeypatch.setattr(redact_module, "redact", spy)
    results = await asyncio.wait_for(
        asyncio.gather(*(redact_async(text) for text in hostile)), timeout=30
    )
    assert all(len(result) <= MAX_CHARS + 1 for result in results)
    assert threads and threading.main_thread().name not in threads


@pytest.mark.parametrize(
    "data",
    ["fb:²:up", "fb:١٢:down", "fb:" + "9" * 20 + ":up", "fb::up", "fb:-1:up", "fb:1:sideways"],
)
def test_junk_feedback_postbacks_are_malformed_not_errors(data: str) -> None:
    from handlers.postbacks import parse

    assert parse(data) is None
    assert parse("fb:12:up") is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello\x00 world", "hello world"),
        ("a\ud800b", "ab"),
        ("line\nbreak\tand tab", "line\nbreak\tand tab"),
        ("\x07bell\x1b[31m", "bell[31m"),
        ("ไปเกียวโต", "ไปเกียวโต"),
    ],
)
def test_clean_text_drops_what_databases_refuse(text: str, expected: str) -> None:
    from handlers.clean import clean_text, clean_value

    assert clean_text(text) == expected
    assert clean_value({"k\x00": [text, 1, None]}) == {"k": [expected, 1, None]}


@pytest.mark.parametrize("value", ["ok-id_1", "ไทย", "a" * 128])
def test_clean_ids_pass(value: str) -> None:
    from handlers.clean import is_clean_id

    assert is_clean_id(value)


@pytest.mark.parametrize("value", ["", "a\x00b", "a\nb", "x\ud800", "a" * 129])
def test_unclean_ids_are_refused(value: str) -> None:
    from handlers.clean import is_clean_id

    assert not is_clean_id(value)


async def test_a_failing_booth_lookup_degrades_to_no_prefecture() -> None:
    from sqlalchemy.exc import DataError, OperationalError

    from handlers.booths import BoothCache

    class Fairs:
        error: Exception = DataError("SELECT", {}, ValueError("bad"))

        async def get_booth(self, fair_id: str, booth_id: str) -> None:
            raise self.error

    class FakeStore:
        fairs = Fairs()

    cache = BoothCache(FakeStore())  # type: ignore[arg-type]
    assert await cache.prefecture("fair\x00", "booth") is None
    FakeStore.fairs.error = RuntimeError("a bug")
    assert await cache.prefecture("fair", "booth") is None
    FakeStore.fairs.error = OperationalError("SELECT", {}, ConnectionError("down"))
    with pytest.raises(OperationalError):  # an outage is waited out, not papered over
        await cache.prefecture("fair", "booth-2")
