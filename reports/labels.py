"""Every heading and label a report shows, in Japanese and English.

Inquiry-type and prefecture names come from `faq` (the spec's table), so the
report and the knowledge base never disagree; the rest lives here.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from faq.concerns import taxonomy
from faq.prefectures import PREFECTURES
from faq.types import INQUIRY_TYPES
from storage.outcomes import LABELS as OUTCOME_LABELS

Lang = Literal["ja", "en"]


class Label(NamedTuple):
    ja: str
    en: str

    def in_(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en

    def both(self) -> str:
        """ "日本語 / English", for sheets read by both audiences."""
        return f"{self.ja} / {self.en}"


HEADINGS: dict[str, Label] = {
    "title": Label("来場者問い合わせレポート", "Visitor inquiry report"),
    "fair": Label("フェア", "Fair"),
    "prefecture": Label("都道府県", "Prefecture"),
    "period": Label("期間", "Period"),
    "timezone": Label("時間帯の基準", "Time zone"),
    "generated": Label("作成日時", "Generated"),
    "summary": Label("概要", "Summary"),
    "questions": Label("質問数", "Questions"),
    "visitors": Label("来場者数（質問者）", "Visitors who asked"),
    "non_text": Label("スタンプ・画像など", "Stickers, images etc."),
    "answered_rate": Label("自動回答率", "Answered by the bot"),
    "helpful_rate": Label("「役に立った」率", "Rated helpful"),
    "types": Label("問い合わせの種類", "Inquiry types"),
    "type": Label("種類", "Type"),
    "languages": Label("言語", "Languages"),
    "language": Label("言語", "Language"),
    "platforms": Label("利用経路", "Platforms"),
    "platform": Label("経路", "Platform"),
    "outcomes": Label("対応結果", "Outcomes"),
    "outcome": Label("結果", "Outcome"),
    "days": Label("日別", "By day"),
    "day": Label("日付", "Day"),
    "hours": Label("時間帯別", "By hour of day"),
    "hour": Label("時", "Hour"),
    "count": Label("件数", "Count"),
    "share": Label("割合", "Share"),
    "top": Label("よくある質問", "Top questions"),
    "representative": Label("代表的な質問", "Representative question"),
    "examples": Label("言い換え例", "Example phrasings"),
    "unanswered": Label("未回答・スタッフ対応の質問", "Unanswered and handed-over questions"),
    "handed_over": Label("スタッフへ引継ぎ", "Handed over"),
    "staff_answered": Label("スタッフ回答済み", "Answered by staff"),
    "feedback": Label("回答への評価", "Feedback on answers"),
    "faq_entry": Label("FAQ項目", "FAQ entry"),
    "answered": Label("回答数", "Answered"),
    "up": Label("役に立った", "Helpful"),
    "down": Label("役に立たなかった", "Not helpful"),
    "comparison": Label("前回との比較", "Change since the previous fair"),
    "previous": Label("前回", "Previous"),
    "current": Label("今回", "This fair"),
    "change": Label("増減", "Change"),
    "no_previous": Label("比較できる前回のフェアがありません", "No previous fair to compare with"),
    "raw": Label("問い合わせ一覧", "Raw inquiries"),
    "all": Label("全体", "All"),
    "by_booth": Label("ブースの都道府県", "booth's prefecture"),
    "by_topic": Label("質問の対象地域", "prefecture asked about"),
    "no_data": Label("該当する問い合わせはありません", "No inquiries in this scope"),
    "no_questions": Label(
        "まだ質問はありません。フェアが始まると、ここに集計が表示されます。",
        "No questions yet. Figures and charts appear here once visitors start asking.",
    ),
    "concerns": Label("旅行の懸念事項", "Travel concerns"),
    "concern": Label("懸念事項", "Concern"),
    "concern_note": Label(
        "1つの質問が複数の懸念に該当することがあります（割合は全質問に対する比率）。",
        "A question may voice several concerns; shares are of all questions.",
    ),
    "concerns_by_place": Label("都道府県別の懸念事項", "Travel concerns by prefecture"),
    "gaps": Label("FAQに追加すべき質問", "Questions to add to your FAQ"),
    "gaps_note": Label(
        "ボットが回答できなかった質問を、言語をまたいでまとめたもの（あいさつ・雑談・会場案内は除く）。",
        "Questions the bot could not answer, grouped across languages"
        " (greetings, small talk and venue logistics left out).",
    ),
    "top_note": Label(
        "同じ内容の質問を言語をまたいでまとめています。",
        "Questions that ask the same thing are grouped across languages.",
    ),
    "languages_asked": Label("質問された言語", "Asked in"),
    "entry_title_ja": Label("FAQ項目（日本語）", "FAQ entry (Japanese)"),
    "entry_title_en": Label("FAQ項目（英語）", "FAQ entry (English)"),
    "market": Label("市場", "Market"),
    "markets": Label("市場別比較", "Market comparison"),
    "compare_title": Label("フェア・市場別比較レポート", "Fair and market comparison"),
    "difference": Label("差（ポイント）", "Difference (points)"),
    "difference_note": Label(
        "差は最初のフェアとの割合の差（ポイント）です。",
        "Differences are in percentage points, against the first fair.",
    ),
    "more": Label("全文を表示", "Show all"),
    "id": Label("ID", "ID"),
    "rows_note": Label("件", "rows"),
    "raw_capped": Label(
        "最新 {shown} 件を表示（全 {total} 件は CSV で出力できます）",
        "Newest {shown} of {total} rows (export all with --format csv)",
    ),
    "booth": Label("ブース", "Booth"),
    "time": Label("日時", "Time"),
    "kind": Label("形式", "Kind"),
    "score": Label("スコア", "Score"),
    "question_text": Label("質問（個人情報は削除済み）", "Question (personal data removed)"),
    "staff_answer": Label("スタッフの回答", "Staff answer"),
}

SHEET_NAMES: dict[str, Label] = {
    "summary": Label("概要", "Summary"),
    "types": Label("種類", "Types"),
    "concerns": Label("懸念事項", "Concerns"),
    "languages": Label("言語", "Languages"),
    "platforms": Label("経路", "Platforms"),
    "outcomes": Label("結果", "Outcomes"),
    "days": Label("日別", "Days"),
    "hours": Label("時間帯", "Hours"),
    "top": Label("よくある質問", "Top questions"),
    "gaps": Label("FAQに追加", "Add to FAQ"),
    "feedback": Label("評価", "Feedback"),
    "raw": Label("生データ", "Raw"),
    "markets": Label("比較", "Comparison"),
}

LANGUAGES: dict[str, Label] = {
    "en": Label("英語", "English"),
    "th": Label("タイ語", "Thai"),
    "id": Label("インドネシア語", "Indonesian"),
    "vi": Label("ベトナム語", "Vietnamese"),
    "zh": Label("中国語", "Chinese"),
    "ms": Label("マレー語", "Malay"),
    "tl": Label("タガログ語", "Tagalog"),
    "ja": Label("日本語", "Japanese"),
    "km": Label("クメール語", "Khmer"),
}

PLATFORMS: dict[str, Label] = {
    "web": Label("ウェブチャット", "Web chat"),
    "telegram": Label("Telegram", "Telegram"),
    "line": Label("LINE", "LINE"),
}

# One label table for outcomes (storage.outcomes), shared with the feed and /stats.
OUTCOMES: dict[str, Label] = {str(code): Label(*label) for code, label in OUTCOME_LABELS.items()}


MARKETS: dict[str, Label] = {
    "SG": Label("シンガポール", "Singapore"),
    "MY": Label("マレーシア", "Malaysia"),
    "TH": Label("タイ", "Thailand"),
    "ID": Label("インドネシア", "Indonesia"),
    "VN": Label("ベトナム", "Vietnam"),
    "PH": Label("フィリピン", "Philippines"),
    "KH": Label("カンボジア", "Cambodia"),
    "BN": Label("ブルネイ", "Brunei"),
    "MM": Label("ミャンマー", "Myanmar"),
    "LA": Label("ラオス", "Laos"),
    "TW": Label("台湾", "Taiwan"),
    "HK": Label("香港", "Hong Kong"),
}


def market_label(country: str | None) -> Label:
    """A fair's market: its country."""
    if not country:
        return Label("–", "–")
    return MARKETS.get(country.upper(), Label(country.upper(), country.upper()))


def concern_label(concern_id: str) -> Label:
    found = taxonomy().get(concern_id)
    return Label(found.ja, found.en) if found else Label(concern_id, concern_id)


def heading(key: str) -> Label:
    return HEADINGS[key]


def type_label(type_id: str) -> Label:
    found = INQUIRY_TYPES.get(type_id)
    return Label(found.ja, found.en) if found else Label(type_id, type_id)


def language_label(code: str) -> Label:
    return LANGUAGES.get(code, Label(code, code))


def platform_label(code: str) -> Label:
    return PLATFORMS.get(code, Label(code, code))


def outcome_label(code: str) -> Label:
    return OUTCOMES.get(code, Label(code, code))


def prefecture_label(code: str | None) -> Label:
    if code is None:
        return HEADINGS["all"]
    if code.upper() == "JP":
        return Label("日本全国", "All Japan")
    found = PREFECTURES.get(code)
    return Label(found.ja, found.en) if found else Label(code, code)
