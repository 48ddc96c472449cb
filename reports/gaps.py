"""Content gaps: unanswered questions worth adding to the FAQ, without the noise.

What the bot could not answer mixes real gaps ("is there halal ramen in
Sapporo?") with things no FAQ should hold: greetings, thanks, laughter, tests,
and questions about the fair venue itself (toilets, the wifi password), which
`faq`'s lexicon already marks as venue concepts. Only the former are "questions
to add to your FAQ". Small talk the conversation recognises is logged with its
own outcome and never counts as unanswered in the first place; this filter is
for what slips through. The word list is ours, written for this module.
"""

from __future__ import annotations

import re

from faq.features import Analysis
from reports.cluster import featurizer
from storage.aggregates import TextGroup

# Whole-message small talk, normalised (lower case, no punctuation), any fair language.
SMALL_TALK = frozenset(
    """
    hi hello hey hallo halo hai helo yo hiya morning evening good morning good afternoon
    good evening good night bye goodbye see you thanks thank you thank u thx ty tq tks
    ok okay oke okey k sure nice cool great wow yes no yeah yep nope test testing
    who are you are you a bot are you human what is your name
    terima kasih makasih trims mksh selamat pagi selamat siang selamat sore selamat malam
    apa kabar siapa kamu
    xin chao chao cam on cảm ơn xin chào tam biet tạm biệt
    salamat salamat po kumusta magandang umaga magandang gabi sige
    สวัสดี สวัสดีครับ สวัสดีค่ะ ขอบคุณ ขอบคุณครับ ขอบคุณค่ะ โอเค บาย
    你好 您好 谢谢 謝謝 再见 再見 好的 哈哈
    こんにちは こんばんは おはよう ありがとう ありがとうございます どうも はい いいえ
    សួស្តី ជំរាបសួរ អរគុណ លាហើយ
    """.strip().split("\n")
)
_SMALL_TALK = frozenset(line.strip() for line in SMALL_TALK) | frozenset(
    word for line in SMALL_TALK for word in line.split()
)
LAUGHTER = re.compile(r"^(?:(?:ha|he|hi|wk|xi|ka)+h?|l+o+l+|5{3,}|x+d+|w+|rofl|lmao)$")
SHORT_LATIN_WORDS = 2
SHORT_SPACELESS_CHARS = 3


def is_small_talk(norm: str) -> bool:
    """Greetings, thanks, "ok", laughter: the whole message, normalised."""
    if norm in _SMALL_TALK:
        return True
    words = norm.split()
    return bool(words) and all(w in _SMALL_TALK or LAUGHTER.match(w) for w in words)


def is_noise(group: TextGroup, analysis: Analysis) -> bool:
    """True for what is not a content gap: small talk, laughter, venue logistics, fragments."""
    norm = analysis.norm.strip()
    if not any(ch.isalpha() for ch in norm):
        return True  # emoji, numbers, punctuation
    if is_small_talk(norm):
        return True
    lexicon = featurizer().lex
    japan = any(p.pref or p.key == "japan" for p in analysis.places)
    topical = [
        c
        for c in analysis.concepts
        if lexicon.concept_types.get(c) and c not in lexicon.venue_concepts
    ]
    venue = any(c in lexicon.venue_concepts for c in analysis.concepts)
    if venue and not japan and len(topical) <= 1:
        return True  # "where is the toilet", "wifi password"
    if group.type == "other" and not japan:
        return True  # the classifier found no travel topic: "recommend a laptop", "a robot?"
    if topical or japan:
        return False
    if norm.isascii() or " " in norm:
        return len(norm.split()) <= SHORT_LATIN_WORDS
    return len(norm) <= SHORT_SPACELESS_CHARS


def is_gap(group: TextGroup, analysis: Analysis) -> bool:
    """The `keep` test for `cluster`: a question worth an FAQ entry."""
    return not is_noise(group, analysis)
