"""Fixtures: the telegram-test-api emulator (one node process per test session) and the
real fairbot app running against it in process, its lifespan and all.

Each test gets its own bot token, so the emulator keeps its messages apart.
Every Bot API call the app makes is recorded and checked against the spec
when the test ends.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bot.config import Settings
from bot.runtime import Runtime
from bot.telegram import TelegramChannel
from storage import Store, upgrade
from tests.conftest import ROOT, make_settings
from tests.telegram import spec
from tests.telegram.emulator_request import EmulatorRequest, Recorder
from tests.telegram.kb import write_kb
from tests.telegram.user import TelegramUser

HERE = Path(__file__).resolve().parent
READY_WAIT = 30.0
FAIR, STAFF_CHAT, KYOTO_STAFF_CHAT = "jtf-sg", -100111, -100222

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The emulator's base URL; started once, killed at the end of the session."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Telegram emulator tests need it (CI has it)")
    if not (ROOT / "node_modules" / "telegram-test-api").is_dir():
        pytest.fail("node_modules/telegram-test-api is missing: run `npm install` (make test does)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("emulator") / "emulator.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [node, str(HERE / "emulator.js"), str(port)],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_ready(process, url, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdin is not None:
            process.stdin.close()


def wait_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + READY_WAIT
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the emulator exited: {log_path.read_text()}")
            with contextlib.suppress(httpx.HTTPError):
                if client.post(f"{url}/bot0:ready/getMe").status_code == 200:
                    return
            time.sleep(0.1)
    pytest.fail(f"the emulator did not answer within {READY_WAIT}s: {log_path.read_text()}")


@dataclass
class Rig:
    """One running app wired to the emulator, and what a test needs to drive it."""

    app: Starlette
    settings: Settings
    store: Store  # the test's own connection to the app's database
    http: httpx.AsyncClient  # to the emulator
    token: str
    recorder: Recorder

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime

    @property
    def channel(self) -> TelegramChannel:
        channel = self.app.state.channels.by_platform["telegram"]
        assert isinstance(channel, TelegramChannel)
        return channel

    def user(self, user_id: int, **options: Any) -> TelegramUser:
        return TelegramUser(self.http, self.token, user_id, **options)

    def staff(self, chat_id: int = STAFF_CHAT, user_id: int = 9001) -> TelegramUser:
        return TelegramUser(
            self.http,
            self.token,
            user_id,
            chat_id=chat_id,
            chat_type="supergroup",
            first_name="Staff",
            language_code="ja",
        )

    async def drain(self) -> None:
        """Wait until every accepted update is processed."""
        assert self.runtime.inbox is not None
        await self.runtime.inbox.drain()


async def prepare(settings: Settings) -> Store:
    """Migrate the app's database and add a fair whose staff chat is a group."""
    store = Store.from_url(settings.database_url)
    await upgrade(store.engine)
    await store.fairs.add_fair(
        FAIR, "Japan Travel Fair SG", country="SG", staff_chat_id=str(STAFF_CHAT)
    )
    await store.fairs.add_booth(FAIR, "hyogo", prefecture="JP-28", name="Hyogo")
    await store.fairs.add_booth(
        FAIR, "kyoto", prefecture="JP-26", name="Kyoto", staff_chat_id=str(KYOTO_STAFF_CHAT)
    )
    return store


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """Records every Bot API call; fails the test if one does not match the spec."""
    recorded = Recorder()

    def factory(*, polling: bool) -> EmulatorRequest:
        return EmulatorRequest(recorded, connection_pool_size=1 if polling else 8)

    monkeypatch.setattr(TelegramChannel, "request_factory", staticmethod(factory))
    yield recorded
    assert spec.check(recorded.calls) == []


@contextlib.asynccontextmanager
async def running_app(
    emulator: str, tmp_path: Path, recorder: Recorder, **env: Any
) -> AsyncIterator[Rig]:
    from bot.app import create_app

    token = f"{uuid.uuid4().int % 10**9}:{uuid.uuid4().hex}"
    settings = make_settings(
        tmp_path,
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=emulator,
        FAIRBOT_DEMO=False,
        FAIRBOT_KB=str(write_kb(tmp_path)),
        **env,
    )
    store = await prepare(settings)
    app = create_app(settings)
    try:
        async with (
            httpx.AsyncClient(base_url=emulator) as http,
            app.router.lifespan_context(app),
        ):
            yield Rig(app, settings, store, http, token, recorder)
    finally:
        await store.close()


@pytest.fixture
async def rig(emulator: str, tmp_path: Path, recorder: Recorder) -> AsyncIterator[Rig]:
    """The app in polling mode (the default at a fair) against the emulator."""
    async with running_app(emulator, tmp_path, recorder) as running:
        yield running
