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


def imported_modules(path: Path) -> set[str]:
    """Every dotted module name imported, with each of its parents (`a.b.c` -> a, a.b, a.b.c)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {".".join(n.split(".")[: i + 1]) for n in names for i in range(n.count(".") + 1)}


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


# SDK -> the one package of ours that may import it
SDK_HOMES = {"telegram": ROOT / "bot" / "telegram", "linebot": ROOT / "bot" / "line"}
CHANNEL_PACKAGES = {"telegram", "line", "web"}


def test_only_channel_packages_import_the_sdks() -> None:
    for path in modules("bot"):
        for sdk in imported_roots(path) & PLATFORM_SDKS:
            assert path.is_relative_to(SDK_HOMES[sdk]), f"{path.relative_to(ROOT)} imports {sdk}"


def test_a_channel_package_never_imports_another_channel() -> None:
    for channel in sorted(CHANNEL_PACKAGES):
        for path in modules(f"bot/{channel}"):
            others = {
                f"bot.{other}"
                for other in CHANNEL_PACKAGES - {channel}
                if f"bot.{other}" in imported_modules(path)
            }
            assert not others, f"{path.relative_to(ROOT)} imports {sorted(others)}"


@pytest.mark.parametrize("package", sorted(OURS - {"storage"}))
def test_sqlalchemy_only_in_storage(package: str) -> None:
    for path in modules(package):
        assert "sqlalchemy" not in imported_roots(path), f"{path.relative_to(ROOT)} imports it"


def test_no_flat_channel_modules_in_bot() -> None:
    """Channels live in packages, not in `bot/telegram_*.py` / `bot/line_*.py` files."""
    flat = [p.name for p in (ROOT / "bot").glob("*.py") if p.stem.startswith(("telegram", "line"))]
    assert not flat, flat


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    """Guard against a checker that can never fail."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import telegram\nimport sqlalchemy.exc\nfrom bot import line\n", encoding="utf-8"
    )
    assert {"telegram", "bot", "sqlalchemy"} <= imported_roots(bad)
    assert "bot.line" in imported_modules(bad)
