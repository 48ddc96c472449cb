"""Loaders: every rule of the KB spec produces an error naming file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq.loader import KBError, KBIssue, dump_yaml, load_kb, load_kb_bytes
from faq.model import KnowledgeBase

ENTRY = """\
  - id: {id}
    type: {type}
    prefecture: {prefecture}
    questions:
      en: {questions}
    answer:
      {answer_lang}: "An answer."
"""


def yaml_kb(**overrides: str) -> bytes:
    values = {
        "id": "ok-entry",
        "type": "transport",
        "prefecture": "JP-28",
        "questions": '["How do I get there?"]',
        "answer_lang": "en",
    }
    values.update(overrides)
    return ("version: 1\nentries:\n" + ENTRY.format(**values)).encode()


def issues_of(name: str, data: bytes) -> list[KBIssue]:
    with pytest.raises(KBError) as info:
        load_kb_bytes(name, data)
    return info.value.issues


@pytest.mark.parametrize(
    ("overrides", "field", "row", "words"),
    [
        ({"id": "Bad Id"}, "id", 3, "bad id"),
        ({"type": "weather"}, "type", 4, "unknown type"),
        ({"prefecture": "Atlantis"}, "prefecture", 5, "unknown prefecture"),
        ({"questions": "[]"}, "questions", 6, "no question"),
        ({"answer_lang": "th"}, "answer", 8, "missing english"),
    ],
)
def test_yaml_errors_name_file_line_and_field(
    overrides: dict[str, str], field: str, row: int, words: str
) -> None:
    [issue] = issues_of("kb.yaml", yaml_kb(**overrides))
    assert (issue.file, issue.row, issue.field) == ("kb.yaml", row, field)
    assert words in issue.message.casefold()
    assert str(issue).startswith(f"kb.yaml:{row}: {field}: ")


def test_yaml_unknown_field_and_syntax_error() -> None:
    [issue] = issues_of("kb.yaml", yaml_kb() + b"    answers: {en: typo}\n")
    assert issue.field == "answers" and issue.row == 10
    [syntax] = issues_of("kb.yaml", b"entries: [\n  - id: x\n")
    assert "syntax" in syntax.message and syntax.row is not None


def test_every_issue_is_reported_and_kb_error_lists_them_one_a_line() -> None:
    data = yaml_kb(id="Bad", type="nope", prefecture="Mars")
    with pytest.raises(KBError) as info:
        load_kb_bytes("kb.yaml", data)
    assert len(info.value.issues) == 3
    assert str(info.value).count("\n") == 2


def test_prefecture_forms_of_the_spec(tmp_path: Path) -> None:
    text = yaml_kb(prefecture="Hyogo").decode() + ENTRY.format(
        id="all-japan", type="other", prefecture="JP", questions='["Plugs?"]', answer_lang="en"
    )
    kb = load_kb_bytes("kb.yaml", text.encode())
    assert [e.prefecture for e in kb.entries] == ["JP-28", None]


def test_defaults_apply_to_entries_that_omit_the_field() -> None:
    data = b"""version: 1
defaults: {prefecture: JP-26}
entries:
  - {id: a, type: food, questions: {en: [Food?]}, answer: {en: Yes.}}
  - {id: b, type: food, prefecture: JP-13, questions: {en: [Food?]}, answer: {en: Yes.}}
"""
    kb = load_kb_bytes("kb.yaml", data)
    assert [e.prefecture for e in kb.entries] == ["JP-26", "JP-13"]


def test_duplicate_ids_across_files_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(yaml_kb())
    (tmp_path / "b.yaml").write_bytes(yaml_kb())
    with pytest.raises(KBError) as info:
        load_kb(tmp_path)
    [issue] = info.value.issues
    assert issue.file.endswith("b.yaml") and issue.field == "id"
    assert "duplicate" in issue.message and "a.yaml" in issue.message


def test_a_bad_file_never_half_loads(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_bytes(yaml_kb())
    (tmp_path / "bad.csv").write_text("id,type,lang,question,answer\nx,nope,en,Q?,A.\n")
    with pytest.raises(KBError):
        load_kb(tmp_path)


def test_missing_path_is_a_kb_error(tmp_path: Path) -> None:
    with pytest.raises(KBError):
        load_kb(tmp_path / "nope.yaml")


def _essence(kb: KnowledgeBase) -> list[tuple]:
    return [
        (e.id, e.type, e.prefecture, dict(e.questions), dict(e.answer), e.links, e.tags)
        for e in kb.entries
    ]


def test_dump_yaml_round_trips(dev_kb: KnowledgeBase) -> None:
    again = load_kb_bytes("again.yaml", dump_yaml(dev_kb).encode())
    assert _essence(again) == _essence(dev_kb)
