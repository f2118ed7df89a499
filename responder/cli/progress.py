"""responder progress FILE|FOLDER… -o PAPER.docx|.html|.pdf: the committee's progress paper."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import replace
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import DATE_HELP, DATE_METAVAR, add_today, date_arg, expand_files, read_all, say, warn

UPCOMING = "upcoming-inspections.toml"  # after/upcoming.FILE_NAME, without importing it


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "The \"HMICFRS update\" paper an office tables at its joint audit committee or police "
        "and crime panel: agenda item, committee, meeting date and title; 1 Purpose; 2 the "
        "force's PEEL inspection (how the grading works, the grades by column, a summary per "
        "area from the response, how the areas for improvement are followed up); 3 thematic "
        "inspections, with those notified for the coming months; 4 reports published since "
        "the last paper, their recommendations and what was done; contact officer; "
        "background documents; and the register of findings as an annex. Withheld findings "
        "stay out, as in the published response. The committee's name, contact officer and "
        "the paper's classification come from [office.committee] in the office profile.")
    sub.add_argument("files", nargs="+", metavar="FILE|FOLDER", help="response files or folders")
    sub.add_argument("-o", "--output", metavar="PAPER.docx|.html|.pdf",
                     help="the paper to write: Word (.docx), a web page (.html), or a PDF "
                     "(.pdf, through LibreOffice)")
    sub.add_argument("--item", metavar="TEXT", help="the agenda item, e.g. 06")
    sub.add_argument("--meeting-date", type=date_arg, metavar=DATE_METAVAR,
                     help=f"the meeting's date, printed on the paper {DATE_HELP}; without it "
                     "the paper is dated today and marked DRAFT")
    sub.add_argument("--as-of", type=date_arg, metavar=DATE_METAVAR,
                     help=f"judge overdue as of this date (default: the meeting date) {DATE_HELP}")
    sub.add_argument("--since", type=date_arg, metavar=DATE_METAVAR,
                     help=f"the last paper's date: reports published and findings completed or "
                     f"closed on or after it are listed apart {DATE_HELP}")
    sub.add_argument("--upcoming", metavar="FILE",
                     help="the office's file of inspections notified for the coming months "
                     f"(default: {UPCOMING} in the first folder given; see docs/register.md)")
    sub.add_argument("--committee", metavar="NAME",
                     help="the meeting the paper goes to (default: the office profile's, "
                     "else Joint Audit Committee)")
    sub.add_argument("--title", metavar="TEXT", help="the paper's title (default: HMICFRS update)")
    sub.add_argument("--full", action="store_true",
                     help="include withheld findings, marked RESTRICTED (for a private session)")
    sub.add_argument("--json", action="store_true", help="print the paper's content as JSON")
    sub.add_argument("--templates", metavar="DIR", help="the office's own templates folder")
    sub.add_argument("--lang", choices=["cy", "en"], default=None,
                     help="one language only: cy (Cymraeg) or en. Default: English, or, for an "
                     "office that publishes in Welsh and English (languages in the office "
                     "profile), both: PAPER-cy.docx and PAPER-en.docx, each saying the other "
                     "is available")
    add_today(sub, "date a draft paper")


def run(args: argparse.Namespace) -> int:
    from ..after import upcoming
    from ..after.progress import Contact, build
    from ..drafting import profile

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
    date = args.meeting_date or today
    if args.since and args.since > date:
        raise UsageError(f"progress: --since is after the paper's date ({date.isoformat()})")
    office = profile.load().office
    committee = office.committee
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
    source = Path(args.upcoming) if args.upcoming else upcoming.find(
        [Path(name) for name in args.files])
    notified = upcoming.load(source) if source is not None else []
    # Which papers: (language, suffix of the name, the other language it names), as render.
    both = "cy" in office.languages
    if args.lang:
        versions = [(args.lang, "", ({"cy": "en", "en": "cy"}[args.lang] if both else None))]
    elif both:
        versions = [("cy", "-cy", "en"), ("en", "-en", "cy")]
    else:
        versions = [("en", "", None)]
    templates = Path(args.templates) if args.templates else None
    papers, notes = [], []
    for lang, _suffix, _other in versions:
        welsh = committee.cy if lang == "cy" and committee.cy else None
        role = (welsh.contact_role if welsh else None) or committee.contact_role or ""
        contact = Contact(committee.contact, role,
                          committee.contact_email or "") if committee.contact else None
        tr, found = None, results
        if lang == "cy":
            from ..render.environment import translations
            from ..response.welsh import in_welsh

            tr, found = translations("cy", templates), []
            for path, response in results:
                shown, english = in_welsh(response)
                found.append((path, shown))
                notes += [f"{path}: {where}" for where in english]
        papers.append(build(
            found, today, since=args.since,  # type: ignore[arg-type]
            committee=args.committee or (welsh.name if welsh else None) or committee.name,
            title=args.title, full=args.full, meeting=args.meeting_date, as_of=args.as_of,
            item=args.item, contact=contact,
            classification=(welsh.classification if welsh else None) or committee.classification,
            upcoming=notified, upcoming_file=str(source) if source else None, tr=tr))
    if args.json:
        import json

        say(json.dumps(papers[-1].as_dict(), indent=2, ensure_ascii=False))
    if args.output:
        write_papers(args, papers, versions, fmt or "docx", templates, results, notes)
    return ExitCode.OK


def write_papers(args: argparse.Namespace, papers: list, versions: list, fmt: str,
                 templates: Path | None, results: list, notes: list[str]) -> None:
    """Every language rendered before any is written: both go to the committee, or neither."""
    from ..after.paper import render_paper
    from ..errors import display_path
    from ..render import write_output
    from ..response.outputs import refuse_replacing_documents

    output = Path(args.output)
    targets = [output.with_name(f"{output.stem}{suffix}{output.suffix}")
               for _, suffix, _ in versions]
    for target in targets:
        refuse_replacing_documents(target, "the paper",
                                   "give another name with -o, or move it away first")
    # Two languages as PDF: both Word papers first, then one start of LibreOffice.
    each = "docx" if fmt == "pdf" and len(versions) > 1 else fmt
    done = [render_paper(paper, each, templates=templates, lang=lang, other_language=other)
            for paper, (lang, _, other) in zip(papers, versions, strict=True)]
    if each != fmt:
        from ..render.pdf import docxs_to_pdfs

        pdfs = docxs_to_pdfs([made.data for made in done])
        done = [replace(made, data=pdf, format=fmt) for made, pdf in zip(done, pdfs, strict=True)]
    languages = {"cy": ", Cymraeg", "en": ", English"}
    for target, paper, rendered, (lang, _, _) in zip(targets, papers, done, versions,
                                                      strict=True):
        # Never over a response, never more open than the responses it reports on.
        write_output(target, rendered.data, tuple(path for path, _ in results))
        kept = ""
        if paper.withheld:
            kept = ("; withheld findings marked RESTRICTED" if args.full
                    else "; withheld findings left out")
        draft = "; a DRAFT: give --meeting-date for the paper to table" if paper.draft else ""
        said = languages[lang] if len(versions) > 1 or lang != "en" else ""
        (warn if args.json else say)(
            f"Wrote {display_path(target)} ({len(paper.reports)} report"
            f"{'s' * (len(paper.reports) != 1)}, {paper.totals.findings} findings, "
            f"{paper.totals.overdue} overdue{kept}{draft}{said})")
    warn(*dict.fromkeys(f"warning: {line}" for made in done for line in made.warnings))
    if notes:
        shown = "; ".join(notes[:5]) + (f" and {len(notes) - 5} more" if len(notes) > 5 else "")
        warn(f"warning: not yet in Welsh, so shown in English where the Welsh paper quotes "
             f"them: {shown} (run responder translate make)")
