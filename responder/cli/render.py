"""responder render FILE: the letter or statement as a Word document or a web page."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import DATE_HELP, DATE_METAVAR, date_arg, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    sub.add_argument("-o", "--output", metavar="OUT",
                     help="where to write (default: next to FILE, e.g. FILE.docx)")
    sub.add_argument("--shape", choices=["letter", "statement"], default=None,
                     help="a covering letter with appendix, or a published statement "
                     "(default: letter if the file has a letter section)")
    sub.add_argument("--format", choices=["docx", "html", "pdf"], default=None,
                     help="Word document (default), one accessible web page, or a tagged PDF "
                     "for the website (needs LibreOffice)")
    sub.add_argument("--full", action="store_true",
                     help="include withheld passages, marked RESTRICTED – NOT FOR PUBLICATION "
                     "(default: the public version, which leaves them out)")
    sub.add_argument("--letterhead", metavar="BASE.docx",
                     help="start from the office's own Word document (its styles, header, "
                     "footer and logo)")
    sub.add_argument("--templates", metavar="DIR",
                     help="a folder of the office's own templates, used before the bundled ones")
    sub.add_argument("--today", type=date_arg, default=None, metavar=DATE_METAVAR,
                     help=f"the date to use when the file gives none {DATE_HELP}; default today")


def run(args: argparse.Namespace) -> int:
    from ..render import default_output, render, write_output
    from ..store import read

    source = Path(args.file)
    response = read(source)
    fmt = args.format
    if args.output and not args.format:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix not in ("docx", "html", "pdf"):
            raise UsageError(f"render: cannot tell the format from {args.output!r}; "
                             "name it .docx, .html or .pdf, or give --format")
        fmt = suffix
    fmt = fmt or "docx"
    target = Path(args.output) if args.output else default_output(source, fmt, args.full)
    if target.resolve() == source.resolve():
        raise UsageError(f"render: the output {args.output!r} is the response file itself")
    done = render(
        response, shape=args.shape, fmt=fmt, full=args.full,
        letterhead=Path(args.letterhead) if args.letterhead else None,
        templates=Path(args.templates) if args.templates else None,
        today=args.today or dt.date.today(),
    )
    write_output(target, done.data)
    version = "full version, RESTRICTED – NOT FOR PUBLICATION" if args.full and done.withheld else (
        "full version" if args.full else "public version")
    extra = "; withheld passages left out" if done.withheld and not args.full else ""
    say(f"Wrote {target} ({done.shape}, {version}{extra})")
    warn(*(f"warning: {line}" for line in done.warnings))
    return ExitCode.OK
