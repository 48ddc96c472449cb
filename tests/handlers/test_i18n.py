"""The gettext catalogs cover every sentence the bot says, in every visitor language."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from handlers import texts
from handlers.i18n import LANGUAGES, LOCALES, catalog, gettext, normalize_language

# texts.ALL is meant to hold only msgids; keep strings so a stray helper cannot hide a gap.
MSGIDS: dict[str, str] = {
    name: value
    for name, value in vars(texts).items()
    if value in texts.ALL and isinstance(value, str) and name.isupper()
}
TRANSLATED = sorted(set(LANGUAGES) - {"en"})
PAIRS = [(lang, name) for lang in TRANSLATED for name in MSGIDS]
COMMANDS = ("/lang", "/human", "/forget")
EMOJI = ("👍", "👎")


def placeholders(message: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(message) if field is not None}


@pytest.mark.parametrize("lang", ["th", "id", "vi", "zh", "ms", "tl", "ja", "km"])
def test_every_visitor_language_has_a_catalog(lang: str) -> None:
    assert lang in TRANSLATED
    assert (LOCALES / lang / "LC_MESSAGES" / "fairbot.po").is_file()


def test_msgids_cover_every_string_in_all() -> None:
    assert set(MSGIDS.values()) == {m for m in texts.ALL if isinstance(m, str)}


def test_template_lists_every_msgid() -> None:
    with (LOCALES / "fairbot.pot").open("rb") as handle:
        template = read_po(handle)
    assert {m.id for m in template if m.id} == set(MSGIDS.values())


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_parses_without_fuzzy_entries(lang: str) -> None:
    with (LOCALES / lang / "LC_MESSAGES" / "fairbot.po").open("rb") as handle:
        po = read_po(handle, abort_invalid=True)
    assert not po.fuzzy
    assert [m.id for m in po if m.id and m.fuzzy] == []


@pytest.mark.parametrize(("lang", "name"), PAIRS)
def test_catalog_translates_msgid(lang: str, name: str) -> None:
    msgid = MSGIDS[name]
    translation = catalog(lang).get(msgid, "")
    assert translation.strip(), f"{lang} has no translation for {name}"
    assert translation != msgid


@pytest.mark.parametrize(("lang", "name"), PAIRS)
def test_translation_keeps_placeholders_commands_and_emoji(lang: str, name: str) -> None:
    msgid = MSGIDS[name]
    translation = catalog(lang)[msgid]
    assert placeholders(translation) == placeholders(msgid)
    for token in COMMANDS + EMOJI:
        assert (token in translation) == (token in msgid), token


@pytest.mark.parametrize("lang", TRANSLATED)
def test_language_set_names_the_new_language(lang: str) -> None:
    reply = gettext(lang, texts.LANGUAGE_SET).casefold()
    assert LANGUAGES[lang].casefold() in reply
    assert "english" not in reply


@pytest.mark.parametrize(
    ("lang", "msgid", "values", "expected"),
    [
        ("en", texts.STAFF_PREFIX, {"text": "Open 9-17"}, "Booth staff: Open 9-17"),
        ("ja", texts.STAFF_PREFIX, {"text": "9時から"}, "ブーススタッフ：9時から"),
        ("zh", texts.STAFF_PREFIX, {"text": "好的"}, "展位工作人员：好的"),
        (
            "en",
            texts.TOO_LONG,
            {"limit": 500},
            "That message is too long (over 500 characters). Please ask a shorter question.",
        ),
        ("th", texts.TOO_LONG, {"limit": 500}, None),
        ("km", texts.TOO_LONG, {"limit": 500}, None),
        ("id", texts.GREETING_BOOTH, {"booth": "Hokkaido", "prefecture": "北海道"}, None),
        ("tl", texts.GREETING_BOOTH, {"booth": "Aomori", "prefecture": "青森県"}, None),
        ("vi", texts.PRIVACY_NOTICE, {"url": "https://example.org/privacy"}, None),
        ("ms", texts.PRIVACY_NOTICE, {"url": "https://example.org/privacy"}, None),
    ],
)
def test_gettext_fills_placeholders(
    lang: str, msgid: str, values: dict[str, object], expected: str | None
) -> None:
    reply = gettext(lang, msgid, **values)
    if expected is not None:
        assert reply == expected
    for value in values.values():
        assert str(value) in reply
    assert "{" not in reply
    assert "}" not in reply
    if lang != "en":
        assert reply != msgid.format(**values)


@pytest.mark.parametrize("lang", ["pt", "xx", "en", "", None])
def test_unknown_language_falls_back_to_english(lang: str | None) -> None:
    assert gettext(lang, texts.GREETING) == texts.GREETING
    assert gettext(lang, texts.TOO_LONG, limit=80) == texts.TOO_LONG.format(limit=80)


def test_unknown_msgid_is_returned_unchanged() -> None:
    assert gettext("th", "Not in any catalog.") == "Not in any catalog."


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-hans", "zh"),
        ("zh-Hans-CN", "zh"),
        ("fil", "tl"),
        ("in", "id"),
        ("th-TH", "th"),
        ("ms_MY", "ms"),
        ("JA", "ja"),
        ("en", "en"),
        ("pt", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_language(tag: str | None, expected: str | None) -> None:
    assert normalize_language(tag) == expected
