"""Read the YAML KB format into RawEntry records, keeping the line of every field.

PyYAML's node tree carries source marks, so we walk nodes ourselves instead of calling
``safe_load``: that is what lets an error say "line 42: answer" rather than "entry 7".
"""

from __future__ import annotations

import logging

import yaml

from faq.validate import KBIssue, RawEntry

logger = logging.getLogger(__name__)

ENTRY_FIELDS = {"id", "prefecture", "type", "questions", "answer", "links", "tags"}
DEFAULT_FIELDS = {"prefecture", "type", "links", "tags"}


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return "" if node.value is None else str(node.value)
    return None


def _items(node: yaml.MappingNode) -> list[tuple[str, yaml.Node]]:
    return [(str(k.value), v) for k, v in node.value]


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.issues: list[KBIssue] = []
        self.default_lines: dict[str, int] = {}

    def bad(self, node: yaml.Node, field: str | None, message: str) -> None:
        self.issues.append(KBIssue(self.name, _line(node), field, message))

    def strings(self, node: yaml.Node, field: str) -> list[str]:
        """A string or a list of strings (phrasings, links, tags)."""
        if isinstance(node, yaml.ScalarNode):
            return [node.value] if node.value else []
        if isinstance(node, yaml.SequenceNode):
            out: list[str] = []
            for item in node.value:
                value = _scalar(item)
                if value is None:
                    self.bad(item, field, "expected text, found a nested list or mapping")
                else:
                    out.append(value)
            return out
        self.bad(node, field, "expected text or a list of texts")
        return []

    def by_lang(self, node: yaml.Node, field: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.bad(node, field, "expected a mapping of language tag -> value (e.g. en: ...)")
            return {}
        return dict(_items(node))

    def entry(self, node: yaml.Node, defaults: dict[str, yaml.Node]) -> RawEntry | None:
        if not isinstance(node, yaml.MappingNode):
            self.bad(node, None, "each entry must be a mapping with id, type, questions, answer")
            return None
        raw = RawEntry(file=self.name, row=_line(node))
        fields = dict(_items(node))
        # Errors point at the line of the key ("questions:"), which is where staff look.
        lines = {**self.default_lines, **{str(k.value): _line(k) for k, _v in node.value}}
        for key in fields:
            if key not in ENTRY_FIELDS:
                self.issues.append(
                    KBIssue(
                        self.name,
                        lines[key],
                        key,
                        f"unknown field {key!r}; allowed: {', '.join(sorted(ENTRY_FIELDS))}",
                    )
                )
        merged = {**defaults, **fields}
        for key in ("id", "type", "prefecture"):
            if key in merged:
                value = _scalar(merged[key])
                raw.rows[key] = lines[key]
                if value is None:
                    self.bad(merged[key], key, "expected a single value")
                else:
                    setattr(raw, key, value.strip())
        if "questions" in merged:
            raw.rows["questions"] = lines["questions"]
            for lang, qnode in self.by_lang(merged["questions"], "questions").items():
                raw.questions[lang] = self.strings(qnode, f"questions.{lang}")
        if "answer" in merged:
            raw.rows["answer"] = lines["answer"]
            for lang, anode in self.by_lang(merged["answer"], "answer").items():
                text = _scalar(anode)
                if text is None:
                    self.bad(anode, f"answer.{lang}", "expected one text per language")
                else:
                    raw.answer[lang] = text
        for key in ("links", "tags"):
            if key in merged:
                raw.rows[key] = lines[key]
                setattr(raw, key, self.strings(merged[key], key))
        return raw


def read_yaml(name: str, text: str) -> tuple[list[RawEntry], list[KBIssue]]:
    """Parse one YAML KB document; syntax errors become a single located issue."""
    reader = _Reader(name)
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        return [], [KBIssue(name, row, None, f"YAML syntax error: {problem}")]
    if root is None:
        return [], [KBIssue(name, None, None, "empty file: expected version and entries")]
    if not isinstance(root, yaml.MappingNode):
        return [], [KBIssue(name, _line(root), None, "expected a mapping with 'entries'")]
    top = dict(_items(root))
    version = top.get("version")
    if version is not None and _scalar(version) not in {"1", "1.0"}:
        reader.bad(version, "version", f"unsupported version {_scalar(version)!r} (expected 1)")
    defaults: dict[str, yaml.Node] = {}
    if "defaults" in top:
        defaults = reader.by_lang(top["defaults"], "defaults")
        if isinstance(top["defaults"], yaml.MappingNode):
            reader.default_lines = {str(k.value): _line(k) for k, _v in top["defaults"].value}
        for key, value in defaults.items():
            if key not in DEFAULT_FIELDS:
                reader.bad(value, f"defaults.{key}", "not allowed in defaults")
    entries_node = top.get("entries")
    if not isinstance(entries_node, yaml.SequenceNode):
        node = entries_node if entries_node is not None else root
        reader.bad(node, "entries", "expected a list of entries")
        return [], reader.issues
    raws = [r for n in entries_node.value if (r := reader.entry(n, defaults)) is not None]
    return raws, reader.issues
