"""responder progress FILE|FOLDER… -o PAPER.docx|.html|.pdf: the committee's progress paper."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import DATE_HELP, DATE_METAVAR, add_today, date_arg, expand_files, read_all, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "The \"HMICFRS update\" paper for a joint audit committee or a police and crime panel: "
        "a purpose, a summary across every report, then per report its grades and a table of "
        "findings with owner, target date, RAG, status and latest update (overdue ones marked), "
        "and what was completed or closed since the last paper. Withheld findings stay out, "
        "as in the published response.")
    sub.add_argument("files", nargs="+", metavar="FILE|FOLDER", help="response files or folders")
    sub.add_argument("-o", "--output", metavar="PAPER.docx|.html|.pdf",
                     help="the paper to write: Word (.docx), a web page (.html), or a PDF "
                     "(.pdf, through LibreOffice)")
    sub.add_argument("--since", type=date_arg, metavar=DATE_METAVAR,
                     help=f"list apart what was completed or closed on or after this date, "
                     f"usually the last paper's {DATE_HELP}")
    sub.add_argument("--committee", metavar="NAME", default="Joint Audit Committee",
                     help="the meeting the paper goes to (default: Joint Audit Committee)")
    sub.add_argument("--title", metavar="TEXT", help="the paper's title (default: HMICFRS update…)")
    sub.add_argument("--full", action="store_true",
                     help="include withheld findings, marked RESTRICTED (for a private session)")
    sub.add_argument("--json", action="store_true", help="print the paper's content as JSON")
    sub.add_argument("--templates", metavar="DIR", help="the office's own templates folder")
    add_today(sub, "date the paper and judge overdue as of")


def run(args: argparse.Namespace) -> int:
    from ..after.progress import build

    if not args.json and not args.output:
        raise UsageError("progress: say where to write the paper with -o PAPER.docx, "
                         "PAPER.html or PAPER.pdf, or print its content with --json")
    fmt = None
    if args.output:
        fmt = Path(args.output).suffix.lower().lstrip(".")
        if fmt not in ("docx", "html", "pdf"):
            raise UsageError(f"progress: {args.output}: the paper is written as .docx, .html "
                             "or .pdf")
    today = args.today or dt.date.today()
    if args.since and args.since > today:
        raise UsageError(f"progress: --since is after the paper's date ({today.isoformat()})")
    paths = expand_files(args.files)
    results, bad = read_all(paths)
    if bad:
        # A paper that silently leaves a report out would mislead the committee, so none is
        # written. One bad file is already named in one line above; several get a summary.
        if bad > 1:
            warn(f"progress: {bad} files could not be read; correct or remove them and run "
                 "again; no paper was written")
        return ExitCode.BAD_INPUT
    if not results:
        raise UsageError("progress: no response files (*.yaml) to report on in "
                         + ", ".join(args.files))
    paper = build(results, today, since=args.since, committee=args.committee,  # type: ignore[arg-type]
                  title=args.title, full=args.full)
    if args.json:
        import json

        say(json.dumps(paper.as_dict(), indent=2, ensure_ascii=False))
    if args.output:
        from ..after.paper import render_paper
        from ..errors import display_path
        from ..render import write_output
        from ..response.outputs import refuse_replacing_documents

        target = Path(args.output)
        refuse_replacing_documents(target, "the paper",
                                   "give another name with -o, or move it away first")
        rendered = render_paper(paper, fmt or "docx",
                                templates=Path(args.templates) if args.templates else None)
        # Never over a response, never more open than the responses it reports on.
        write_output(target, rendered.data, tuple(path for path, _ in results))
        kept = ""
        if paper.withheld:
            kept = ("; withheld findings marked RESTRICTED" if args.full
                    else "; withheld findings left out")
        (warn if args.json else say)(
            f"Wrote {display_path(target)} ({len(paper.reports)} report"
            f"{'s' * (len(paper.reports) != 1)}, {paper.totals.findings} findings, "
            f"{paper.totals.overdue} overdue{kept})")
        warn(*(f"warning: {line}" for line in rendered.warnings))
    return ExitCode.OK
