"""Dates the British way: how every user-facing line writes them, and how people type them.

The file format is ISO (2025-11-01). People in England and Wales type dates day first
(01/11/2025, 1.11.2025, 1 November 2025, 1 Nov 2025), so wherever a date is typed — a
flag, a prompt — every one of those forms is accepted and read day first, never month
first. ``parse_date`` is the one reader; its ValueError messages are written for people.
"""

from __future__ import annotations

import datetime as dt
import re

# Dates a response can sensibly carry: inspection reports began in the 1850s, and a date
# centuries ahead is a typing slip (and would overflow date arithmetic at 9999).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)

EXAMPLE = "e.g. 2025-11-01, 01/11/2025 or 1 November 2025"

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\s*$")
_WORDS = re.compile(r"^\s*(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})\s*$")
_MONTHS = {
    name: n
    for n, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")], 1)
    for name in names
}
# The Welsh months too: a date a Welsh form shows, or a Welsh officer types ("31 Mawrth 2026").
_MONTHS.update({name: n for n, name in enumerate(
    ("ionawr", "chwefror", "mawrth", "ebrill", "mai", "mehefin", "gorffennaf", "awst", "medi",
     "hydref", "tachwedd", "rhagfyr"), 1)})


def parse_date(text: str) -> dt.date:
    """A date as a person types it: ISO, or day first (01/11/2025, 1 November 2025,
    1 Tachwedd 2025).

    Raises ValueError with a message a person understands: "not a date" for text that
    is no date at all, "not a real date" for 31/02/2025 or 2025-02-29.
    """
    text = str(text)
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC.match(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) == 2:
            year += 2000
    elif (match := _WORDS.match(text)) and match[2].lower() in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2].lower()], int(match[3])
    else:
        raise ValueError(f"{text.strip()!r} is not a date; write it as YYYY-MM-DD or "
                         f"DD/MM/YYYY ({EXAMPLE})")
    try:
        day_ = dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text.strip()!r} is not a real date ({exc})") from None
    if not EARLIEST <= day_ <= LATEST:
        raise ValueError(f"{text.strip()!r} is out of range: dates must fall between "
                         f"{EARLIEST.year} and {LATEST.year}")
    return day_


def long_date(day: dt.date) -> str:
    """5 February 2018 (no leading zero, no ordinal)."""
    return f"{day.day} {day:%B %Y}"


def weekday_date(day: dt.date) -> str:
    """Monday 5 February 2018."""
    return f"{day:%A} {long_date(day)}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
