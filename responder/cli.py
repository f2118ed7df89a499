"""The command line: parse, call the core, print, choose the exit code. Nothing else.

Heavy modules (pydantic, ruamel, python-docx, questionary, jinja2) are imported
inside the commands that need them, so ``responder --help`` and quick calls start fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import ExitCode, ResponderError, UsageError

PROG = "responder"


# ---------------------------------------------------------------- output helpers


def say(*lines: str) -> None:
    for line in lines:
        print(line)


def warn(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def long_date(day: dt.date) -> str:
    """5 February 2018."""
    return f"{day.day} {day:%B %Y}"


def iso_date(text: str) -> dt.date:
    """argparse type for YYYY-MM-DD, with a message a person understands."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2019-09-27"
        ) from None


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


# ---------------------------------------------------------------- commands


def cmd_validate(args: argparse.Namespace) -> int:
    from .errors import InputError, ValidationFailed
    from .store import read

    bad = 0
    for name in args.files:
        path = Path(name)
        try:
            response = read(path)
        except ValidationFailed as exc:
            warn(*exc.lines(limit=args.max_problems))
            bad += 1
            continue
        except InputError as exc:
            warn(str(exc))
            bad += 1
            continue
        if not args.quiet:
            say(f"{name}: valid — {summary_line(response)}")
    return ExitCode.BAD_INPUT if bad else ExitCode.OK


def summary_line(response: object) -> str:
    from .model import Response

    assert isinstance(response, Response)
    counts = {"area_for_improvement": 0, "cause_of_concern": 0, "recommendation": 0}
    for _, finding in response.walk_findings():
        counts[finding.kind] += 1
    sections = sum(1 for _ in response.walk_sections())
    published = (
        f"published {long_date(response.report.published)}"
        if response.report.published else "publication date not set"
    )
    parts = [
        f"{response.report.title} ({response.force.name}), {published}",
        f"{sections} section{'s' * (sections != 1)}",
        _count(counts["cause_of_concern"], "cause of concern", "causes of concern"),
        _count(counts["recommendation"], "recommendation", "recommendations"),
        _count(counts["area_for_improvement"], "area for improvement", "areas for improvement"),
    ]
    return "; ".join(parts)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def cmd_new(args: argparse.Namespace) -> int:
    from .newfile import NewResponse, answers_from, create

    values = {
        "body": args.body, "holder": args.holder, "role": args.role, "short_role": args.short_role,
        "force": args.force_name, "force_short": args.force_short, "chief": args.chief,
        "title": args.title, "published": args.published, "kind": args.kind,
        "grades": args.grades, "shape": args.shape,
    }
    missing = NewResponse.missing(values)
    if missing:
        if not is_terminal():
            flags = ", ".join(f"--{name.replace('_', '-')}" for name in missing)
            raise UsageError(f"new: missing {flags} (or run it in a terminal to be asked)")
        from .interview import ask_new_response

        values = ask_new_response(values)
    path = Path(args.file)
    response = create(path, answers_from(values))
    say(f"Created {path}: {summary_line(response)}")
    if response.report.published is None:
        warn("No publication date yet: set report.published so the 56-day deadline can be worked out.")
    return ExitCode.OK


# ---------------------------------------------------------------- render (issue 5)


def cmd_render(args: argparse.Namespace) -> int:
    from .quickread import read
    from .render import default_output, render, write_output

    source = Path(args.file)
    response = read(source)
    fmt = args.format
    if args.output and not args.format:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        fmt = suffix if suffix in ("docx", "html") else "docx"
    fmt = fmt or "docx"
    target = Path(args.output) if args.output else default_output(source, fmt, args.full)
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


def cmd_templates_export(args: argparse.Namespace) -> int:
    from .render import export_templates

    copied = export_templates(Path(args.folder))
    say(f"Copied {len(copied)} templates to {args.folder}:", *(f"  {p.name}" for p in copied))
    say(f"Edit them, then render with --templates {args.folder}")
    return ExitCode.OK


def _add_render_parser(commands: argparse._SubParsersAction, command: Callable) -> None:
    sub = command("render", cmd_render, "write the response as a Word document or a web page")
    sub.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    sub.add_argument("-o", "--output", metavar="OUT",
                     help="where to write (default: next to FILE, e.g. FILE.docx)")
    sub.add_argument("--shape", choices=["letter", "statement"], default=None,
                     help="a covering letter with appendix, or a published statement "
                     "(default: letter if the file has a letter section)")
    sub.add_argument("--format", choices=["docx", "html"], default=None,
                     help="Word document (default) or one accessible web page")
    sub.add_argument("--full", action="store_true",
                     help="include withheld passages, marked RESTRICTED – NOT FOR PUBLICATION "
                     "(default: the public version, which leaves them out)")
    sub.add_argument("--letterhead", metavar="BASE.docx",
                     help="start from the office's own Word document (its styles, header, "
                     "footer and logo)")
    sub.add_argument("--templates", metavar="DIR",
                     help="a folder of the office's own templates, used before the bundled ones")
    sub.add_argument("--today", type=iso_date, default=None,
                     help="the date to use when the file gives none (YYYY-MM-DD; default today)")

    sub = commands.add_parser("templates", help="copy the bundled templates to adapt them",
                              description="copy the bundled templates to adapt them")
    sub.set_defaults(run=lambda _args, _sub=sub: (_sub.print_help(), ExitCode.BAD_INPUT)[1])
    actions = sub.add_subparsers(title="actions", metavar="ACTION")
    export = actions.add_parser("export", help="copy the bundled templates into DIR",
                                description="copy the bundled templates into DIR")
    export.add_argument("folder", metavar="DIR", help="the folder to copy them into")
    export.set_defaults(run=cmd_templates_export)


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Answer an HMICFRS inspection report on time, as section 55 of the "
        "Police Act 1996 requires.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    sub = command("validate", cmd_validate, "check that response files are well formed")
    sub.add_argument("files", nargs="+", metavar="FILE", help="response files (.yaml)")
    sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    sub.add_argument("--max-problems", type=int, default=5, metavar="N",
                     help="problems to show per file (default 5)")

    sub = command("new", cmd_new, "start a new response file (asks for what is missing)")
    sub.add_argument("file", metavar="FILE", help="the response file to create, e.g. peel-2025.yaml")
    sub.add_argument("--body", help="the local policing body, e.g. 'Office of the Police and "
                     "Crime Commissioner for Wessex'")
    sub.add_argument("--holder", help="who holds the office, e.g. 'Jane Smith'")
    sub.add_argument("--role", help="the holder's role, e.g. 'Police and Crime Commissioner for Wessex'")
    sub.add_argument("--short-role", help="short label for the body's comments, e.g. PCC")
    sub.add_argument("--force", dest="force_name", help="the police force, e.g. 'Wessex Police'")
    sub.add_argument("--force-short", help="short name of the force, e.g. WP")
    sub.add_argument("--chief", help="the chief officer's name")
    sub.add_argument("--title", help="the inspection report's title")
    sub.add_argument("--published", type=iso_date, help="the report's publication date, YYYY-MM-DD")
    sub.add_argument("--kind", choices=["peel", "thematic", "joint", "other"], default=None)
    sub.add_argument("--grades", choices=["peel-2014", "peel-2021", "none"], default=None,
                     help="the report's grading scale")
    sub.add_argument("--shape", choices=["letter", "statement"], default=None,
                     help="a covering letter to the Home Secretary, or a published statement")
    _add_render_parser(commands, command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return ExitCode.BAD_INPUT
    try:
        return int(args.run(args))
    except ResponderError as exc:
        if args.debug:
            raise
        from .errors import ConflictError, InputError

        located = isinstance(exc, InputError | ConflictError)
        warn(str(exc) if located else f"{PROG}: {exc}")
        return int(exc.exit_code)
    except KeyboardInterrupt:
        if args.debug:
            raise
        warn(f"{PROG}: interrupted")
        return 130
