"""responder status FILE|FOLDER…: every response at a glance."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from ..errors import ExitCode
from .common import Answers, add_today, expand_files, kept, read_all, say, say_json_list


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "One row per response, soonest first: the report and its file; 'Publish by', the last "
        "working day to publish (with the legal last day under it when that falls on a weekend "
        "or bank holiday); 'When', the days left to the last day, the days late, or "
        "'published'; 'Force' and 'Comm.', the findings each has commented on; 'Actions', the "
        "recommendations with their action (s55(5B)); 'Open' and 'Overdue', the findings "
        "still open in the register after publication and those past their target date "
        "('—' before any is tracked); 'Check', the errors (E) and warnings (W) `responder "
        "check` finds, or ok; and 'File'. Exit code 2 when a file or folder could not be read.")
    sub.add_argument("files", nargs="+", metavar="FILE|FOLDER", help="response files or folders")
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_today(sub, "report as of")


def run(args: argparse.Namespace) -> int:
    from ..cache import Cache
    from ..folders.status import Facts, facts, row, table_plain, table_rich

    today = args.today or dt.date.today()

    def make(path: Path, raw: bytes) -> list[Any]:
        from ..response.reading import read_noting_blanks

        response, blanks = read_noting_blanks(path, raw)
        return [Answers.of(response).to_json(), facts(response, blanks).to_json()]

    with Cache("status") as cache:
        read = kept(cache, make)

        def one_row(path: Path) -> tuple[Answers, Any]:
            answers, found = read(path)
            return Answers.from_json(answers), row(path, Facts.from_json(found), today)

        # A row is kept per file, not the response: a folder of a thousand stays small.
        results, bad = read_all(expand_files(args.files), one_row)
    found = sorted((made for _, (_, made) in results),
                   key=lambda made: (made.last_day or dt.date.max, made.file))
    # With no rows (every file bad, each named on stderr) there is no table to print.
    if args.json:
        say_json_list(row.as_dict() for row in found)
    elif found and sys.stdout.isatty():
        from rich.console import Console

        Console().print(table_rich(found, today))
    elif found:
        say(*table_plain(found, today))
    return ExitCode.BAD_INPUT if bad else ExitCode.OK
