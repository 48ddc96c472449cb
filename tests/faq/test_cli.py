"""`fairbot faq check`: the JSON contract of tests/specs/faq-format.md and the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.faq import app
from faq.check import KEYS, check_lines
from faq.engine import Engine
from faq.loader import load_kb

runner = CliRunner()


def test_json_lines_have_exactly_the_spec_keys(small_kb_file: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("how do i get to kyoto\n\n   \nwhere is the toilet\n", encoding="utf-8")
    result = runner.invoke(
        app, ["check", "--kb", str(small_kb_file), "--questions", str(questions), "--json"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2  # blank lines skipped
    assert all(list(line) == list(KEYS) for line in lines)
    first, second = lines
    assert first["question"] == "how do i get to kyoto" and first["faq_id"] == "kyoto-access"
    assert first["type"] == "transport" and first["prefecture"] == "JP-26"
    assert first["lang"] == "en" and 0 <= first["score"] <= 1
    assert isinstance(first["suggestions"], list) and "kyoto-access" not in first["suggestions"]
    assert second["faq_id"] is None and second["type"] == "other"


def test_reads_stdin_and_prints_a_table_and_summary(small_kb_file: Path) -> None:
    result = runner.invoke(
        app, ["check", "--kb", str(small_kb_file)], input="kyoto access\nhello\n"
    )
    assert result.exit_code == 0, result.output
    assert "kyoto-access" in result.output
    assert "2 questions: 1 answered" in result.output


def test_kb_errors_go_to_stderr_one_a_line_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\nentries:\n  - id: Bad Id\n    type: nope\n"
        "    questions: {en: [Q]}\n    answer: {en: A}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--kb", str(bad)], input="hello\n")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    err = result.stderr.splitlines()
    assert any(line.startswith(f"{bad}:3: id:") for line in err)
    assert any(line.startswith(f"{bad}:4: type:") for line in err)
    assert result.stdout == ""


def test_default_kb_is_env_then_bundled_sample(
    small_kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIRBOT_KB", str(small_kb_file))
    result = runner.invoke(app, ["check", "--json"], input="visa\n")
    assert json.loads(result.output)["faq_id"] == "visa"
    monkeypatch.delenv("FAIRBOT_KB")
    result = runner.invoke(
        app, ["check", "--json"], input="how do I get to Kyoto from the airport\n"
    )
    assert json.loads(result.output)["faq_id"] == "kyoto-from-kansai-airport"


def test_check_lines_keeps_order(small_kb_file: Path) -> None:
    engine = Engine(load_kb(small_kb_file))
    out = list(check_lines(engine, ["visa?", "", "kyoto access"]))
    assert [o["question"] for o in out] == ["visa?", "kyoto access"]
