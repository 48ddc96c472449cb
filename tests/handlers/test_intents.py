"""faq.intents: small talk and asking for a person, in every visitor language.

The phrasings here are everyday wordings written for these tests; the detector's
lists (faq/intent_phrases.py) are separate, so a test can fail when a list misses
a common wording.
"""

from __future__ import annotations

import pytest

from faq.intents import Intent, detect, normalise

SMALL_TALK = {
    "en": {"greeting": "Hello!", "thanks": "thank you so much", "bye": "Bye bye", "ok": "Okay"},
    "th": {"greeting": "สวัสดีครับ", "thanks": "ขอบคุณมากค่ะ", "bye": "บ๊ายบาย", "ok": "โอเคครับ"},
    "id": {"greeting": "Halo kak", "thanks": "Terima kasih banyak ya", "bye": "Sampai jumpa",
           "ok": "Oke siap"},
    "vi": {"greeting": "Xin chào bạn", "thanks": "Cảm ơn nhiều nhé", "bye": "Tạm biệt",
           "ok": "Hiểu rồi ạ"},
    "zh": {"greeting": "你好！", "thanks": "谢谢你", "bye": "再见", "ok": "好的"},
    "ms": {"greeting": "Selamat pagi", "thanks": "Terima kasih", "bye": "Jumpa lagi",
           "ok": "Baiklah"},
    "tl": {"greeting": "Magandang umaga po", "thanks": "Maraming salamat po", "bye": "Paalam",
           "ok": "Sige po"},
    "ja": {"greeting": "こんにちは", "thanks": "ありがとうございます！", "bye": "さようなら",
           "ok": "わかりました"},
    "km": {"greeting": "សួស្តី", "thanks": "អរគុណច្រើន", "bye": "លាហើយ", "ok": "យល់ហើយ"},
}  # fmt: skip
ASK_FOR_PERSON = {
    "en": ("I want to talk to a person", "can I talk to someone real", "human please",
           "Could you connect me to a staff member?", "is there a real person I can talk to?"),
    "th": ("ขอคุยกับพนักงาน", "อยากคุยกับคนจริงๆครับ", "ขอเจ้าหน้าที่หน่อยค่ะ"),
    "id": ("Saya mau bicara dengan petugas", "bisa ngobrol sama admin?", "minta orang asli"),
    "vi": ("Tôi muốn nói chuyện với nhân viên", "cho tôi gặp người thật"),
    "zh": ("我想找人工客服", "转人工", "我要跟真人说话", "有真人吗"),
    "ms": ("Saya nak bercakap dengan staf", "boleh saya cakap dengan orang sebenar?"),
    "tl": ("Gusto kong makausap ang isang tao", "Pwede po bang makausap ang staff?",
           "May tao ba dito?"),
    "ja": ("スタッフと話したいです", "人と話せますか", "担当者につないでください"),
    "km": ("ខ្ញុំចង់និយាយជាមួយបុគ្គលិក", "សុំនិយាយជាមួយមនុស្សពិត"),
}  # fmt: skip
# Real questions that merely contain a greeting, thanks, "ok" or a person: answer them.
QUESTIONS = (
    "hello, how do I get to Kyoto from the airport?",
    "thanks! and where can I buy a JR pass?",
    "ok how much is the bus to Himeji",
    "Good morning! Is Himeji castle open on Monday?",
    "hi there, whats the wifi password",
    "how do I contact the station staff",
    "Is there a person who speaks Thai at the station?",
    "I don't want to talk to a person, just tell me the opening hours",
    "is there someone who can carry luggage at Narita",
    "any staff discount?",
    "do you have a rail pass",
    "有人工岛吗",
    "may tao ba sa Osaka station?",
    "có ai biết đường đến Kyoto không",
    "สวัสดีครับ ไปเกียวโตยังไง",
    "มีพนักงานที่พูดไทยไหม",
    "ขอบคุณค่ะ แล้วตั๋วราคาเท่าไหร่",
    "halo, berapa harga tiket ke Osaka?",
    "cảm ơn, vé cho người lớn bao nhiêu",
    "你好，京都怎么去",
    "可以找人帮我拍照吗",
    "terima kasih, di mana stesen bas?",
    "salamat po, magkano ang tiket?",
    "こんにちは、姫路城への行き方を教えてください",
    "日本人と話したい",
    "駅の係員と話すにはどうすればいいですか",
    "សួស្តី តើទៅក្យូតូយ៉ាងដូចម្តេច",
)


@pytest.mark.parametrize(
    ("lang", "act", "text"),
    [(lang, act, text) for lang, acts in SMALL_TALK.items() for act, text in acts.items()],
)
def test_small_talk_in_every_language(lang: str, act: str, text: str) -> None:
    found = detect(text)
    assert found is not None and found.intent == Intent.SMALL_TALK
    assert found.act == act
    assert not found.langs or lang in found.langs or "en" in found.langs


@pytest.mark.parametrize(
    ("text", "act"),
    [("arigato", "thanks"), ("xie xie", "thanks"), ("merci!", "thanks"), ("ni hao", "greeting"),
     ("sawasdee krub", "greeting"), ("ok lah", "ok"), ("Hi 👋", "greeting")],
)  # fmt: skip
def test_small_talk_typed_in_latin_letters_or_another_tongue(text: str, act: str) -> None:
    found = detect(text)
    assert found is not None and (found.intent, found.act) == (Intent.SMALL_TALK, act)


@pytest.mark.parametrize("text", ["👍", "😊😊", "🙏 ", "❤️", "👍🏽"])
def test_a_lone_emoji_is_small_talk(text: str) -> None:
    found = detect(text)
    assert found is not None and (found.intent, found.act) == (Intent.SMALL_TALK, "emoji")


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, t) for lang, texts in ASK_FOR_PERSON.items() for t in texts]
)
def test_asking_for_a_person_in_every_language(lang: str, text: str) -> None:
    found = detect(text)
    assert found is not None and found.intent == Intent.ASK_FOR_PERSON, text


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_containing_those_words_stay_questions(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize("text", ["", "   ", "?", "hi" * 200, "this is great hello"])
def test_nothing_much_is_no_intent(text: str) -> None:
    assert detect(text) is None


def test_normalise_drops_accents_of_latin_only() -> None:
    assert normalise("Cảm ơn!") == "cam on"
    assert normalise("ขอบคุณค่ะ") == "ขอบคุณค่ะ"  # Thai vowels and tone marks are kept
    assert normalise("I'd like…") == "id like"
