"""England and Wales bank holidays: from the ``holidays`` package, kept between runs.

The package works offline and follows announced holidays (a coronation, a jubilee),
but importing it loads every country's calendar: a quarter of a second and 12 MB, most
of `responder deadline --published`. So each year's bank holidays, once worked out,
are kept in the cache folder (see cache; the package's version is part of the code
fingerprint there, so an upgrade works them out again), and the package is imported
only for a year not yet kept. Welsh forces share England's bank holidays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

_years: dict[int, dict[dt.date, str]] = {}
_kept: Any = None


def name(day: dt.date) -> str | None:
    """The bank holiday on ``day`` in England and Wales, or None."""
    year = _years.get(day.year)
    if year is None:
        year = _years[day.year] = _year(day.year)
    return year.get(day)


def _year(year: int) -> dict[dt.date, str]:
    global _kept
    from ..cache import Cache

    if _kept is None:
        _kept = Cache("bank-holidays")
    key = f"GB-ENG {year}"
    found = _kept.get(key)
    if found is None:
        import holidays

        days = holidays.country_holidays("GB", subdiv="ENG", years=year)
        found = sorted((day.isoformat(), str(what)) for day, what in days.items()
                       if day.year == year)
        _kept.put(key, found)
        _kept.save()
    return {dt.date.fromisoformat(day): what for day, what in found}
