"""dev-tune as if the KB were unseen: what calibration is fitted on (issue 12).

The dev KB's places are all in the gazetteer and most of its entries have a phrasing
in most languages, so plain dev-tune is easier than a KB the engine has never seen,
where the answer threshold must also hold. Two derived views of the same dev-tune
questions (no other data, nothing from the fresh sets) simulate that:

* **blind**: the gazetteer cut down to Japan, the 47 prefecture names and the foreign
  list, so every smaller place of the dev KB (a gorge, a temple, a town) must be
  learnt from the KB itself (faq.kbnames), as in a new prefecture's KB;
* **cross**: for each language L, the dev KB without its L phrasings and answers (English
  answers stay), asked dev-tune's L questions: every answer is cross-language.

``python -m bench --only faq`` prints each view's figures; calibration is fitted on
dev-tune and the three views pooled.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any

from faq.engine import Engine
from faq.evaluation import Outcome, run_engine
from faq.lexicon import Lexicon, build_lexicon
from faq.model import KnowledgeBase
from faq.normalize import fold_diacritics, normalize
from faq.prefectures import PREFECTURES

CROSS_LANGS = ("th", "zh", "ja", "vi", "id", "ms", "tl", "km")
_PREF_NAMES = {p.en.lower(): p for p in PREFECTURES.values()}


def _prefecture_only(key: str, spec: dict[str, Any]) -> dict[str, Any] | None:
    """Japan and each prefecture under its own name; every other place dropped."""
    if key == "japan":
        return spec
    pref = _PREF_NAMES.get(key)
    if pref is None:
        return None
    latin = [
        n
        for n in spec.get("latin", [])
        if fold_diacritics(normalize(str(n))).replace("ou", "o") == key
    ]
    out: dict[str, Any] = {"pref": spec.get("pref"), "latin": latin or [key]}
    for lang in ("th", "zh", "km"):
        if spec.get(lang):
            out[lang] = spec[lang][:1]  # the prefecture's own name comes first
    own = [n for n in spec.get("ja", []) if n in (pref.ja, pref.ja[:-1])]
    if own or spec.get("ja"):
        out["ja"] = own or spec["ja"][:1]
    return out


@lru_cache(maxsize=1)
def blind_lexicon() -> Lexicon:
    return build_lexicon(_prefecture_only)


def without_language(kb: KnowledgeBase, lang: str) -> KnowledgeBase:
    """The KB with no phrasing or answer in ``lang`` (English answers stay)."""
    entries = []
    for entry in kb.entries:
        questions = {k: v for k, v in entry.questions.items() if k != lang}
        if not questions:
            continue
        answer = {k: v for k, v in entry.answer.items() if k != lang or k == "en"}
        entries.append(dataclasses.replace(entry, questions=questions, answer=answer))
    return KnowledgeBase(tuple(entries), kb.sources)


def simulate(
    kb: KnowledgeBase, rows: list[dict[str, Any]], engine: Engine, raw: bool = False
) -> dict[str, list[Outcome]]:
    """Outcomes of dev-tune's questions in the blind, cross and blind-cross views."""
    out = {
        "blind": run_engine(
            Engine(kb, engine.thresholds, engine.params, blind_lexicon()), rows, raw
        )
    }
    for name, lexicon in (("cross", None), ("blind cross", blind_lexicon())):
        outcomes: list[Outcome] = []
        for lang in CROSS_LANGS:
            sub = without_language(kb, lang)
            ids = {e.id for e in sub.entries}
            asked = [
                r for r in rows if r["lang"] == lang and (not r["expect"] or r["expect"] in ids)
            ]
            sim = Engine(sub, engine.thresholds, engine.params, lexicon)
            outcomes += run_engine(sim, asked, raw)
        out[name] = outcomes
    return out
