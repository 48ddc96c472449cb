"""The small knowledge base the Telegram tests ask questions of (written to a temp file).

Own data, so the tests do not move when the sample KB is edited: a few entries
with phrasings in several languages, one with an id too long for a plain
`faq:<id>` callback (over 64 bytes), and one with an answer over 4,096
characters.
"""

from __future__ import annotations

from pathlib import Path

import yaml

LONG_ID = "hyogo-awaji-island-naruto-whirlpool-sightseeing-boat-cruise-access-and-timetable"
LONG_ANSWER_ID = "hyogo-complete-seasonal-festival-guide"
PARAGRAPH = (
    "Hyogo has festivals in every season: the Himeji Yukata Festival in early summer, "
    "the Nada Fighting Festival in October, the Kobe Luminarie in December and many "
    "smaller village matsuri with lion dances and portable shrines. "
)
LONG_ANSWER = "\n\n".join(f"{i}. " + (PARAGRAPH * 3).strip() for i in range(1, 16))

ENTRIES = [
    {
        "id": "himeji-castle-access",
        "prefecture": "JP-28",
        "type": "transport",
        "questions": {
            "en": ["How do I get to Himeji Castle?", "Himeji castle access from Osaka"],
            "th": ["ไปปราสาทฮิเมจิยังไง"],
            "ja": ["姫路城への行き方は？"],
            "id": ["Bagaimana cara ke Kastil Himeji?"],
        },
        "answer": {
            "en": "From Osaka take the JR Special Rapid to Himeji (about 1 hour), "
            "then walk 15 minutes north.",
            "th": "จากโอซาก้านั่งรถไฟ JR Special Rapid ไปฮิเมจิ (ประมาณ 1 ชั่วโมง) แล้วเดิน 15 นาที",
            "ja": "大阪からJR新快速で姫路まで約1時間、駅から北へ徒歩15分です。",
            "id": "Dari Osaka naik JR Special Rapid ke Himeji (sekitar 1 jam), "
            "lalu jalan kaki 15 menit.",
        },
        "links": ["https://www.himejicastle.jp/"],
    },
    {
        "id": "kobe-beef",
        "prefecture": "JP-28",
        "type": "food",
        "questions": {
            "en": ["Where can I eat Kobe beef?"],
            "vi": ["Ăn bò Kobe ở đâu?"],
            "zh": ["在哪里可以吃神户牛肉？"],
        },
        "answer": {
            "en": "Sannomiya and Motomachi in Kobe have many Kobe beef teppanyaki restaurants.",
            "vi": "Khu Sannomiya và Motomachi ở Kobe có nhiều nhà hàng bò Kobe teppanyaki.",
        },
    },
    {
        "id": LONG_ID,
        "prefecture": "JP-28",
        "type": "sightseeing",
        "questions": {"en": ["How do I see the Naruto whirlpools from Awaji Island?"]},
        "answer": {"en": "Sightseeing boats leave Fukura port on Awaji Island every hour."},
    },
    {
        "id": LONG_ANSWER_ID,
        "prefecture": "JP-28",
        "type": "events",
        "questions": {"en": ["Tell me about every festival in Hyogo through the year"]},
        "answer": {"en": LONG_ANSWER},
    },
]


def write_kb(folder: Path) -> Path:
    path = folder / "telegram-kb.yaml"
    data = {"version": 1, "entries": ENTRIES}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
