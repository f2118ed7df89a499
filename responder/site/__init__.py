"""The office's website: every published response, how timely it was and how its
findings stand, as static pages and open data (``responder site FOLDER -o DIR``).

This package owns what goes on the site and how the folder is kept:

- **Which responses**: those whose publication is recorded (``process.response_published``);
  a draft never reaches the site. Each appears in its public version only.
- **The pages** (pages.py, templates/site/): ``index.html`` (newest first, by year, with
  the 56-day verdict), ``responses/NAME.html`` (render's public web page, framed),
  ``progress.html`` (the register as the public committee paper shows it), each with a
  skip link, relative links only, no script, and a print stylesheet.
- **The downloads**: ``responses/NAME.docx`` and ``.pdf`` (render's public Word document,
  and LibreOffice's tagged PDF of it, kept from the last run while the document is
  unchanged, since LibreOffice costs a tenth of a second a document).
- **The open data** (data.py): ``responses.csv/.json`` and ``findings.csv/.json`` with
  their JSON Schemas, public content only.
- **The folder** (folder.py): written only when empty or holding only what responder
  wrote there before; a re-run replaces those files and nothing else.

It may import render, the register and progress paper (after publication) and the law
(deadline); never cli. Only the command line prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ResponderError
from ..response.model import Response, slug
from . import data
from .pages import Entry

TITLE = "Responses to HMICFRS inspection reports"


class NothingPublished(ResponderError):
    """None of the responses given has its publication recorded."""


@dataclass
class Site:
    files: dict[str, bytes]  # path inside DIR (with /) -> content
    pdf_from: dict[str, str]  # a PDF's path -> the digest of the Word document it was made from
    entries: list[Entry]
    unpublished: list[Path]
    warnings: list[str] = field(default_factory=list)
    pdfs_made: int = 0


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def document_digest(docx: bytes) -> str:
    """A Word document's content, as a digest: its parts' names and bytes, not the zip's
    own dates (which change each time the same document is written)."""
    import io
    import zipfile

    total = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for info in package.infolist():
            total.update(info.filename.encode("utf-8") + b"\0")
            total.update(hashlib.sha256(package.read(info)).digest())
    return total.hexdigest()


def published_entries(responses: Sequence[tuple[Path, Response]]) -> tuple[list[Entry], list[Path]]:
    """The responses that go on the site, each with a name of its own, and those left out."""
    entries: list[Entry] = []
    unpublished: list[Path] = []
    taken: set[str] = set()
    for source, response in responses:
        if response.process.response_published is None:
            unpublished.append(source)
            continue
        base = slug(source.stem) or "response"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name)
        entries.append(Entry(source, response, name, data.Timeliness.of(response)))
    return entries, unpublished


def build(
    responses: Sequence[tuple[Path, Response]],
    today: dt.date,
    *,
    pdf: bool = True,
    templates: Path | None = None,
    letterhead: Path | None = None,
    title: str | None = None,
    kept_pdf: Callable[[str, str], bytes | None] = lambda name, docx_digest: None,
    kept_docx: Callable[[str, str], bytes | None] = lambda name, docx_digest: None,
) -> Site:
    """Every file of the site, in memory. The Word documents (and the PDFs made from them)
    start from ``letterhead`` when given, as render's do. ``kept_pdf(name, digest)`` gives
    the PDF of that name written last time from a Word document with that digest, if any;
    ``kept_docx(name, digest)`` the Word document written last time with that content, so
    an unchanged document keeps its very bytes (and a web team's upload skips it)."""
    from ..render.context import Cleaner
    from . import pages

    entries, unpublished = published_entries(responses)
    if not entries:
        raise NothingPublished(
            f"none of the {len(responses)} response{'s' * (len(responses) != 1)} given is "
            "published yet, so there is nothing for the website; record each one's "
            "publication with 'responder record FILE published DATE'")
    site = Site({}, {}, entries, unpublished)
    # Word documents first: the pages give their sizes, and the PDFs are made from them.
    _documents(site, today, templates, letterhead, kept_docx)
    if pdf:
        _pdfs(site, kept_pdf)
    bodies = Counter(e.response.body.name for e in entries)
    publisher = bodies.most_common(1)[0][0] if len(bodies) == 1 else ""
    clean = Cleaner()
    frame = pages.site_context(clean(publisher, "body"), today, clean(title or TITLE, "title"))
    _response_pages(site, frame, today, templates)
    _open_data(site, today, publisher or None)
    _front_and_progress(site, frame, today, templates, clean)
    site.warnings += clean.warnings
    return site


def newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.timing.published, e.response.report.title),
                  reverse=True)


def _documents(site: Site, today: dt.date, templates: Path | None, letterhead: Path | None,
               kept_docx: Callable[[str, str], bytes | None]) -> None:
    from ..render import render

    for entry in site.entries:
        done = render(entry.response, fmt="docx", templates=templates, letterhead=letterhead,
                      today=today, final=True, dated=_dated(entry.response))
        # The zip inside a .docx dates its parts, so the same document differs in its bytes
        # from one run to the next: the one written last time stays when its content is the same.
        site.files[entry.docx] = kept_docx(entry.docx, document_digest(done.data)) or done.data
        site.warnings += [f"{entry.source}: {line}" for line in done.warnings]


def _dated(response: Response) -> dt.date | None:
    """A published response is final (no DRAFT mark) and bears the letter's date rule's
    date, else the day it was published (see render.letter.letter_date)."""
    from ..render.letter import letter_date

    return letter_date(response) or response.process.response_published


def _pdfs(site: Site, kept_pdf: Callable[[str, str], bytes | None]) -> None:
    """Each PDF kept from the last run while its Word document is unchanged; the others
    made by one start of LibreOffice."""
    from ..render.pdf import docxs_to_pdfs

    wanted = []
    for entry in site.entries:
        key = document_digest(site.files[entry.docx])
        site.pdf_from[entry.pdf] = key
        old = kept_pdf(entry.pdf, key)
        if old is not None:
            site.files[entry.pdf] = old
        else:
            wanted.append(entry)
    made = docxs_to_pdfs([site.files[entry.docx] for entry in wanted])
    for entry, content in zip(wanted, made, strict=True):
        site.files[entry.pdf] = content
    site.pdfs_made = len(wanted)


def _response_pages(site: Site, frame: dict[str, Any], today: dt.date,
                    templates: Path | None) -> None:
    from ..render import render
    from . import pages

    for entry in site.entries:
        extra = pages.frame(frame, pages.ROOT, downloads={
            "pdf": entry.slug + ".pdf" if entry.pdf in site.files else None,
            "pdf_size": pages.size(site.files.get(entry.pdf)),
            "docx": entry.slug + ".docx", "docx_size": pages.size(site.files[entry.docx]),
        })
        done = render(entry.response, fmt="html", templates=templates, today=today,
                      page="site/response.html.j2", page_context=extra, final=True,
                      dated=_dated(entry.response))
        site.files[entry.page] = done.data


def _open_data(site: Site, today: dt.date, publisher: str | None) -> None:
    response_rows, finding_rows = [], []
    for entry in newest_first(site.entries):
        links = {"page": entry.page, "docx": entry.docx,
                 "pdf": entry.pdf if entry.pdf in site.files else None}
        response_rows.append(data.response_row(entry.response, entry.slug, today, links))
        finding_rows += data.finding_rows(entry.response, entry.slug, today)
    site.files["responses.json"] = data.as_json("responses", response_rows, today, publisher)
    site.files["responses.csv"] = data.as_csv(data.RESPONSE_COLUMNS, response_rows)
    site.files["findings.json"] = data.as_json("findings", finding_rows, today, publisher)
    site.files["findings.csv"] = data.as_csv(data.FINDING_COLUMNS, finding_rows)
    for name in data.SCHEMAS:
        site.files[name] = data.schema(name)


def _front_and_progress(site: Site, frame: dict[str, Any], today: dt.date,
                        templates: Path | None, clean: Any) -> None:
    from markupsafe import Markup

    from ..after.paper import context as paper_context
    from ..after.progress import build as build_paper
    from ..render.environment import make_environment, render_template
    from . import pages

    env = make_environment(templates)
    author = {"name": frame["publisher"] or "Local policing bodies"}

    def page(name: str, context: dict[str, Any], heading: str) -> bytes:
        title = " – ".join(part for part in (heading, frame["publisher"]) if part)
        return render_template(env, name, {
            **pages.frame(frame, ""), "body": author, "wide": True, **context,
            "page_title": title, "content": Markup("")}).encode("utf-8")

    index = pages.index_context(newest_first(site.entries), site.files, clean)
    index["data"] = [{"name": name, "size": pages.size(site.files[name])}
                     for name in ("responses.csv", "responses.json", "findings.csv",
                                  "findings.json", *data.SCHEMAS)]
    site.files["index.html"] = page("site/index.html.j2", index, frame["title"])

    by_source = {str(entry.source): entry for entry in site.entries}
    paper = build_paper([(entry.source, entry.response) for entry in site.entries], today,
                        full=False)
    paper.reports.reverse()  # the newest report first, as the index lists them
    ctx, notes = paper_context(paper)
    site.warnings += notes
    ctx = pages.progress_context(ctx, [by_source[part.file].page for part in paper.reports])
    site.files["progress.html"] = page(
        "site/progress.html.j2", ctx,
        f"Progress on the findings of inspection reports, {frame['date']}")


__all__ = ["TITLE", "NothingPublished", "Site", "build", "published_entries"]
