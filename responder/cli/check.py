"""responder check FILE|FOLDER…: is each response compliant (section 55), complete, on time?"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..dates import plural
from ..errors import ExitCode
from ..response.files import resolved
from .common import Answers, add_today, expand_files, kept, read_all, say, say_json_list


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
    sub.add_argument("--final", action="store_true",
                     help="check the version to publish: for an office that publishes in Welsh, "
                     "a public passage without its Welsh, or with out-of-date Welsh, is an error")
    add_today(sub, "check as of")


def run(args: argparse.Namespace) -> int:
    from .. import config
    from ..cache import Cache
    from ..compliance.dated import ERROR, WARNING, Checked
    from ..compliance.recurring import EarlierHash, archive_folder
    from ..errors import display_path
    from ..response.files import read_response_bytes

    today = args.today or dt.date.today()
    settings, source = config.load()
    archive = archive_folder(settings, source)
    known: dict = {}  # responses read, by resolved path: each file read once at most
    hashes: dict = {}  # and the hash of the bytes each was read from
    listings: dict = {}  # each folder listed once for the whole run

    def make(path: Path, raw: bytes) -> list[Any]:
        from ..cache import digest
        from ..compliance.check import checked
        from ..compliance.recurring import earlier_responses
        from ..response.reading import decode, read, read_noting_blanks
        from ..response.validation import comment_only_values

        where, content = resolved(path), digest(raw)
        if where in known and hashes.get(where) == content:  # read as an earlier one
            response, blanks = known[where], comment_only_values(decode(raw, path))
        else:
            response, blanks = read_noting_blanks(path, raw)
            known[where], hashes[where] = response, content

        def read_earlier(candidate: Path) -> Any:
            raw = read_response_bytes(candidate)
            hashes[resolved(candidate)] = digest(raw)
            return read(candidate, raw)

        # Findings raised before: the other responses in the same folder, and the archive.
        earlier = earlier_responses(path, archive, known, listings, read_earlier)
        found = checked(response, strict=args.strict, blanks=blanks, earlier=earlier,
                        file=display_path(path), final=args.final)
        return [Answers.of(response).to_json(), found.to_json()]

    with Cache("check") as cache:
        earlier = EarlierHash(archive, listings, cache)

        def read(path: Path) -> tuple[Answers, Any]:
            # What a file gives depends on the earlier responses on its force too.
            variant = ("strict" if args.strict else "", display_path(path),
                       *(("final",) if args.final else ()))
            answers, found = kept(cache, make, variant, earlier.of(path))(path)
            return Answers.from_json(answers), found  # as kept: made into problems one by one

        results, bad = read_all(expand_files(args.files), read)
    counts = {ERROR: 0, WARNING: 0}

    def problems() -> Iterator[dict[str, Any]]:
        for path, (_, found) in results:
            name = display_path(path)
            each = Checked.from_json(found).as_of(today)
            for problem in each:
                counts[problem.severity] += 1
                if not args.json:
                    say(f"{name}: {problem.place}: {problem.code} {problem.severity}: "
                        f"{problem.message}")
                yield problem.as_dict(name)
            if not args.json:
                n_errors = sum(p.severity == ERROR for p in each)
                say(f"{name}: " + (f"{plural(n_errors, 'error')}, "
                                   f"{plural(len(each) - n_errors, 'warning')}"
                                   if each else "no problems found"))

    if args.json:
        say_json_list(problems())
    else:
        for _ in problems():
            pass
    errors, warnings = counts[ERROR], counts[WARNING]
    if bad:
        return ExitCode.BAD_INPUT
    if errors or (args.strict and warnings):
        return ExitCode.PROBLEMS
    return ExitCode.OK
