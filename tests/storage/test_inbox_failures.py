"""Failed inbox events: retried later, dead-lettered with a reason, counted, retried on demand."""

from __future__ import annotations

from datetime import timedelta

from storage import Store
from storage.inbox_failures import DEAD


async def test_backoff_dead_letters_status_and_retry(store: Store) -> None:
    [first, second, third] = await store.inbox.put_many(
        [("line", f"e{n}", {"n": n}) for n in range(3)], holder="me"
    )
    assert first and second and third
    await store.inbox_failures.retry_later(first, "IntegrityError (x): refused", timedelta(hours=1))
    await store.inbox_failures.dead(second, "DataError (CharacterNotInRepertoire): 0x00")
    await store.inbox.done(third)
    claimed = await store.inbox.claim_pending("other", limit=10, platforms=["line"])
    assert claimed == []  # the retry is not due yet, the dead one is not pending
    assert await store.inbox_failures.dead_letter("web", "cleaned-id", {}, "refused at the edge")
    assert not await store.inbox_failures.dead_letter("web", "cleaned-id", {}, "again")

    status = await store.inbox_failures.status()
    assert status.counts[DEAD] == 2 and status.counts["done"] == 1 and status.retrying == 1
    reasons = {(r.status, r.reason): r.count for r in status.reasons}
    assert reasons[("retrying", "IntegrityError (x): refused")] == 1
    assert reasons[(DEAD, "DataError (CharacterNotInRepertoire): 0x00")] == 1
    assert status.as_json()["counts"][DEAD] == 2

    assert [e.id for e in await store.inbox_failures.given_up()][-1] == second
    assert await store.inbox_failures.retry([second]) == 1
    [again] = await store.inbox.claim_pending("other", limit=10, platforms=["line"])
    assert again.id == second and again.attempts == 1
    assert await store.inbox_failures.retry() == 1  # --all: the dead letter
    assert (await store.inbox_failures.status()).counts[DEAD] == 0
