"""The committee paper in Word, as a web page or as a PDF, through the same templates and builder.

progress.build() works out what the paper says; this module turns it into the
template's context (dates in words, counted wording — "one area for improvement",
"these reports" — short titles, withheld rows reduced to their notice), renders
templates/paper.html.j2 and hands the HTML to the one Word builder or wraps it in the
accessible page. Returns bytes; the caller writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..render.context import RESTRICTED, Cleaner, long_date
from ..response.model import NOT_NAMED
from .paper_content import FollowUp, PeelPart
from .progress import Paper, Row

DRAFT = "DRAFT"
KIND_WORDS = {"peel": "PEEL inspection", "thematic": "Thematic inspection",
              "joint": "Joint inspection", "other": ""}


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


def counted(number: int, one: str, many: str | None = None) -> str:
    """3, 'area for improvement', 'areas for improvement' -> 'three areas for improvement'."""
    from ..render.environment import in_words

    return f"{in_words(number)} {one if number == 1 else (many or one + 's')}"


def follow_up_text(follow: FollowUp, office: str, as_of: str) -> list[str]:
    """How the report's areas for improvement are followed up, in the register's figures."""
    if not follow.total:
        return ["The report made no areas for improvement for the force."]
    n = follow.total
    these = "it" if n == 1 else "each"
    first = (f"The report identified {counted(n, 'area for improvement', 'areas for improvement')}. "
             f"The {office} holds {'it' if n == 1 else 'them'} on its register of inspection "
             f"findings: {these} is allocated to a lead in the force, rated red, amber or green "
             "for progress, monitored through the updates the lead records, and signed off only "
             "when HMICFRS accepts that it has been addressed.")
    parts = []
    for count, words in ((follow.closed, "closed"),
                         (follow.complete, "complete and awaiting HMICFRS"),
                         (follow.in_progress, "in progress"), (follow.open, "not started")):
        if count:
            parts.append(f"{_number(count, n)} {words}")
    second = f"At {as_of}: " + (_and(parts) if parts else "none recorded") + "."
    if follow.overdue:
        second += (f" {_number(follow.overdue, n, cap=True)} "
                   f"{'is' if follow.overdue == 1 else 'are'} past "
                   f"{'its' if follow.overdue == 1 else 'their'} target date.")
    gaps = []
    if follow.with_owner < n:
        gaps.append(f"{_number(n - follow.with_owner, n)} without a lead")
    if follow.rated < n:
        gaps.append(f"{_number(n - follow.rated, n)} not yet rated")
    if gaps:
        second += f" The register shows {_and(gaps)}."
    return [first, second]


def _number(count: int, total: int, *, cap: bool = False) -> str:
    from ..render.environment import in_words

    text = "all" if count == total and total > 1 else in_words(count)
    return text[:1].upper() + text[1:] if cap else text


def _peel(part: PeelPart, clean: Callable[[str | None, str], str], office: str,
          as_of: str) -> dict[str, Any]:
    where = part.file
    own = clean(part.office, where)
    office = (own[4:] if own.lower().startswith("the ") else own) or office
    depth = max((len(areas) for _, areas in part.columns), default=0)
    return {
        "force": clean(part.force, where), "title": clean(part.title, where),
        "published": long_date(part.published), "five_grades": part.five_grades,
        "overall": part.overall,
        "grades": [grade for grade, _ in part.columns],
        "grade_rows": [[clean(areas[i], where) if i < len(areas) else ""
                        for _, areas in part.columns] for i in range(depth)],
        "graded": sum(len(areas) for _, areas in part.columns),
        "summaries": [{"area": clean(s.area, where), "grade": s.grade,
                       "said": [{"who": w.who + (" (RESTRICTED)" if w.restricted else ""),
                                 "text": clean(w.text, where)} for w in s.said]}
                      for s in part.summaries],
        "follow_up": follow_up_text(part.follow_up, office, as_of),
        "causes_of_concern": part.causes_of_concern,
    }


def context(paper: Paper) -> tuple[dict[str, Any], list[str]]:
    clean = Cleaner()

    def row(item: Row, where: str) -> dict[str, Any]:
        hidden = item.withheld and not paper.full
        return {
            "ref": clean(item.ref, where), "finding": clean(item.finding, where),
            "section": clean(item.section, where),
            "hidden": hidden, "restricted": item.withheld and paper.full,
            "owner": clean(item.owner, where), "due": long_date(item.due),
            "rag": item.rag, "rag_label": item.rag_label, "status_label": item.status_label,
            "overdue": item.overdue, "latest": clean(item.latest, where),
            "latest_date": long_date(item.latest_date), "done_on": long_date(item.done_on),
            "original_due": long_date(item.original_due), "moved": item.moved,
        }

    def by_section(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        groups: list[dict[str, Any]] = []
        for item in rows:
            if not groups or groups[-1]["section"] != item["section"]:
                groups.append({"section": item["section"], "rows": []})
            groups[-1]["rows"].append(item)
        return groups

    author = clean(paper.author, "author") or "office of the commissioner"
    office = author[4:] if author.lower().startswith("the ") else author
    as_of = long_date(paper.as_of or paper.date)
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
        rows = [row(r, where) for r in part.rows]
        reports.append({
            "title": clean(part.title, where), "short_title": clean(short_title(part.title), where),
            "force": clean(part.force, where), "published": long_date(part.published),
            "overall": part.overall,
            "grades": [{"area": clean(g.area, where), "grade": g.grade} for g in part.grades],
            "counts": {**part.counts.as_dict(), "still_open": part.counts.still_open},
            "rows": rows, "sections": by_section(rows), "lists": lists,
        })
    peel = [_peel(part, clean, office, as_of) for part in paper.peel]
    thematic = [{"title": clean(t.title, t.file), "force": clean(t.force, t.file),
                 "published": long_date(t.published), "kind": KIND_WORDS.get(t.kind, ""),
                 "findings": t.findings, "still_open": t.still_open} for t in paper.thematic]
    upcoming = [{"title": clean(u.title, "upcoming"), "when": clean(u.when, "upcoming"),
                 "kind": KIND_WORDS.get(u.kind or "", ""), "note": clean(u.note, "upcoming")}
                for u in paper.upcoming]
    published = []
    for part in paper.published:
        where = part.file
        recs = len([r for r in part.recommendations if not r.addressed_to])
        national = len(part.recommendations) - recs
        made = []
        if part.recommendations:
            made.append(counted(len(part.recommendations), "recommendation"))
        if part.areas_for_improvement:
            made.append(counted(part.areas_for_improvement, "area for improvement",
                                "areas for improvement"))
        published.append({
            "title": clean(part.title, where), "force": clean(part.force, where),
            "published": long_date(part.published), "kind": KIND_WORDS.get(part.kind, ""),
            "made": _and(made) if made else "", "national": national,
            "responded": long_date(part.responded),
            "recommendations": [{
                "number": r.number, "reference": clean(r.reference, where),
                "text": clean(r.text, where), "withheld": r.withheld,
                "addressed_to": clean(r.addressed_to, where), "action": clean(r.action, where),
                "owner": clean(r.owner, where), "status": r.status,
            } for r in part.recommendations],
        })
    count = len(paper.reports)
    contact = paper.contact
    ctx = {
        "title": clean(paper.title, "title"), "committee": clean(paper.committee, "committee"),
        "author": author, "office": office,
        "date": long_date(paper.date), "since": long_date(paper.since), "as_of": as_of,
        "draft": paper.draft, "draft_mark": DRAFT,
        "item": clean(paper.item, "item"), "classification": clean(paper.classification,
                                                                   "classification"),
        "contact": {"name": clean(contact.name, "contact"), "role": clean(contact.role, "contact"),
                    "email": clean(contact.email, "contact")} if contact else None,
        "forces": clean(_and(paper.forces), "forces") if paper.forces else "the force",
        "single_force": len(paper.forces) <= 1,
        "report_count": count,
        "these_reports": "this report" if count == 1 else "these reports",
        "reports_counted": counted(count, "inspection report"),
        "totals": {**paper.totals.as_dict(), "still_open": paper.totals.still_open},
        "reports": reports, "peel": peel, "thematic": thematic, "upcoming": upcoming,
        "keeps_upcoming": paper.upcoming_file is not None,
        "published": published,
        "background": [{"title": clean(b.title, "background"), "published": long_date(b.published),
                        "url": clean(b.url, "background"), "responded": long_date(b.responded)}
                       for b in paper.background],
        "tables": [{"caption": clean(tb.caption, "table"), "headers": tb.headers,
                    "rows": [[clean(cell, "table") for cell in r] for r in tb.rows],
                    "widths": ",".join(str(w) for w in tb.widths), "note": tb.note}
                   for tb in paper.tables],
        "full": paper.full, "has_withheld": paper.withheld > 0,
        "restricted_mark": RESTRICTED, "not_named": NOT_NAMED,
    }
    return ctx, clean.warnings


def render_paper(paper: Paper, fmt: str, *, templates: Path | None = None) -> RenderedPaper:
    from ..render.environment import make_environment, render_template

    ctx, warnings = context(paper)
    env = make_environment(templates)
    content = render_template(env, "paper.html.j2", ctx)
    page_title = f"{ctx['title']} – {ctx['committee']}, {ctx['date']}"
    if paper.draft:
        page_title = f"{DRAFT}: {page_title}"
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
