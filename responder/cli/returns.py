"""responder returns make|read: a Word or Excel form for the force, and reading it back."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import DATE_HELP, DATE_METAVAR, date_arg, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    from . import Parser

    actions = sub.add_subparsers(title="actions", metavar="ACTION", dest="action",
                                 parser_class=Parser)
    make = actions.add_parser(
        "make", help="write a form for the force to fill in (Word or Excel)",
        description="Write a form for the force: each finding with boxes for the force's "
        "comment, the action (recommendations), the owner and the target date.")
    make.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    make.add_argument("-o", "--output", metavar="OUT", required=True,
                      help="the form to write: OUT.docx (Word) or OUT.xlsx (Excel)")
    make.add_argument("--only-missing", action="store_true",
                      help="only the findings the force has not answered yet")
    make.add_argument("--due", type=date_arg, metavar=DATE_METAVAR,
                      help="the date the office needs the comments by (default: "
                      f"process.chief_comments_due) {DATE_HELP}")
    make.add_argument("--today", type=date_arg, metavar=DATE_METAVAR, help=argparse.SUPPRESS)

    read = actions.add_parser(
        "read", help="bring the force's answers from returned forms into the response",
        description="Read returned forms back into the response: answers the force changed "
        "are taken; where the office changed the same answer, the office's stays and the "
        "force's goes into a conflict copy beside the file.")
    read.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    read.add_argument("returned", metavar="RETURNED", nargs="+",
                      help="the returned forms (.docx or .xlsx)")
    read.add_argument("--dry-run", action="store_true",
                      help="say what would change, and write nothing")


def run(args: argparse.Namespace) -> int:
    if args.action == "make":
        return run_make(args)
    if args.action == "read":
        return run_read(args)
    raise UsageError("returns: choose 'make' (a form for the force) or 'read' (bring a "
                     "returned form back); see 'responder returns --help'")


def run_make(args: argparse.Namespace) -> int:
    from ..render import write_output
    from ..returns import form_format, make_form, response_for_form

    source = Path(args.file)
    target = Path(args.output)
    fmt = form_format(target)
    if target.resolve() == source.resolve():
        raise UsageError(f"returns make: the output {args.output!r} is the response file itself")
    response, wrote_ids = response_for_form(source, dt.datetime.now())
    if wrote_ids:
        say(f"Wrote the findings' ids into {source} (the form finds its way back by them)")
    data, count = make_form(response, fmt=fmt, source_name=source.name,
                            only_missing=args.only_missing, due=args.due,
                            today=args.today or dt.date.today())
    write_output(target, data, (source,))  # never over it, never more open than it
    from ..dates import plural

    what = plural(count, "finding")
    if args.only_missing:
        what += " still without the force's answer"
    say(f"Wrote {target} ({'Word' if fmt == 'docx' else 'Excel'} form, {what})")
    return ExitCode.OK


def run_read(args: argparse.Namespace) -> int:
    from ..returns.reading import read_returns

    outcome = read_returns(Path(args.file), [Path(p) for p in args.returned],
                           dry_run=args.dry_run, now=dt.datetime.now())
    say(*describe(outcome))
    if outcome.locked_by and outcome.written:
        warn(f"note: {args.file} is open for interview by {outcome.locked_by}; the force's "
             "answers were saved beside theirs and their interview merges them in")
    if outcome.new_conflicts or outcome.unmatched or outcome.clashed:
        return ExitCode.PROBLEMS
    return ExitCode.OK


def describe(outcome) -> list[str]:  # type: ignore[no-untyped-def]
    from ..dates import plural
    from ..errors import display_path

    lines = []
    verb = "would take" if outcome.dry_run else "taken"
    for form in outcome.forms:
        name = display_path(form.path)
        lines.append(f"{name}: {len(form.taken)} {verb}, {form.unchanged} unchanged, "
                     f"{plural(len(form.conflicts), 'conflict')}, "
                     f"{plural(len(form.unmatched), 'row')} not matched")
        for change in form.taken:
            lines.append(f"  {'would take' if outcome.dry_run else 'took'} {change.label}")
        for change in form.conflicts:
            lines.append(f"  conflict: {change.label} was changed by the office too; the "
                         "response keeps the office's text")
        for item in form.unmatched:
            lines.append(f"  not matched: {item}: no such finding in {outcome.path.name}; "
                         "its answers were not taken")
    if outcome.conflict_copy is not None:
        if outcome.conflict_copy_existed:
            lines.append(f"The force's conflicting answers are already in "
                         f"{outcome.conflict_copy.name} (from an earlier read).")
        elif outcome.dry_run:
            lines.append("The force's conflicting answers would go into a conflict copy.")
        else:
            lines.append(f"The force's conflicting answers are in {outcome.conflict_copy.name}; "
                         "compare it with the response and keep what should stay.")
    elif any(form.conflicts for form in outcome.forms) and outcome.dry_run:
        lines.append("The force's conflicting answers would go into a conflict copy.")
    save = outcome.save
    if save is not None and save.clashes:
        copy = save.conflict_copy.name if save.conflict_copy else "a conflict copy"
        lines.append(f"{outcome.path.name} was changed by someone else at the same time "
                     f"({', '.join(save.clashes[:4])}); it keeps their words, and the "
                     f"force's are in {copy}.")
    if outcome.dry_run:
        lines.append(f"Dry run: {outcome.path.name} was not changed.")
    elif outcome.written:
        lines.append(f"Saved {display_path(outcome.path)}.")
    else:
        lines.append(f"{display_path(outcome.path)} is unchanged.")
    return lines
