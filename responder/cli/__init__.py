"""The command line: one table of commands, a module each, imported only when it runs.

Each command module (``responder/cli/<name>.py``) has ``add_arguments(parser)`` and
``run(args) -> int``: it parses, calls the capability, prints and picks the exit code.
``responder --help`` reads only the table below, so adding a command never slows the
others' start-up (the pattern pip uses). Heavy libraries (pydantic, ruamel, python-docx,
questionary, jinja2) are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NamedTuple, NoReturn

from .. import __version__
from ..errors import ExitCode, ResponderError

PROG = "responder"


class Command(NamedTuple):
    module: str
    summary: str


# In the order of the office's work: set up, start, answer, check, publish, afterwards.
COMMANDS: dict[str, Command] = {
    "profile": Command("profile", "the office's name, address, signatory and letterhead, "
                       "shared by every response"),
    "new": Command("new", "start a new response file (asks for what is missing)"),
    "import": Command("import_report", "read an inspection report (.pdf, .docx, .html, .txt) "
                      "into a response file"),
    "interview": Command("interview", "answer a response finding by finding at the terminal "
                         "(saves after every answer)"),
    "returns": Command("returns", "a Word or Excel form for the force (make), and its answers "
                       "brought back into the response (read)"),
    "validate": Command("validate", "check that response files are well formed"),
    "check": Command("check", "check a response is compliant, complete and on time"),
    "status": Command("status", "every response at a glance: deadline and progress"),
    "deadline": Command("deadline", "the 56-day deadline (s55(5A)) and milestones for reports "
                        "or response files"),
    "record": Command("record", "record what was done and when: chief officer invited, "
                      "published, copies sent, …"),
    "render": Command("render", "write the response as a Word document, a web page or a PDF"),
    "translate": Command("translate", "the passages still to be put into Welsh, for the "
                         "translator (make: XLIFF or Excel), and the Welsh brought back (read)"),
    "templates": Command("templates", "copy the bundled templates, for an office to adapt "
                         "(then render --templates DIR)"),
    "track": Command("track", "keep the register after publication: owner, target date, "
                     "status, RAG and updates for each finding"),
    "progress": Command("progress", "the committee's progress paper on the register "
                        "(Word, web page or PDF)"),
    "site": Command("site", "the office's website pages and open data: every published "
                    "response, its timeliness and its progress"),
}


# A command whose first word after it names an action kept in a module of its own:
# (command, action) -> module. `track FILE` stays as it was; `track requests …` and
# `track read …` load cli/track_requests.py.
ACTIONS: dict[tuple[str, str], str] = {("track", "requests"): "track_requests",
                                       ("track", "read"): "track_requests"}


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake in the call is one line naming the command, and exit 2."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see '{self.prog} --help')", file=sys.stderr)
        sys.exit(ExitCode.BAD_INPUT)


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in argv: the first word that is not an option."""
    for word in argv:
        if not word.startswith("-"):
            return word
    return None


def chosen_action(argv: Sequence[str], name: str | None) -> str | None:
    """The module for ``name``'s action when argv names one kept apart (ACTIONS)."""
    words = [word for word in argv if not word.startswith("-")]
    if name is None or len(words) < 2:
        return None
    return ACTIONS.get((name, words[1]))


def build_parser(name: str | None = None, module_name: str | None = None) -> argparse.ArgumentParser:
    """The parser, with every command listed and only ``name``'s options loaded."""
    parser = Parser(
        prog=PROG,
        description="Answer an HMICFRS inspection report on time, as section 55 of the "
        "Police Act 1996 requires.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    for each, command in COMMANDS.items():
        sub = commands.add_parser(each, help=command.summary, description=command.summary)
        if each == name:
            module = importlib.import_module(f"{__name__}.{module_name or command.module}")
            sub.set_defaults(run=module.run)
            module.add_arguments(sub)  # may route to its own actions' functions
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    name = chosen_command(argv)
    if name is not None and name not in COMMANDS:
        near = difflib.get_close_matches(name, COMMANDS, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        print(f"{PROG}: no command '{name}'{hint}; '{PROG} --help' lists them", file=sys.stderr)
        return ExitCode.BAD_INPUT
    parser = build_parser(name, chosen_action(argv, name))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a mistake already printed as one line
        return exc.code if isinstance(exc.code, int) else ExitCode.BAD_INPUT
    if not hasattr(args, "run"):
        parser.print_help()
        return ExitCode.BAD_INPUT
    try:
        return int(args.run(args))
    except ResponderError as exc:
        if args.debug:
            raise
        from ..errors import ConflictError, InputError, printable

        located = isinstance(exc, InputError | ConflictError)
        print(printable(str(exc) if located else f"{PROG}: {exc}"), file=sys.stderr)
        return int(exc.exit_code)
    except BrokenPipeError:
        # The reader stopped early (`responder status … | head`): that is its choice, not a
        # failure. Point stdout at nothing so the final flush cannot complain again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except KeyboardInterrupt:
        if args.debug:
            raise
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


def run() -> None:
    """The console script (and ``python -m responder``): main(), tuned for a short process.

    A command lasts a fraction of a second and the operating system reclaims its
    memory at exit, so the cyclic garbage collector only costs time (about a tenth of
    a render); long commands (the interview) turn it back on. And once main() returns,
    every file is written, closed and unlocked, so we leave without the interpreter's
    teardown, which frees every object one by one: about 90 ms on a large render.
    """
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away, or the stream is closed
        pass
    os._exit(code)
