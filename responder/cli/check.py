"""responder check FILE|FOLDER…: is each response compliant (section 55), complete, on time?"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from ..dates import plural
from ..errors import ExitCode
from .common import add_today, expand_files, read_all, say


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "Check each response against section 55 of the Police Act 1996 and for drafting "
        "slips: every problem is one line with its place, a code (S55-5B, S55-5A, "
        "DRAFT-PLACEHOLDER, …; see docs/check.md), and what to do. Exit code 0: no errors "
        "(and, with --strict, no warnings); 1: errors found (or warnings, with --strict); "
        "2: a file or folder could not be read.")
    sub.add_argument("files", nargs="+", metavar="FILE|FOLDER", help="response files or folders")
    sub.add_argument("--json", action="store_true", help="print a JSON list of problems")
    sub.add_argument("--strict", action="store_true",
                     help="treat warnings as failures, and unanswered findings as errors")
    add_today(sub, "check as of")


def run(args: argparse.Namespace) -> int:
    from .. import config
    from ..check import ERROR, check
    from ..errors import display_path
    from ..recurring import archive_folder, earlier_responses
    from ..store import read_noting_blanks

    today = args.today or dt.date.today()
    results, bad = read_all(expand_files(args.files), read_noting_blanks)
    # Each file read once: the others in its folder are compared for findings raised before.
    known = {path.resolve(): response for path, (response, _) in results}
    settings, source = config.load()
    archive = archive_folder(settings, source)
    listings: dict = {}  # each folder listed once for the whole run
    records, errors, warnings = [], 0, 0
    for path, (response, blanks) in results:
        name = display_path(path)
        # Findings raised before: the other responses in the same folder, and the archive.
        earlier = earlier_responses(path, archive, known, listings)
        problems = check(response, today, strict=args.strict, blanks=blanks, earlier=earlier,
                         file=name)
        for problem in problems:
            records.append(problem.as_dict(name))
            if not args.json:
                say(f"{name}: {problem.place}: {problem.code} {problem.severity}: {problem.message}")
        n_errors = sum(p.severity == ERROR for p in problems)
        errors += n_errors
        warnings += len(problems) - n_errors
        if not args.json:
            say(f"{name}: " + (f"{plural(n_errors, 'error')}, "
                               f"{plural(len(problems) - n_errors, 'warning')}"
                               if problems else "no problems found"))
    if args.json:
        say(json.dumps(records, indent=2, ensure_ascii=False))
    if bad:
        return ExitCode.BAD_INPUT
    if errors or (args.strict and warnings):
        return ExitCode.PROBLEMS
    return ExitCode.OK
