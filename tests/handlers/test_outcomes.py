"""One outcome enum, one label table: every code has ja and en names everywhere."""

from __future__ import annotations

from reports.labels import OUTCOMES as REPORT_OUTCOMES
from reports.labels import outcome_label as report_label
from storage.outcomes import LABELS, Outcome, outcome_label


def test_stored_codes_stay_what_scripts_read() -> None:
    values = {o.value for o in Outcome}
    assert {"answered", "suggested", "handed_over", "out_of_scope", "rate_limited"} <= values
    assert {"standby", "small_talk", "rejected", "non_text"} <= values
    assert Outcome("rate_limited") == "rate_limited"


def test_every_outcome_has_a_japanese_and_english_label_that_is_not_its_code() -> None:
    assert set(LABELS) == set(Outcome)
    for outcome, label in LABELS.items():
        assert label.ja and label.en
        assert label.ja != outcome.value and "_" not in label.en
        assert any(ord(ch) > 0x3000 for ch in label.ja), label.ja


def test_reports_use_the_same_table() -> None:
    assert set(REPORT_OUTCOMES) == {o.value for o in Outcome}
    for outcome in Outcome:
        assert tuple(report_label(outcome.value)) == tuple(outcome.label)
    assert report_label("rate_limited").ja == LABELS[Outcome.RATE_LIMITED].ja


def test_parse_refuses_unknown_codes_and_labels_show_them_as_is() -> None:
    assert Outcome.parse("standby") is Outcome.STANDBY
    assert Outcome.parse("nonsense") is None and Outcome.parse(None) is None
    assert outcome_label("future_code").en == "future_code"
