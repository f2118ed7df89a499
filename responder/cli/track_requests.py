"""responder track requests|read: ask every owner for their update, and take the answers back."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import DATE_HELP, DATE_METAVAR, add_today, date_arg, is_terminal, say, warn

ACTIONS = ("requests", "read")
REPLY_DAYS = 14


def add_arguments(sub: argparse.ArgumentParser) -> None:
    from . import Parser

    actions = sub.add_subparsers(title="actions", metavar="ACTION", dest="action",
                                 parser_class=Parser)
    make = actions.add_parser(
        "requests", help="one form per owner, with an e-mail draft, asking for their update",
        description="Write one form per owner (Word or Excel) listing all of that owner's open "
        "findings across every response in the folder, with boxes for the update, status, RAG, "
        "a revised target date and its reason, and evidence; and an e-mail draft (.eml, opens "
        "as a draft in Outlook) addressed to the owner with the form attached. Owners' "
        "addresses come from [owners] in responder.toml.")
    make.add_argument("files", nargs="+", metavar="FOLDER", help="the folder of responses "
                      "(or response files)")
    make.add_argument("-o", "--output", metavar="DIR", required=True,
                      help="the folder to write the forms and drafts in")
    make.add_argument("--format", choices=("docx", "xlsx"), default="docx",
                      help="Word (docx, the default) or Excel (xlsx)")
    make.add_argument("--due-within", type=_days, metavar="DAYS",
                      help="only findings due within DAYS days (overdue ones included)")
    make.add_argument("--owner", metavar="NAME", help="only this owner's request")
    make.add_argument("--lang", choices=["cy", "en"], default="en",
                      help="the requests' own words in Welsh (cy) or English (en, the default)")
    make.add_argument("--reply-by", type=date_arg, metavar=DATE_METAVAR,
                      help=f"when the answers are needed {DATE_HELP} (default: in "
                      f"{REPLY_DAYS} days)")
    make.add_argument("--profile", metavar="TOML", help="the office profile (default: "
                      "responder.toml here, else your own)")
    make.add_argument("--no-ask", action="store_true",
                      help="do not ask for owners' e-mail addresses at the terminal")
    add_today(make, "make the requests as of")

    read = actions.add_parser(
        "read", help="take the owners' returned forms into the register",
        description="Read returned update requests: each finding's answers become one more "
        "dated update in its response (never over an earlier one); a status, RAG or target "
        "date the office changed meanwhile stays, and the owner's is noted in the update.")
    read.add_argument("folder", metavar="FOLDER", help="the folder of responses")
    read.add_argument("returned", nargs="+", metavar="RETURNED",
                      help="the returned forms (.docx or .xlsx)")
    read.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    add_today(read, "date the updates")


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if days < 0:
        raise argparse.ArgumentTypeError("--due-within counts days ahead: 0 or more")
    return days


def run(args: argparse.Namespace) -> int:
    import gc

    gc.enable()  # many documents built in one run: their cyclic garbage must go (see cli.run())
    if args.action == "requests":
        return run_requests(args)
    if args.action == "read":
        return run_read(args)
    raise UsageError("track: choose 'requests' or 'read'; see 'responder track requests --help'")


def _responses(names: list[str], command: str) -> list:
    from .common import expand_files, read_all

    results, bad = read_all(expand_files(names))
    if bad:
        warn(f"{command}: {bad} file{'s' * (bad != 1)} could not be read; correct or remove "
             f"{'them' if bad != 1 else 'it'} and run again; nothing was written")
        raise SystemExit(ExitCode.BAD_INPUT)
    return results


def run_requests(args: argparse.Namespace) -> int:
    from .. import config
    from ..after import owners
    from ..after.request_files import make_requests
    from ..dates import long_date
    from ..errors import display_path

    today = args.today or dt.date.today()
    reply_by = args.reply_by or today + dt.timedelta(days=REPLY_DAYS)
    if reply_by < today:
        raise UsageError(f"track requests: --reply-by {long_date(reply_by)} is before today")
    results = _responses(args.files, "track requests")
    if not results:
        raise UsageError("track requests: no response files in " + ", ".join(args.files))
    settings, source = config.load(Path(args.profile) if args.profile else None)
    addresses = owners.addresses(settings, source)
    office = _office(settings, results)
    from ..after.requests import gather, owner_key

    gathered = gather(results, today, due_within=args.due_within, owner=args.owner)
    if args.owner and not gathered.owners:
        raise UsageError(f"track requests: no open findings owned by {args.owner!r}"
                         + (f" due within {args.due_within} days" if args.due_within is not None
                            else ""))
    missing = [name for name in gathered.owners if owner_key(name) not in addresses]
    if missing and not args.no_ask and is_terminal():
        new = owners.ask_missing(missing)
        if new:
            target = source or Path.cwd() / config.FILE_NAME
            owners.add(target, new)
            addresses.update({owner_key(name): value for name, value in new.items()})
            say(f"Added {len(new)} address{'es' * (len(new) != 1)} to [owners] in "
                f"{display_path(target)}")
    # The ledger goes beside the responses: in their folder, or, for a folder with folders
    # inside it (examples/ and examples/welsh/), in the outermost one that holds responses.
    folders = {path.parent for path, _ in results}
    common = Path(os.path.commonpath([str(f) for f in folders])) if folders else None
    ledger_folder = common if common in folders else None
    made = make_requests(results, Path(args.output), fmt=args.format, today=today,
                         reply_by=reply_by, office=office, addresses=addresses,
                         due_within=args.due_within, owner=args.owner,
                         ledger_folder=ledger_folder, lang=args.lang)
    for each in made.made:
        to = each.address or "no address yet: add it under [owners] in responder.toml"
        restricted = f", {each.withheld} withheld (RESTRICTED)" if each.withheld else ""
        say(f"{each.owner}: {each.findings} finding{'s' * (each.findings != 1)}"
            f" ({each.overdue} overdue{restricted}) → {display_path(each.form)}; "
            f"draft to {to}")
    total = sum(each.findings for each in made.made)
    requests = f"{len(made.made)} request{'s' * (len(made.made) != 1)}"
    say(f"Wrote {requests} ({total} finding{'s' * (total != 1)}) to "
        f"{display_path(Path(args.output))}; answers needed by {long_date(reply_by)}")
    if made.ledger is not None:
        say(f"Noted in {display_path(made.ledger)} for deadline --ics --actions")
    if made.no_owner:
        warn(f"{len(made.no_owner)} open finding{'s have' if len(made.no_owner) != 1 else ' has'}"
             " no owner, so no request: set one with responder track FILE REF --owner NAME "
             f"(first: {made.no_owner[0][0].name} {made.no_owner[0][1]})")
    return ExitCode.OK


def _office(settings: dict, results: list) -> str:
    office = (settings.get("office") or {}).get("body") or {}
    name = office.get("name") if isinstance(office, dict) else None
    if name:
        return str(name)
    from collections import Counter

    return Counter(response.body.name for _, response in results).most_common(1)[0][0]


def run_read(args: argparse.Namespace) -> int:
    from ..after.request_files import read_requests
    from ..errors import display_path

    today = args.today or dt.date.today()
    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"track read: {args.folder} is not a folder; give the folder of "
                         "responses first, then the returned forms")
    results = _responses([args.folder], "track read")
    result = read_requests(results, [Path(p) for p in args.returned], today=today,
                           now=dt.datetime.now(), dry_run=args.dry_run)
    back = result.back
    for taken in back.taken:
        say(f"{display_path(taken.file)}: {taken.finding_id}: " + "; ".join(taken.words))
    if back.unmatched:
        warn(f"Not in any response in {args.folder} (removed, or a form from another folder): "
             + ", ".join(back.unmatched[:5]) + (" …" if len(back.unmatched) > 5 else ""))
    for name in result.locked:
        warn(f"{name} is open in an interview; the updates were merged in and it will see them")
    for copy in result.conflict_copies:
        warn(f"Someone changed the same entries while reading; their words stay and these are "
             f"in {copy.name}")
    say(("Would take: " if args.dry_run else "") + back.summary + (
        " (conflicts: the register's value stays; the owner's is noted in the update)"
        if back.conflicts else ""))
    return ExitCode.OK
