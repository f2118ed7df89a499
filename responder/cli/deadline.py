"""responder deadline FILE|FOLDER|--published DATE: the 56-day deadline and milestones.

Kept fast: the --published path imports only the deadline module and the bank holidays;
files bring in the header reader (pydantic, ruamel) and --ics the icalendar package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..cache import Cache
from ..compliance.dated import ProcessDates
from ..errors import ExitCode, UsageError
from .common import (
    DATE_HELP,
    DATE_METAVAR,
    Answers,
    add_today,
    date_arg,
    expand_files,
    kept,
    read_all,
    say,
    say_json_list,
    warn,
)

if TYPE_CHECKING:
    from ..law.deadline import DeadlineConfig
    from ..response.header import Header



def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "Work out the last day to publish a response (publication day + 55 days), the last "
        "working day before it, and the milestones on the way. Exit code 0: nothing overdue "
        "or late; 1: something is overdue or was published late; 2: an input was bad."
    )
    sub.add_argument("paths", nargs="*", metavar="FILE|FOLDER",
                     help="response files, or folders of them (*.yaml, *.yml)")
    sub.add_argument("--published", action="append", type=date_arg, metavar=DATE_METAVAR,
                     help=f"a report's publication date, for a quick answer; may be repeated "
                     f"{DATE_HELP}")
    add_today(sub)
    sub.add_argument("--json", action="store_true", help="print JSON for scripts")
    sub.add_argument("--ics", metavar="OUT.ics", help="also write an iCalendar file of the dates")
    sub.add_argument("--actions", action="store_true",
                     help="with --ics: also the target dates of open findings in the register")
    sub.add_argument("--config", metavar="FILE",
                     help="settings file (default: responder.toml here, else in your "
                     "user config folder)")


def run(args: argparse.Namespace) -> int:
    from ..law import deadline as dl

    today = args.today or dt.date.today()
    published = args.published or []
    if not published and not args.paths:
        raise UsageError("deadline: give --published DATE (e.g. 2025-11-01 or 01/11/2025), "
                         "or response files or folders")
    config = _deadline_config(args.config)
    if args.actions and not args.ics:
        raise UsageError("deadline: --actions adds the register's target dates to the calendar; "
                         "give --ics OUT.ics as well")

    rows: list[tuple[str | None, dl.Assessment]] = [
        (None, dl.assess_date(day, today, config)) for day in published
    ]
    files = expand_files(args.paths)
    if args.ics:
        from ..response.outputs import refuse_overwrite

        refuse_overwrite(Path(args.ics), files, "the calendar", "name the calendar file .ics")

    def make(path: Path, raw: bytes) -> dict[str, Any]:
        from ..response.header import read_header

        return head_facts(read_header(path, raw))

    with Cache("deadline") as cache:
        read = kept(cache, make)

        def assess_file(path: Path) -> tuple[Answers, dl.Assessment]:
            found = read(path)  # with the force: read_all leaves out a second copy
            report = SimpleNamespace(title=found["title"], published=found["published"]
                                     and dt.date.fromisoformat(found["published"]))
            head = SimpleNamespace(report=report, process=ProcessDates.from_json(found["process"]))
            return Answers.from_json(found["answers"]), dl.assess(
                head, today, config, source=path, line=found["report_line"])

        assessed, bad = read_all(files, assess_file, limit=3)
    rows += [(str(path), item) for path, (_, item) in assessed]

    if args.json:
        say_json_list(item.to_json(file) for file, item in rows)
    elif rows:
        _deadline_print(rows, today)
    if args.ics:
        actions = _action_dates(rows, today) if args.actions else None
        requests = _request_dates(rows) if args.actions else []
        _deadline_ics(Path(args.ics), rows, config, actions, requests)
    if bad:
        return ExitCode.BAD_INPUT
    return ExitCode.PROBLEMS if any(item.is_late for _, item in rows) else ExitCode.OK


def head_facts(header: Header) -> dict[str, Any]:
    """What the deadline needs from a file, kept between runs (see cache): no model in it."""
    force = header.force.get("name") if isinstance(header.force, dict) else None
    published = header.report.published
    return {
        "answers": Answers(str(force or ""), header.report.title, published).to_json(),
        "title": header.report.title, "published": published.isoformat() if published else None,
        "process": ProcessDates.of(header.process).to_json(), "report_line": header.report_line,
    }


def _deadline_config(explicit: str | None) -> DeadlineConfig:
    from .. import config
    from ..law.deadline import DeadlineConfig

    settings, source = config.load(Path(explicit) if explicit else None)
    if "deadline" not in settings:
        return DeadlineConfig(source=source)
    return DeadlineConfig.from_mapping(settings["deadline"], source)


def _deadline_print(rows: list, today: dt.date) -> None:
    from ..law import wording as text

    if len(rows) == 1:
        say(*text.detail(rows[0][0], rows[0][1], today))
        return
    if sys.stdout.isatty():
        from rich import box
        from rich.console import Console
        from rich.table import Table

        colours = {"overdue": "bold red", "published_late": "red", "due_soon": "yellow",
                   "published_on_time": "green"}
        table = Table(box=box.SIMPLE_HEAD)
        for i, heading in enumerate(text.HEADINGS):
            # Only the file name folds; dates and statuses stay whole.
            table.add_column(heading, justify="right" if i == 2 else "left",
                             overflow="fold", no_wrap=i > 0)
        for (_, item), cells in zip(rows, text.table_rows(rows), strict=True):
            table.add_row(*cells, style=colours.get(item.status))
        console = Console(highlight=False)
        console.print(table)
        for line in text.notes(rows, today):
            console.print(line, markup=False)
        return
    say(*text.plain_table(rows))
    notes = text.notes(rows, today)
    if notes:
        say("", *notes)


def _action_dates(rows: list, today: dt.date) -> dict:
    """Each file's open findings with a target date (the register needs the whole file)."""
    from ..after.register import action_dates
    from ..response.reading import read

    found = {}
    for position, (file, _) in enumerate(rows):
        if file is not None:
            found[position] = action_dates(read(Path(file)), today)
    return found


def _request_dates(rows: list) -> list:
    """The update requests noted in the folders of these files (`track requests`)."""
    from ..after.request_files import LEDGER, read_ledger
    from ..law.calendar import RequestDate

    found = []
    for folder in dict.fromkeys(Path(file).parent for file, _ in rows if file is not None):
        for entry in read_ledger(folder / LEDGER):
            found.append(RequestDate(entry["owner"], dt.date.fromisoformat(entry["reply_by"]),
                                     entry["findings"], dt.date.fromisoformat(entry["made"]),
                                     str(folder.resolve())))
    return found


def _deadline_ics(path: Path, rows: list, config: DeadlineConfig,
                  actions: dict | None = None, requests: list | None = None) -> None:
    from ..errors import InputError
    from ..law.calendar import calendar
    from ..response.writing import atomic_write

    data = calendar(rows, dt.datetime.now(dt.timezone.utc), config.alarm_days, actions,
                    requests or [])
    if not path.parent.is_dir():
        raise InputError(path, "cannot write the calendar: the folder does not exist")
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise InputError(path, f"cannot write the calendar ({exc.strerror or exc})") from None
    warn(f"Wrote {plural_events(rows, actions, requests)} to {path}")


def plural_events(rows: list, actions: dict | None = None, requests: list | None = None) -> str:
    n = sum(len(item.milestones) + 1 for _, item in rows) + len(requests or [])
    n += sum(len(found) for found in (actions or {}).values())
    return f"{n} calendar event{'s' * (n != 1)}"
