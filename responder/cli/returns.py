"""responder returns make|read: a Word or Excel form for the force, and reading it back."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..errors import ExitCode, UsageError
from ..response.files import resolved
from .common import DATE_HELP, DATE_METAVAR, date_arg, one_file, say, warn


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
    make.add_argument("--lang", choices=["cy", "en"], default="en",
                      help="the form's own words in Welsh (cy) or English (en, the default); "
                      "the force may answer in either, and the form reads back the same")
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

    source = one_file(args.file, "returns make")
    target = Path(args.output)
    fmt = form_format(target)
    if resolved(target) == resolved(source):
        raise UsageError(f"returns make: the output {args.output!r} is the response file itself")
    replacing = _refuse_unread_form(source, target)
    response, wrote_ids = response_for_form(source, dt.datetime.now())
    if wrote_ids:
        say(f"Wrote the findings' ids into {source} (the form finds its way back by them)")
    data, count = make_form(response, fmt=fmt, source_name=source.name,
                            only_missing=args.only_missing, due=args.due,
                            today=args.today or dt.date.today(), lang=args.lang)
    if args.only_missing and not count:
        # An empty form would only puzzle the force: say so, and write nothing.
        say(f"Nothing is missing: every finding in {source} has the force's answer; "
            f"no form written{' (' + str(target) + ' is left as it was)' if replacing else ''}.")
        return ExitCode.OK
    write_output(target, data, (source,))  # never over it, never more open than it
    from ..dates import plural

    what = plural(count, "finding")
    if args.only_missing:
        what += " still without the force's answer"
    say(f"{'Replaced' if replacing else 'Wrote'} {target} "
        f"({'Word' if fmt == 'docx' else 'Excel'} form, {what})")
    return ExitCode.OK


def _refuse_unread_form(source: Path, target: Path) -> bool:
    """Never destroy a returned form the office has not read: the force usually sends it
    back under the name it was given. Returns whether an existing file will be replaced."""
    from ..errors import InputError, display_path
    from ..response.outputs import refuse_overwrite, refuse_replacing_documents
    from ..returns.reading import answers_not_read

    if not target.is_file():
        return False
    refuse_overwrite(target, (source,), "the form")
    waiting = answers_not_read(source, target)
    if waiting is None:  # not a form: only responder's own, unedited document may go
        return refuse_replacing_documents(target, "the form", "choose another name with -o")
    if waiting:
        shown = ", ".join(waiting[:3]) + (", …" if len(waiting) > 3 else "")
        raise InputError(target, f"holds the force's answers, not yet read ({shown}): run "
                         f"'responder returns read {_quoted(display_path(source))} "
                         f"{_quoted(display_path(target))}' first, or choose another name")
    return True


def _quoted(name: str) -> str:
    return f'"{name}"' if any(char.isspace() for char in name) else name


def run_read(args: argparse.Namespace) -> int:
    from ..returns.reading import read_returns

    outcome = read_returns(one_file(args.file, "returns read"), _returned_forms(args.returned),
                           dry_run=args.dry_run, now=dt.datetime.now())
    say(*describe(outcome))
    if outcome.locked_by and outcome.written:
        warn(f"note: {args.file} is open for interview by {outcome.locked_by}; the force's "
             "answers were saved beside theirs and their interview merges them in")
    if outcome.new_conflicts or outcome.unmatched or outcome.clashed:
        return ExitCode.PROBLEMS
    return ExitCode.OK


def _returned_forms(names: list[str]) -> list[Path]:
    """The returned forms named, a wildcard the shell did not expand (PowerShell and cmd)
    expanded here, each once. The owner file Word and Excel keep beside a document that is
    open (``~$turned - Crime.xlsx``) is not a form: left out of a wildcard with one line,
    and named on its own it is refused saying so."""
    from ..errors import InputError
    from .common import _is_pattern, expand_pattern

    forms: list[Path] = []
    for name in names:
        path = Path(name)
        if _is_pattern(name) and not path.exists():
            matches = [Path(match) for match in expand_pattern(name) if Path(match).is_file()]
            if not matches:
                raise InputError(name, "no files match this pattern")
            for match in matches:
                if match.name.startswith("~$"):
                    warn(f"{match}: left out: the lock file Word or Excel keeps while a form "
                         "is open, not a form")
                else:
                    forms.append(match)
            continue
        if path.name.startswith("~$"):
            raise InputError(path, "is the lock file Word or Excel keeps while a form is open, "
                             "not a form: close the form and give its own name")
        forms.append(path)
    unique = list(dict.fromkeys(forms))
    if not unique:
        raise InputError(names[-1], "matches only lock files; close the forms in Word or Excel "
                         "and give their own names")
    return unique


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
