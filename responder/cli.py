"""The command line: parse, call the core, print, choose the exit code. Nothing else.

Heavy modules (pydantic, ruamel, python-docx, questionary, jinja2) are imported
inside the commands that need them, so ``responder --help`` and quick calls start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .dates import long_date
from .errors import ExitCode, ResponderError, UsageError

if TYPE_CHECKING:
    from .deadline import DeadlineConfig

PROG = "responder"


# ---------------------------------------------------------------- output helpers


def say(*lines: str) -> None:
    for line in lines:
        print(line)


def warn(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


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
    good, bad = read_all([Path(name) for name in args.files], limit=args.max_problems)
    if not args.quiet:
        for path, response in good:
            say(f"{path}: valid — {summary_line(response)}")
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
    title = response.report.title
    if response.force.name.lower() not in title.lower():
        title += f" ({response.force.name})"
    parts = [
        f"{title}, {published}",
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

    values: dict[str, object] = {
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
    say(f"Created {path} for {response.report.title!r}.")
    say(f"Next: import the report's findings with `responder import REPORT --merge {path}`,",
        "or add sections and findings to the file by hand (see docs/format.md).")
    if response.report.published is None:
        warn("No publication date yet: set report.published so the 56-day deadline can be worked out.")
    return ExitCode.OK


def cmd_interview(args: argparse.Namespace) -> int:
    from .errors import NeedsTerminal

    path = Path(args.file)
    if not is_terminal():
        raise NeedsTerminal(
            f"interview needs a terminal; to answer without one, edit {args.file} in a text editor"
        )
    from .interview import run_interview

    gc.enable()  # a long session: collect garbage as usual (see run())

    result = run_interview(path, role=args.role, section=args.section,
                           only_missing=args.only_missing, review=args.review,
                           today=args.today or dt.date.today())
    if result.code == 130:
        warn(*result.lines)
    else:
        say(*result.lines)
    return result.code


def _add_interview_parser(command: Callable[..., argparse.ArgumentParser]) -> None:
    sub = command("interview", cmd_interview,
                  "answer a response finding by finding at the terminal (saves after every answer)")
    sub.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    sub.add_argument("--role", choices=["force", "commissioner"],
                     help="whose comments you are writing (asked when not given)")
    sub.add_argument("--section", metavar="ID",
                     help="only this section (and the sections inside it), e.g. s2")
    sub.add_argument("--only-missing", action="store_true",
                     help="only what this voice has not answered yet")
    sub.add_argument("--review", action="store_true",
                     help="step through the answers already given; change one only if you choose")
    sub.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                     help="count the days left from this date instead of today")


# ---------------------------------------------------------------- render (issue 5)


def cmd_render(args: argparse.Namespace) -> int:
    from .render import default_output, render, write_output
    from .store import read

    source = Path(args.file)
    response = read(source)
    fmt = args.format
    if args.output and not args.format:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix not in ("docx", "html"):
            raise UsageError(f"render: cannot tell the format from {args.output!r}; "
                             "name it .docx or .html, or give --format")
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
    from .errors import InputError, ValidationFailed

    if read is None:
        from .store import read
    good, bad = [], 0
    for path in paths:
        try:
            good.append((path, read(path)))
        except ValidationFailed as exc:
            warn(*exc.lines(limit=limit))
            bad += 1
        except InputError as exc:
            warn(str(exc))
            bad += 1
    return good, bad


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from .check import ERROR, check
    from .errors import display_path

    today = args.today or dt.date.today()
    results, bad = read_all(expand_files(args.files))
    records, errors, warnings = [], 0, 0
    for path, response in results:
        name = display_path(path)
        problems = check(response, today, strict=args.strict)  # type: ignore[arg-type]
        for problem in problems:
            records.append(problem.as_dict(name))
            if not args.json:
                say(f"{name}: {problem.place}: {problem.code} {problem.severity}: {problem.message}")
        n_errors = sum(p.severity == ERROR for p in problems)
        errors += n_errors
        warnings += len(problems) - n_errors
        if not args.json:
            say(f"{name}: " + (_problem_count(n_errors, len(problems) - n_errors)
                               if problems else "no problems found"))
    if args.json:
        say(json.dumps(records, indent=2, ensure_ascii=False))
    if bad:
        return ExitCode.BAD_INPUT
    if errors or (args.strict and warnings):
        return ExitCode.PROBLEMS
    return ExitCode.OK


def _problem_count(errors: int, warnings: int) -> str:
    from .dates import plural

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def cmd_status(args: argparse.Namespace) -> int:
    import json

    from .status import rows, table_plain, table_rich

    today = args.today or dt.date.today()
    results, bad = read_all(expand_files(args.files))
    found = rows(results, today)  # type: ignore[arg-type]
    if args.json:
        say(json.dumps([row.as_dict() for row in found], indent=2, ensure_ascii=False))
    elif not found:
        say("No responses found.")
    elif sys.stdout.isatty():
        from rich.console import Console

        Console().print(table_rich(found, today))
    else:
        say(*table_plain(found, today))
    return ExitCode.BAD_INPUT if bad else ExitCode.OK
# ---------------------------------------------------------------- deadline
# Kept fast: the --published path imports only the deadline module and the bank holidays;
# files bring in the header reader (pydantic, ruamel) and --ics the icalendar package.


def cmd_deadline(args: argparse.Namespace) -> int:
    from . import deadline as dl

    today = _deadline_date(args.today, "--today") if args.today else dt.date.today()
    published = [_deadline_date(text, "--published") for text in args.published or []]
    if not published and not args.paths:
        raise UsageError("deadline: give --published YYYY-MM-DD, or response files or folders")
    config = _deadline_config(args.config)

    rows: list[tuple[str | None, dl.Assessment]] = [
        (None, dl.assess_date(day, today, config)) for day in published
    ]
    files = _deadline_files(args.paths)
    if args.paths and not files:
        raise UsageError("deadline: no response files (*.yaml, *.yml) in "
                         + ", ".join(repr(p) for p in args.paths))

    def assess_file(path: Path) -> dl.Assessment:
        from .header import read_header

        header = read_header(path)
        return dl.assess(header, today, config, source=path, line=header.report_line)

    assessed, bad = read_all(files, assess_file, limit=3)
    rows += [(str(path), item) for path, item in assessed]

    if args.json:
        import json

        say(json.dumps([item.to_json(file) for file, item in rows], indent=2, ensure_ascii=False))
    elif rows:
        _deadline_print(rows, today)
    if args.ics:
        _deadline_ics(Path(args.ics), rows, config)
    if bad:
        return ExitCode.BAD_INPUT
    return ExitCode.PROBLEMS if any(item.is_late for _, item in rows) else ExitCode.OK


def _deadline_date(text: str, flag: str) -> dt.date:
    from .deadline import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"deadline: {flag}: {exc}") from None


def _deadline_config(explicit: str | None) -> DeadlineConfig:
    from . import config
    from .deadline import DeadlineConfig

    settings, source = config.load(Path(explicit) if explicit else None)
    if "deadline" not in settings:
        return DeadlineConfig(source=source)
    return DeadlineConfig.from_mapping(settings["deadline"], source)


def _deadline_files(names: list[str]) -> list[Path]:
    """The files to read, as ``expand_files`` finds them, each once."""
    seen: set[Path] = set()
    files = []
    for path in expand_files(names):
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)
    return files


def _deadline_print(rows: list, today: dt.date) -> None:
    from . import deadline_text as text

    if len(rows) == 1:
        say(*text.detail(rows[0][0], rows[0][1], today))
        return
    if sys.stdout.isatty():
        from rich import box
        from rich.console import Console
        from rich.table import Table

        colours = {"overdue": "bold red", "published_late": "red", "due_soon": "yellow",
                   "published_on_time": "green"}
        table = Table(box=box.SIMPLE_HEAD)
        for i, heading in enumerate(text.HEADINGS):
            # Only the file name folds; dates and statuses stay whole.
            table.add_column(heading, justify="right" if i == 2 else "left",
                             overflow="fold", no_wrap=i > 0)
        for (_, item), cells in zip(rows, text.table_rows(rows), strict=True):
            table.add_row(*cells, style=colours.get(item.status))
        console = Console(highlight=False)
        console.print(table)
        for line in text.notes(rows, today):
            console.print(line, markup=False)
        return
    say(*text.plain_table(rows))
    notes = text.notes(rows, today)
    if notes:
        say("", *notes)


def _deadline_ics(path: Path, rows: list, config: DeadlineConfig) -> None:
    from .errors import InputError
    from .ics import calendar
    from .store import atomic_write

    data = calendar(rows, dt.datetime.now(dt.timezone.utc), config.alarm_days)
    if not path.parent.is_dir():
        raise InputError(path, "cannot write the calendar: the folder does not exist")
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise InputError(path, f"cannot write the calendar ({exc.strerror or exc})") from None
    warn(f"Wrote {plural_events(rows)} to {path}")


def plural_events(rows: list) -> str:
    n = sum(len(item.milestones) + 1 for _, item in rows)
    return f"{n} calendar event{'s' * (n != 1)}"


def _add_deadline_parser(commands: argparse._SubParsersAction, command: Callable) -> None:
    sub = command(
        "deadline", cmd_deadline,
        "the 56-day deadline (s55(5A)) and milestones for reports or response files",
    )
    sub.description = (
        "Work out the last day to publish a response (publication day + 55 days), the last "
        "working day before it, and the milestones on the way. Exit code 0: nothing overdue "
        "or late; 1: something is overdue or was published late; 2: an input was bad."
    )
    sub.add_argument("paths", nargs="*", metavar="FILE|FOLDER",
                     help="response files, or folders of them (*.yaml, *.yml)")
    sub.add_argument("--published", action="append", metavar="YYYY-MM-DD",
                     help="a report's publication date, for a quick answer (may be repeated)")
    sub.add_argument("--today", metavar="YYYY-MM-DD", help="count from this day instead of today")
    sub.add_argument("--json", action="store_true", help="print JSON for scripts")
    sub.add_argument("--ics", metavar="OUT.ics", help="also write an iCalendar file of the dates")
    sub.add_argument("--config", metavar="FILE",
                     help="settings file (default: responder.toml here, else in your "
                     "user config folder)")

    def one_line_error(message: str) -> None:
        # A calendar script's log gets one line it can act on, and exit code 2.
        warn(f"{PROG} deadline: {message} (see '{PROG} deadline --help')")
        sys.exit(ExitCode.BAD_INPUT)

    sub.error = one_line_error  # type: ignore[method-assign]


# ---------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .importing import import_report
    from .importing.summary import counts, summary_tree
    from .store import build_tree, dump, to_plain, write_new

    if args.merge and args.output:
        raise UsageError("import: use either -o FILE (a new response) or --merge FILE "
                         "(an existing one), not both")
    report = Path(args.report)
    with _import_progress() as progress:
        result = import_report(report, progress)
    response = result.response
    if args.force_name:
        response.force.name = args.force_name
    if args.body:
        response.body.name = args.body
        result.warnings = [w for w in result.warnings if not w.startswith("body.name")]
    console = _console()
    if args.merge:
        from .importing.reissue import merge_into
        from .store import load

        document = load(Path(args.merge))
        changes = merge_into(document.response, response)
        document.save()
        console.print(summary_tree(document.response))
        if changes:
            say(f"Updated {args.merge}:", *(f"  {line}" for line in changes))
        else:
            say(f"{args.merge}: already up to date with {report.name}")
        # The file's own body and force stand; other warnings still apply.
        warn(*(f"warning: {line}" for line in result.warnings
               if not line.startswith(("body.name", "no force named"))
               and not (line.startswith("no publication date")
                        and document.response.report.published)))
        return ExitCode.OK
    output = Path(args.output) if args.output else Path(report.stem + ".yaml")
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(output, "a response file's name should end in .yaml")
    if output.exists():
        raise InputError(output, "already exists; choose another name with -o, or use "
                         "--merge to update it from this report")
    write_new(output, dump(build_tree(to_plain(response))))
    console.print(summary_tree(response))
    found = counts(f for s in _all_sections(response) for f in s.findings)
    say(f"Wrote {output}: {found} from {report.name} ({result.format}); comments are empty, "
        "ready for the interview.")
    warn(*(f"warning: {line}" for line in result.warnings))
    return ExitCode.OK


def _all_sections(response: object) -> list:
    from .model import Response

    assert isinstance(response, Response)
    return [section for _, section in response.walk_sections()]


def _console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    # Piped or captured output keeps whole lines; a terminal wraps them at its width.
    return Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 200)


class _import_progress:
    """A progress bar for long PDFs, on a terminal only; a callback the reader calls per page."""

    LONG = 20  # pages

    def __enter__(self):  # type: ignore[no-untyped-def]
        self.bar = None
        self.task = None
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.LONG or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(file=sys.stderr), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Reading the PDF", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _add_import_parser(commands, command) -> None:  # type: ignore[no-untyped-def]
    sub = command("import", cmd_import, "read an inspection report (.pdf, .docx, .html, .txt) "
                  "into a response file")
    sub.add_argument("report", metavar="REPORT", help="the report: PDF, Word, web page or text")
    sub.add_argument("-o", "--output", metavar="FILE",
                     help="the response file to write (default: the report's name with .yaml, "
                     "in the current folder); never overwritten")
    sub.add_argument("--merge", metavar="FILE",
                     help="update this existing response from a corrected or re-issued report, "
                     "keeping every comment")
    sub.add_argument("--force", dest="force_name", metavar="NAME",
                     help="the force's name, when the report does not state it")
    sub.add_argument("--body", metavar="NAME",
                     help="the local policing body's name (otherwise worked out from the force)")


def _add_new_parser(command: Callable[..., argparse.ArgumentParser]) -> None:
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


def _add_validate_parser(command: Callable[..., argparse.ArgumentParser]) -> None:
    sub = command("validate", cmd_validate, "check that response files are well formed")
    sub.add_argument("files", nargs="+", metavar="FILE", help="response files (.yaml)")
    sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    sub.add_argument("--max-problems", type=int, default=5, metavar="N",
                     help="problems to show per file (default 5)")


def _add_check_parser(command: Callable[..., argparse.ArgumentParser]) -> None:
    sub = command("check", cmd_check, "check a response is compliant, complete and on time")
    sub.add_argument("files", nargs="+", metavar="FILE", help="response files or folders")
    sub.add_argument("--json", action="store_true", help="print a JSON list of problems")
    sub.add_argument("--strict", action="store_true",
                     help="treat warnings as failures, and unanswered findings as errors")
    sub.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                     help="check as of this date instead of today")


def _add_status_parser(command: Callable[..., argparse.ArgumentParser]) -> None:
    sub = command("status", cmd_status, "one line per response: deadline and progress")
    sub.add_argument("files", nargs="+", metavar="FILE|FOLDER", help="response files or folders")
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sub.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                     help="report as of this date instead of today")


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

    # In the order of the work: start, import, answer, check, track, render.
    _add_new_parser(command)
    _add_import_parser(commands, command)
    _add_interview_parser(command)
    _add_validate_parser(command)
    _add_check_parser(command)
    _add_status_parser(command)
    _add_deadline_parser(commands, command)
    _add_render_parser(commands, command)
    return parser


def run() -> None:
    """The console script (and ``python -m responder``): main(), tuned for a short process.

    A command lasts a fraction of a second and the operating system reclaims its
    memory at exit, so the cyclic garbage collector only costs time (about a tenth of
    a render); the interview, which lasts as long as someone is typing, turns it back
    on. And once main() returns, every file is written, closed and unlocked, so we
    leave without the interpreter's teardown, which frees every object one by one:
    about 90 ms on a large render.
    """
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away, or the stream is closed
        pass
    os._exit(code)


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
    except BrokenPipeError:
        # The reader stopped early (`responder status … | head`): that is its choice, not a
        # failure. Point stdout at nothing so the final flush cannot complain again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except KeyboardInterrupt:
        if args.debug:
            raise
        warn(f"{PROG}: interrupted")
        return 130
