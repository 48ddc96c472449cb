"""The load and fault harness, run small: real servers, a kill -9, every delivery twice.

Bounded: 3 s of sending at 30 LINE events/s and 3 web chat messages/s, one
`fairbot serve` on SQLite killed with SIGKILL 1.5 s in and restarted, every
delivery sent twice. No PostgreSQL fault here (that one stops the shared
server; it runs only from `python -m bench.load --scenario fault-postgres`).
"""

from __future__ import annotations

from pathlib import Path

from bench.load.loader import LoadResult
from bench.load.outcome import tally
from bench.load.payloads import line_body, line_event, sign
from bench.load.report import percentile
from bench.load.run import run_scenario
from bench.load.scenarios import SCENARIOS
from bot.line.sender import retry_key


async def test_smoke_run_loses_nothing_and_answers_everyone_once(tmp_path: Path) -> None:
    summary = await run_scenario(SCENARIOS["smoke"], keep=tmp_path)
    f = summary.figures
    assert f["line_events_sent"] == 90 and f["web_sent"] == 9
    assert f["line_duplicates_sent"] > 0 and any("kill -9" in x for x in f["faults"])
    assert f["line_events_acked"] == f["line_events_sent"]  # redelivered past the kill
    assert f["line_lost"] == 0 and f["web_lost"] == 0
    assert f["duplicated_inquiries"] == 0 and f["stray_inquiries"] == 0
    assert f["line_unreplied"] == 0 and f["line_replied_twice"] == 0
    assert f["web_unreplied"] == 0 and f["web_replied_twice"] == 0
    assert f["stub_violations"] == 0
    assert summary.ok, [c for c in summary.checks if not c[1]]


def test_a_signed_body_verifies_with_the_channel_secret() -> None:
    from linebot.v3 import WebhookParser

    event = line_event("U" + "1" * 32, "visa for thai passport?")
    raw, signature = line_body([event], "s3cret", redelivery=True)
    parsed = WebhookParser("s3cret").parse(raw.decode(), signature)
    assert parsed[0].webhook_event_id == event.event_id
    assert parsed[0].delivery_context.is_redelivery is True
    assert sign(raw, "other") != signature


def test_tally_attributes_replies_and_pushes_and_counts_repeats() -> None:
    a, b, c = (line_event(f"U{n:032x}", "q") for n in range(3))
    load = LoadResult(line_events={e.event_id: e for e in (a, b, c)})
    calls = [
        {"op": "replyMessage", "status": 200, "token": a.reply_token, "to": None, "key": None},
        {
            "op": "pushMessage",
            "status": 200,
            "token": None,
            "to": b.user,
            "key": retry_key(b.event_id, 0),
        },
        {
            "op": "pushMessage",
            "status": 409,
            "token": None,
            "to": b.user,
            "key": retry_key(b.event_id, 0),
        },
        {
            "op": "pushMessage",
            "status": 200,
            "token": None,
            "to": b.user,
            "key": retry_key(b.event_id, 1),
        },  # the same answer's second batch
        {"op": "replyMessage", "status": 200, "token": a.reply_token, "to": None, "key": None},
        {"op": "replyMessage", "status": 400, "token": c.reply_token, "to": None, "key": None},
    ]
    delivered = tally({"calls": calls}, load)
    assert delivered.answers == {a.event_id: 2, b.event_id: 1}
    assert delivered.refused_repeats == 1 and delivered.failed_calls == 1
    assert delivered.unknown == 0


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([7.0], 99) == 7.0
