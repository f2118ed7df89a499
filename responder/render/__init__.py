"""Render a response as Word (.docx) or as one accessible web page.

Response → context (labels, withheld passages, clean text) → Jinja templates →
a small HTML vocabulary → the Word builder, or the HTML wrapped in a page.
Only this package imports python-docx, and only when a .docx is asked for.

Pure apart from reading the templates and the letterhead: returns bytes and
warnings; the caller writes the file and prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, ResponderError, UsageError, display_path
from ..response.model import Response
from .environment import SHAPES, TemplateProblem, export_templates  # noqa: F401

FORMATS = ("docx", "html", "pdf")
# Every render that is not --final says so: at the front of its title, at the top of every
# page of a Word or PDF document (the header) and at the top of a web page. (Messages of the
# catalogue: the Welsh document says it in Welsh.)
DRAFT = "DRAFT"
DRAFT_LINE = "DRAFT – not the version to publish"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "a message, translated later"
    return message


N_("DRAFT"), N_("DRAFT – not the version to publish")  # for the catalogue: the two above
# A render's language: one of them, or both in one document, Welsh first ("cy+en").
LANGS = ("en", "cy", "cy+en")


@dataclass
class Rendered:
    data: bytes
    shape: str
    format: str
    warnings: list[str] = field(default_factory=list)
    withheld: bool = False  # the response has withheld passages


def default_shape(response: Response) -> str:
    """A file with a `letter` section renders as a letter; otherwise as a statement."""
    return "letter" if response.letter is not None else "statement"


def page_title(response: Response, shape: str, tr: object = None) -> str:
    from .i18n import English

    _ = (tr or English()).gettext  # type: ignore[attr-defined]
    welsh = getattr(tr, "lang", "en") == "cy"
    body_cy = response.body.cy if welsh else None
    report_cy = response.report.cy if welsh else None
    body = (body_cy.role or body_cy.name if body_cy else None) or response.body.role \
        or response.body.name
    title = (report_cy.title if report_cy else None) or response.report.title
    if shape == "letter":
        return _("Letter to the Home Secretary: %(title)s") % {"title": title}
    return _("%(body)s: response to %(title)s") % {"body": body, "title": title}


def render(
    response: Response,
    *,
    shape: str | None = None,
    fmt: str = "docx",
    full: bool = False,
    letterhead: Path | None = None,
    templates: Path | None = None,
    today: dt.date,
    lang: str = "en",
    other_language: str | None = None,
    page: str = "page.html.j2",
    page_context: Mapping[str, Any] | None = None,
    final: bool = False,
    dated: dt.date | None = None,
) -> Rendered:
    """The response as a document in ``lang`` ("en", "cy", or "cy+en": both in one document,
    Welsh first). ``other_language``: the language of the version published beside this one,
    which the document says is available. A web page is the content wrapped in ``page`` (a
    template that may extend page.html.j2, as the website's pages do), which also sees
    ``page_context``. ``final``: the version to publish, without the DRAFT mark. ``dated``:
    the date the letter or statement bears (render --date; by default letter.letter_date's
    rule)."""
    from .context import Cleaner, build_context
    from .environment import make_environment, render_template

    shape = shape or default_shape(response)
    if shape not in SHAPES:
        raise ResponderError(f"unknown shape {shape!r}; choose letter or statement")
    if fmt not in FORMATS:
        raise ResponderError(f"unknown format {fmt!r}; choose docx, html or pdf")
    if shape == "letter" and response.letter is None:
        raise ResponderError(
            "this response has no 'letter' section, so it cannot be rendered as a letter; "
            "add one or use --shape statement"
        )
    if letterhead is not None and fmt == "html":
        raise ResponderError("--letterhead applies to Word and PDF output only, not to a web page")
    if letterhead is not None and not letterhead.is_file():
        raise InputError(letterhead, "no such file (the letterhead should be a .docx)")
    if lang not in LANGS:
        raise ResponderError(f"unknown language {lang!r}; choose cy or en")
    from .environment import translations
    from .i18n import TAGS

    langs = ("cy", "en") if lang == "cy+en" else (lang,)
    pieces, title, marking, warnings, withheld, context = [], "", "", [], False, {}
    for one in langs:
        tr = translations(one, templates)
        part, notes = build_context(
            response, shape=shape, full=full, today=today, dated=dated,
            letterhead=letterhead is not None and fmt != "html", tr=tr,
            other_language=None if lang == "cy+en" else other_language,
        )
        warnings += [note for note in notes if note not in warnings]
        withheld = bool(part["has_withheld"])
        marking = part["restricted_mark"] if full and withheld else ""
        # The title is what a browser tab, a search result and Word's title bar show first:
        # a restricted version says so there too. Cleaned, as every other text is.
        clean = Cleaner()
        named = clean(page_title(response, shape, tr), "report")
        title = f"{title} / {named}" if title else named
        part["page_title"] = f"{marking}: {named}" if marking else named
        part["draft"] = not final
        env = make_environment(templates, one)
        content = render_template(env, f"{shape}.html.j2", part)
        if len(langs) > 1 and one != langs[0]:
            # The second language starts on a page of its own, and says what it is.
            content = (f'<div class="page-break"></div>\n<div lang="{TAGS[one]}">\n'
                       f"{content}\n</div>")
        pieces.append(content)
        context = context or part
    first = translations(langs[0], templates)
    _ = first.gettext
    if not final:
        title = f"{_(DRAFT)}: {title}"
    if marking:  # a protective marking leads, even before DRAFT
        title = f"{marking}: {title}"
    context["page_title"] = title
    context["html_lang"] = TAGS[langs[0]]
    content = "\n".join(pieces)
    if fmt == "html":
        from markupsafe import Markup, escape

        if not final:  # here, not in a template: an office's own templates carry it too
            content = f'<p class="draft">{escape(_(DRAFT_LINE))}</p>\n{content}'
        env = make_environment(templates, langs[0])
        html = render_template(env, page, {**context, **(page_context or {}),
                                           "content": Markup(content)})
        return Rendered(html.encode("utf-8"), shape, fmt, warnings, withheld)

    from .docx_builder import LetterheadProblem, Properties, build_docx

    properties = Properties(
        title=title, subject=context["report"]["title"],
        author=context["body"]["name"], today=today, status=marking or ("" if final else _(DRAFT)),
        language=TAGS[langs[0]], page_words=(_("Page "), _(" of ")),
        keywords=_("HMICFRS; section 55; response"),
        category=_("Response to an inspection report"),
        logo=_("Logo of %(body)s") % {"body": context["body"]["name"]},
    )
    try:
        data, notes = build_docx(
            content, properties=properties, letterhead=letterhead,
            restricted_mark=marking or None, draft_mark=None if final else _(DRAFT_LINE),
        )
    except LetterheadProblem as exc:
        raise InputError(letterhead, str(exc)) from None
    if fmt == "pdf":
        from .pdf import docx_to_pdf

        data = docx_to_pdf(data)
    return Rendered(data, shape, fmt, warnings + notes, withheld)


SUFFIXES = {"docx": (".docx",), "html": (".html", ".htm"), "pdf": (".pdf",)}


def output_format(chosen: str | None, output: Path | None) -> str:
    """The format asked for (--format) or told by the output's name; a name that says
    another format than --format is refused, so HTML never lands in a file named .docx."""
    if output is None:
        return chosen or "docx"
    suffix = output.suffix.lower()
    named = next((fmt for fmt, suffixes in SUFFIXES.items() if suffix in suffixes), None)
    if chosen is None:
        if named is None:
            raise UsageError(f"render: cannot tell the format from {str(output)!r}; "
                             "name it .docx, .html or .pdf, or give --format")
        return named
    if named != chosen:
        said = f"says {named}" if named else "does not end in " + SUFFIXES[chosen][0]
        raise UsageError(f"render: --format {chosen} but the output name {str(output)!r} {said}; "
                         f"name it {output.stem}{SUFFIXES[chosen][0]}, or leave out --format")
    return chosen


def default_output(source: Path, fmt: str, full: bool) -> Path:
    """Next to the response file: name.docx, or name-RESTRICTED.docx for a full render."""
    stem = source.stem + ("-RESTRICTED" if full else "")
    return source.with_name(f"{stem}.{fmt}")


def check_writable(target: Path) -> None:
    """Refuse, in one line, to write over a document that is open in Word or LibreOffice."""
    name = target.name
    locks = [target.with_name("~$" + name), target.with_name(".~lock." + name + "#")]
    if len(name) > 8:  # Word shortens long names: report.docx -> ~$port.docx
        locks.append(target.with_name("~$" + name[2:]))
    for lock in locks:
        if lock.exists():
            raise InputError(
                target, "is open in Word or another program (found the lock file "
                f"{lock.name}); close it and try again"
            )


def write_output(target: Path, data: bytes, sources: tuple[Path, ...] = ()) -> None:
    """Write a rendered document: never over its source or any response file, never more
    open than its sources (outputs.output_mode), failures in one line."""
    from ..response.outputs import output_mode, refuse_overwrite, write_error
    from ..response.writing import write_with_mode

    refuse_overwrite(target, sources, "the rendered document")
    check_writable(target)
    if target.is_dir():
        raise InputError(target, "is a folder; give a file name for the output")
    if not target.parent.is_dir():
        raise InputError(target, f"the folder {display_path(target.parent)} does not exist")
    try:
        write_with_mode(target, data, output_mode(sources, target))
    except OSError as exc:
        raise write_error(target, exc) from None


__all__ = [
    "FORMATS", "SHAPES", "Rendered", "TemplateProblem", "default_output", "default_shape",
    "export_templates", "render", "write_output",
]
