"""`responder status`: one row per response, for the manager's morning look.

Builds the rows and their text; cli.py prints them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..compliance.dated import ERROR, Checked
from ..dates import long_date
from ..errors import display_path
from ..law import record
from ..law.deadline import assess

if TYPE_CHECKING:
    from ..response.model import Response
    from ..response.validation import Blank


@dataclass
class Row:
    file: str
    title: str
    force: str
    published: dt.date | None
    last_day: dt.date | None  # the legal last day (publication + 55 days)
    last_working_day: dt.date | None  # the last day, or the working day before it
    last_day_non_working: str | None  # why the last day is not a working day ('Boxing Day')
    days_remaining: int | None
    state: str  # open | due_soon | overdue | published_on_time | published_late | no_date
    days_late: int | None
    force_answered: tuple[int, int]
    commissioner_answered: tuple[int, int]
    actions: tuple[int, int]
    errors: int
    warnings: int
    register: tuple[int, int] | None = None  # (open, overdue) findings, once tracking begins
    recorded: dict[str, str | None] = field(default_factory=dict)  # record's events, ISO dates
    next_event: str | None = None  # the next event to record

    def as_dict(self) -> dict[str, Any]:
        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "file": self.file, "title": self.title, "force": self.force,
            "published": iso(self.published), "last_day": iso(self.last_day),
            "last_working_day": iso(self.last_working_day),
            "last_day_non_working": self.last_day_non_working,
            "days_remaining": self.days_remaining, "status": self.state,
            "days_late": self.days_late,
            "force_comments": {"answered": self.force_answered[0], "of": self.force_answered[1]},
            "commissioner_comments": {"answered": self.commissioner_answered[0],
                                      "of": self.commissioner_answered[1]},
            "recommendation_actions": {"given": self.actions[0], "of": self.actions[1]},
            "errors": self.errors, "warnings": self.warnings,
            "register": ({"open": self.register[0], "overdue": self.register[1]}
                         if self.register is not None else None),
            "recorded": self.recorded, "next_event": self.next_event,
        }

    @property
    def when(self) -> str:
        """'19 days left', '3 days late', 'published on time', …"""
        if self.state == "no_date":
            return "no date"
        if self.state == "published_on_time":
            return "published"
        if self.state == "published_late":
            return f"published {self.days_late}d late"
        if self.state == "overdue":
            return f"{self.days_late or -(self.days_remaining or 0)}d late"
        left = self.days_remaining or 0
        return "last day today" if left == 0 else f"{left}d left"


def rows(responses: Iterable[tuple[Path, Response | tuple[Response, Sequence[Blank]]]],
         today: dt.date) -> list[Row]:
    """A row per response, soonest last day first. Each response may come with the
    values its file holds only a comment for (``store.read_noting_blanks``), which
    ``check`` counts as warnings."""
    out = []
    for path, read in responses:
        response, blanks = read if isinstance(read, tuple) else (read, ())
        out.append(row(path, facts(response, blanks), today))
    far = dt.date.max
    return sorted(out, key=lambda row: (row.last_day or far, row.file))


@dataclass
class Facts:
    """What a row needs from a response whatever the day: the folder commands keep it
    between runs (see cache), and ``row`` works out the day's figures from it."""

    title: str
    force: str
    published: dt.date | None
    force_answered: tuple[int, int]
    commissioner_answered: tuple[int, int]
    actions: tuple[int, int]
    register: list[tuple[bool, str | None]] | None  # each tracked finding: (open?, due)
    checked: Checked

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "force": self.force,
            "published": self.published.isoformat() if self.published else None,
            "force_answered": self.force_answered,
            "commissioner_answered": self.commissioner_answered, "actions": self.actions,
            "register": self.register, "checked": self.checked.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Facts:
        published = data["published"]
        return cls(
            title=data["title"], force=data["force"],
            published=dt.date.fromisoformat(published) if published else None,
            force_answered=tuple(data["force_answered"]),  # type: ignore[arg-type]
            commissioner_answered=tuple(data["commissioner_answered"]),  # type: ignore[arg-type]
            actions=tuple(data["actions"]),  # type: ignore[arg-type]
            register=[tuple(entry) for entry in data["register"]]  # type: ignore[misc]
            if data["register"] is not None else None,
            checked=Checked.from_json(data["checked"]),
        )


def facts(response: Response, blanks: Sequence[Blank] = ()) -> Facts:
    from ..after.register import entries
    from ..compliance.check import checked, tally

    counts = tally(response)
    tracked = None
    if any(f.tracking is not None for _, f in response.walk_findings()):
        tracked = [(entry.tracking.is_open,
                    entry.tracking.due.isoformat() if entry.tracking.due else None)
                   for entry in entries(response)]
    return Facts(
        title=response.report.title, force=response.force.name,
        published=response.report.published,
        force_answered=(counts.force, counts.findings),
        commissioner_answered=(counts.commissioner, counts.findings),
        actions=(counts.actions, counts.recommendations),
        register=tracked, checked=checked(response, blanks=blanks),
    )


def row(path: Path, facts: Facts, today: dt.date) -> Row:
    """The row for a response on ``today``."""
    problems = facts.checked.as_of(today)
    errors = sum(p.severity == ERROR for p in problems)
    published, process = facts.published, facts.checked.process
    if published is None:
        last = working = why = left = late = None
        state = "no_date"
        recorded = record.recorded(process)
        next_event = getattr(record.next_event(process), "name", None)
    else:
        report = SimpleNamespace(published=published, title=facts.title)
        assessment = assess(SimpleNamespace(report=report, process=process), today)
        last, left, late = assessment.last_day, assessment.days_remaining, assessment.days_late
        working, why = assessment.last_working_day, assessment.last_day_non_working
        state = assessment.status
        recorded, next_event = assessment.recorded or {}, assessment.next_event
    return Row(
        file=display_path(path), title=facts.title, force=facts.force,
        published=published, last_day=last, last_working_day=working, last_day_non_working=why,
        days_remaining=left, state=state, days_late=late,
        force_answered=facts.force_answered, commissioner_answered=facts.commissioner_answered,
        actions=facts.actions, errors=errors, warnings=len(problems) - errors,
        register=_register(facts.register, today),
        recorded=recorded, next_event=next_event,
    )


def _register(tracked: list[tuple[bool, str | None]] | None,
              today: dt.date) -> tuple[int, int] | None:
    """(open, overdue) in the register, as ``register.count`` counts them; None before
    anyone has tracked a finding."""
    if tracked is None:
        return None
    still_open = sum(is_open for is_open, _ in tracked)
    overdue = sum(is_open and due is not None and dt.date.fromisoformat(due) < today
                  for is_open, due in tracked)
    return still_open, overdue


HEADERS = ("Report", "Publish by", "When", "Force", "Comm.", "Actions", "Open", "Overdue",
           "Check")


def _cells(row: Row) -> tuple[str, ...]:
    def ratio(pair: tuple[int, int]) -> str:
        return f"{pair[0]}/{pair[1]}"

    problems = f"{row.errors}E {row.warnings}W" if row.errors or row.warnings else "ok"
    return (
        row.title, long_date(row.last_working_day) if row.last_working_day else "—", row.when,
        ratio(row.force_answered), ratio(row.commissioner_answered), ratio(row.actions),
        *((str(row.register[0]), str(row.register[1])) if row.register else ("—", "—")), problems,
    )


def _legal_last_day(row: Row) -> str:
    """'(last day 26 December 2025, Boxing Day)' when the last day is not a working day."""
    if row.last_day is None or row.last_day == row.last_working_day:
        return ""
    return f"(last day {long_date(row.last_day)}, {row.last_day_non_working})"


def table_plain(found: Sequence[Row], today: dt.date) -> list[str]:
    """Aligned plain text for pipes and files: one line per response, no box drawing."""
    lines = [[*_cells(row)] for row in found]
    for line, row in zip(lines, found, strict=True):
        line[0] = f"{_shorten(row.title, 46)} ({row.force})" if row.force.lower() not in \
            row.title.lower() else _shorten(row.title, 60)
        line[1] = f"{line[1]} {_legal_last_day(row)}".strip()
        line.append(row.file)
    header = [*HEADERS, "File"]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    text = [f"Responses as of {long_date(today)}"]
    for cells in [header, *lines]:
        text.append("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip())
    return [*text, "", *LEGEND.splitlines()]


def table_rich(found: Sequence[Row], today: dt.date) -> Any:
    """A rich Table that fits an 80-column terminal; colour only repeats what the words say."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Responses as of {long_date(today)}", box=box.SIMPLE_HEAD,
                  title_justify="left", pad_edge=False, expand=False, collapse_padding=True)
    table.add_column("Report", min_width=20, max_width=26, overflow="fold")
    table.add_column("Publish by", max_width=11)
    table.add_column("When", max_width=10)
    table.add_column("Force", justify="right")
    table.add_column("Comm.", justify="right")
    table.add_column("Actions", justify="right")
    table.add_column("Check")
    styles = {"overdue": "bold red", "published_late": "red", "due_soon": "yellow"}
    for row in found:
        cells: list[Any] = list(_cells(row))
        # The register's open and overdue findings go under "When" (after publication, the
        # register is what is current), so the table still fits an 80-column terminal.
        del cells[6:8]
        if row.register:
            cells[2] += f"\n{row.register[0]} open\n{row.register[1]} overdue"
        # Text objects, not markup strings: a title with [brackets] must print as typed.
        cells[0] = Text(_shorten(row.title, 60)) + Text(f"\n{row.file}", style="dim")
        if _legal_last_day(row):
            cells[1] = Text(cells[1]) + Text(f"\n(last day {long_date(row.last_day)})", style="dim")  # type: ignore[arg-type]
        table.add_row(*cells, style=styles.get(row.state))
    return Group(table, Text(LEGEND, style="dim"))


LEGEND = (
    "Publish by: the last working day to publish (s55(5A)); the legal last day too when it "
    "falls on a weekend or bank holiday.\n"
    "When: days left to the last day, days late, or published.\n"
    "Force, Comm.: findings with a comment from the force and from the commissioner.\n"
    "Actions: recommendations with an action (s55(5B)).\n"
    "Open, overdue: findings in the register still open, and past their target date.\n"
    "Check: errors (E) and warnings (W) from `responder check`, or ok."
)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
