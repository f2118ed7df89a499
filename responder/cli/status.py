"""responder status FILE|FOLDER…: every response at a glance."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from ..errors import ExitCode
from .common import ReadEach, add_today, expand_files, say


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "One row per response: the report, its last day to publish, how many days are left "
        "(or that it was published), how many findings the force and the commissioner have "
        "answered, how many recommendations have their action, and what check finds.")
    sub.add_argument("files", nargs="+", metavar="FILE|FOLDER", help="response files or folders")
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_today(sub, "report as of")


def run(args: argparse.Namespace) -> int:
    from ..status import rows, table_plain, table_rich

    today = args.today or dt.date.today()
    results = ReadEach(expand_files(args.files))
    found = rows(results, today)  # type: ignore[arg-type]
    if args.json:
        say(json.dumps([row.as_dict() for row in found], indent=2, ensure_ascii=False))
    elif not found:
        say("No responses found.")
    elif sys.stdout.isatty():
        from rich.console import Console

        Console().print(table_rich(found, today))
    else:
        say(*table_plain(found, today))
    return ExitCode.BAD_INPUT if results.bad else ExitCode.OK
