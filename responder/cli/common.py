"""What every command shares: printing, typed dates, terminals, and reading many files."""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dates import EXAMPLE, parse_date
from ..errors import InputError, UsageError

DATE_METAVAR = "DATE"
DATE_HELP = f"({EXAMPLE}; day first)"


def say(*lines: str) -> None:
    for line in lines:
        print(line)


def say_json_list(items: Iterable[Any]) -> None:
    """Print ``json.dumps(list(items), indent=2, ensure_ascii=False)``, an item at a time:
    the same text, without holding all of it (12 MB for a thousand deadlines)."""
    import gc
    import json

    first = True
    for count, item in enumerate(items, 1):
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        print(("[\n  " if first else ",\n  ") + text, end="")
        first = False
        if count % 256 == 0:
            # Each indented dumps leaves a reference cycle (its encoder's nested functions),
            # which only the collector frees, and a short command runs with it off (run()).
            gc.collect(0)
    print("[]" if first else "\n]")


def warn(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def date_arg(text: str) -> dt.date:
    """argparse type for a date as people type it (see dates.parse_date)."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_today(parser: argparse.ArgumentParser, what: str = "count from") -> None:
    parser.add_argument("--today", type=date_arg, metavar=DATE_METAVAR,
                        help=f"{what} this date instead of today {DATE_HELP}")


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    # Piped or captured output keeps whole lines; a terminal wraps them at its width.
    return Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 200)


# ``name.conflict-2026-11-23-1012.yaml`` (and ``-2``, ``-3``…): written beside a response when
# two people saved at once (see autosave.conflict_copy_path). Not a response of its own.
CONFLICT_COPY = re.compile(r"^(?P<original>.+)\.conflict-\d{4}-\d{2}-\d{2}-\d{4}(?:-\d+)?$")
RESPONSE_SUFFIXES = (".yaml", ".yml")


class Files(list[Path]):
    """The files to read, in order, and how many things named on stderr were not read."""

    skipped: int = 0


def expand_files(names: Sequence[str]) -> Files:
    """The response files the user means, each once, in order, as they typed them:

    - a file is read as given (the reader says if it is missing or not a file);
    - a folder gives its *.yaml / *.yml files, subfolders included (sorted; names and
      folders starting with a dot are left out), and a subfolder that cannot be read is
      named and counted as skipped, never passed over in silence;
    - a wildcard the shell did not expand (PowerShell and cmd pass ``examples/*.yaml``
      through as typed) is expanded here;
    - conflict copies (``name.conflict-….yaml``) met in a folder or a wildcard, or named
      beside their original, are left out with one line each saying they need merging.

    Nothing at all to read is a mistake in the call: UsageError (exit 2).
    """
    files = Files()
    listed: list[tuple[Path, bool]] = []  # (path, named on its own)
    unmatched: list[str] = []  # patterns that matched nothing
    for name in names:
        path = Path(name)
        if _is_pattern(name) and not path.exists():
            matches = expand_pattern(name)
            if not matches:
                unmatched.append(name)
                files.skipped += 1
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    listed += [(each, False) for each in _walk(found, files)]
                elif found.suffix.lower() in RESPONSE_SUFFIXES:
                    listed.append((found, False))
        elif path.is_dir():
            listed += [(each, False) for each in _walk(path, files)]
        else:
            listed.append((path, True))
    named = {_key(path) for path, _ in listed}
    seen: set[Path] = set()
    taken: set[Path] = set()
    for path, alone in listed:
        key = _key(path)
        if key in seen:
            continue
        seen.add(key)
        conflict = CONFLICT_COPY.match(path.stem)
        if conflict:
            original = path.with_name(conflict["original"] + path.suffix)
            if not alone or _key(original) in named:
                warn(f"{path}: a conflict copy of {original.name} (two people saved at once); "
                     f"left out: merge what you need into {original.name}, then delete it")
                continue
        files.append(path)
        taken.add(path)
    beside: dict[Path, dict[str, list[Path]]] = {}  # each folder's conflict copies, listed once
    for path, alone in listed:
        # A file named on its own: its unmerged conflict copies, unless named too.
        if alone and path in taken and not CONFLICT_COPY.match(path.stem):
            if path.parent not in beside:
                beside[path.parent] = _conflict_copies_in(path.parent)
            copies = beside[path.parent].get(path.stem, [])
            if not any(_key(copy) in named for copy in copies):
                note_conflict_copies(path, copies)
    if names and not files and len(unmatched) == len(names):
        # Only patterns that matched nothing: each says so in one line, and nothing else.
        warn(*(f"{name}: no files match this pattern" for name in unmatched[:-1]))
        raise InputError(unmatched[-1], "no files match this pattern")
    warn(*(f"{name}: no files match this pattern" for name in unmatched))
    if names and not files:
        typed = ", ".join(repr(name) for name in names)
        raise UsageError(f"no response files (*.yaml, *.yml) in {typed}")
    return files


def one_file(typed: str, command: str) -> Path:
    """The one response file a single-file command works on, as the user typed it.

    A wildcard the shell did not expand (PowerShell and cmd pass ``*.yaml`` through) is
    expanded here: one match is used; several are a mistake in the call, named in one line.
    An unmerged conflict copy beside the file is named on stderr (see note_conflict_copies).
    """
    path = Path(typed)
    if _is_pattern(typed) and not path.exists():
        matches = [Path(match) for match in expand_pattern(typed) if Path(match).is_file()]
        responses = [match for match in matches if match.suffix.lower() in RESPONSE_SUFFIXES]
        found = responses or matches
        if not found:
            raise UsageError(f"{command} takes one response file; {typed!r} matches no file")
        if len(found) > 1:
            shown = ", ".join(match.name for match in found[:3]) + (", …" if len(found) > 3 else "")
            raise UsageError(f"{command} takes one response file; {typed!r} matches "
                             f"{len(found)} files ({shown}) — name one")
        path = found[0]
    note_conflict_copies(path)
    return path


def conflict_copies(path: Path) -> list[Path]:
    """The conflict copies of ``path`` beside it (``name.conflict-….yaml``), oldest first:
    written when a save could not go into the file itself (see autosave.conflict_copy_path)."""
    return _conflict_copies_in(path.parent).get(path.stem, [])


def _conflict_copies_in(folder: Path) -> dict[str, list[Path]]:
    """Every conflict copy in ``folder``, by the name (stem) of its original, oldest first."""
    try:
        siblings = sorted(folder.iterdir())
    except OSError:  # the folder cannot be listed: the reader says what is wrong
        return {}
    found: dict[str, list[Path]] = {}
    for sibling in siblings:
        match = CONFLICT_COPY.match(sibling.stem)
        if match and sibling.suffix.lower() in RESPONSE_SUFFIXES and sibling.is_file():
            found.setdefault(match["original"], []).append(sibling)
    return found


def note_conflict_copies(path: Path, copies: list[Path] | None = None) -> None:
    """One line on stderr when unmerged conflict copies sit beside ``path`` (``copies``,
    when the caller has listed them): what someone typed may be in them and nowhere else."""
    if CONFLICT_COPY.match(path.stem):
        return
    copies = conflict_copies(path) if copies is None else copies
    if copies:
        names = ", ".join(copy.name for copy in copies)
        count = "an unmerged conflict copy" if len(copies) == 1 else \
            f"{len(copies)} unmerged conflict copies"
        warn(f"note: {path.name} has {count} beside it, {names}: merge what you need into "
             f"{path.name}, then delete {'it' if len(copies) == 1 else 'them'}")


def expand_pattern(pattern: str) -> list[str]:
    """What a wildcard matches, sorted, ignoring case as Windows does (``*.yaml`` finds
    ``Ashdown.YAML`` on every system). glob.glob, not Path.glob: the pattern may be
    absolute (C:\\Policy\\*.yaml)."""
    return sorted(set(glob.glob(_any_case(pattern), recursive=True)))  # noqa: PTH207


def _any_case(pattern: str) -> str:
    """``*.yaml`` -> ``*.[yY][aA][mM][lL]``; letters inside ``[…]`` are left as written.
    Windows matches without regard to case already (and ``[cC]:`` would not be a drive)."""
    if os.name == "nt":
        return pattern
    out, inside = [], False
    for char in pattern:
        if char == "[" and not inside:
            inside = True
        elif char == "]" and inside:
            inside = False
        elif not inside and char.lower() != char.upper():
            char = f"[{char.lower()}{char.upper()}]"
        out.append(char)
    return "".join(out)


def _is_pattern(name: str) -> bool:
    return any(char in name for char in "*?[")


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: the reader will name it
        return path.absolute()


def _walk(folder: Path, files: Files) -> list[Path]:
    """The response files under ``folder``; unreadable subfolders are named and counted."""
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        where = error.filename or folder
        reason = "permission denied" if isinstance(error, PermissionError) else \
            (error.strerror or str(error)).lower()
        warn(f"{where}: folder cannot be read ({reason}); any responses in it were not read")
        files.skipped += 1

    for root, folders, names in os.walk(folder, onerror=unreadable):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(name).suffix.lower() in RESPONSE_SUFFIXES:
                found.append(Path(root) / name)
    return found


def read_all(paths: Sequence[Path], read: Callable[[Path], Any] | None = None,
             limit: int = 1) -> tuple[list[tuple[Path, Any]], int]:
    """Read every file with ``read`` (default: a whole response); a bad one is named on
    stderr with up to ``limit`` problems and skipped; of several files answering the same
    report, one is kept (``leave_out_copies``). Returns (good, bad count).

    Everything ``read`` gives is kept until the end (copies can only be told apart then):
    a command over a large folder should have ``read`` give only what it needs — a row,
    a line — with the report it answers first (see ``Answers``)."""
    files = ReadEach(paths, read, limit)
    good = list(files)
    return leave_out_copies(good), files.bad


def kept(cache: Any, make: Callable[[Path, bytes], Any], variant: tuple[str, ...] = (),
         depends: str = "") -> Callable[[Path], Any]:
    """A reader for ``read_all`` that gives what ``make(path, raw)`` gives (plain JSON data),
    kept in ``cache`` (see responder.cache) under the hash of the file's bytes, the
    ``variant`` asked for (options that change what ``make`` gives) and a hash of whatever
    else it ``depends`` on: a file unchanged since the last run is not read again. ``make``
    gets the very bytes that were hashed, so what is kept always belongs to its key."""
    from ..cache import digest
    from ..response.files import read_response_bytes

    def read(path: Path) -> Any:
        raw = read_response_bytes(path)
        key = "\0".join((digest(raw), *variant, depends))
        # The file's entry for the same variant but older content is dropped (Cache.save).
        of = "\0".join((str(path.absolute()), *variant))  # no need to resolve links here
        found = cache.get(key, of)
        if found is None:
            found = make(path, raw)
            cache.put(key, found, of)
        return found

    return read


@dataclass(frozen=True)
class Answers:
    """The report a file answers and its force, as ``leave_out_copies`` compares them: put
    first in a tuple ``read`` gives, so the whole response need not be kept."""

    force: str
    title: str
    published: dt.date | None

    @classmethod
    def of(cls, response: Any) -> Answers:
        return cls(response.force.name, response.report.title, response.report.published)

    def to_json(self) -> list[Any]:
        return [self.force, self.title, self.published.isoformat() if self.published else None]

    @classmethod
    def from_json(cls, data: list[Any]) -> Answers:
        return cls(data[0], data[1], dt.date.fromisoformat(data[2]) if data[2] else None)


class ReadEach:
    """The good files of ``paths`` as (path, what ``read`` gives), read one at a time as
    they are asked for, so a folder of a thousand responses never sits in memory at once;
    a bad one is named on stderr with up to ``limit`` problems and counted in ``bad``."""

    def __init__(self, paths: Sequence[Path], read: Callable[[Path], Any] | None = None,
                 limit: int = 1):
        self.paths, self.read, self.limit = paths, read, limit
        self.bad = getattr(paths, "skipped", 0)  # unreadable subfolders expand_files met

    def __iter__(self) -> Iterator[tuple[Path, Any]]:
        from ..errors import InputError, ValidationFailed

        read = self.read
        if read is None:
            from ..response.reading import read
        for path in self.paths:
            try:
                yield path, read(path)
            except ValidationFailed as exc:
                warn(*exc.lines(limit=self.limit))
                self.bad += 1
            except InputError as exc:
                warn(str(exc))
                self.bad += 1


# Names a copy gets from Windows Explorer, macOS Finder, Word and the like.
_COPY_NAME = re.compile(r"(?: - copy(?: \(\d+\))?|[ _-]?\(\d+\)| copy(?: \d+)?)$|^copy of ",
                        re.IGNORECASE)


def looks_like_a_copy(path: Path) -> bool:
    """"ashdown - Copy.yaml", "ashdown (2).yaml", "Copy of ashdown.yaml", "ashdown copy.yaml"."""
    return bool(_COPY_NAME.search(path.stem))


def report_answered(read: Any) -> tuple[str, str, Any] | None:
    """The report a file answers — force, title and publication date, as compared — from
    what a reader gave (a response, a header, or a tuple starting with one); None if unknown."""
    if isinstance(read, tuple) and read:
        return report_answered(read[0])
    if isinstance(read, Answers):
        return _fold(read.force), _fold(read.title), read.published
    report = getattr(read, "report", None)
    if report is None:
        return None
    force = getattr(read, "force", None)
    name = force.get("name") if isinstance(force, dict) else getattr(force, "name", None)

    return _fold(name), _fold(report.title), report.published


def _fold(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def leave_out_copies(results: list[tuple[Path, Any]]) -> list[tuple[Path, Any]]:
    """Each report once: of files answering the same report (same force, title and
    publication date — an officer's "ashdown - Copy.yaml", a fresh import beside the worked
    response), use the one with the work in it, else the one whose name does not look like
    a copy, else the first by name; name each other one on stderr in one line, saying why
    (see responder.duplicates). Two copies holding different work stop the command (exit 2),
    naming both. Counted twice, they would double a committee paper's figures and a
    calendar's events; the emptier one used, they would hide the office's work."""
    groups: dict[tuple[str, str, Any], list[Path]] = {}
    for path, read in results:
        key = report_answered(read)
        if key is not None:
            groups.setdefault(key, []).append(path)
    left_out: set[Path] = set()
    for paths in groups.values():
        if len(paths) < 2:
            continue
        # By name without the suffix, as Explorer lists them: "ashdown" before "ashdown v2".
        named = sorted(range(len(paths)), key=lambda i: (
            looks_like_a_copy(paths[i]), paths[i].stem.casefold(), str(paths[i])))
        works = _works(paths)
        choice = None if works is None else choose_copy(works, named)
        if choice is not None and choice.clash is not None:
            a, b = (paths[i] for i in choice.clash)
            assert works is not None
            raise UsageError(
                f"{a} and {b} answer the same report, each with work the other does not have "
                f"({a.name}: {works[choice.clash[0]].describe()}; {b.name}: "
                f"{works[choice.clash[1]].describe()}); copy what one holds into the other, "
                "then move the other out of the folder")
        keep = paths[named[0]] if choice is None or choice.keep is None else paths[choice.keep]
        for index, path in enumerate(paths):
            if path is keep:
                continue
            other = keep.name if keep.parent == path.parent else str(keep)
            if choice is not None and choice.because and works is not None:
                mine = works[index].describe()
                theirs = works[paths.index(keep)].describe()
                warn(f"{path}: answers the same report as {other}; used {other}, which has the "
                     f"work in it ({theirs}; this one: {mine}); left this one out — keep one")
            else:
                warn(f"{path}: answers the same report as {other}; left out — keep one")
            left_out.add(path)
    return [(path, read) for path, read in results if path not in left_out]


def _works(paths: list[Path]) -> list[Any] | None:
    """The work in each copy (read in full: copies are rare), or None if one cannot be read."""
    from ..folders.duplicates import work_of
    from ..errors import ResponderError
    from ..response.reading import read

    try:
        return [work_of(read(path)) for path in paths]
    except ResponderError:
        return None


def choose_copy(works: list[Any], named: list[int]) -> Any:
    from ..folders.duplicates import choose

    return choose(works, named)
