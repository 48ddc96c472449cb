"""Which time zone a fair's country keeps: one table for reports, /stats and seeding.

Fairs record a country (ISO 3166-1 alpha-2), not a zone; "today" and the
report's days start at local midnight there. Countries not listed count in UTC.
"""

from __future__ import annotations

COUNTRY_ZONES: dict[str, str] = {
    "SG": "Asia/Singapore",
    "MY": "Asia/Kuala_Lumpur",
    "TH": "Asia/Bangkok",
    "ID": "Asia/Jakarta",
    "VN": "Asia/Ho_Chi_Minh",
    "PH": "Asia/Manila",
    "KH": "Asia/Phnom_Penh",
    "BN": "Asia/Brunei",
    "MM": "Asia/Yangon",
    "LA": "Asia/Vientiane",
    "TW": "Asia/Taipei",
    "HK": "Asia/Hong_Kong",
    "CN": "Asia/Shanghai",
    "KR": "Asia/Seoul",
    "JP": "Asia/Tokyo",
    "IN": "Asia/Kolkata",
}


def zone_for(country: str | None) -> str:
    """The fair country's IANA zone, or UTC when we do not know it."""
    return COUNTRY_ZONES.get((country or "").upper(), "UTC")
