"""``python -m bench --only intents``: how often faq.intents fires on real questions.

Small talk and asking for a person must never swallow a travel question, so every
labelled in-scope question (``expect`` set) that `faq.intents.detect` claims is a
false positive; the target is none. Out-of-scope lines that it catches are shown
for reading (greetings in the sets are expected to be caught). The phrase lists
were written without looking at these files, and nothing was tuned on them.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from faq.intents import detect

DATA = Path(__file__).resolve().parent / "data"
SETS = ("dev-questions.jsonl", "fresh-questions.jsonl")


def main(argv: list[str] | None = None) -> int:
    print("## Conversation intents (faq.intents) on the question sets\n")
    print("| set | questions (in scope) | in-scope claimed (false positives) | other caught |")
    print("|---|---|---|---|")
    misses: list[str] = []
    texts: list[str] = []
    for name in SETS:
        rows = [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]
        texts.extend(row["q"] for row in rows)
        wrong = [row["q"] for row in rows if row.get("expect") and detect(row["q"])]
        caught = [row["q"] for row in rows if not row.get("expect") and detect(row["q"])]
        misses.extend(wrong)
        scoped = sum(1 for row in rows if row.get("expect"))
        print(f"| {name} | {len(rows)} ({scoped}) | {len(wrong)} | {len(caught)} |")
    for text in misses:
        print(f"- false positive: {text!r}")
    start = time.perf_counter()
    for text in texts:
        detect(text)
    per = (time.perf_counter() - start) / max(len(texts), 1) * 1e6
    print(f"\n{per:.0f} µs per message (`python -m bench --only intents`)\n")
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
