"""responder check FILE|FOLDER…: is each response compliant (section 55), complete, on time?"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..dates import plural
from ..errors import ExitCode
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
    add_today(sub, "check as of")


def run(args: argparse.Namespace) -> int:
    from .. import config
    from ..cache import Cache
    from ..dated import ERROR, WARNING, Checked
    from ..errors import display_path
    from ..files import read_response_bytes
    from ..recurring import archive_folder

    today = args.today or dt.date.today()
    settings, source = config.load()
    archive = archive_folder(settings, source)
    known: dict = {}  # responses read, by resolved path: each file read once at most
    hashes: dict = {}  # and the hash of the bytes each was read from
    listings: dict = {}  # each folder listed once for the whole run

    def make(path: Path, raw: bytes) -> list[Any]:
        from ..cache import digest
        from ..check import checked
        from ..recurring import earlier_responses
        from ..store import decode, read, read_noting_blanks
        from ..validation import comment_only_values

        resolved, content = path.resolve(), digest(raw)
        if resolved in known and hashes.get(resolved) == content:  # read as an earlier one
            response, blanks = known[resolved], comment_only_values(decode(raw, path))
        else:
            response, blanks = read_noting_blanks(path, raw)
            known[resolved], hashes[resolved] = response, content

        def read_earlier(candidate: Path) -> Any:
            raw = read_response_bytes(candidate)
            hashes[candidate.resolve()] = digest(raw)
            return read(candidate, raw)

        # Findings raised before: the other responses in the same folder, and the archive.
        earlier = earlier_responses(path, archive, known, listings, read_earlier)
        found = checked(response, strict=args.strict, blanks=blanks, earlier=earlier,
                        file=display_path(path))
        return [Answers.of(response).to_json(), found.to_json()]

    with Cache("check") as cache:
        earlier = Earlier(archive, listings, cache)

        def read(path: Path) -> tuple[Answers, Any]:
            # What a file gives depends on the earlier responses on its force too.
            variant = ("strict" if args.strict else "", display_path(path))
            answers, found = kept(cache, make, variant, earlier.key(path))(path)
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


class Earlier:
    """What a file's findings raised before (RECURRING) depend on, as one hash: the readable
    responses on the same force published before it, in its folder and the archive, by
    resolved path and content (as ``recurring.find`` picks them from what
    ``recurring.earlier_responses`` lists). A file's problems are kept until it, or one
    of those, changes: editing this year's response leaves last year's checks kept."""

    def __init__(self, archive: Path | None, listings: dict, cache: Any):
        self.archive, self.listings, self.cache = archive, listings, cache
        self.groups: dict[tuple[Path, ...], dict[str, tuple[list[str], list[str]]]] = {}
        self.heads: dict[Path, tuple[str | None, str | None] | None] = {}
        self.contents: dict[Path, str] = {}  # the hash of each file's bytes, as read for its head

    def key(self, path: Path) -> str:
        from bisect import bisect_left

        folders = tuple([path.parent] + ([self.archive] if self.archive is not None else []))
        if folders not in self.groups:
            self.groups[folders] = self._group(folders)
        own = self.head(path.resolve())
        if own is None or own[0] is None:  # unreadable, or no named force: nothing compared
            return ""
        force, published = own
        dates, prefixes = self.groups[folders].get(force, ([], [""]))
        return prefixes[bisect_left(dates, published) if published else len(dates)]

    def head(self, resolved: Path) -> tuple[str | None, str | None] | None:
        """(force as compared, publication date) of a response, kept by its content;
        None when it cannot be read (``earlier_responses`` passes such a file over)."""
        from ..cache import digest
        from ..errors import InputError
        from ..files import read_response_bytes

        if resolved not in self.heads:
            try:
                raw = read_response_bytes(resolved)
            except InputError:
                self.heads[resolved] = None
                return None
            self.contents[resolved] = digest(raw)
            key = f"head\0{self.contents[resolved]}"
            found = self.cache.get(key, f"head {resolved}")
            if found is None:
                found = _head(resolved, raw)
                self.cache.put(key, found, f"head {resolved}")
            self.heads[resolved] = tuple(found) if found else None  # type: ignore[assignment]
        return self.heads[resolved]

    def _group(self, folders: tuple[Path, ...]) -> dict[str, tuple[list[str], list[str]]]:
        """For each force, its responses' publication dates in order, and a running hash
        of them (the hash of the first k stands for "the k published first")."""
        from ..cache import digest
        from ..recurring import listing

        by_force: dict[str, list[tuple[str, str, str]]] = {}
        seen: set[Path] = set()
        for folder in folders:
            where = (folder.resolve(), folder == self.archive)
            if where not in self.listings:
                self.listings[where] = listing(*where)
            for _, resolved in self.listings[where]:
                if resolved in seen:
                    continue
                seen.add(resolved)
                head = self.head(resolved)
                if head is not None and head[0] is not None and head[1] is not None:
                    by_force.setdefault(head[0], []).append(
                        (head[1], str(resolved), self.contents[resolved]))
        groups = {}
        for force, entries in by_force.items():
            entries.sort()
            prefixes = [""]
            for _, resolved, content in entries:
                prefixes.append(digest(f"{prefixes[-1]}\n{resolved}\0{content}".encode()))
            groups[force] = ([published for published, _, _ in entries], prefixes)
        return groups


def _head(path: Path, raw: bytes) -> list[str | None] | None:
    from ..errors import InputError
    from ..header import read_header
    from ..recurring import force_key

    try:
        header = read_header(path, raw)
    except InputError:
        return None
    name = header.force.get("name") if isinstance(header.force, dict) else None
    published = header.report.published
    return [force_key(str(name)) if name else None, published.isoformat() if published else None]
