"""Named runs: the targets of issue 8 (reliability) and the fault runs, each bounded.

Fault runs go at rates this 2-core machine also *processes* (100-150 events/s;
docs/reliability.md), so their backlog drains within the bound and every
event's outcome is known. Every scenario states its batch size (events per LINE
delivery): events/s and requests/s are both reported, so no batching assumption
hides in a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bench.load.faults import Fault


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    database: str = "sqlite"  # or "postgresql"
    instances: int = 1
    rate: float = 500.0  # LINE events a second, all instances together
    duration: float = 60.0  # seconds of sending
    batch: int = 1  # events per LINE delivery
    web_rate: float = 0.0  # web chat messages a second, on top
    duplicate: bool = False  # every delivery sent twice
    faults: tuple[Fault, ...] = ()
    visitors: int = 5000
    target_rate: float = 0.0  # events/s the run must reach (0: correctness only)
    api_latency: float = 0.0  # seconds the LINE stub waits before each answer
    concurrency: int | None = None  # FAIRBOT_CONCURRENCY of each server (None: its default)
    calm_concurrency: int | None = None  # FAIRBOT_CALM_CONCURRENCY (None: its default)
    drain_timeout: float = 180.0
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def warmup(self) -> float:
        """Seconds after which memory must stay within the growth bound."""
        return max(2.0, min(15.0, self.duration / 4))

    @property
    def uses_postgres_fault(self) -> bool:
        return any(f.kind == "postgres" for f in self.faults)


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "smoke",
            "3 s at a low rate, every delivery twice, one kill -9 and restart (pytest's run)",
            rate=30,
            duration=3,
            web_rate=3,
            duplicate=True,
            faults=(Fault("kill", at=1.5, down=0.3),),
            visitors=50,
            drain_timeout=60,
        ),
        Scenario(
            "sqlite-10s",
            "the `make bench` section: one instance on SQLite, 10 s at the 500 events/s target",
            duration=10,
            target_rate=500,
        ),
        Scenario(
            "sqlite-60s",
            "target: one instance on SQLite, 500 events/s for 60 s",
            target_rate=500,
        ),
        Scenario(
            "pg2-60s",
            "target: two instances on one PostgreSQL, 800 events/s combined for 60 s",
            database="postgresql",
            instances=2,
            rate=800,
            target_rate=800,
        ),
        Scenario(
            "sqlite-api-latency",
            "one instance on SQLite, 150 events/s for 20 s, the LINE API answering in 200 ms"
            " (as from Southeast Asia): answering throughput when replies wait on the network",
            rate=150,
            duration=20,
            api_latency=0.2,
        ),
        Scenario(
            "fault-kill",
            "kill -9 of the server 8 s into a 20 s burst, restarted 1 s later (SQLite)",
            rate=100,
            duration=20,
            web_rate=10,
            faults=(Fault("kill", at=8, down=1),),
        ),
        Scenario(
            "fault-kill-pg2",
            "two instances on PostgreSQL, one killed -9 mid-burst and restarted",
            database="postgresql",
            instances=2,
            rate=150,
            duration=20,
            web_rate=10,
            faults=(Fault("kill", at=8, down=1, instance=1),),
        ),
        Scenario(
            "fault-kill-takeover-pg2",
            "two instances on PostgreSQL, one killed -9 mid-burst and never restarted: the"
            " other takes over its events when its lease runs out",
            database="postgresql",
            instances=2,
            rate=150,
            duration=20,
            web_rate=10,
            faults=(Fault("kill", at=8, instance=1, restart=False),),
        ),
        Scenario(
            "fault-postgres",
            "PostgreSQL stopped 8 s into a 20 s burst for 5 s, then started (two instances)",
            database="postgresql",
            instances=2,
            rate=150,
            duration=20,
            web_rate=10,
            faults=(Fault("postgres", at=8, down=5),),
        ),
        Scenario(
            "fault-duplicate",
            "every delivery (LINE and web) sent twice, the copy to another instance when"
            " there are two (SQLite, one instance)",
            rate=100,
            duration=20,
            web_rate=10,
            duplicate=True,
        ),
        Scenario(
            "fault-duplicate-pg2",
            "every delivery sent twice, original and copy to different instances (PostgreSQL)",
            database="postgresql",
            instances=2,
            rate=150,
            duration=20,
            web_rate=10,
            duplicate=True,
        ),
    )
}


def custom(base: Scenario, **changes: object) -> Scenario:
    """`base` with command-line overrides (rate, duration, batch, ...)."""
    given = {k: v for k, v in changes.items() if v is not None}
    return replace(base, **given) if given else base
