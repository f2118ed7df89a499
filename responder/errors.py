"""The one family of errors meant for users.

The entry point catches these, prints ``str(error)`` as one line and exits with
``error.exit_code``. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # a check or deadline found problems
    BAD_INPUT = 2  # the input or the call was wrong


class ResponderError(Exception):
    exit_code = ExitCode.BAD_INPUT


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where (line, column, field path) and what."""

    message: str
    where: str = ""
    line: int | None = None  # 1-based
    column: int | None = None

    def format(self, path: Path | str | None) -> str:
        name = display_path(path)
        if self.line is not None:
            name += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return ": ".join(part for part in (name, self.where, self.message) if part)


class InputError(ResponderError):
    """Bad input: names the file, where in it, and what is wrong."""

    def __init__(
        self,
        path: Path | str | None,
        message: str,
        *,
        where: str = "",
        line: int | None = None,
        column: int | None = None,
    ):
        self.path = Path(path) if path is not None else None
        self.message = message
        self.problem = Problem(message, where, line, column)
        super().__init__(message)

    def __str__(self) -> str:
        if self.path is None:
            return ": ".join(p for p in (self.problem.where, self.message) if p)
        return self.problem.format(self.path)


class ValidationFailed(InputError):
    """A file that parsed but does not fit the format: one or more problems."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.problems = problems
        super().__init__(path, problems[0].message if problems else "invalid")

    def lines(self, limit: int = 5) -> list[str]:
        shown = [problem.format(self.path) for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            more = len(self.problems) - limit
            shown.append(f"{display_path(self.path)}: … and {more} more problem{'s' * (more != 1)}")
        return shown

    def __str__(self) -> str:
        return "\n".join(self.lines())


class ConflictError(ResponderError):
    """The file changed on disk since it was loaded; saving would overwrite someone's words."""

    def __init__(self, path: Path, message: str):
        self.path = path
        super().__init__(f"{display_path(path)}: {message}")


class UsageError(ResponderError):
    """The call itself was wrong (a flag's value, a missing argument)."""


class NeedsTerminal(ResponderError):
    pass


def display_path(path: Path | str | None) -> str:
    """A path as the user typed it, relative to the working folder when it is under it."""
    if path is None:
        return "<input>"
    path = Path(path)
    if not path.is_absolute():
        # As typed, tidied ("./sub/" -> "sub"); links are not followed, so a linked file
        # (or a link that loops) is named by the name the user gave.
        return os.path.normpath(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


# Control characters a terminal acts on (ESC starts a sequence that can retitle the window,
# clear the screen or colour what follows; BEL, the C1 controls), never shown from a file.
_CONTROL = None


def printable(text: str) -> str:
    """``text`` without the control characters a terminal would act on (line ends and tabs
    stay), as import strips them from a report: a response's words are shown, not obeyed."""
    global _CONTROL
    if _CONTROL is None:
        import re

        _CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    return _CONTROL.sub("", text) if not text.isprintable() else text
