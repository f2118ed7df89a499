"""Dates the British way, as every user-facing line writes them."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """5 February 2018 (no leading zero, no ordinal)."""
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: dt.date) -> str:
    """Monday 5 February 2018."""
    return f"{day:%A} {long_date(day)}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
