"""responder render FILE: the letter or statement as a Word document or a web page."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import replace
from pathlib import Path

from ..dates import plural
from ..errors import ExitCode
from .common import DATE_HELP, DATE_METAVAR, date_arg, one_file, say, warn


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("file", metavar="FILE", help="the response file (.yaml)")
    sub.add_argument("-o", "--output", metavar="OUT",
                     help="where to write (default: next to FILE, e.g. FILE.docx)")
    sub.add_argument("--shape", choices=["letter", "statement"], default=None,
                     help="a covering letter with appendix, or a published statement "
                     "(default: letter if the file has a letter section)")
    sub.add_argument("--format", choices=["docx", "html", "pdf"], default=None,
                     help="Word document (default), one accessible web page, or a tagged PDF "
                     "for the website (needs LibreOffice)")
    sub.add_argument("--full", action="store_true",
                     help="include withheld passages, marked RESTRICTED – NOT FOR PUBLICATION "
                     "(default: the public version, which leaves them out)")
    sub.add_argument("--final", action="store_true",
                     help="the version to publish, without the DRAFT mark: refuse (exit 1, "
                     "nothing written) while 'responder check FILE --strict' finds an error the "
                     "office can still fix (a late response is published all the same, and says so)")
    sub.add_argument("--date", type=date_arg, default=None, metavar=DATE_METAVAR,
                     help="the date the letter or statement bears, for this render "
                     f"{DATE_HELP}; default letter.date, else the signed-off date, else "
                     "(for a draft) today")
    sub.add_argument("--letterhead", metavar="BASE.docx",
                     help="start from the office's own Word document (its styles, header, "
                     "footer and logo)")
    sub.add_argument("--templates", metavar="DIR",
                     help="a folder of the office's own templates, used before the bundled ones")
    sub.add_argument("--lang", choices=["cy", "en"], default=None,
                     help="one language only: cy (Cymraeg) or en. Default: English, or, for an "
                     "office that publishes in Welsh and English, both: FILE-cy.docx and "
                     "FILE-en.docx, each saying the other is available")
    sub.add_argument("--bilingual", action="store_true",
                     help="Welsh and English in one document, Welsh first")
    sub.add_argument("--today", type=date_arg, default=None, metavar=DATE_METAVAR,
                     help=f"the date to use when the file gives none {DATE_HELP}; default today")


def run(args: argparse.Namespace) -> int:
    from ..compliance.check import check, fixable
    from ..errors import UsageError, display_path
    from ..law.record import quoted
    from ..render import default_output, output_format, render, write_output
    from ..render.letter import letter_date
    from ..response.outputs import refuse_overwrite, refuse_replacing_documents
    from ..response.reading import read

    source = one_file(args.file, "render")
    response = read(source)
    today = args.today or dt.date.today()
    output = Path(args.output) if args.output else None
    if args.bilingual and args.lang:
        raise UsageError("render: --bilingual puts both languages in one document; leave out "
                         "--lang, or leave out --bilingual for one language")
    # Which documents: (language, suffix of the name, the other language it names).
    if args.bilingual:
        versions = [("cy+en", "", None)]
    elif args.lang:
        other = {"cy": "en", "en": "cy"}[args.lang] if response.welsh else None
        versions = [(args.lang, "", other)]
    elif response.welsh:
        versions = [("cy", "-cy", "en"), ("en", "-en", "cy")]
    else:
        versions = [("en", "", None)]
    letterhead = Path(args.letterhead) if args.letterhead else None
    inputs = [source] + ([letterhead] if letterhead else [])
    if output is not None:
        refuse_overwrite(output, inputs, "the rendered document")
    fmt = output_format(args.format, output)
    target = output or default_output(source, fmt, args.full)
    targets = [target.with_name(f"{target.stem}{suffix}{target.suffix}") for _, suffix, _ in versions]
    if letterhead is None and fmt != "html":  # Word and PDF carry the office's letterhead
        letterhead = _profile_letterhead()
        inputs += [letterhead] if letterhead else []
    for each in targets:
        refuse_overwrite(each, inputs, "the rendered document", "give another name with -o")
        refuse_replacing_documents(each, "the rendered document",
                                   "give another name with -o, or move it away first")

    # The sign-off gate: what the office can still fix (TBC left in, a recommendation without
    # its action, an unanswered finding, an unfinished answer) does not reach the published
    # version unnoticed. Lateness is not among them: a late response is published all the same.
    name = display_path(source)
    found = check(response, today, warnings=False)
    errors = len(found)
    late_only = bool(found) and not fixable(found)
    command = f"responder check {quoted(name)}"
    dated = letter_date(response, args.date)
    if args.final:
        # For an office that publishes in Welsh, a passage without current Welsh too.
        blocking = len(fixable(check(response, today, strict=True, warnings=False, final=True)))
        if blocking:
            final = " --final" if response.welsh else ""
            warn(f"{name}: not rendered: check --strict{final} finds {plural(blocking, 'error')} "
                 f"to fix; see them with '{command} --strict{final}', fix them, then render "
                 "--final again")
            return ExitCode.PROBLEMS
        if dated is None:
            raise UsageError(
                f"render --final: {name} gives no date to print on it (letter.date or the "
                f"signed-off date); record it with 'responder record {quoted(name)} signed-off "
                "DATE', or give --date DATE")
    # Every language is rendered before any is written: both versions go out together, or
    # neither does.
    # Two languages as PDF: both Word documents first, then one start of LibreOffice.
    each = "docx" if fmt == "pdf" and len(versions) > 1 else fmt
    done = [render(
        response, shape=args.shape, fmt=each, full=args.full,
        letterhead=letterhead,
        templates=Path(args.templates) if args.templates else None,
        today=today, final=args.final, dated=dated, lang=lang, other_language=other,
    ) for lang, _, other in versions]
    if each != fmt:
        from ..render.pdf import docxs_to_pdfs

        pdfs = docxs_to_pdfs([made.data for made in done])
        done = [replace(made, data=pdf, format=fmt) for made, pdf in zip(done, pdfs, strict=True)]
    languages = {"cy": "Cymraeg", "en": "English", "cy+en": "Cymraeg and English"}
    for each, (lang, _, _), made in zip(targets, versions, done, strict=True):
        write_output(each, made.data, (source,))
        version = "full version, RESTRICTED – NOT FOR PUBLICATION" if args.full and made.withheld \
            else ("full version" if args.full else "public version")
        extra = "; withheld passages left out" if made.withheld and not args.full else ""
        draft = "" if args.final else "; marked DRAFT"
        said = f", {languages[lang]}" if response.welsh or lang != "en" else ""
        say(f"Wrote {each} ({made.shape}, {version}{extra}{draft}{said})")
    say(_next_step(response, name, args))
    warn(*dict.fromkeys(f"warning: {line}" for made in done for line in made.warnings))
    if late_only and not args.final:
        warn(f"warning: {name} is late (check: S55-5A); render --final renders it all the "
             "same, and the drafted letter says so")
    elif errors and not args.final:
        warn(f"warning: check finds {plural(errors, 'error')} in {name}; see them with "
             f"'{command}' (render --final refuses what can still be fixed)")
    return ExitCode.OK


def _next_step(response: object, name: str, args: argparse.Namespace) -> str:
    """What to do after this render: a draft is read and checked, then rendered --final; a
    final one is published and recorded (record's next step)."""
    from ..law.record import next_step, quoted

    if args.full:
        return ("Next: keep this version inside the office; the one to publish is "
                f"'responder render {quoted(name)} --final' (without --full)")
    if not args.final:
        fmt = " --format html" if args.format == "html" else " --format pdf"
        return (f"Next: read it through; before publishing, 'responder check {quoted(name)} "
                f"--strict', then 'responder render {quoted(name)} --final{fmt}'")
    step = next_step(response.process, name)  # type: ignore[attr-defined]
    return step or "Every step is recorded."


def _profile_letterhead() -> Path | None:
    """The office profile's letterhead ([office] letterhead in responder.toml), if it names one."""
    from ..drafting.profile import load
    from ..errors import InputError

    found = load()
    path = found.letterhead()
    if path is not None and not path.is_file():
        raise InputError(found.source, f"the letterhead {str(path)!r} does not exist; correct it "
                         "or run `responder profile`", where="office.letterhead")
    return path
