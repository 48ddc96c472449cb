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

A fourth view, **elsewhere** (round 4), is not pooled into calibration: dev-tune's
in-scope questions about a place of the dev KB with that place renamed to a famous
place of a prefecture the dev KB does not cover ("Himeji castle" -> "Kumamoto castle"),
expected to be declined (also with the blind gazetteer). It measures answering a
look-alike entry of another prefecture, the commonest out-of-scope failure on unseen
KBs.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

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


# Famous places of prefectures the dev KB does not cover, by gazetteer key (test data
# generation for the "elsewhere" view; the engine has no such list). Names come from
# the gazetteer's first form per script.
ELSEWHERE = ("kumamoto", "hiroshima", "sapporo", "kanazawa", "nara", "fukuoka", "sendai")
_SCRIPT = {"th": "th", "zh": "zh", "ja": "ja", "km": "km"}  # other languages: latin


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, dict[str, Any]]:
    text = resources.files("faq.data").joinpath("gazetteer.yaml").read_text(encoding="utf-8")
    places: dict[str, dict[str, Any]] = yaml.safe_load(text)["places"]
    return places


def _forms(spec: dict[str, Any], script: str) -> list[str]:
    names = [str(n) for n in spec.get(script) or []]
    if script == "latin":
        names = [fold_diacritics(n.lower()) for n in names]
    return names


def _rename(q: str, lang: str, pref: str, new: dict[str, Any]) -> str | None:
    """``q`` with every gazetteer name of a place in ``pref`` replaced by ``new``'s name."""
    script = _SCRIPT.get(lang, "latin")
    target = _forms(new, script)
    if not target:
        return None
    places = [spec for spec in _gazetteer().values() if spec.get("pref") == pref]
    forms = sorted({f for spec in places for f in _forms(spec, script)}, key=len, reverse=True)
    out, hit = q, False
    for form in forms:
        if script == "latin":
            pattern = re.compile(rf"\b{re.escape(form)}\b", re.IGNORECASE)
        else:
            pattern = re.compile(re.escape(form))
        out, n = pattern.subn(target[0].title() if script == "latin" else target[0], out)
        hit = hit or n > 0
    return out if hit else None


def elsewhere_rows(kb: KnowledgeBase, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """dev-tune's in-scope questions naming their entry's place, moved to another prefecture."""
    covered = {e.prefecture for e in kb.entries if e.prefecture}
    targets = [k for k in ELSEWHERE if _gazetteer()[k].get("pref") not in covered]
    out: list[dict[str, Any]] = []
    for i, row in enumerate(r for r in rows if r["expect"]):
        entry = kb.get(row["expect"])
        if entry is None or not entry.prefecture or not targets:
            continue
        new = _gazetteer()[targets[i % len(targets)]]
        q = _rename(row["q"], row["lang"], entry.prefecture, new)
        if q is not None:
            out.append({**row, "q": q, "expect": None, "prefecture": new["pref"], "kind": "oos"})
    return out


def simulate_elsewhere(
    kb: KnowledgeBase, rows: list[dict[str, Any]], engine: Engine
) -> dict[str, list[Outcome]]:
    """Outcomes of the "elsewhere" view (all expected declined), with the full and the
    blind gazetteer (blind: only prefecture names tell the bot the place is elsewhere)."""
    moved = elsewhere_rows(kb, rows)
    blind = Engine(kb, engine.thresholds, engine.params, blind_lexicon())
    return {"elsewhere": run_engine(engine, moved), "elsewhere blind": run_engine(blind, moved)}
