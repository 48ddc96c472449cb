"""Report benchmark: a million seeded inquiries, xlsx reports timed on SQLite and PostgreSQL.

Targets (issue "Inquiry reports"): fair-wide xlsx ≤ 10 s and ≤ 500 MB peak RSS,
one prefecture's ≤ 3 s, on both databases. Seeding a million rows takes minutes,
so the SQLite database is built once under the temp dir and reused (a file is
only renamed into place once fully seeded); PostgreSQL gets a database of its own
(`fairbot_bench_reports`) on the server of TEST_DATABASE_URL (default
postgresql+asyncpg://postgres@127.0.0.1:5432/test), likewise reused. Each report
runs in a fresh subprocess so its peak RSS is its own.

    python -m bench.report_bench            # both databases (PostgreSQL if reachable)
    FAIRBOT_BENCH_ROWS=100000 python -m bench.report_bench
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from faq.loader import load_kb
from reports.build import REPORT_CONNECTIONS, ReportRequest, build_report
from reports.seed import seed
from storage import Store, upgrade

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "bench" / "data" / "dev-kb.yaml"
ROWS = int(os.environ.get("FAIRBOT_BENCH_ROWS", "1000000"))
CACHE = Path(tempfile.gettempdir()) / "fairbot-bench"
PG_SERVER = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
PG_NAME = "fairbot_bench_reports"
FAIR, PREVIOUS, PREFECTURE = "jtf-2025-sg", "jtf-2024-sg", "JP-28"
BOOTHS = (
    ("hyogo", "JP-28"),
    ("kyoto", "JP-26"),
    ("hokkaido", "JP-01"),
    ("osaka", "JP-27"),
    ("fukuoka", "JP-40"),
    ("okinawa", "JP-47"),
    ("nagano", "JP-20"),
    ("info", "JP"),
)
TARGETS = {"fair": (10.0, 500.0), "prefecture": (3.0, 500.0)}
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- report-bench:start -->", "<!-- report-bench:end -->"


async def populate(url: str, rows: int) -> None:
    """Two fairs in Singapore (last year's a tenth the size), eight booths each."""
    store = Store.from_url(url)
    try:
        await upgrade(store.engine)
        kb = load_kb(KB)
        for fair_id, start in ((PREVIOUS, date(2024, 5, 10)), (FAIR, date(2025, 5, 9))):
            await store.fairs.add_fair(
                fair_id,
                f"Japan Travel Fair {start.year}",
                country="SG",
                city="Singapore",
                start_date=start,
                end_date=date(start.year, start.month, start.day + 2),
            )
            for booth_id, prefecture in BOOTHS:
                await store.fairs.add_booth(
                    fair_id,
                    booth_id,
                    prefecture=prefecture,
                    name=booth_id.title(),
                    email=f"{booth_id}@example.jp",
                )
        await seed(store, PREVIOUS, rows // 10, kb=kb, random_seed=1)
        started = time.perf_counter()
        await seed(store, FAIR, rows, kb=kb, random_seed=2)
        print(f"  seeded {rows:,} rows in {time.perf_counter() - started:.0f} s")
    finally:
        await store.close()


def sqlite_database(rows: int) -> str:
    path = CACHE / f"reports-{rows}.sqlite"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for leftover in CACHE.glob(f"{partial.name}*"):
            leftover.unlink()
        print(f"  seeding {partial} (once; reused afterwards)")
        asyncio.run(populate(f"sqlite+aiosqlite:///{partial}", rows))
        asyncio.run(_checkpoint(f"sqlite+aiosqlite:///{partial}"))
        partial.rename(path)
    url = f"sqlite+aiosqlite:///{path}"
    asyncio.run(_migrate(url))  # a cache from an older schema gains new indexes
    return url


async def _migrate(url: str) -> None:
    store = Store.from_url(url)
    try:
        await upgrade(store.engine)
    finally:
        await store.close()


async def _checkpoint(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        await connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        await connection.execute(text("ANALYZE"))
    await engine.dispose()


async def _pg_rows(url: str) -> int | None:
    """Rows in the cached PostgreSQL database (None: no database, or not fully seeded)."""
    admin = create_async_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            found = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": PG_NAME}
            )
            if not found:
                await connection.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
                return None
    finally:
        await admin.dispose()
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(
                text("SELECT count(*) FROM inquiries WHERE fair_id = :fair"), {"fair": FAIR}
            )
    except Exception:  # no schema yet
        return None
    finally:
        await engine.dispose()


async def _pg_reset(url: str) -> None:
    admin = create_async_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
        await connection.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
    await admin.dispose()


def postgres_database(rows: int) -> str | None:
    url = make_url(PG_SERVER).set(database=PG_NAME).render_as_string(hide_password=False)
    try:
        present = asyncio.run(_pg_rows(url))
    except OSError as exc:
        print(f"  PostgreSQL not reachable ({exc}): skipped")
        return None
    if present != rows:
        print(f"  seeding PostgreSQL database {PG_NAME} (once; reused afterwards)")
        asyncio.run(_pg_reset(url))
        asyncio.run(populate(url, rows))
        asyncio.run(_pg_analyze(url))
    asyncio.run(_migrate(url))
    return url


async def _pg_analyze(url: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text("VACUUM ANALYZE inquiries"))
    await engine.dispose()


async def _one(url: str, prefecture: str | None, out: Path) -> dict[str, Any]:
    store = Store.from_url(url, connections=REPORT_CONNECTIONS)  # as `fairbot report` does
    try:
        kb = load_kb(KB)
        started = time.perf_counter()
        await build_report(
            store, ReportRequest((FAIR,), prefecture=prefecture), out, fmt="xlsx", kb=kb
        )
        seconds = time.perf_counter() - started
    finally:
        await store.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,  # whole process, imports included
        "peak_rss_mb": peak_rss_mb(),
        "bytes": out.stat().st_size,
    }


def peak_rss_mb() -> float:
    """This process's peak RSS since it exec'd (VmHWM).

    Not `ru_maxrss`: Linux carries that across exec from the parent, so a report
    run from `python -m bench` after the FAQ section would be charged the FAQ
    section's 1.3 GB.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(url: str, prefecture: str | None) -> dict[str, Any]:
    """One report in a fresh interpreter, so the peak RSS measured is the report's."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.xlsx"
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-m", "bench.report_bench", "--one", url, prefecture or "", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result["process_seconds"] = time.perf_counter() - started
        return result


def run() -> list[dict[str, Any]]:
    """Seed (or reuse) both databases and time the fair-wide and one prefecture's xlsx."""
    print(f"reports: {ROWS:,} inquiries, xlsx")
    results = []
    databases = [("sqlite", sqlite_database(ROWS)), ("postgresql", postgres_database(ROWS))]
    for name, url in databases:
        if url is None:
            continue
        for scope, prefecture in (("fair", None), ("prefecture", PREFECTURE)):
            result = {"database": name, "scope": scope, **measure(url, prefecture)}
            limit_s, limit_mb = TARGETS[scope]
            ok = result["seconds"] <= limit_s and result["peak_rss_mb"] <= limit_mb
            result["ok"] = ok
            results.append(result)
            print(
                f"  {name:10} {scope:10} {result['seconds']:6.2f} s (≤ {limit_s:.0f})"
                f"  cpu {result['cpu_seconds']:5.1f} s  load {os.getloadavg()[0]:4.1f}"
                f"  {result['peak_rss_mb']:6.0f} MB peak RSS (≤ {limit_mb:.0f})"
                f"  {result['bytes'] / 1e6:5.1f} MB file  {'ok' if ok else 'OVER TARGET'}"
            )
    return results


def main(argv: list[str] | None = None) -> int:
    """The `reports` section of `python -m bench`; 1 when a target is missed."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 4 and args[0] == "--one":
        url, prefecture, out = args[1], args[2] or None, Path(args[3])
        print(json.dumps(asyncio.run(_one(url, prefecture, out))))
        return 0
    results = run()
    if "--no-doc" not in args:
        write_doc(results)
    return 0 if all(result["ok"] for result in results) else 1


def write_doc(results: list[dict[str, Any]]) -> None:
    """Rewrite this section's table in docs/benchmarks.md, between its markers."""
    lines = [
        START,
        f"Made by `python -m bench --only reports` in one run: {ROWS:,} inquiries,"
        f" xlsx, load average {os.getloadavg()[0]:.1f} at the end of the run.",
        "",
        "| database | report | time | CPU | peak RSS | file | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        limit_s, limit_mb = TARGETS[r["scope"]]
        lines.append(
            f"| {r['database']} | {r['scope']} | {r['seconds']:.2f} s | {r['cpu_seconds']:.1f} s"
            f" | {r['peak_rss_mb']:.0f} MB | {r['bytes'] / 1e6:.1f} MB"
            f" | ≤ {limit_s:.0f} s, ≤ {limit_mb:.0f} MB: {'met' if r['ok'] else 'MISSED'} |"
        )
    lines.append(END)
    text = DOC.read_text(encoding="utf-8")
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        DOC.write_text(before + "\n".join(lines) + after, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
