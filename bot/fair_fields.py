"""The rules for a fair's and a booth's fields: one definition for the CLI and the dashboard.

Each check raises ValueError with a message that names the field the way the
caller calls it (`labels`: "--country" on the command line, "country" on a
form), so both say the same thing in their own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from faq.prefectures import resolve_prefecture
from storage.fairs import SLUG

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
COUNTRY = re.compile(r"[A-Za-z]{2}")
ALL_JAPAN = "JP"


def check_id(value: str, what: str) -> str:
    """A fair's or booth's id: a slug usable in URLs and deep-link payloads."""
    if not SLUG.match(value):
        raise ValueError(
            f"{what} id {value!r}: use 1-40 of a-z, 0-9, '-' and '_', starting with a"
            " letter or digit"
        )
    return value


def parse_date(value: str | None, label: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{label}: {value!r} is not a date (use YYYY-MM-DD)") from None


@dataclass(frozen=True)
class FairLabels:
    country: str = "country"
    start: str = "first day"
    end: str = "last day"


def fair_fields(
    *,
    name: str | None,
    country: str | None,
    city: str | None,
    start: str | None,
    end: str | None,
    staff_chat_id: str | None,
    labels: FairLabels = FairLabels(),
) -> dict[str, Any]:
    """Checked fair fields, as `store.fairs.add_fair` / `update_fair` take them."""
    if not name:
        raise ValueError("a fair needs a name")
    if country is not None and not COUNTRY.fullmatch(country):
        raise ValueError(f"{labels.country} {country!r}: use a two-letter code such as SG or TH")
    start_date, end_date = parse_date(start, labels.start), parse_date(end, labels.end)
    if start_date and end_date and end_date < start_date:
        raise ValueError(f"{labels.end}: the last day is before the first ({labels.start})")
    return {
        "name": name,
        "country": country.upper() if country else None,
        "city": city,
        "start_date": start_date,
        "end_date": end_date,
        "staff_chat_id": staff_chat_id,
    }


def booth_fields(
    *,
    name: str | None,
    prefecture: str,
    email: str | None,
    staff_chat_id: str | None,
    prefix: str = "",
) -> dict[str, Any]:
    """Checked booth fields, as `store.fairs.add_booth` / `update_booth` take them.

    `prefix` is put before field names in messages ("--" on the command line).
    """
    if not name:
        raise ValueError("a booth needs a name")
    code = ALL_JAPAN if prefecture.upper() == ALL_JAPAN else resolve_prefecture(prefecture)
    if code is None:
        raise ValueError(
            f"{prefix}prefecture {prefecture!r}: not a prefecture (use JP-01 … JP-47, a name"
            " such as Hyogo, or JP for all Japan)"
        )
    if email is not None and not EMAIL.fullmatch(email):
        raise ValueError(f"{prefix}email {email!r} is not an e-mail address")
    return {"name": name, "prefecture": code, "email": email, "staff_chat_id": staff_chat_id}
