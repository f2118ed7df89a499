"""responder translate make|read: the passages still to be put into Welsh, out and back."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import one_file, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    from . import Parser

    actions = sub.add_subparsers(title="actions", metavar="ACTION", dest="action",
                                 parser_class=Parser)
    make = actions.add_parser(
        "make", help="write the passages without current Welsh for the translator",
        description="Write every public passage that has no Welsh yet, or whose Welsh is out of "
        "date because the English changed since: XLIFF 2.0 (.xlf) for translation tools, or an "
        "Excel workbook (.xlsx) or a Word document (.docx) for a translator without one.")
    make.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    make.add_argument("-o", "--output", metavar="OUT", required=True,
                      help="the file to write: OUT.xlf (XLIFF 2.0), OUT.xlsx (Excel) or OUT.docx (Word)")
    make.add_argument("--all", action="store_true",
                      help="every public passage, with its current Welsh, for a review")
    read = actions.add_parser(
        "read", help="bring the translator's Welsh back into the response",
        description="Read a returned .xlf, .xlsx or .docx back: each Welsh passage goes to its place "
        "and records the English it translated; a Welsh passage someone changed in the file "
        "since the translation was sent is kept, and named.")
    read.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    read.add_argument("returned", metavar="RETURNED", help="the returned .xlf, .xlsx or .docx")
    read.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")


def run(args: argparse.Namespace) -> int:
    if args.action == "make":
        return run_make(args)
    if args.action == "read":
        return run_read(args)
    raise UsageError("translate: choose 'make' (the passages for the translator) or 'read' "
                     "(the Welsh back); see 'responder translate --help'")


def run_make(args: argparse.Namespace) -> int:
    from ..dates import plural
    from ..render import write_output
    from ..response.reading import read
    from ..translation import excel, file_format, xliff
    from ..translation.sent import form_mark, to_send

    source = one_file(args.file, "translate make")
    target = Path(args.output)
    fmt = file_format(target, "make")
    response = read(source)
    if not response.welsh:
        warn(f"warning: {source} does not say it is published in Welsh (languages: [cy, en]); "
             "the passages are listed all the same")
    sent = to_send(response, everything=args.all)
    mark, title = form_mark(response, source.name), response.report.title
    if fmt == "xliff":
        data = xliff.build(sent, mark=mark, source_name=source.name, title=title)
    elif fmt == "xlsx":
        data = excel.build(sent, mark=mark, title=title)
    else:
        from ..translation import word

        data = word.build(sent, mark=mark, title=title, body=response.body.name,
                          force=response.force.name, author=response.body.name,
                          today=dt.date.today())
    write_output(target, data, (source,))
    stale = sum(item.state == "stale" for item in sent)
    extra = f", {stale} of them out of date" if stale else ""
    kind = {"xliff": "XLIFF 2.0", "xlsx": "Excel", "docx": "Word"}[fmt]
    say(f"Wrote {target} ({kind}, "
        f"{plural(len(sent), 'passage')} to translate{extra})")
    return ExitCode.OK


def run_read(args: argparse.Namespace) -> int:
    from ..dates import plural
    from ..translation.reading import read_translation

    source = one_file(args.file, "translate read")
    outcome = read_translation(source, Path(args.returned), dry_run=args.dry_run,
                               now=dt.datetime.now())
    verb = "Would take" if args.dry_run else "Took"
    say(f"{verb} {plural(len(outcome.taken), 'Welsh passage')} into {source}"
        + (f"; {outcome.unchanged} already there" if outcome.unchanged else ""))
    for where in outcome.taken:
        say(f"  {where}")
    if outcome.not_translated:
        say(f"{plural(len(outcome.not_translated), 'passage')} left untranslated in the file: "
            + ", ".join(outcome.not_translated))
    if outcome.out_of_date:
        warn("warning: the English changed after these were sent, so their Welsh is already out "
             "of date: " + ", ".join(outcome.out_of_date))
    if outcome.conflicts:
        warn("warning: the Welsh of these was changed in the response since the translation was "
             "sent, so the response keeps its own (the returned Welsh is still in "
             f"{args.returned}): " + ", ".join(outcome.conflicts))
    if outcome.unmatched:
        warn("warning: no longer in the response (removed or withheld since): "
             + ", ".join(outcome.unmatched))
    if outcome.locked_by:
        warn(f"note: {outcome.locked_by} has {source} open for interview; the Welsh was saved "
             "all the same and the interview picks it up at its next answer")
    return ExitCode.PROBLEMS if outcome.conflicts else ExitCode.OK
