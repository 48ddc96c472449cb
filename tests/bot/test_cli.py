"""The CLI through Typer's CliRunner, on a real SQLite file; JSON output is a contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.chat import numbered, to_incoming
from handlers import texts
from handlers.i18n import gettext
from handlers.messages import POSTBACK, TEXT, Button, Reply, Suggestion


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {
        "FAIRBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "FAIRBOT_SECRET_FILE": str(tmp_path / "secret"),
        "FAIRBOT_PUBLIC_URL": "https://bot.example.org",
    }
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env=env, input=input)

    return invoke


def test_fair_and_booth_setup_with_json(cli) -> None:
    assert (
        cli(
            "fair",
            "add",
            "jtf-2026-sg",
            "--name",
            "JTF Singapore",
            "--country",
            "sg",
            "--city",
            "Singapore",
            "--start",
            "2026-03-01",
            "--end",
            "2026-03-03",
        ).exit_code
        == 0
    )
    added = cli(
        "booth",
        "add",
        "hyogo",
        "--fair",
        "jtf-2026-sg",
        "--prefecture",
        "Hyogo",
        "--name",
        "Hyogo Prefecture",
        "--email",
        "intl@pref.hyogo.example.jp",
    )
    assert added.exit_code == 0, added.output
    fairs = json.loads(cli("fair", "list", "--json").stdout)
    assert fairs == [
        {
            "id": "jtf-2026-sg",
            "name": "JTF Singapore",
            "country": "SG",
            "city": "Singapore",
            "start": "2026-03-01",
            "end": "2026-03-03",
            "staff_chat": None,
        }
    ]
    booths = json.loads(cli("booth", "list", "--json").stdout)
    assert booths[0]["id"] == "hyogo" and booths[0]["fair"] == "jtf-2026-sg"
    assert booths[0]["prefecture"] == "JP-28" and booths[0]["name"] == "Hyogo Prefecture"
    links = json.loads(
        cli("booth", "link", "--fair", "jtf-2026-sg", "--booth", "hyogo", "--json").stdout
    )
    assert links == {
        "web": "https://bot.example.org/?fair=jtf-2026-sg&booth=hyogo",
        "telegram": None,
        "line": None,
    }
    plain = cli("booth", "link", "--fair", "jtf-2026-sg", "--booth", "hyogo")
    assert "FAIRBOT_PUBLIC_URL" not in plain.output  # a public URL is set: no warning


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("fair", "add", "Bad Id", "--name", "x"), "fair id"),
        (("fair", "add", "f1", "--name", "x", "--start", "March"), "--start"),
        (("fair", "add", "f1", "--name", "x", "--country", "Thailand"), "--country"),
        (
            ("booth", "add", "b1", "--fair", "nope", "--prefecture", "JP-28", "--name", "x"),
            "no fair 'nope'",
        ),
        (
            ("booth", "add", "b1", "--fair", "nope", "--prefecture", "Atlantis", "--name", "x"),
            "not a prefecture",
        ),
        (("booth", "link", "--fair", "nope", "--booth", "b"), "no booth"),
        (("inquiries", "list", "--since", "yesterday-ish"), "--since"),
    ],
)
def test_bad_input_is_one_clear_line(cli, args: tuple[str, ...], fragment: str) -> None:
    result = cli(*args)
    assert result.exit_code != 0
    assert fragment in result.output and "Traceback" not in result.output


def test_duplicate_fair_is_refused(cli) -> None:
    assert cli("fair", "add", "f1", "--name", "x").exit_code == 0
    again = cli("fair", "add", "f1", "--name", "y")
    assert again.exit_code == 1 and "already exists" in again.output


def test_inquiries_list_json_contract(cli, tmp_path: Path) -> None:
    import asyncio

    from storage import Store
    from storage.inquiries import NewInquiry

    cli("db", "upgrade")

    async def seed() -> None:
        store = Store.from_url(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
        for n, lang in enumerate(["en", "th"]):
            await store.inquiries.log(
                NewInquiry(
                    platform="line",
                    event_id=f"e{n}",
                    lang=lang,
                    text=f"question {n}",
                    outcome="answered",
                    type="food",
                    fair_id="f",
                    booth_id="b",
                    topic_prefecture="JP-26",
                    faq_id="kyoto-food",
                )
            )
        await store.close()

    asyncio.run(seed())
    rows = json.loads(cli("inquiries", "list", "--json", "--since", "1h").stdout)
    assert [r["text"] for r in rows] == ["question 1", "question 0"]  # newest first
    for row in rows:
        assert {
            "id",
            "time",
            "fair",
            "booth",
            "platform",
            "lang",
            "text",
            "faq_id",
            "type",
            "prefecture",
            "outcome",
        } <= set(row)
        assert row["platform"] == "line" and row["prefecture"] == "JP-26"
    assert json.loads(cli("inquiries", "list", "--json", "--fair", "other").stdout) == []
    table = cli("inquiries", "list")
    assert table.exit_code == 0 and "question 1" in table.output


def test_every_command_has_help(cli) -> None:
    for args in (
        ["--help"],
        ["serve", "--help"],
        ["chat", "--help"],
        ["db", "upgrade", "--help"],
        ["fair", "add", "--help"],
        ["booth", "link", "--help"],
        ["inquiries", "list", "--help"],
        ["faq", "check", "--help"],
    ):
        result = cli(*args)
        assert result.exit_code == 0 and "Usage" in result.output, args


def test_terminal_chat_goes_through_the_conversation_core(cli, tmp_path: Path) -> None:
    result = cli("chat", input="how do I get to Kyoto from the airport\n/lang th\n\n")
    assert result.exit_code == 0, result.output
    assert "Haruka" in result.output  # the sample KB's Kansai Airport → Kyoto answer
    assert "ภาษาไทย" in result.output  # /lang th switched the bot's language
    rows = json.loads(cli("inquiries", "list", "--json").stdout)
    assert [r["text"] for r in rows] == ["how do I get to Kyoto from the airport"]
    assert rows[0]["platform"] == "web" and rows[0]["outcome"] == "answered"


def test_terminal_chat_number_picks_a_choice(cli, tmp_path: Path) -> None:
    """/lang offers nine numbered languages; typing 2 presses the second (Thai)."""
    result = cli("chat", input="/lang\n2\n\n")
    assert result.exit_code == 0, result.output
    assert "2. ไทย" in result.output
    assert gettext("th", texts.LANGUAGE_SET) in result.output


def test_chat_numbers_did_you_mean_choices_and_a_number_presses_one() -> None:
    reply = Reply(
        "Did you mean one of these?",
        suggestions=(Suggestion("harbour-kayak", "Kayak at the harbour?"),
                     Suggestion("lake-kayak", "Kayak at the lake?")),
        buttons=(Button("human", "Talk to staff"),),
        feedback=(Button("fb:1:up", "👍"),),
    )  # fmt: skip
    choices = numbered(reply)
    assert [c.data for c in choices] == ["faq:harbour-kayak", "faq:lake-kayak", "human"]
    second = to_incoming("2", choices, "s")
    assert (second.kind, second.postback) == (POSTBACK, "faq:lake-kayak")
    assert to_incoming(" 3. ", choices, "s").postback == "human"
    for text in ("4", "0", "2 nights in Kyoto?", "-1"):
        assert to_incoming(text, choices, "s").kind == TEXT, text
    assert to_incoming("2", (), "s").kind == TEXT  # no choices on offer: just text
    assert to_incoming("/lang th", choices, "s").command == "lang"


async def test_a_picked_did_you_mean_choice_is_answered(sqlite_store) -> None:
    """Through the real core: the postback a number produces answers that entry."""
    from faq.live import LiveEngine
    from handlers.conversation import Conversation
    from handlers.deps import Deps
    from tests.conftest import DEV_KB

    conversation = Conversation(Deps(store=sqlite_store, engines=LiveEngine(DEV_KB), secret="s"))
    choices = (Button("faq:himeji-castle-access", "Himeji Castle access"),)
    result = await conversation.handle(to_incoming("1", choices, "s"))
    assert result.replies[-1].faq_id == "himeji-castle-access"


def test_a_second_server_on_the_same_spool_directory_is_refused(tmp_path: Path) -> None:
    from bot.instance import InstanceLock

    spool = tmp_path / "spool"
    first = InstanceLock.acquire(spool)  # a running `fairbot serve`
    try:
        env = {
            "FAIRBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
            "FAIRBOT_SECRET_FILE": str(tmp_path / "secret"),
            "FAIRBOT_SPOOL_DIR": str(spool),
        }
        result = CliRunner().invoke(app, ["serve", "--port", "0"], env=env)
    finally:
        first.release()
    assert result.exit_code == 2
    assert "FAIRBOT_SPOOL_DIR" in result.output and "in use by pid" in result.output
    assert "Traceback" not in result.output
