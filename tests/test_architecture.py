"""The import rules of design.md, checked on the source with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"bot", "faq", "handlers", "storage", "reports"}
# package -> the packages of ours it may import
ALLOWED = {
    "faq": set(),
    "storage": set(),
    "handlers": {"faq", "storage"},
    "reports": {"storage", "faq"},
}
PLATFORM_SDKS = {"telegram", "linebot"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_design_allows(package: str) -> None:
    assert modules(package), f"{package}/ has no modules"
    for path in modules(package):
        roots = imported_roots(path)
        forbidden = (roots & OURS) - ALLOWED[package] - {package}
        assert not forbidden, f"{path.relative_to(ROOT)} imports {sorted(forbidden)}"
        sdks = roots & PLATFORM_SDKS
        assert not sdks, f"{path.relative_to(ROOT)} imports platform SDK {sorted(sdks)}"


def test_only_channel_adapters_import_the_sdks() -> None:
    for path in modules("bot"):
        roots = imported_roots(path)
        if "telegram" in roots:
            assert path.name.startswith("telegram"), path
        if "linebot" in roots:
            assert path.name.startswith("line"), path


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    """Guard against a checker that can never fail."""
    bad = tmp_path / "bad.py"
    bad.write_text("import telegram\nfrom bot.app import create_app\n", encoding="utf-8")
    assert {"telegram", "bot"} <= imported_roots(bad)
