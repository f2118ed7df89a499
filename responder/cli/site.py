"""responder site FILE|FOLDER… -o DIR: the office's website pages and open data."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..errors import ExitCode, UsageError
from .common import add_today, expand_files, read_all, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.description = (
        "Write the pages an office puts on its website: index.html (every published response, "
        "newest first, with whether it was on time), a page, PDF and Word document per "
        "response (the public version), progress.html (the register), and the open data "
        "(responses.csv/.json, findings.csv/.json, with their JSON Schemas). Only responses "
        "whose publication is recorded go on the site. DIR must be empty, new, or a folder "
        "this command wrote before: a re-run replaces its own files and nothing else.")
    sub.add_argument("files", nargs="+", metavar="FILE|FOLDER", help="response files or folders")
    sub.add_argument("-o", "--output", metavar="DIR", required=True,
                     help="the folder to write the website into")
    sub.add_argument("--no-pdf", dest="pdf", action="store_false",
                     help="leave out the PDFs (they need LibreOffice); the Word documents stay")
    sub.add_argument("--letterhead", metavar="BASE.docx",
                     help="start the Word documents and PDFs from the office's own Word document "
                     "(default: the office profile's letterhead, as for render)")
    sub.add_argument("--title", metavar="TEXT",
                     help="the front page's title (default: Responses to HMICFRS inspection "
                     "reports)")
    sub.add_argument("--templates", metavar="DIR",
                     help="a folder of the office's own templates, used before the bundled ones")
    add_today(sub, "date the pages and judge overdue findings as of")


def run(args: argparse.Namespace) -> int:
    from ..errors import display_path
    from ..site import build
    from ..site.folder import examine, write
    from .render import _profile_letterhead  # the same letterhead as render's documents

    today = args.today or dt.date.today()
    folder = Path(args.output)
    paths = expand_files(args.files)
    previous = examine(folder)  # before any work: a folder of someone else's is refused now
    results, bad = read_all(paths)
    if bad:
        # A site that silently leaves a response out would mislead its readers.
        if bad > 1:
            warn(f"site: {bad} files could not be read; correct or remove them and run again; "
                 "nothing was written")
        return ExitCode.BAD_INPUT
    if not results:
        raise UsageError("site: no response files (*.yaml) in " + ", ".join(args.files))
    if args.pdf:
        from ..render.pdf import NO_LIBREOFFICE, find_soffice

        if find_soffice() is None:
            raise UsageError(f"site: {NO_LIBREOFFICE}; or give --no-pdf for a site without PDFs")
    letterhead = Path(args.letterhead) if args.letterhead else _profile_letterhead()
    site = build(results, today, pdf=args.pdf,  # type: ignore[arg-type]
                 templates=Path(args.templates) if args.templates else None,
                 letterhead=letterhead,
                 title=args.title, kept_pdf=previous.kept_pdf,
                 kept_docx=previous.kept_docx)
    removed = write(folder, site.files, site.pdf_from, previous,
                    [path for path, _ in results])
    count = len(site.entries)
    pdfs = ""
    if args.pdf:
        kept = count - site.pdfs_made
        pdfs = f", {site.pdfs_made} PDF{'s' * (site.pdfs_made != 1)} made" + (
            f", {kept} kept from the last run" if kept else "")
    say(f"Wrote {display_path(folder)}: {count} published response{'s' * (count != 1)}, "
        f"{len(site.files)} files{pdfs}")
    if removed:
        say(f"Removed {len(removed)} file{'s' * (len(removed) != 1)} the site no longer has: "
            + ", ".join(removed[:5]) + (" …" if len(removed) > 5 else ""))
    for source in site.unpublished:
        warn(f"{display_path(source)}: not on the site: its publication is not recorded "
             "(responder record FILE published DATE)")
    warn(*(f"warning: {line}" for line in site.warnings))
    return ExitCode.OK
