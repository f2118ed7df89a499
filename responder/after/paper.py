"""The committee paper in Word or as a web page, through the same templates and builder.

progress.build() works out what the paper says; this module turns it into the
template's context (dates in words, short titles, withheld rows reduced to their
notice), renders templates/paper.html.j2 and hands the HTML to the one Word builder
or wraps it in the accessible page. Returns bytes; the caller writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..render.context import RESTRICTED, Cleaner, long_date
from .progress import Paper, Row


@dataclass
class RenderedPaper:
    data: bytes
    format: str
    warnings: list[str] = field(default_factory=list)


def short_title(title: str, width: int = 60) -> str:
    text = " ".join(title.split())
    return text if len(text) <= width else text[: width - 1].rstrip(" ,;:–-") + "…"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def context(paper: Paper) -> tuple[dict[str, Any], list[str]]:
    clean = Cleaner()

    def row(item: Row, where: str) -> dict[str, Any]:
        hidden = item.withheld and not paper.full
        return {
            "ref": clean(item.ref, where), "finding": clean(item.finding, where),
            "hidden": hidden, "restricted": item.withheld and paper.full,
            "owner": clean(item.owner, where), "due": long_date(item.due),
            "rag": item.rag, "rag_label": item.rag_label, "status_label": item.status_label,
            "overdue": item.overdue, "latest": clean(item.latest, where),
            "latest_date": long_date(item.latest_date), "done_on": long_date(item.done_on),
        }

    reports = []
    for part in paper.reports:
        where = part.file
        lists = []
        if part.done_since:
            lists.append({"heading": f"Completed or closed since {long_date(paper.since)}",
                          "rows": [row(r, where) for r in part.done_since]})
        if part.closed:
            lists.append({"heading": "Closed earlier" if paper.since else "Closed",
                          "rows": [row(r, where) for r in part.closed]})
        reports.append({
            "title": clean(part.title, where), "short_title": clean(short_title(part.title), where),
            "force": clean(part.force, where), "published": long_date(part.published),
            "overall": part.overall,
            "grades": [{"area": clean(g.area, where), "grade": g.grade} for g in part.grades],
            "counts": {**part.counts.as_dict(), "still_open": part.counts.still_open},
            "rows": [row(r, where) for r in part.rows], "lists": lists,
        })
    ctx = {
        "title": clean(paper.title, "title"), "committee": clean(paper.committee, "committee"),
        "author": clean(paper.author, "author") or "office of the commissioner",
        "date": long_date(paper.date), "since": long_date(paper.since),
        "forces": clean(_and(paper.forces), "forces") if paper.forces else "the force",
        "single_force": len(paper.forces) <= 1,
        "totals": {**paper.totals.as_dict(), "still_open": paper.totals.still_open},
        "reports": reports, "full": paper.full, "has_withheld": paper.withheld > 0,
        "restricted_mark": RESTRICTED,
    }
    return ctx, clean.warnings


def render_paper(paper: Paper, fmt: str, *, templates: Path | None = None) -> RenderedPaper:
    from ..render.environment import make_environment, render_template

    ctx, warnings = context(paper)
    env = make_environment(templates)
    content = render_template(env, "paper.html.j2", ctx)
    page_title = f"{ctx['title']} – {ctx['committee']}, {ctx['date']}"
    if fmt == "html":
        from markupsafe import Markup

        page = render_template(env, "page.html.j2", {
            "page_title": page_title, "body": {"name": ctx["author"]}, "wide": True,
            "content": Markup(content)})
        return RenderedPaper(page.encode("utf-8"), fmt, warnings)
    from ..render.docx_builder import Properties, build_docx

    properties = Properties(title=page_title, subject=paper.title, author=ctx["author"],
                            today=paper.date)
    restricted = paper.full and paper.withheld > 0
    data, notes = build_docx(content, properties=properties,
                             restricted_mark=RESTRICTED if restricted else None)
    if fmt == "pdf":  # the Word paper, exported by LibreOffice as a tagged PDF
        from ..render.pdf import docx_to_pdf

        data = docx_to_pdf(data)
    return RenderedPaper(data, fmt, warnings + notes)
