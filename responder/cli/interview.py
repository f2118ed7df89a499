"""responder interview FILE: answer a response finding by finding at the terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
from pathlib import Path

from .common import add_today, is_terminal, one_file, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    sub.add_argument("--role", choices=["force", "commissioner"],
                     help="whose comments you are writing (asked when not given)")
    sub.add_argument("--section", metavar="ID",
                     help="only this section (and the sections inside it), e.g. s2")
    sub.add_argument("--only-missing", action="store_true",
                     help="only what this voice has not answered yet")
    sub.add_argument("--review", action="store_true",
                     help="step through the answers already given; change one only if you choose")
    add_today(sub, "count the days left from")


def run(args: argparse.Namespace) -> int:
    from ..errors import NeedsTerminal

    path = one_file(args.file, "interview")
    refuse_what_is_not_a_response(path)  # before the terminal: say what is wrong
    if not is_terminal():
        raise NeedsTerminal(
            f"interview needs a terminal; to answer without one, edit {args.file} in a text editor"
        )
    from ..drafting.interview import run_interview

    gc.enable()  # a long session: collect garbage as usual (see cli.run())

    result = run_interview(path, role=args.role, section=args.section,
                           only_missing=args.only_missing, review=args.review,
                           today=args.today or dt.date.today())
    if result.code == 130:
        warn(*result.lines)
    else:
        say(*result.lines)
    return result.code


def refuse_what_is_not_a_response(path: Path) -> None:
    """A missing file, a folder, a pipe, a report or a returns form given where a response
    file belongs: one line saying so, before the terminal is needed."""
    from ..response.file_kind import refuse_if_not_a_response
    from ..response.files import MAX_BYTES, read_bytes

    refuse_if_not_a_response(read_bytes(path, "a response file", MAX_BYTES), path)
