"""The honest protocol's pieces: a fixed stratified split, the calibration fit, the bound."""

from __future__ import annotations

from faq.evaluation import fit_logistic2, load_questions, split_rows, wilson_lower

from .conftest import DEV_QUESTIONS


def test_split_is_fixed_disjoint_and_stratified_by_entry() -> None:
    rows = load_questions(DEV_QUESTIONS)
    tune, test = split_rows(rows)
    again_tune, _ = split_rows(load_questions(DEV_QUESTIONS))
    assert [r["q"] for r in tune] == [r["q"] for r in again_tune]  # same every run
    assert len(tune) + len(test) == len(rows)
    assert not {r["q"] for r in tune} & {r["q"] for r in test}
    for entry in {r["expect"] for r in rows if r["expect"]}:
        n_tune = sum(r["expect"] == entry for r in tune)
        n_test = sum(r["expect"] == entry for r in test)
        assert abs(n_tune - n_test) <= 1  # every entry split in half
    assert split_rows(rows, seed=13)[0] != tune  # the seed is what fixes it


def test_logistic_fit_uses_the_lead_over_the_runner_up() -> None:
    # Same top score, right only when clearly ahead: the lead must get the weight.
    rows = [(0.8, 0.5)] * 40 + [(0.8, 0.01)] * 40
    ys = [True] * 40 + [False] * 40
    a, c, _b = fit_logistic2(rows, ys)
    assert c > 5 and abs(a) < c


def test_wilson_lower_bound_is_below_the_rate_and_tightens_with_n() -> None:
    assert wilson_lower(19, 20) < 0.95
    assert wilson_lower(190, 200) > wilson_lower(19, 20)
    assert wilson_lower(0, 0) == 0.0
