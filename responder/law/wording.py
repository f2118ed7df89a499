"""Deadlines in words for people: one response in detail, or several as a table.

Pure: returns lines and cells; ``cli.py`` prints them (through rich in a terminal).
"""

from __future__ import annotations

import datetime as dt
import textwrap

from ..dates import long_date, plural, weekday_date
from .deadline import STATUS_WORDS, Assessment

Row = tuple[str | None, Assessment]
WIDTH = 79  # readable in an 80-column window and pasted into an email


def status_text(item: Assessment) -> str:
    """'published late (1 day)', 'overdue (3 days)', 'due soon', ..."""
    words = STATUS_WORDS[item.status]
    if item.days_late:
        return f"{words} ({plural(item.days_late, 'day')})"
    return words


def days_text(item: Assessment, today: dt.date) -> str:
    """How the last day stands from ``today``, in a sentence."""
    n = item.days_remaining
    if item.response_published is not None:
        published = weekday_date(item.response_published)
        if item.days_late:
            return (f"published {published}, {plural(item.days_late, 'day')} "
                    "after the last day")
        return f"published {published}, on time"
    if n > 1:
        return f"{n} days left (today is {weekday_date(today)})"
    if n == 1:
        return "1 day left: the last day is tomorrow"
    if n == 0:
        return "the last day is today"
    return f"{plural(-n, 'day')} late: the last day has passed and nothing is recorded as published"


def non_working_note(item: Assessment) -> str | None:
    if not item.last_day_non_working:
        return None
    what = item.last_day_non_working
    if what not in ("Saturday", "Sunday"):
        what = f"{what}, a bank holiday"
    return (f"The last day is {what}. It does not move: publish by "
            f"{weekday_date(item.last_working_day)}, the last working day.")


def detail(file: str | None, item: Assessment, today: dt.date) -> list[str]:
    """One response in full: the facts, then the milestones."""
    title = item.title or f"Report published {weekday_date(item.published)}"
    facts = []
    if file:
        facts.append(("File", file))
    facts += [
        ("Published", weekday_date(item.published)),
        ("Last day", f"{weekday_date(item.last_day)} (day 56)"),
    ]
    if item.last_working_day != item.last_day:
        facts.append(("Last working day", weekday_date(item.last_working_day)))
    facts += [("Status", status_text(item)), ("Timing", days_text(item, today))]
    width = max(len(name) for name, _ in facts)
    lines = [title]
    lines += [f"  {name.ljust(width)}  {value}" for name, value in facts]
    note = non_working_note(item)
    if note:
        lines += textwrap.wrap(note, WIDTH, initial_indent="  ", subsequent_indent="  ")
    date_width = max(len(weekday_date(m.date)) for m in item.milestones)
    if file is None:
        # Only a date was given: nothing is recorded, so these are plain suggestions.
        lines.append("  Suggested milestones:")
        for milestone in item.milestones:
            lines.append(f"    {weekday_date(milestone.date).ljust(date_width)}  {milestone.name}")
        return lines
    lines.append("  Milestones:")
    marks = [milestone_mark(m.done, m.date, today) for m in item.milestones]
    mark_width = max(len(mark) for mark in marks)
    for mark, milestone in zip(marks, item.milestones, strict=True):
        lines.append(f"    {mark.ljust(mark_width)}  {weekday_date(milestone.date).ljust(date_width)}"
                     f"  {milestone.name}")
    return lines


def milestone_mark(done: bool, day: dt.date, today: dt.date) -> str:
    if done:
        return "done"
    return "overdue" if day < today else "to do"


HEADINGS = ("Response", "Last day", "Days left", "Status")


def table_rows(rows: list[Row]) -> list[tuple[str, str, str, str]]:
    """Cells for the several-responses table, in HEADINGS order."""
    out = []
    for file, item in rows:
        name = file or f"published {long_date(item.published)}"
        left = "" if item.response_published is not None else str(item.days_remaining)
        out.append((name, long_date(item.last_day), left, status_text(item)))
    return out


def plain_table(rows: list[Row]) -> list[str]:
    """The table as aligned text (for pipes, files and emails)."""
    cells = [HEADINGS, *table_rows(rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADINGS))]
    lines = []
    for row in cells:
        parts = [
            cell.rjust(widths[i]) if i == 2 else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ]
        lines.append("  ".join(parts).rstrip())
    return lines


def notes(rows: list[Row], today: dt.date) -> list[str]:
    """What the table cannot show: last days that are not working days, and what is next."""
    lines = []
    for file, item in rows:
        name = file or f"published {long_date(item.published)}"
        said = []
        note = non_working_note(item)
        if note:
            said.append(note)
        upcoming = item.next_milestone()
        if file is not None and upcoming is not None and item.response_published is None:
            passed = ", which has passed" if upcoming.date < today else ""
            said.append(f"Next: {upcoming.name.lower()} on {weekday_date(upcoming.date)}{passed}.")
        if said:
            lines += textwrap.wrap(f"{name}: {' '.join(said)}", WIDTH, subsequent_indent="    ")
    return lines
