"""responder track FILE [REF]: keep the register — owner, target date, status, RAG, updates."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..errors import ExitCode
from .common import DATE_HELP, DATE_METAVAR, add_today, date_arg, is_terminal, one_file, say

STATUS_CHOICES = {"open": "open", "in-progress": "in_progress", "complete": "complete",
                  "closed": "closed", "no-further-action": "no_further_action",
                  "nfa": "no_further_action", "superseded": "superseded", "reopened": "reopened"}
CLEAR = ("none", "clear", "-")


def _status(text: str) -> str:
    key = text.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in STATUS_CHOICES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a status; choose open, in-progress, complete, closed, "
            "no-further-action, superseded or reopened")
    return STATUS_CHOICES[key]


def _rag(text: str) -> str:
    key = text.strip().lower()
    if key in CLEAR:
        return ""
    if key not in ("red", "amber", "green"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a RAG rating; choose red, amber or "
                                         "green (or none to remove it)")
    return key


def _due(text: str) -> dt.date | str:
    if text.strip().lower() in CLEAR:
        return ""
    return date_arg(text)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "Keep the register of a published response: who owns each finding, its target date, "
        "its status (open, in progress, complete, closed, no further action, superseded, "
        "reopened) and RAG rating, and dated updates; a moved target date keeps its trail and "
        "closing needs evidence and an approver. "
        "With REF and flags, change one finding; with REF alone, show it; with FILE alone at "
        "a terminal, walk through the open findings one by one (saved after every answer). "
        "`responder track requests FOLDER -o DIR` asks every owner for their update (a form "
        "and an e-mail draft each); `responder track read FOLDER RETURNED…` takes the answers "
        "back.")
    sub.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    sub.add_argument("ref", nargs="?", metavar="REF",
                     help="the finding: its id as `check` prints it, e.g. s1.2-afi1")
    sub.add_argument("--owner", metavar="TEXT", help="who leads the work ('' to remove)")
    sub.add_argument("--due", type=_due, metavar=DATE_METAVAR,
                     help=f"the target date {DATE_HELP}, or none to remove it")
    sub.add_argument("--reason", metavar="TEXT",
                     help="why the target date moved (needed with --due when one was set)")
    sub.add_argument("--status", type=_status, metavar="STATUS",
                     help="open, in-progress, complete (the force says it is done), closed "
                     "(accepted on evidence: give --evidence and --approved-by), "
                     "no-further-action (say why with --update), superseded (with "
                     "--superseded-by) or reopened")
    sub.add_argument("--evidence", metavar="TEXT",
                     help="what shows the work is done, and where it is kept")
    sub.add_argument("--approved-by", metavar="NAME", help="who accepted the closure")
    sub.add_argument("--superseded-by", "--by", metavar="FILE#ID", dest="superseded_by",
                     help="the later report's finding that supersedes this one, e.g. "
                     "peel-2025.yaml#s1-afi2 (the file beside this one); both are linked")
    sub.add_argument("--rag", type=_rag, metavar="RAG", help="red, amber or green (none removes it)")
    sub.add_argument("--update", metavar="TEXT", help="a progress note, dated --date or today")
    sub.add_argument("--date", type=date_arg, metavar=DATE_METAVAR,
                     help=f"when the update or status change happened {DATE_HELP}; default today")
    add_today(sub, "work as of")


def run(args: argparse.Namespace) -> int:
    from ..after.register import BadChange, Change, parse_link
    from ..errors import UsageError

    today = args.today or dt.date.today()
    path = one_file(args.file, "track")
    try:
        link = parse_link(args.superseded_by) if args.superseded_by else None
    except BadChange as exc:
        raise UsageError(f"track: --superseded-by: {exc}") from None
    change = Change(
        owner=args.owner,
        due=args.due or None, clear_due=args.due == "", reason=args.reason,
        status=args.status,
        rag=args.rag or None, clear_rag=args.rag == "",
        update=args.update, evidence=args.evidence, approved_by=args.approved_by,
        superseded_by=link, date=args.date,
    )
    if args.ref is None:
        if not change.is_empty() or args.date:
            from ..errors import UsageError

            raise UsageError("track: name the finding to change, e.g. "
                             f"responder track {_quoted(args.file)} s1.2-afi1 --status complete")
        return _walk(path, today)
    if change.is_empty():
        if args.date:
            from ..errors import UsageError

            raise UsageError("track: --date dates an --update or a --status change; give one")
        return _show(path, args.ref, today)
    return _change(path, args.ref, change, today)


def _show(path: Path, ref: str, today: dt.date) -> int:
    from ..after import register
    from ..errors import InputError
    from ..response import reading

    response = reading.read(path)
    try:
        entry = register.find(response, ref)
    except register.UnknownFinding as exc:
        raise InputError(path, str(exc)) from None
    say(*register.describe(entry, today))
    return ExitCode.OK


def _change(path: Path, ref: str, change: object, today: dt.date) -> int:
    from ..after import register
    from ..errors import InputError, display_path
    from ..response import editing
    from ..response.autosave import Autosaver

    saver = Autosaver(editing.load(path))
    try:
        entry = register.find(saver.response, ref)
        done = register.apply(entry.finding, change, today,  # type: ignore[arg-type]
                              published=saver.response.report.published)
    except (register.UnknownFinding, register.BadChange) as exc:
        raise InputError(path, str(exc)) from None
    link = change.superseded_by  # type: ignore[attr-defined]
    # The later finding shows what it supersedes: found (and refused) before anything is saved.
    later = None
    if link is not None and done:
        from ..after.supersede import later_side

        later = later_side(path, link, entry.id)
    if not done:
        say(f"{display_path(path)}: {entry.id} already says that; nothing changed")
        return ExitCode.OK
    result = saver.save(dt.datetime.now())
    say(f"{display_path(path)}: {entry.id}: " + "; ".join(done))
    if result.conflict_copy is not None:
        say(f"Someone else changed the same entry meanwhile; the file keeps their words and "
            f"yours are in {result.conflict_copy.name}")
    if later is not None:
        later.save(dt.datetime.now())
        say(f"{display_path(later.path)}: {link.id}: supersedes {path.name}#{entry.id}")
    return ExitCode.OK


def _walk(path: Path, today: dt.date) -> int:
    import gc

    from ..errors import NeedsTerminal
    from .common import warn

    if not is_terminal():
        raise NeedsTerminal(
            f"track: walking the open findings needs a terminal; without one, name a finding "
            f"and what changed, e.g. responder track {_quoted(str(path))} s1.2-afi1 --update \"…\"")
    from ..after.walk import run_walk

    gc.enable()  # a long session (see cli.run())
    result = run_walk(path, today=today)
    (warn if result.code == 130 else say)(*result.lines)
    return result.code


def _quoted(name: str) -> str:
    from ..law.record import quoted

    return quoted(name)
