"""What every command shares: printing, typed dates, terminals, and reading many files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..dates import EXAMPLE, parse_date

DATE_METAVAR = "DATE"
DATE_HELP = f"({EXAMPLE}; day first)"


def say(*lines: str) -> None:
    for line in lines:
        print(line)


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


def expand_files(names: Sequence[str]) -> list[Path]:
    """Files as given, and the *.yaml / *.yml files inside any folder given (sorted)."""
    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml")
                            and p.is_file() and not p.name.startswith("."))
        else:
            found.append(path)
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
        self.bad = 0

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
