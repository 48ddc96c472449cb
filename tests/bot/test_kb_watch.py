"""Live KB reload: file changes, broken files (old KB stays), and `fairbot faq reload`."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.kb_watch import KBWatcher
from faq.live import LiveEngine
from tests.conftest import make_settings

KB_V1 = """version: 1
entries:
  - id: onsen-etiquette
    type: experiences
    questions:
      en: ["Do I need to wash before entering an onsen?"]
    answer:
      en: "Yes: wash and rinse at the showers first."
"""
KB_V2 = (
    KB_V1
    + """  - id: shinkansen-luggage
    type: transport
    questions:
      en: ["Can I bring a big suitcase on the shinkansen?"]
    answer:
      en: "Oversized bags need a seat reservation with luggage space."
"""
)
KB_BROKEN = KB_V1.replace("type: experiences", "type: nonsense")


def bump(path: Path, text: str, step: int) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + step * 1_000_000_000))


async def test_changed_file_is_reloaded_and_broken_file_keeps_the_old_kb(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(KB_V1, encoding="utf-8")
    settings = make_settings(tmp_path, FAIRBOT_KB=str(kb))
    live = LiveEngine(kb)
    watcher = KBWatcher(settings, live)
    assert not await watcher.check()
    bump(kb, KB_V2, 1)
    assert await watcher.check()
    question = "big suitcase on the shinkansen?"
    assert live.engine.analyse(question).faq_id == "shinkansen-luggage"
    bump(kb, KB_BROKEN, 2)
    assert not await watcher.check()
    assert live.engine.kb.get("shinkansen-luggage") is not None  # still the good KB


async def test_dashboard_folder_takes_over_when_it_appears(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(KB_V1, encoding="utf-8")
    folder = tmp_path / "live"
    settings = make_settings(tmp_path, FAIRBOT_KB=str(kb), FAIRBOT_KB_DIR=str(folder))
    live = LiveEngine(settings.live_kb_path())
    watcher = KBWatcher(settings, live)
    folder.mkdir()
    (folder / "kb.yaml").write_text(KB_V2, encoding="utf-8")
    assert await watcher.check()
    assert live.path == folder and len(live.engine.kb) == 2


def test_faq_reload_validates_then_touches(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(KB_V1, encoding="utf-8")
    os.utime(kb, ns=(0, 0))
    env = {
        "FAIRBOT_KB": str(kb),
        "FAIRBOT_KB_DIR": str(tmp_path / "none"),
        "FAIRBOT_SECRET_FILE": str(tmp_path / "secret"),
    }
    ok = CliRunner().invoke(app, ["faq", "reload"], env=env)
    assert ok.exit_code == 0 and "1 entries valid" in ok.output
    assert kb.stat().st_mtime_ns > 0
    kb.write_text(KB_BROKEN, encoding="utf-8")
    os.utime(kb, ns=(0, 0))
    bad = CliRunner().invoke(app, ["faq", "reload"], env=env)
    assert bad.exit_code == 2 and "type" in bad.output and "Traceback" not in bad.output
    assert kb.stat().st_mtime_ns == 0  # not touched: servers keep the old KB
