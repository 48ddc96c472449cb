"""KB-derived names: a place no data file knows is learnt from the loaded KB itself."""

from __future__ import annotations

from pathlib import Path

from faq.engine import Engine
from faq.kbnames import fold_romaji, japanese_forms, romanise
from faq.lexicon import get_lexicon
from faq.loader import load_kb

# Invented places (no gazetteer or lexicon entry knows them), in two prefectures, next
# to generic entries of the same prefectures that a place-blind matcher would prefer.
KB = """\
version: 1
entries:
  - id: tochigi-access
    prefecture: JP-09
    type: transport
    questions:
      en: ["How do I get to Tochigi from Tokyo?", "Access to Tochigi"]
    answer:
      en: "Take the Tohoku Shinkansen to Utsunomiya."
  - id: tochigi-food
    prefecture: JP-09
    type: food
    questions:
      en: ["What local food should I try in Tochigi?"]
    answer:
      en: "Gyoza and strawberries."
  - id: zorimachi-gorge
    prefecture: JP-09
    type: sightseeing
    questions:
      en: ["What is Zorimachi Gorge like?", "Walking trail at Zorimachi"]
      ja: ["反町渓谷の散策"]
    answer:
      en: "A quiet 6 km gorge trail with waterfalls."
  - id: kawabuchi-festival
    prefecture: JP-44
    type: events
    questions:
      en: ["When is the Kawabuchi lantern festival?"]
    answer:
      en: "Every August."
  - id: oita-access
    prefecture: JP-44
    type: transport
    questions:
      en: ["How do I get to Oita?"]
    answer:
      en: "Fly to Oita Airport."
"""


def _engine(tmp_path: Path) -> Engine:
    path = tmp_path / "kb.yaml"
    path.write_text(KB, encoding="utf-8")
    return Engine(load_kb(path))


def test_the_data_files_do_not_know_the_invented_places() -> None:
    lex = get_lexicon()
    for word in ("zorimachi", "kawabuchi"):
        assert (word,) not in lex.latin_folded and word not in lex.vocabulary


def test_a_kb_name_beats_a_generic_entry_of_the_same_prefecture(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    assert engine.analyse("zorimachi how to go").candidates[0].entry_id == "zorimachi-gorge"
    assert engine.analyse("kawabuchi when").candidates[0].entry_id == "kawabuchi-festival"


def test_a_kb_name_gives_the_prefecture_even_when_not_answered(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    assert engine.index.names.pref_of["zorimachi"] == "JP-09"
    verdict = engine.analyse("is there parking near zorimachi")
    assert verdict.prefecture == "JP-09"


def test_romanised_japanese_meets_latin_names() -> None:
    assert fold_romaji("Ōirase") == fold_romaji("oirase") == "oirase"
    assert "oirase" in romanise("奥入瀬渓流")
    assert "dogo" in [fold_romaji(w) for w in ("Dōgo", "dougo")]


def test_a_chinese_question_meets_a_latin_kb_name_through_its_kanji(tmp_path: Path) -> None:
    """Chinese writes Japanese place names in kanji; their reading is the KB's Latin name."""
    engine = _engine(tmp_path)
    analysis, _lang = engine._analysis("川渕的灯笼节是什么时候", "zh")
    assert "kawabuchi" in analysis.names
    verdict = engine.analyse("川渕的灯笼节是什么时候", "zh")
    assert verdict.candidates[0].entry_id == "kawabuchi-festival"
    assert verdict.prefecture == "JP-44"


def test_a_place_suffix_in_a_reading_falls_back_to_the_known_name() -> None:
    """A river read from kanji is "kawabuchigawa": the base is the name."""
    from faq.kbnames import KBNames

    names = KBNames(entries={"kawabuchi": {0}})
    assert names.in_japanese("川渕川") == ["kawabuchi"]


def test_a_thai_spelling_meets_the_kb_latin_name_by_sound(tmp_path: Path) -> None:
    """Thai writes Japanese names by sound; the KB spells its invented gorge in Latin only."""
    engine = _engine(tmp_path)
    analysis, _lang = engine._analysis("ไปโซริมาจิยังไง", "th")
    assert "zorimachi" in analysis.names
    verdict = engine.analyse("ไปโซริมาจิยังไง", "th")
    assert verdict.candidates[0].entry_id == "zorimachi-gorge"
    assert verdict.prefecture == "JP-09"


def test_sound_keys_of_thai_and_hepburn_spellings_agree() -> None:
    from faq.soundkey import latin_key, thai_key

    for thai, latin in (("คาวาบุจิ", "kawabuchi"), ("โซริมาจิ", "zorimachi"), ("ท็อตโตริ", "tottori")):
        assert thai_key(thai) == latin_key(fold_romaji(latin))
    assert thai_key("คาวาบุจิ") != latin_key("zorimachi")


def test_short_sound_keys_are_not_matched_in_thai_text(tmp_path: Path) -> None:
    """A three-sound name would be found inside ordinary Thai words by chance."""
    from faq.kbnames import KBNames

    names = KBNames(entries={"oki": {0}, "zorimachi": {1}})
    names.index_sounds()
    assert names.in_thai("เกาะโอกิ") == []
    assert names.in_thai("เกาะโซริมาจิ") == ["zorimachi"]


# The only entry that mentions Hyogo is the one named Kuwanose: its name tells no more
# than "Hyogo" inside the KB, yet a question naming Kuwanose alone must still use it.
SOLE_KB = """\
version: 1
entries:
  - id: kuwanose-onsen
    prefecture: JP-28
    type: experiences
    questions:
      en: ["Tell me about Kuwanose Onsen", "Kuwanose hot spring town"]
    answer:
      en: "A hot-spring town; crab season is November to March."
    tags: ["kuwanose", "onsen", "hyogo"]
  - id: toyama-seafood
    prefecture: JP-16
    type: food
    questions:
      en: ["Seafood in Toyama", "When is crab season in Toyama?"]
    answer:
      en: "Winter crab and white shrimp."
  - id: oita-access
    prefecture: JP-44
    type: transport
    questions:
      en: ["How do I get to Oita?"]
    answer:
      en: "Fly to Oita Airport."
"""


def test_a_name_beside_its_only_prefecture_mention_still_counts(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(SOLE_KB, encoding="utf-8")
    engine = Engine(load_kb(path))
    assert engine.analyse("kuwanose crab season when").candidates[0].entry_id == "kuwanose-onsen"
    # Said together with the place, the name is not counted twice.
    assert engine.index.redundant["kuwanose"] == frozenset({"hyogo"})


UNZEN_KB = """\
version: 1
entries:
  - id: unzen-hells
    prefecture: JP-42
    type: sightseeing
    questions:
      en: ["How do I get to the Unzen hells?", "Unzen hot spring steam vents"]
    answer:
      en: "Bus from Isahaya Station, about 80 minutes."
  - id: nagasaki-access
    prefecture: JP-42
    type: transport
    questions:
      en: ["How do I get to Nagasaki?", "Nagasaki airport bus"]
    answer:
      en: "Fly to Nagasaki Airport, then take the limousine bus."
"""


def test_a_simplified_chinese_name_meets_the_kb_latin_name(tmp_path: Path) -> None:
    """云仙 is 雲仙 (Unzen) written the simplified way; no data file knows Unzen."""
    path = tmp_path / "kb.yaml"
    path.write_text(UNZEN_KB, encoding="utf-8")
    engine = Engine(load_kb(path))
    assert japanese_forms("云仙") == "雲仙"
    analysis, lang = engine._analysis("云仙地狱怎么去", None)
    assert lang == "zh" and "unzen" in analysis.names
    assert engine.analyse("云仙地狱怎么去").candidates[0].entry_id == "unzen-hells"


CASTLE_KB = """\
version: 1
entries:
  - id: castle-hours
    prefecture: JP-28
    type: sightseeing
    questions:
      en: ["What time does Himeji Castle open?", "Himeji Castle opening hours"]
    answer:
      en: "9:00-17:00."
  - id: castle-sakura
    prefecture: JP-28
    type: season
    questions:
      en: ["When do cherry blossoms bloom at Himeji Castle?"]
      ja: ["姫路城の桜の見頃はいつですか"]
    answer:
      en: "Late March to early April."
"""


def test_a_reading_of_a_known_place_plus_suffix_is_not_a_name_of_its_own(tmp_path: Path) -> None:
    """姫路城 reads "himejijo": Himeji (a gazetteer place) + castle. As a name it would
    single out the one entry that happens to have a Japanese phrasing."""
    path = tmp_path / "kb.yaml"
    path.write_text(CASTLE_KB, encoding="utf-8")
    engine = Engine(load_kb(path))
    assert "himejijo" not in engine.index.names.entries
    verdict = engine.analyse("姫路城は何時から入れますか")
    assert verdict.candidates[0].entry_id == "castle-hours"


def test_generic_words_capitalised_inside_names_are_not_names(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(
        KB.replace("What is Zorimachi Gorge like?", "Is Mount Zorimachi near Cape Oze?"),
        encoding="utf-8",
    )
    names = Engine(load_kb(path)).index.names
    assert "zorimachi" in names.entries and "oze" in names.entries
    assert not {"mount", "mont", "cape"} & names.entries.keys()


def test_a_name_written_in_hiragana_meets_the_kb_latin_name(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    analysis, lang = engine._analysis("ぞりまちへのいきかたをおしえてください", None)
    assert lang == "ja" and "zorimachi" in analysis.names
    verdict = engine.analyse("ぞりまちへのいきかたをおしえてください")
    assert verdict.candidates[0].entry_id == "zorimachi-gorge"
    # Short names are not looked for inside hiragana, where they occur by chance.
    assert engine.index.names.in_hiragana("おきなわ") == []
