"""Real processes for load runs: `fairbot serve` instances and the LINE stub.

Each server is the command a deployment runs (`fairbot serve --host 127.0.0.1
--port P`), configured only through its environment, so a run measures what
production runs. A server can be killed with SIGKILL mid-burst and started
again on the same port, data directory and database.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent.parent
DEV_KB = ROOT / "bench" / "data" / "dev-kb.yaml"
SECRET = "load-channel-secret"
TOKEN = "load-access-token"
CLEARED = ("FAIRBOT_", "LINE_", "TELEGRAM_", "SMTP_")
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In the child before exec: SIGKILL it when the harness dies, however it dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fairbot_command() -> list[str]:
    """The installed `fairbot` script next to this interpreter, else the module."""
    script = Path(sys.executable).parent / "fairbot"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from bot.cli import main; main()"]


async def wait_http(url: str, timeout: float, process: subprocess.Popen[bytes]) -> None:
    """Poll `url` until it answers 200; fail early when the process has died."""
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"process exited with {process.returncode} before ready")
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{url} not ready within {timeout} s")


@dataclass
class FairbotServer:
    """One `fairbot serve` process with its own working directory and spool."""

    name: str
    workdir: Path
    database_url: str
    line_api: str
    concurrency: int | None = None  # FAIRBOT_CONCURRENCY; None: the server's default
    calm_concurrency: int | None = None  # FAIRBOT_CALM_CONCURRENCY; None: the default
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
        env.update(
            FAIRBOT_DATABASE_URL=self.database_url,
            FAIRBOT_SECRET_KEY="load-secret-of-thirty-two-characters",
            FAIRBOT_SECRET_FILE=str(self.workdir / "secret"),
            FAIRBOT_KB=str(DEV_KB),
            FAIRBOT_KB_DIR=str(self.workdir / "kb-live"),
            FAIRBOT_SPOOL_DIR=str(self.workdir / "spool"),
            FAIRBOT_ADMIN_PASSWORD="load-admin-password",
            FAIRBOT_LOG_LEVEL="WARNING",
            # One load generator plays every visitor from one address: no flood limits.
            FAIRBOT_FLOOD_CHAT_PER_CLIENT="1000000",
            FAIRBOT_FLOOD_CHAT_TOTAL="1000000",
            FAIRBOT_FLOOD_POLL_PER_CLIENT="1000000",
            FAIRBOT_FLOOD_POLL_TOTAL="1000000",
            LINE_CHANNEL_SECRET=SECRET,
            LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
            LINE_API_BASE_URL=self.line_api,
            LINE_BASIC_ID="@fairbot",
        )
        if self.concurrency is not None:
            env["FAIRBOT_CONCURRENCY"] = str(self.concurrency)
        if self.calm_concurrency is not None:
            env["FAIRBOT_CALM_CONCURRENCY"] = str(self.calm_concurrency)
        return env

    async def start(self, timeout: float = 60.0) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        logfile = (self.workdir / f"server-{self.starts}.log").open("wb")
        command = [*fairbot_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command,
            cwd=self.workdir,
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        logfile.close()
        await wait_http(f"{self.url}/healthz", timeout, self.process)
        log.info("%s ready on %s (pid %d)", self.name, self.url, self.process.pid)

    def kill(self) -> None:
        """SIGKILL: no lifespan shutdown, no flush, the way a crash or an OOM kill ends it."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    async def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM and wait (uvicorn drains), SIGKILL if it does not go in time."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            await asyncio.to_thread(process.wait, timeout)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop in %s s: killed", self.name, timeout)
            self.kill()

    def log_text(self) -> str:
        return "".join(
            p.read_text("utf-8", "replace") for p in sorted(self.workdir.glob("server-*.log"))
        )


@dataclass
class StubServer:
    """The LINE stub in a process of its own (bench.load.stub_server)."""

    latency: float = 0.0  # seconds before each answer, like a distant API
    process: subprocess.Popen[bytes] | None = None
    url: str = ""

    async def start(self, timeout: float = 30.0) -> None:
        command = [sys.executable, "-m", "bench.load.stub_server", "--token", TOKEN]
        self.process = subprocess.Popen(
            [*command, "--latency", str(self.latency)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            preexec_fn=die_with_parent,
        )
        assert self.process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(self.process.stdout.readline), timeout)
        if not line.startswith(b"READY "):
            raise RuntimeError(f"LINE stub did not start: {line!r}")
        self.url = line.split()[1].decode()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def calls(self) -> dict:
        async with httpx.AsyncClient(timeout=60.0) as client:
            response = await client.get(f"{self.url}/_bench/calls")
            response.raise_for_status()
            return response.json()

    async def stop(self) -> None:
        process = self.process
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()  # the stub exits when its stdin closes
        try:
            await asyncio.to_thread(process.wait, 10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        self.process = None


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
