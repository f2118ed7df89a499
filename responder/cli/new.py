"""responder new FILE: start a response (asks for what the flags do not give)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import DATE_HELP, DATE_METAVAR, date_arg, is_terminal, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("file", metavar="FILE", help="the response file to create, e.g. peel-2025.yaml")
    sub.add_argument("--body", help="the local policing body, e.g. 'Office of the Police and "
                     "Crime Commissioner for Wessex'")
    sub.add_argument("--holder", help="who holds the office, e.g. 'Jane Smith'")
    sub.add_argument("--role", help="the holder's role, e.g. 'Police and Crime Commissioner for Wessex'")
    sub.add_argument("--short-role", help="short label for the body's comments, e.g. PCC")
    sub.add_argument("--force", dest="force_name", help="the police force, e.g. 'Wessex Police'")
    sub.add_argument("--force-short", help="short name of the force, e.g. WP")
    sub.add_argument("--chief", help="the chief officer's name")
    sub.add_argument("--title", help="the inspection report's title")
    sub.add_argument("--published", type=date_arg, metavar=DATE_METAVAR,
                     help=f"the report's publication date {DATE_HELP}")
    sub.add_argument("--kind", choices=["peel", "thematic", "joint", "other"], default=None,
                     help="what sort of inspection: a PEEL inspection, a national thematic, a "
                     "joint inspection with other inspectorates, or other (default peel)")
    sub.add_argument("--grades", choices=["peel-2014", "peel-2021", "none"], default=None,
                     help="the report's grading scale")
    sub.add_argument("--shape", choices=["letter", "statement"], default=None,
                     help="a covering letter to the Home Secretary, or a published statement")


def run(args: argparse.Namespace) -> int:
    from ..drafting import profile
    from ..drafting.newfile import NewResponse, answers_from, create

    values: dict[str, object] = {
        "body": args.body, "holder": args.holder, "role": args.role, "short_role": args.short_role,
        "force": args.force_name, "force_short": args.force_short, "chief": args.chief,
        "title": args.title, "published": args.published, "kind": args.kind,
        "grades": args.grades, "shape": args.shape,
    }
    flags = [f"--{name.replace('_', '-')}" for name, value in values.items() if value]
    office = profile.load()
    values, used = profile.answers_for_new(office.office, values)
    missing = NewResponse.missing(values)
    if missing:
        if not is_terminal():
            flags = ", ".join(f"--{name.replace('_', '-')}" for name in missing)
            raise UsageError(f"new: missing {flags} (or run it in a terminal to be asked)")
        from ..drafting.interview.questions import ask_new_response

        values = ask_new_response(values)
    path = Path(args.file)
    response = create(path, answers_from(values), office=office.office, used=used)
    say(f"Created {path} for {response.report.title!r}.")
    if used:
        say(profile.describe_use(used, office.source)
            + (f" From the command line: {', '.join(flags)}." if flags else ""))
    from ..law.record import quoted

    say(f"Next: import the report's findings with `responder import REPORT --merge "
        f"{quoted(str(path))}`,",
        "or add sections and findings to the file by hand (see docs/format.md).")
    if response.report.published is None:
        warn("No publication date yet: set report.published so the 56-day deadline can be worked out.")
    return ExitCode.OK
