"""The FAQ engine: question -> ranked candidates, a decision, language, type, prefecture.

Scoring, per entry: the best phrasing's tf-idf cosine with the question (are they
saying the same thing?), plus how much of the question the entry explains at all
(its phrasings, tags and — weakly — answers), plus place agreement (a question about
Nara must not get Okayama's answer). The few best are re-ranked with a rapidfuzz
string score, and the result is mapped through a logistic calibration fitted on the
dev set, so ``score`` reads as "probability the top entry is right". Decisions use
that probability and the margin to the runner-up.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from faq.classify import ClassifierParams, classify_prefecture, classify_type
from faq.features import Analysis, Featurizer, Weights, add_names
from faq.index import PREF_INDEX, Index, View, abstract
from faq.lang import detect_normalized
from faq.lexicon import Lexicon, get_lexicon
from faq.model import Entry, KnowledgeBase
from faq.normalize import normalize
from faq.verdict import Candidate, Decision, Reason, Thresholds, Verdict, judge, leads

# The verdict types live in faq.verdict; callers keep importing them from here.
__all__ = [
    "STRONG_KINDS",
    "Candidate",
    "Decision",
    "Engine",
    "Params",
    "Reason",
    "Thresholds",
    "Verdict",
]

logger = logging.getLogger(__name__)

# A gazetteer place, a KB name or a literal word of the entry's own wording can identify
# an entry alone; a concept (many words map to one) or a script n-gram cannot.
STRONG_KINDS = ("p:", "n:", "w:")


@dataclass(frozen=True)
class Params:
    """Scoring weights (generic, no entry-specific knobs); calibration fitted on dev-tune."""

    cosine: float = 0.6
    coverage: float = 0.6
    answer_bag: float = 0.35
    unknown_idf: float = 0.5  # fraction of max idf for question features the KB lacks
    conflict: float = 0.35  # entry is about another prefecture than the question
    unexplained: float = 0.1  # general entry that never mentions the question's place
    unasked: float = 0.03  # prefecture entry, question names no place
    abroad: float = 0.5  # question names a place outside Japan and none in it
    fuzzy: float = 0.2
    name: float = 0.7  # a KB name only one entry uses (faq.kbnames): like a gazetteer hit
    abstract: float = 0.85  # weight of the concepts-and-places-only view (cross-language)
    rerank: int = 8
    segment: tuple[str, ...] = ()  # languages also matched by dictionary words (faq.segment)
    # P(right) = sigmoid(a * raw + c * lead over the runner-up + d * cross + b), where
    # cross = the entry has no phrasing in the question's language (its raw scores come
    # from concepts, places and names alone, so they run lower for the same certainty).
    calib_a: float = 8.94
    calib_b: float = -9.79
    calib_c: float = 10.36
    calib_d: float = 1.09
    weights: Weights = field(default_factory=Weights)
    classifier: ClassifierParams = field(default_factory=ClassifierParams)


class Engine:
    """Immutable once built: safe to share between threads; reload builds a new one."""

    def __init__(
        self,
        kb: KnowledgeBase,
        thresholds: Thresholds | None = None,
        params: Params | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        self.params = params or Params()
        self.lexicon = lexicon or get_lexicon()
        self.featurizer = Featurizer(self.lexicon, self.params.weights, self.params.segment)
        self.index = Index(kb, self.featurizer, self.params.answer_bag)

    def calibrate(self, raw: float, lead: float = 0.0, cross: bool = False) -> float:
        """Probability that an entry with this raw score and lead over the best other is
        right; ``cross``: the entry has no phrasing in the question's language."""
        p = self.params
        z = p.calib_a * raw + p.calib_c * lead + p.calib_d * cross + p.calib_b
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def raw_scores(self, analysis: Analysis) -> np.ndarray:
        """Uncalibrated score of every entry for one analysed question."""
        p, idx = self.params, self.index
        unknown = p.unknown_idf * idx.max_idf
        qvec = {f: w * idx.idf.get(f, unknown) for f, w in analysis.features.items()}
        score = self._view(qvec, idx.full_view)
        avec = abstract(qvec)
        if avec and len(avec) < len(qvec):
            score = np.maximum(score, p.abstract * self._view(avec, idx.abstract_view))
        if analysis.names:
            score = score + p.name * self._names(analysis)
        targets = {h.key for h in analysis.places if h.pref and not h.origin}
        prefs = {PREF_INDEX[h.pref] for h in analysis.places if h.pref and not h.origin}
        named = [n for n in analysis.names if n in idx.names.pref_of]
        prefs |= {PREF_INDEX[idx.names.pref_of[n]] for n in named}
        if prefs:
            explained = idx.mentioned(targets)
            for name in named:
                explained[list(idx.names.entries[name])] = True
            for code in prefs:
                mask = idx.pref_masks.get(code)
                if mask is not None:
                    explained |= mask
            specific = idx.entry_pref != 0
            score -= p.conflict * (specific & ~explained)
            # A question naming several prefectures ("Tokyo, Osaka and Kyoto in 10 days")
            # is about Japan as a whole: general entries need not mention each place.
            if len(prefs) < 2:
                score -= p.unexplained * (~specific & ~explained)
        elif not analysis.places:
            score -= p.unasked * (idx.entry_pref != 0)
        if analysis.foreign and not analysis.places and not analysis.names:
            score -= p.abroad
        return score

    def supported(self, analysis: Analysis, e_idx: int) -> bool:
        """Does the entry's own wording share a strong question feature, or two features
        and the question names nothing the KB has never heard of?

        A single shared concept is thin evidence whatever its weight: "toilet in this
        hall" and a fair-deals entry whose Thai phrasing says "at the fair" share only
        the venue concept. A place, a KB name or the very word ("oyaki") is enough.
        """
        idx = self.index
        shared = [
            f
            for f in analysis.features
            if f in idx.phrase_features and bool((idx.phrase_features[f] == e_idx).any())
        ]
        if any(f.startswith(STRONG_KINDS) for f in shared):
            return True
        if any(e_idx in idx.names.entries.get(n, ()) for n in analysis.names):
            return True
        # Concepts alone do not carry a question that names something the whole KB never
        # mentions ("can you recommend a good laptop": need + things to do, and a laptop).
        if any(f.startswith("w:") and len(f) >= 6 and f not in idx.idf for f in analysis.features):
            return False
        # A concept the question names twice, in different words (救急車 and 電話: an
        # emergency call), counts as two.
        twice = 2 * self.params.weights.concept
        return sum(1 + (f.startswith("c:") and analysis.features[f] >= twice) for f in shared) >= 2

    def elsewhere(self, analysis: Analysis, e_idx: int) -> bool:
        """Is the entry about a prefecture the question does not name, while it names others?

        "Kumamoto castle opening hours" against a KB whose castle is Matsumoto's: the
        question's place (gazetteer, or a KB name tied to a prefecture) is elsewhere, so
        the entry can match only on the generic words. Places the visitor comes "from"
        do not count; general entries (no prefecture) are never elsewhere.
        """
        code = int(self.index.entry_pref[e_idx])
        if not code:
            return False
        pref_of = self.index.names.pref_of
        prefs = {PREF_INDEX[h.pref] for h in analysis.places if h.pref and not h.origin}
        prefs |= {PREF_INDEX[pref_of[n]] for n in analysis.names if n in pref_of}
        return bool(prefs) and code not in prefs

    def _names(self, analysis: Analysis) -> np.ndarray:
        """Per entry: IDF-weighted share of the question's KB names it uses.

        A name is left out when the question also names a gazetteer place that says
        the same (every entry mentioning the place uses the name): counted once.
        """
        idx = self.index
        said = {h.key for h in analysis.places}
        found = [
            idx.name_post[n]
            for n in analysis.names
            if n in idx.name_post and not (said & idx.redundant.get(n, frozenset()))
        ]
        out = np.zeros(self.index.n_entries, dtype=np.float64)
        for posting in found:
            np.add.at(out, posting.idx, posting.val)
        return out / math.sqrt(len(found)) if found else out

    def _view(self, qvec: dict[str, float], view: View) -> np.ndarray:
        """Cosine with the entry's best phrasing + share of the question the entry explains."""
        idx = self.index
        total = sum(qvec.values()) or 1.0
        qnorm = math.sqrt(sum(v * v for v in qvec.values())) or 1.0
        acc = view.accumulate(qvec)
        phr = acc[: idx.n_phrasings]
        cos = np.maximum.reduceat(phr, idx.entry_start) if idx.n_phrasings else phr
        cov = acc[idx.n_phrasings :]
        return (self.params.cosine / qnorm) * cos + (self.params.coverage / total) * cov

    def _fuzzy(self, analysis: Analysis, e_idx: int) -> tuple[float, str]:
        """Best rapidfuzz similarity (0..1) between the question and the entry's phrasings."""
        idx, query = self.index, analysis.fuzzy
        best, phrasing = 0.0, ""
        for p_idx in idx.entry_phrasings(e_idx):
            sim = fuzz.token_set_ratio(query, idx.phr_fuzzy[p_idx], score_cutoff=best * 100)
            if sim > best * 100:
                best, phrasing = sim / 100.0, idx.phr_text[p_idx]
        return best, phrasing

    def rank(self, analysis: Analysis, k: int) -> list[tuple[int, float, str]]:
        """(entry index, raw score, phrasing), best first, re-ranked with rapidfuzz."""
        if not analysis.features or not self.index.n_entries:
            return []
        scores = self.raw_scores(analysis)
        depth = min(max(k, self.params.rerank), len(scores))
        top = np.argpartition(-scores, depth - 1)[:depth]
        top_list = sorted((e for e in top.tolist() if scores[e] > 0), key=lambda e: -scores[e])
        ranked: list[tuple[int, float, str]] = []
        bonus = self.params.fuzzy
        for e_idx in top_list:
            raw = float(scores[e_idx])
            # The string score can add at most `bonus`: entries that cannot catch up with
            # the leader are not worth a rapidfuzz call.
            if ranked and raw + bonus < ranked[0][1]:
                ranked.append((e_idx, raw, self.index.phr_text[self.index.entry_start[e_idx]]))
                continue
            sim, phrasing = self._fuzzy(analysis, e_idx)
            ranked.append((e_idx, raw + bonus * sim, phrasing))
        ranked.sort(key=lambda r: -r[1])
        return ranked[:k]

    def raw_ranking(
        self, text: str, lang_hint: str | None = None, k: int = 5
    ) -> list[tuple[str, float]]:
        """(entry id, uncalibrated score), best first: what the calibration is fitted on."""
        analysis, _lang = self._analysis(text, lang_hint)
        return [(self.kb.entries[e].id, s) for e, s, _ in self.rank(analysis, k)]

    def _analysis(self, text: str, lang_hint: str | None) -> tuple[Analysis, str]:
        norm = normalize(text or "")
        lang = detect_normalized(norm, lang_hint)
        analysis = self.featurizer.analyse(norm, lang, self.index.speller.correct, norm)
        add_names(analysis, self.index.names, lang)
        return analysis, lang

    def analyse(self, text: str, lang_hint: str | None = None, k: int = 5) -> Verdict:
        analysis, lang = self._analysis(text, lang_hint)
        ranked = self.rank(analysis, max(k, 2))
        entries = self.kb.entries
        candidates = tuple(
            Candidate(
                entries[e].id,
                round(self.calibrate(s, lead, lang not in entries[e].questions), 4),
                ph,
            )
            for (e, s, ph), lead in zip(ranked, leads([s for _, s, _ in ranked]), strict=True)
        )
        decision, reason = self.judge(candidates)
        if decision == "answer" and (
            not self.supported(analysis, ranked[0][0]) or self.elsewhere(analysis, ranked[0][0])
        ):
            # One shared concept in a small KB can give a big lead over entries that
            # share nothing, and a castle question about another prefecture's castle
            # looks like the KB's own: offer the entry, do not assert it.
            decision, reason = "suggest", "unsure"
        entry: Entry | None = None
        weight = 0.0
        if candidates and decision != "decline":
            entry = self.kb.get(candidates[0].entry_id)
            cp = self.params.classifier
            weight = cp.entry_weight if decision == "answer" else cp.suggest_weight
        type_id = classify_type(analysis, self.lexicon, entry, weight, self.params.classifier)
        prefecture = classify_prefecture(
            analysis, entry if decision == "answer" else None, self.index.names.pref_of
        )
        return Verdict(decision, candidates[:k], lang, type_id, prefecture, analysis.norm, reason)

    def decide(self, candidates: tuple[Candidate, ...]) -> Decision:
        return self.judge(candidates)[0]

    def judge(self, candidates: tuple[Candidate, ...]) -> tuple[Decision, Reason]:
        """Answer only when probably right and clearly ahead; two close ones: offer both."""
        return judge(candidates, self.thresholds)
