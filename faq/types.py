"""The 16 inquiry types of the KB spec (tests/specs/faq-format.md), in spec order.

Every question is logged under one of these, so reports can count what visitors ask about
even when the bot has no answer.
"""

from __future__ import annotations

from typing import NamedTuple


class TypeLabel(NamedTuple):
    en: str
    ja: str


INQUIRY_TYPES: dict[str, TypeLabel] = {
    "transport": TypeLabel("Transport & access", "交通・アクセス"),
    "accommodation": TypeLabel("Accommodation", "宿泊"),
    "food": TypeLabel("Food & drink", "食事"),
    "sightseeing": TypeLabel("Sightseeing", "観光スポット"),
    "season": TypeLabel("Seasons & weather", "季節・気候"),
    "events": TypeLabel("Events & festivals", "イベント・祭り"),
    "experiences": TypeLabel("Experiences", "体験"),
    "shopping": TypeLabel("Shopping", "買い物"),
    "money": TypeLabel("Costs & payment", "費用・支払い"),
    "documents": TypeLabel("Visa & documents", "ビザ・手続き"),
    "connectivity": TypeLabel("Wi-Fi & phones", "通信"),
    "muslim-friendly": TypeLabel("Muslim-friendly travel", "ムスリム対応"),
    "health-safety": TypeLabel("Health & safety", "安全・医療"),
    "language": TypeLabel("Language", "言語"),
    "promotion": TypeLabel("Fair offers & contact", "商談・問い合わせ"),
    "other": TypeLabel("Other", "その他"),
}

OTHER = "other"
