"""Dependencies: floors above known CVEs, one hashed lock that installs decide by, docs for it."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The first versions without the known CVEs (issue 13).
FLOORS = {
    "starlette": "0.49.1",
    "python-multipart": "0.0.18",
    "jinja2": "3.1.6",
    "h11": "0.16.0",
    "aiohttp": "3.12.14",
    "urllib3": "2.5.0",
    "requests": "2.32.4",
    "pillow": "11.3.0",
    "aiosmtpd": "1.4.6",
}


def requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    listed = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in listed]


def locked() -> dict[str, Version]:
    pins = re.findall(r"^([A-Za-z0-9_.\[\]-]+)==([^\s;\\]+)", LOCK, flags=re.MULTILINE)
    return {canonicalize_name(name.split("[")[0]): Version(version) for name, version in pins}


@pytest.mark.parametrize(("name", "floor"), FLOORS.items())
def test_floors_exclude_vulnerable_versions(name: str, floor: str) -> None:
    found = {canonicalize_name(r.name): r for r in requirements()}
    requirement = found[canonicalize_name(name)]
    lows = [Version(s.version) for s in requirement.specifier if s.operator in (">=", ">", "==")]
    assert lows and max(lows) >= Version(floor), f"{name} must require >= {floor}"
    assert locked()[canonicalize_name(name)] >= Version(floor)


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    pins = locked()
    stale = [
        str(r)
        for r in requirements()
        if canonicalize_name(r.name) not in pins
        or not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not stale, f"requirements.lock is stale for {stale}: run `make lock` and commit it"
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_installs_come_from_the_lock() -> None:
    stamp = re.search(r"^\$\(STAMP\):(.*)$", MAKEFILE, flags=re.MULTILINE)
    assert stamp and "$(LOCK)" in stamp.group(1)
    assert "--require-hashes -r $(LOCK)" in MAKEFILE
    assert re.search(r"^lock:", MAKEFILE, flags=re.MULTILINE)
    assert "make lock" in README


def test_readme_explains_running_behind_a_proxy() -> None:
    section = README.split("### Behind a proxy", 1)[1].split("\n## ", 1)[0]
    for needed in ("FORWARDED_ALLOW_IPS", "FAIRBOT_PUBLIC_URL", "HTTPS", "Secure"):
        assert needed in section
