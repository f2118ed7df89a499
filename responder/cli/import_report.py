"""responder import REPORT: read an inspection report into a response file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import console, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("report", metavar="REPORT", help="the report: PDF, Word, web page or text")
    sub.add_argument("-o", "--output", metavar="FILE",
                     help="the response file to write (default: the report's name with .yaml, "
                     "in the current folder); never overwritten")
    sub.add_argument("--merge", metavar="FILE",
                     help="update this existing response from a corrected or re-issued report, "
                     "keeping every comment")
    sub.add_argument("--lang", choices=["en", "cy"], default="en",
                     help="cy: the report is the inspectorate's Welsh edition; with --merge FILE, "
                     "its words fill the Welsh of each finding, paired by structure (refused "
                     "where the structures differ)")
    sub.add_argument("--force", dest="force_name", metavar="NAME",
                     help="the force's name, when the report does not state it")
    sub.add_argument("--body", metavar="NAME",
                     help="the local policing body's name (otherwise from the office profile, "
                     "else worked out from the force)")
    sub.add_argument("--shape", choices=["letter", "statement"], default=None,
                     help="publish a covering letter to the Home Secretary with an appendix, or a "
                     "statement (default: a letter when the office profile names whom letters "
                     "go to)")


def run(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..importing import import_report
    from ..importing.summary import counts, summary_tree
    from ..response.roundtrip import build_tree, dump, to_plain
    from ..response.writing import write_new

    if args.merge and args.output:
        raise UsageError("import: use either -o FILE (a new response) or --merge FILE "
                         "(an existing one), not both")
    if args.lang == "cy" and not args.merge:
        raise UsageError("import: a Welsh edition fills the Welsh of a response already "
                         "imported from the English one: give --merge FILE")
    report = Path(args.report)
    if not args.merge:
        # Before reading the report (which takes a while): the command that works, exactly.
        output = Path(args.output) if args.output else Path(report.stem + ".yaml")
        if output.suffix.lower() not in (".yaml", ".yml"):
            raise InputError(output, "a response file's name should end in .yaml")
        if output.exists():
            from ..law.record import quoted

            raise InputError(output, "already exists; choose another name with -o, or update "
                             "it from this report: responder import "
                             f"{quoted(args.report)} --merge {quoted(str(output))}")
    with _import_progress() as progress:
        result = import_report(report, progress, lang=args.lang)
    if args.lang == "cy":
        return _merge_welsh(report, Path(args.merge), result.response)
    response = result.response
    filled = None
    if not args.merge:
        from ..drafting.profile import fill_imported

        filled = fill_imported(response, args.shape, result.warnings)
    if args.force_name:
        response.force.name = args.force_name
        from ..importing.addressees import address_to_force

        others = address_to_force((item for _, section in response.walk_sections()
                                   for finding in section.findings for item in finding.walk()),
                                  args.force_name)
        result.warnings += [f"{ref} is addressed to {other}, not {args.force_name}: "
                            "addressed_to says so, and a note is enough" for ref, other in others]
        result.warnings = [w for w in result.warnings
                           if not w.startswith(("no force named", "the report covers"))]
        if response.body.name.startswith("("):
            from ..importing.forces import body_for

            response.body.name = body_for(args.force_name)
            result.warnings.append(f"body.name was worked out from --force as "
                                   f"'{response.body.name}' — check it")
    if args.body:
        response.body.name = args.body
        result.warnings = [w for w in result.warnings if not w.startswith("body.name")]
    screen = console()
    if args.merge:
        from ..importing.reissue import NotThisReport, merge_into
        from ..response.editing import load

        document = load(Path(args.merge))
        try:
            changes = merge_into(document.response, response)
        except NotThisReport as exc:  # nothing changed, nothing written
            raise InputError(report, str(exc).format(file=args.merge)
                             + "; is this the right report? Nothing was changed") from None
        try:
            document.save()
        except OSError as exc:  # a full disk or read-only drive: the file stays as it was
            from ..response.outputs import write_error

            raise write_error(document.path, exc) from None
        screen.print(summary_tree(document.response))
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
    write_new(output, dump(build_tree(to_plain(response))))
    screen.print(summary_tree(response))
    found = counts(f for s in _all_sections(response) for f in s.findings)
    say(f"Wrote {output}: {found} from {report.name} ({result.how or result.format}); "
        "comments are empty, "
        "ready for the interview.")
    if filled:
        say(filled)
    _raised_before(output, response)
    warn(*(f"warning: {line}" for line in result.warnings))
    return ExitCode.OK


def _merge_welsh(report: Path, target: Path, edition: object) -> int:
    """The Welsh edition's words into the response, paired by structure; one save."""
    from ..errors import InputError
    from ..importing.welsh import StructureDiffers, merge_welsh
    from ..response.editing import load

    document = load(target)
    try:
        changes = merge_welsh(document.response, edition)  # type: ignore[arg-type]
    except StructureDiffers as exc:  # nothing changed, nothing written
        raise InputError(report, f"the Welsh edition does not match {target.name}: {exc}; "
                         "nothing was changed") from None
    try:
        document.save()
    except OSError as exc:
        from ..response.outputs import write_error

        raise write_error(document.path, exc) from None
    if changes:
        say(f"Filled the Welsh of {target} from {report.name}:", *(f"  {line}" for line in changes))
    else:
        say(f"{target}: its Welsh is already that of {report.name}")
    if not document.response.welsh:
        warn(f"warning: {target} does not say it is published in Welsh; add 'languages: [cy, en]' "
             "(or set languages in the office profile) to render and check its Welsh")
    return ExitCode.OK


def _raised_before(output: Path, response: object) -> None:
    """Findings an earlier report on the same force raised before (the folder, the archive)."""
    from ..compliance.recurring import find, for_file
    from ..errors import ResponderError

    try:
        matches = find(response, for_file(output))  # type: ignore[arg-type]
    except ResponderError as exc:  # the response is written; only the hint is lost
        warn(f"warning: could not look for findings raised before: {exc}")
        return
    if matches:
        say(f"{len(matches)} finding{'s' * (len(matches) != 1)} raised before, in other words "
            "(the interview shows what was said then):")
        for match in matches.values():
            say(f"  {match.ref}: raised before: {match.where}")


def _all_sections(response: object) -> list:
    from ..response.model import Response

    assert isinstance(response, Response)
    return [section for _, section in response.walk_sections()]


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
