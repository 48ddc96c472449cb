"""LiveEngine: reload without restart; a bad KB never replaces a good one."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from faq.live import LiveEngine
from faq.loader import KBError, load_kb_bytes

KB = """version: 1
entries:
  - id: {id}
    type: documents
    questions: {{en: ["Do I need a visa for Japan?"]}}
    answer: {{en: An answer.}}
"""
OLD = KB.format(id="old-visa").encode()
NEW = KB.format(id="new-visa").encode()


def test_bad_reload_keeps_the_old_engine_live(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(OLD)
    live = LiveEngine(path)
    before = live.engine
    path.write_bytes(b"version: 1\nentries:\n  - {id: BAD ID, type: nope}\n")
    with pytest.raises(KBError) as info:
        live.reload()
    assert {i.field for i in info.value.issues} >= {"id", "type"}
    assert live.engine is before
    assert live.engine.analyse("visa japan").faq_id == "old-visa"


def test_reload_and_replace_swap_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(OLD)
    live = LiveEngine(path)
    path.write_bytes(NEW)
    assert live.reload() is live.engine
    assert live.engine.analyse("visa japan").faq_id == "new-visa"
    live.replace(load_kb_bytes("upload.yaml", OLD))
    assert live.engine.analyse("visa japan").faq_id == "old-visa"


def test_initial_load_error_propagates(tmp_path: Path) -> None:
    with pytest.raises(KBError):
        LiveEngine(tmp_path / "missing.yaml")


def test_reload_under_load(tmp_path: Path) -> None:
    """Threads keep analysing while the KB is swapped: no errors, every answer old or new."""
    path = tmp_path / "kb.yaml"
    path.write_bytes(OLD)
    live = LiveEngine(path)
    seen: set[str | None] = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        try:
            while not stop.is_set():
                seen.add(live.engine.analyse("do i need a visa for japan").faq_id)
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=ask) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        for i in range(6):
            path.write_bytes(NEW if i % 2 == 0 else OLD)
            live.reload()
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    assert not errors
    assert seen <= {"old-visa", "new-visa"} and seen
