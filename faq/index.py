"""Inverted feature index over a KB: postings per feature, scored with numpy.

Why an index: a question touches a few dozen features, each with a short posting list,
so scoring costs grow with the postings touched rather than with the KB size (a naive
``extractOne`` compares the question with every phrasing). All postings a question
touches are concatenated and summed with one ``bincount``, so the Python overhead per
question is a handful of numpy calls whatever the number of features.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np

from faq.features import Analysis, Featurizer, add_names
from faq.kbnames import build_names
from faq.model import KnowledgeBase
from faq.prefectures import PREFECTURES
from faq.spelling import Speller

logger = logging.getLogger(__name__)

PREF_INDEX = {code: i + 1 for i, code in enumerate(PREFECTURES)}  # 0 = all Japan
TAGS = "tags"


ABSTRACT_KINDS = ("c:", "p:", "P:")


def abstract(vec: dict[str, float]) -> dict[str, float]:
    """The language-independent part of a feature vector: concepts and places.

    Comparing only these is how a Khmer question meets an entry phrased in English:
    its words and n-grams cannot overlap, but "visa" + "Japan" + "need" can.
    """
    return {f: v for f, v in vec.items() if f.startswith(ABSTRACT_KINDS)}


@dataclass(frozen=True)
class Posting:
    idx: np.ndarray  # int32 row numbers (phrasings or entries)
    val: np.ndarray  # float32 contribution per unit of query weight


def _merge(*tables: dict[str, dict[int, float]]) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for table in tables:
        for feature, rows in table.items():
            out.setdefault(feature, {}).update(rows)
    return out


def _postings(table: dict[str, dict[int, float]]) -> dict[str, Posting]:
    out: dict[str, Posting] = {}
    for feature, rows in table.items():
        keys = np.fromiter(rows.keys(), dtype=np.int32, count=len(rows))
        vals = np.fromiter(rows.values(), dtype=np.float32, count=len(rows))
        out[feature] = Posting(keys, vals)
    return out


class View:
    """Feature -> row weights for one way of looking at a question, ready to sum.

    Small KBs get a dense float32 matrix (one row per feature): summing a question is
    then a single small matrix product, cheaper than gathering postings. Large KBs keep
    sparse postings and sum them with one bincount.
    """

    DENSE_LIMIT = 4_000_000  # cells (16 MB)

    def __init__(self, table: dict[str, dict[int, float]], width: int) -> None:
        self.width = width
        self.dense: np.ndarray | None = None
        self.rows: dict[str, int] = {}
        self.postings: dict[str, Posting] = {}
        if len(table) * width <= self.DENSE_LIMIT:
            self.rows = {f: i for i, f in enumerate(table)}
            self.dense = np.zeros((len(table), width), dtype=np.float32)
            for f, cells in table.items():
                row = self.dense[self.rows[f]]
                for col, val in cells.items():
                    row[col] = val
        else:
            self.postings = _postings(table)

    def __contains__(self, feature: str) -> bool:
        return feature in self.rows or feature in self.postings

    def accumulate(self, weights: dict[str, float]) -> np.ndarray:
        """Sum over the question's features of weight x row, for every row."""
        if self.dense is not None:
            hits = [(self.rows[f], w) for f, w in weights.items() if f in self.rows]
            if not hits:
                return np.zeros(self.width, dtype=np.float64)
            ids = [i for i, _ in hits]
            vec = np.fromiter((w for _, w in hits), dtype=np.float32, count=len(hits))
            return np.asarray(vec @ self.dense[ids], dtype=np.float64)
        found = [(self.postings[f], w) for f, w in weights.items() if f in self.postings]
        if not found:
            return np.zeros(self.width, dtype=np.float64)
        idx = np.concatenate([p.idx for p, _ in found])
        vals = np.concatenate([p.val for p, _ in found])
        reps = np.repeat(
            np.fromiter((w for _, w in found), dtype=np.float64, count=len(found)),
            [len(p.idx) for p, _ in found],
        )
        return np.bincount(idx, weights=vals * reps, minlength=self.width)


class Index:
    """Phrasing-level and entry-level postings, IDF, and per-entry place facts."""

    def __init__(self, kb: KnowledgeBase, featurizer: Featurizer, answer_weight: float) -> None:
        self.kb = kb
        n = len(kb.entries)
        self.names = names = build_names(kb, featurizer.lex)
        name_table: dict[str, dict[int, float]] = {}
        name_places: dict[str, set[str]] = {}  # gazetteer places named beside each name
        phrasings: list[tuple[int, str, Analysis]] = []
        bags: list[dict[str, float]] = []
        mentions: list[set[str]] = []
        starts: list[int] = []
        words: set[str] = set()
        answers: dict[tuple[str, str], Analysis] = {}
        for e_idx, entry in enumerate(kb.entries):
            starts.append(len(phrasings))
            bag: dict[str, float] = {}
            places: set[str] = set()
            texts = [(lang, q) for lang, q in entry.phrasings()]
            if entry.tags:
                texts.append((TAGS, " ".join(entry.tags)))
            for lang, text in texts:
                analysis = featurizer.analyse(text, lang)
                add_names(analysis, names, lang)
                for key in analysis.names:
                    name_table.setdefault(key, {})[e_idx] = 1.0
                    name_places.setdefault(key, set()).update(p.key for p in analysis.places)
                phrasings.append((e_idx, text, analysis))
                for f in analysis.features:
                    bag[f] = 1.0
                places.update(p.key for p in analysis.places)
                words.update(analysis.fuzzy.split())
            for lang, text in entry.answer.items():
                # Entries often share an answer text (per-language copies, templates):
                # featurise each distinct text once.
                cached = answers.get((lang, text))
                if cached is None:
                    cached = answers[(lang, text)] = featurizer.analyse(text, lang)
                    add_names(cached, names, lang)
                    words.update(cached.fuzzy.split())
                analysis = cached
                for key in analysis.names:
                    name_table.setdefault(key, {}).setdefault(e_idx, answer_weight)
                for f in analysis.features:
                    bag.setdefault(f, answer_weight)
                places.update(p.key for p in analysis.places)
            if entry.prefecture:
                bag[f"P:{entry.prefecture}"] = 1.0
            bags.append(bag)
            mentions.append(places)

        df: dict[str, int] = {}
        for bag in bags:
            for f in bag:
                df[f] = df.get(f, 0) + 1
        self.idf = {f: math.log((n + 1) / (d + 0.5)) for f, d in df.items()}
        self.max_idf = math.log((n + 1) / 0.5)

        phr_table: dict[str, dict[int, float]] = {}
        abstract_table: dict[str, dict[int, float]] = {}
        for p_idx, (_e, _text, analysis) in enumerate(phrasings):
            vec = {f: w * self.idf[f] for f, w in analysis.features.items()}
            for table, part in ((phr_table, vec), (abstract_table, abstract(vec))):
                norm = math.sqrt(sum(v * v for v in part.values())) or 1.0
                for f, v in part.items():
                    table.setdefault(f, {})[p_idx] = v / norm
        # Which entries use each feature in their own phrasings or tags (not answers,
        # not the prefecture field): the engine's evidence check (Engine.supported).
        phrase_features: dict[str, set[int]] = {}
        for e_idx, _text, analysis in phrasings:
            for f in analysis.features:
                if not f.startswith("P:"):
                    phrase_features.setdefault(f, set()).add(e_idx)
        # Sorted int32 arrays: a few bytes per posting (frozensets cost ~20 MB more at
        # 50,000 phrasings); membership of one entry is all the engine asks.
        self.phrase_features = {
            f: np.fromiter(sorted(rows), dtype=np.int32, count=len(rows))
            for f, rows in phrase_features.items()
        }
        bag_table: dict[str, dict[int, float]] = {}
        for e_idx, bag in enumerate(bags):
            for f, w in bag.items():
                bag_table.setdefault(f, {})[e_idx] = w
        for e_idx, places in enumerate(mentions):
            for key in places:
                bag_table.setdefault(f"m:{key}", {})[e_idx] = 1.0

        # One posting list per feature covering both row spaces: phrasings [0, P) and
        # entries [P, P + E), so a question view is scored with a single bincount.
        offset = len(phrasings)
        shifted = {f: {offset + e: w for e, w in rows.items()} for f, rows in bag_table.items()}
        width = len(phrasings) + n
        self.full_view = View(_merge(phr_table, shifted), width)
        self.abstract_view = View(_merge(abstract_table, shifted), width)
        # KB names: entry postings scaled by the name's IDF relative to a name only one
        # entry uses (1.0), so the bonus means the same in a KB of 5 or 5,000 entries.
        # A name that tells no more than a gazetteer place said with it ("Kansai" in
        # every entry that mentions Kansai Airport) would count that place twice when
        # a question names both; the engine skips it then (``redundant``). A question
        # naming the name alone ("kinosaki", whose entry's tags also say "hyogo") still
        # needs it.
        place_entries: dict[str, set[int]] = {}
        for e_idx, places in enumerate(mentions):
            for place in places:
                place_entries.setdefault(place, set()).add(e_idx)
        self.redundant: dict[str, frozenset[str]] = {}
        for key, keys in name_places.items():
            rows = name_table.get(key, {})
            covering = frozenset(
                place
                for place in keys
                if place_entries.get(place) and place_entries[place] <= rows.keys()
            )
            if covering:
                self.redundant[key] = covering
        unique = math.log((n + 1) / 1.5) or 1.0
        name_idf = {
            k: max(0.0, math.log((n + 1) / (len(r) + 0.5))) / unique for k, r in name_table.items()
        }
        self.name_post = _postings(
            {k: {e: w * name_idf[k] for e, w in rows.items()} for k, rows in name_table.items()}
        )
        self.mention_post = _postings({f: r for f, r in bag_table.items() if f.startswith("m:")})
        self.phr_fuzzy = [a.fuzzy for _e, _t, a in phrasings]
        self.phr_text = [t for _e, t, _a in phrasings]
        self.entry_start = np.asarray(starts, dtype=np.int64)
        self.entry_pref = np.asarray(
            [PREF_INDEX.get(e.prefecture or "", 0) for e in kb.entries], dtype=np.int16
        )
        self.n_entries = n
        self.n_phrasings = len(phrasings)
        self.pref_masks = {
            code: self.entry_pref == code for code in set(self.entry_pref.tolist()) if code
        }
        lex = featurizer.lex
        self.speller = Speller(
            targets=[w for w in words if w.isascii()],
            places=lex.place_words,
            known=lex.vocabulary | lex.stopwords,
        )
        logger.info("index: %d entries, %d phrasings, %d features", n, len(phrasings), len(df))

    def mentioned(self, place_keys: set[str]) -> np.ndarray:
        """Entries whose phrasings, tags or answers mention any of the places."""
        mask = np.zeros(self.n_entries, dtype=bool)
        for key in place_keys:
            posting = self.mention_post.get(f"m:{key}")
            if posting is not None:
                mask[posting.idx] = True
        return mask

    def entry_phrasings(self, e_idx: int) -> range:
        start = int(self.entry_start[e_idx])
        end = int(self.entry_start[e_idx + 1]) if e_idx + 1 < self.n_entries else self.n_phrasings
        return range(start, end)
