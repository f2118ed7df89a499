"""responder render FILE: the letter or statement as a Word document or a web page."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..dates import plural
from ..errors import ExitCode, UsageError
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
                     help="the version to publish: refuse (exit 1, nothing written) while "
                     "'responder check FILE' finds errors")
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
    from ..compliance.check import check
    from ..errors import display_path
    from ..render import default_output, output_format, render, write_output
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

    # The sign-off gate: what check calls an error (TBC left in, a recommendation without
    # its action, late) should not reach the published version unnoticed.
    errors = len(check(response, today, warnings=False, final=args.final))
    name = display_path(source)
    command = f"responder check {name}" if " " not in name else f'responder check "{name}"'
    if errors and args.final:
        final = " --final" if response.welsh else ""
        warn(f"{name}: not rendered: check{final} finds {plural(errors, 'error')}; see them with "
             f"'{command}{final}', fix them, then render --final again")
        return ExitCode.PROBLEMS
    # Every language is rendered before any is written: both versions go out together, or
    # neither does.
    done = [render(
        response, shape=args.shape, fmt=fmt, full=args.full,
        letterhead=letterhead,
        templates=Path(args.templates) if args.templates else None,
        today=today, lang=lang, other_language=other,
    ) for lang, _, other in versions]
    languages = {"cy": "Cymraeg", "en": "English", "cy+en": "Cymraeg and English"}
    for each, (lang, _, _), made in zip(targets, versions, done, strict=True):
        write_output(each, made.data, (source,))
        version = "full version, RESTRICTED – NOT FOR PUBLICATION" if args.full and made.withheld \
            else ("full version" if args.full else "public version")
        extra = "; withheld passages left out" if made.withheld and not args.full else ""
        said = f", {languages[lang]}" if response.welsh or lang != "en" else ""
        say(f"Wrote {each} ({made.shape}, {version}{extra}{said})")
        warn(*(f"warning: {line}" for line in made.warnings))
    if errors:
        warn(f"warning: check finds {plural(errors, 'error')} in {name}; see them with "
             f"'{command}' (render --final refuses until they are fixed)")
    return ExitCode.OK


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
