"""Load a knowledge base from a file, a folder or uploaded bytes — all or nothing.

Every file is read and validated before anything is returned, and any issue anywhere
raises KBError listing all of them: a KB with one broken row never half-loads, so the
previous KB can stay live (see faq.live).
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from faq.model import Entry, KnowledgeBase
from faq.read_table import csv_rows, group_rows, xlsx_rows
from faq.read_yaml import read_yaml
from faq.validate import KBIssue, RawEntry, validate

logger = logging.getLogger(__name__)

__all__ = ["KBError", "KBIssue", "dump_yaml", "load_kb", "load_kb_bytes"]

SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")


class KBError(ValueError):
    """A KB that failed validation; ``issues`` holds every problem found, in file order."""

    def __init__(self, issues: list[KBIssue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


def _read(name: str, data: bytes) -> tuple[list[RawEntry], list[KBIssue]]:
    suffix = Path(name).suffix.casefold()
    issues: list[KBIssue] = []
    if suffix in {".yaml", ".yml"}:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return [], [KBIssue(name, None, None, f"not UTF-8 text (byte {exc.start})")]
        return read_yaml(name, text)
    if suffix == ".csv":
        rows = csv_rows(name, data, issues)
    elif suffix == ".xlsx":
        rows = xlsx_rows(name, data, issues)
    else:
        return [], [KBIssue(name, None, None, f"unsupported file type; use one of {SUFFIXES}")]
    return group_rows(rows, issues), issues


def _build(files: list[tuple[str, bytes]]) -> KnowledgeBase:
    issues: list[KBIssue] = []
    entries: list[Entry] = []
    seen: dict[str, RawEntry] = {}
    for name, data in files:
        raws, file_issues = _read(name, data)
        issues.extend(file_issues)
        for raw in raws:
            first = seen.get(raw.id)
            if raw.id and first is not None:
                where = f"{first.file}:{first.row}" if first.row else first.file
                issues.append(
                    KBIssue(raw.file, raw.row, "id", f"duplicate id {raw.id!r} (first at {where})")
                )
                continue
            if raw.id:
                seen[raw.id] = raw
            entry, entry_issues = validate(raw, name)
            issues.extend(entry_issues)
            if entry is not None:
                entries.append(entry)
    if not issues and not entries:
        issues.append(KBIssue(", ".join(n for n, _ in files) or "<none>", None, None, "no entries"))
    if issues:
        logger.warning("KB rejected with %d issue(s)", len(issues))
        raise KBError(issues)
    logger.info("KB loaded: %d entries from %d file(s)", len(entries), len(files))
    return KnowledgeBase(entries=tuple(entries), sources=tuple(n for n, _ in files))


def kb_files(path: Path) -> list[Path]:
    """The KB files a path stands for: itself, or every KB file directly in the folder."""
    if path.is_dir():
        return sorted(
            p
            for p in path.iterdir()
            if p.is_file()
            and p.suffix.casefold() in SUFFIXES
            and not p.name.startswith((".", "~$"))
        )
    return [path]


def load_kb(path: str | Path) -> KnowledgeBase:
    """Load a KB file or folder; raises KBError (never a bare OSError) on any problem."""
    root = Path(path)
    if not root.exists():
        raise KBError([KBIssue(str(root), None, None, "no such file or folder")])
    files = kb_files(root)
    if not files:
        raise KBError([KBIssue(str(root), None, None, f"no KB files ({', '.join(SUFFIXES)})")])
    blobs: list[tuple[str, bytes]] = []
    for file in files:
        try:
            blobs.append((str(file), file.read_bytes()))
        except OSError as exc:
            raise KBError([KBIssue(str(file), None, None, f"cannot read: {exc.strerror}")]) from exc
    return _build(blobs)


def load_kb_bytes(name: str, data: bytes) -> KnowledgeBase:
    """Load an uploaded KB file; the format comes from the file name's suffix."""
    return _build([(name, data)])


def _entry_dict(entry: Entry) -> dict[str, object]:
    out: dict[str, object] = {"id": entry.id}
    if entry.prefecture:
        out["prefecture"] = entry.prefecture
    out["type"] = entry.type
    out["questions"] = {lang: list(qs) for lang, qs in entry.questions.items()}
    out["answer"] = dict(entry.answer)
    if entry.links:
        out["links"] = list(entry.links)
    if entry.tags:
        out["tags"] = list(entry.tags)
    return out


def dump_yaml(kb: KnowledgeBase) -> str:
    """The KB as one YAML document in the spec's format (round-trips through load_kb)."""
    doc = {"version": 1, "entries": [_entry_dict(e) for e in kb.entries]}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
