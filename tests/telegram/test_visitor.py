"""A visitor on Telegram, end to end: the real app (polling) against the Bot API emulator."""

from __future__ import annotations

from handlers import texts
from handlers.i18n import LANGUAGES, gettext
from handlers.identity import encode_booth, pseudonym
from storage.models import Visitor
from tests.conftest import TEST_SECRET
from tests.telegram.conftest import FAIR, Rig
from tests.telegram.kb import ENTRIES, LONG_ANSWER, LONG_ID
from tests.telegram.user import TelegramUser

HIMEJI = ENTRIES[0]["answer"]
KOBE = ENTRIES[1]["answer"]


async def arrive(user: TelegramUser, booth: str = "hyogo") -> None:
    """Scan the booth's QR code: /start with the booth payload; skip notice and greeting."""
    await user.command(f"/start {encode_booth(FAIR, booth)}")
    await user.replies(2)


async def visitor(rig: Rig, user: TelegramUser) -> Visitor:
    found = await rig.store.visitors.find(
        "telegram", pseudonym(TEST_SECRET, "telegram", str(user.user_id))
    )
    assert found is not None
    return found


async def test_deep_link_greets_in_the_visitors_language_naming_the_prefecture(rig: Rig) -> None:
    user = rig.user(1001, language_code="th")
    await user.command(f"/start {encode_booth(FAIR, 'hyogo')}")
    notice, greeting = await user.replies(2)
    assert notice.text == gettext("th", texts.PRIVACY_NOTICE, url="/privacy")
    assert greeting.text == gettext("th", texts.GREETING_BOOTH, booth="Hyogo", prefecture="Hyogo")
    assert greeting.text != gettext("en", texts.GREETING_BOOTH, booth="Hyogo", prefecture="Hyogo")
    found = await visitor(rig, user)
    assert (found.fair_id, found.booth_id, found.lang) == (FAIR, "hyogo", "th")

    await user.say("ไปปราสาทฮิเมจิยังไง")
    answer = await user.reply()
    assert answer.text.startswith(HIMEJI["th"])
    [inquiry] = await rig.store.inquiries.list(fair_id=FAIR)
    assert (inquiry.booth_id, inquiry.prefecture, inquiry.platform) == (
        "hyogo",
        "JP-28",
        "telegram",
    )
    assert (inquiry.faq_id, inquiry.lang, inquiry.outcome) == (
        "himeji-castle-access",
        "th",
        "answered",
    )


async def test_without_a_booth_link_the_visitor_picks_a_booth_by_button(rig: Rig) -> None:
    user = rig.user(1002)
    await user.command("/start")
    _, greeting = await user.replies(2)
    assert greeting.text == gettext("en", texts.GREETING)
    assert greeting.data() == [f"booth:{FAIR}:hyogo", f"booth:{FAIR}:kyoto"]
    await user.press(greeting, greeting.button("Kyoto"))
    welcome = await user.reply()
    assert welcome.text == gettext("en", texts.GREETING_BOOTH, booth="Kyoto", prefecture="Kyoto")
    found = await visitor(rig, user)
    assert (found.fair_id, found.booth_id) == (FAIR, "kyoto")


async def test_questions_in_several_languages_get_answers_and_feedback_buttons(rig: Rig) -> None:
    user = rig.user(1003, language_code="en")
    await arrive(user)
    asked = [
        ("How do I get to Himeji Castle?", "en", HIMEJI["en"]),
        ("Bagaimana cara ke Kastil Himeji?", "id", HIMEJI["id"]),
        ("姫路城への行き方は？", "ja", HIMEJI["ja"]),
        ("Ăn bò Kobe ở đâu?", "vi", KOBE["vi"]),
    ]
    answers = []
    for question, lang, expected in asked:
        await user.say(question)
        answer = await user.reply()
        assert answer.text.startswith(expected), (question, answer.text)
        labels = [label for row in answer.buttons for label, _ in row]
        assert labels == [gettext(lang, texts.HELPFUL), gettext(lang, texts.NOT_HELPFUL)]
        answers.append(answer)
    assert "🔗 https://www.himejicastle.jp/" in answers[0].text

    up = answers[0].button("👍")
    await user.press(answers[0], up)
    thanks = await user.reply()
    assert thanks.text == gettext("vi", texts.FEEDBACK_THANKS)  # the language last used
    inquiries = {i.text: i for i in await rig.store.inquiries.list(fair_id=FAIR)}
    assert inquiries["How do I get to Himeji Castle?"].feedback == "up"
    assert [inquiries[q].lang for q, _, _ in asked] == [lang for _, lang, _ in asked]


async def test_lang_command_offers_every_language_and_switches(rig: Rig) -> None:
    user = rig.user(1004)
    await arrive(user)
    await user.command("/lang")
    choice = await user.reply()
    assert choice.data() == [f"lang:{code}" for code in LANGUAGES]
    assert [len(row) for row in choice.buttons] == [3, 3, 3]
    await user.press(choice, "lang:ja")
    assert (await user.reply()).text == gettext("ja", texts.LANGUAGE_SET)
    assert (await visitor(rig, user)).lang == "ja"
    await user.command("/lang km")
    assert (await user.reply()).text == gettext("km", texts.LANGUAGE_SET)


async def test_help_and_forget(rig: Rig) -> None:
    user = rig.user(1005, language_code="ms")
    await arrive(user)
    await user.command("/help")
    assert (await user.reply()).text == gettext("ms", texts.HELP)
    await user.command("/forget")
    assert (await user.reply()).text == gettext("ms", texts.FORGOTTEN)
    assert (
        await rig.store.visitors.find("telegram", pseudonym(TEST_SECRET, "telegram", "1005"))
        is None
    )


async def test_stickers_photos_voice_and_locations_get_a_hint_and_are_logged(rig: Rig) -> None:
    user = rig.user(1006)
    await arrive(user)
    sent = [
        {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "🗾",
            }
        },
        {"photo": [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 67}]},
        {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 2}},
        {"location": {"latitude": 1.2966, "longitude": 103.8572}},
    ]
    for fields in sent:
        await user.send_raw(fields)
        assert (await user.reply()).text == gettext("en", texts.NON_TEXT)
    kinds = sorted(i.kind for i in await rig.store.inquiries.list(fair_id=FAIR))
    assert kinds == ["audio", "image", "location", "sticker"]


async def test_an_answer_over_4096_characters_is_split_cleanly(rig: Rig) -> None:
    user = rig.user(1007)
    await arrive(user)
    await user.say("Tell me about every festival in Hyogo through the year")
    parts = await user.collect(lambda got: bool(got[-1].buttons), "the part with the buttons")
    assert len(parts) >= 3
    assert all(len(p.text) <= 4096 for p in parts)
    assert [bool(p.buttons) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "\n\n".join(p.text for p in parts) == LONG_ANSWER
    assert parts[1].text.startswith(tuple(f"{i}. " for i in range(2, 16)))  # cut between items


async def test_a_shortened_button_for_a_long_faq_id_still_answers(rig: Rig) -> None:
    """`faq:<id>` over 64 bytes travels as a token; a fresh process resolves it from the KB."""
    from bot.telegram.convert import CallbackCodec

    user = rig.user(1008)
    await arrive(user)
    await user.say("Where can I eat Kobe beef?")
    answer = await user.reply()
    token = CallbackCodec.token(f"faq:{LONG_ID}")
    assert len(token.encode()) <= 64 and token not in rig.channel.codec.recent
    await user.press(answer, token)
    assert (await user.reply()).text.startswith(ENTRIES[2]["answer"]["en"])


async def test_did_you_mean_suggestions_are_buttons_that_answer_when_pressed(rig: Rig) -> None:
    from bot.telegram.convert import CallbackCodec

    user = rig.user(1009)
    await arrive(user)
    await user.say("any good food or boat trips?")  # two entries fit: the bot asks
    reply = await user.reply()
    assert reply.text == gettext("en", texts.DID_YOU_MEAN)
    long_token = CallbackCodec.token(f"faq:{LONG_ID}")
    assert {"faq:kobe-beef", long_token, "human"} <= set(reply.data())
    assert all(len(data.encode()) <= 64 for data in reply.data())
    await user.press(reply, "faq:kobe-beef")
    assert (await user.reply()).text.startswith(KOBE["en"])
    await user.press(reply, long_token)
    assert (await user.reply()).text.startswith(ENTRIES[2]["answer"]["en"])
