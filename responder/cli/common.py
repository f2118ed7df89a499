"""What every command shares: printing, typed dates, terminals, and reading many files."""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..dates import EXAMPLE, parse_date
from ..errors import UsageError

DATE_METAVAR = "DATE"
DATE_HELP = f"({EXAMPLE}; day first)"


def say(*lines: str) -> None:
    for line in lines:
        print(line)


def say_json_list(items: Iterable[Any]) -> None:
    """Print ``json.dumps(list(items), indent=2, ensure_ascii=False)``, an item at a time:
    the same text, without holding all of it (12 MB for a thousand deadlines)."""
    import json

    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        print(("[\n  " if first else ",\n  ") + text, end="")
        first = False
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
    for name in names:
        path = Path(name)
        if _is_pattern(name) and not path.exists():
            # glob.glob, not Path.glob: the pattern may be absolute (C:\Policy\*.yaml).
            matches = sorted(glob.glob(name, recursive=True))  # noqa: PTH207
            if not matches:
                warn(f"{name}: no files match this pattern")
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
    if names and not files:
        typed = ", ".join(repr(name) for name in names)
        raise UsageError(f"no response files (*.yaml, *.yml) in {typed}")
    return files


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
    stderr with up to ``limit`` problems and skipped. Returns (good, bad count)."""
    files = ReadEach(paths, read, limit)
    good = list(files)
    return good, files.bad


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
            from ..store import read
        for path in self.paths:
            try:
                yield path, read(path)
            except ValidationFailed as exc:
                warn(*exc.lines(limit=self.limit))
                self.bad += 1
            except InputError as exc:
                warn(str(exc))
                self.bad += 1
