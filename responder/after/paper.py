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

from ..render.context import RESTRICTED, Cleaner
from ..render.i18n import N_, English
from ..render.i18n import long_date as dated
from ..response.model import NOT_NAMED
from .paper_content import FollowUp, PeelPart
from .progress import Paper, Row

DRAFT = "DRAFT"
KIND_WORDS = {"peel": N_("PEEL inspection"), "thematic": N_("Thematic inspection"),
              "joint": N_("Joint inspection"), "other": ""}
SUMMARY_WIDTHS = {"en": "36,13,12,19,17,14,16,11,14,14", "cy": "28,19,12,15,15,13,12,11,12,16"}


@dataclass
class RenderedPaper:
    data: bytes
    format: str
    warnings: list[str] = field(default_factory=list)


def short_title(title: str, width: int = 60) -> str:
    text = " ".join(title.split())
    return text if len(text) <= width else text[: width - 1].rstrip(" ,;:–-") + "…"


def _and(names: list[str], tr: Any = None) -> str:
    """'a, b and c'; in Welsh 'a, b a c' (render/letter.py's join, 'ac' and mutation)."""
    from ..render.letter import join

    return join(names, tr=tr)


def counted(number: int, one: str, many: str | None = None) -> str:
    """3, 'area for improvement', 'areas for improvement' -> 'three areas for improvement'."""
    from ..render.environment import in_words

    return f"{in_words(number)} {one if number == 1 else (many or one + 's')}"


def counted_words(number: int, tr: Any) -> dict[str, str]:
    """What a counted message ('%(words)s recommendation') is filled with: the number in
    words (in Welsh, figures: the catalogue's plural forms spell out those that mutate)."""
    from ..render.environment import in_words

    return {"words": in_words(number, tr.lang)}


def follow_up_text(follow: FollowUp, office: str, as_of: str, tr: Any = None) -> list[str]:
    """How the report's areas for improvement are followed up, in the register's figures."""
    tr = tr or English()
    _ = tr.gettext
    if not follow.total:
        return [_("The report made no areas for improvement for the force.")]
    n = follow.total
    first = tr.ngettext(
        "The report identified %(count)s. The %(office)s holds it on its register of inspection "
        "findings: it is allocated to a lead in the force, rated red, amber or green for "
        "progress, monitored through the updates the lead records, and signed off only when "
        "HMICFRS accepts that it has been addressed.",
        "The report identified %(count)s. The %(office)s holds them on its register of "
        "inspection findings: each is allocated to a lead in the force, rated red, amber or "
        "green for progress, monitored through the updates the lead records, and signed off "
        "only when HMICFRS accepts that it has been addressed.", n) % {
        "count": tr.ngettext("%(words)s area for improvement",
                             "%(words)s areas for improvement", n) % counted_words(n, tr),
        "office": office}
    parts = []
    for count, words in ((follow.closed, N_("%(number)s closed")),
                         (follow.complete, N_("%(number)s complete and awaiting HMICFRS")),
                         (follow.in_progress, N_("%(number)s in progress")),
                         (follow.open, N_("%(number)s not started"))):
        if count:
            parts.append(_(words) % {"number": _number(count, n, tr)})
    second = _("At %(date)s: %(parts)s.") % {
        "date": as_of, "parts": _and(parts, tr) if parts else _("none recorded")}
    if follow.overdue:
        second += " " + tr.ngettext("%(number)s is past its target date.",
                                    "%(number)s are past their target date.",
                                    follow.overdue) % {
            "number": _number(follow.overdue, n, tr, cap=tr.lang == "en")}
    gaps = []
    if follow.with_owner < n:
        gaps.append(_("%(number)s without a lead") % {
            "number": _number(n - follow.with_owner, n, tr)})
    if follow.rated < n:
        gaps.append(_("%(number)s not yet rated") % {"number": _number(n - follow.rated, n, tr)})
    if gaps:
        second += " " + _("The register shows %(gaps)s.") % {"gaps": _and(gaps, tr)}
    return [first, second]


def _number(count: int, total: int, tr: Any, *, cap: bool = False) -> str:
    from ..render.environment import in_words

    text = tr.gettext("all") if count == total and total > 1 else in_words(count, tr.lang)
    return text[:1].upper() + text[1:] if cap else text


def _peel(part: PeelPart, clean: Callable[[str | None, str], str], office: str,
          as_of: str, tr: Any) -> dict[str, Any]:
    _ = tr.gettext
    where = part.file
    own = clean(part.office, where)
    office = (own[4:] if own.lower().startswith("the ") else own) or office
    depth = max((len(areas) for _a, areas in part.columns), default=0)
    restricted = " (" + _("RESTRICTED") + ")"
    return {
        "force": clean(part.force, where), "title": clean(part.title, where),
        "published": dated(part.published, tr.lang), "five_grades": part.five_grades,
        "overall": _(part.overall) if part.overall else part.overall,
        "grades": [_(grade) if grade else grade for grade, _a in part.columns],
        "grade_rows": [[clean(areas[i], where) if i < len(areas) else ""
                        for _a, areas in part.columns] for i in range(depth)],
        "graded": sum(len(areas) for _a, areas in part.columns),
        "summaries": [{"area": clean(s.area, where), "grade": _(s.grade) if s.grade else s.grade,
                       "said": [{"who": w.who + (restricted if w.restricted else ""),
                                 "text": clean(w.text, where)} for w in s.said]}
                      for s in part.summaries],
        "follow_up": follow_up_text(part.follow_up, office, as_of, tr),
        "causes_of_concern": part.causes_of_concern,
    }


def context(paper: Paper, tr: Any = None) -> tuple[dict[str, Any], list[str]]:
    """The template's context, with the fixed wording in ``tr``'s language (English when
    None); the paper itself (names, findings, comments) is in the language it was built in."""
    tr = tr or English()
    _ = tr.gettext
    lang = tr.lang

    def long_date(day: Any) -> str:
        return dated(day, lang)

    def kind(name: str) -> str:
        words = KIND_WORDS.get(name, "")
        return _(words) if words else ""

    clean = Cleaner()

    def row(item: Row, where: str) -> dict[str, Any]:
        hidden = item.withheld and not paper.full
        return {
            "ref": clean(item.ref, where), "finding": clean(item.finding, where),
            "section": clean(item.section, where),
            "hidden": hidden, "restricted": item.withheld and paper.full,
            "owner": clean(item.owner, where), "due": long_date(item.due),
            "rag": item.rag, "rag_label": _(item.rag_label) if item.rag_label else "",
            "status_label": _(item.status_label),
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

    author = clean(paper.author, "author") or _("office of the commissioner")
    office = author[4:] if author.lower().startswith("the ") else author
    as_of = long_date(paper.as_of or paper.date)
    reports = []
    for part in paper.reports:
        where = part.file
        lists = []
        if part.done_since:
            lists.append({"heading": _("Completed or closed since %(date)s") % {
                "date": long_date(paper.since)}, "rows": [row(r, where) for r in part.done_since]})
        if part.closed:
            lists.append({"heading": _("Closed earlier") if paper.since else _("Closed"),
                          "rows": [row(r, where) for r in part.closed]})
        rows = [row(r, where) for r in part.rows]
        reports.append({
            "title": clean(part.title, where), "short_title": clean(short_title(part.title), where),
            "force": clean(part.force, where), "published": long_date(part.published),
            "overall": _(part.overall) if part.overall else part.overall,
            "grades": [{"area": clean(g.area, where), "grade": _(g.grade)} for g in part.grades],
            "counts": {**part.counts.as_dict(), "still_open": part.counts.still_open},
            "rows": rows, "sections": by_section(rows), "lists": lists,
        })
    peel = [_peel(part, clean, office, as_of, tr) for part in paper.peel]
    thematic = [{"title": clean(t.title, t.file), "force": clean(t.force, t.file),
                 "published": long_date(t.published), "kind": kind(t.kind),
                 "findings": t.findings, "still_open": t.still_open} for t in paper.thematic]
    upcoming = [{"title": clean(u.title, "upcoming"), "when": clean(u.when, "upcoming"),
                 "kind": kind(u.kind or ""), "note": clean(u.note, "upcoming")}
                for u in paper.upcoming]
    published = []
    for part in paper.published:
        where = part.file
        recs = len([r for r in part.recommendations if not r.addressed_to])
        national = len(part.recommendations) - recs
        made = []
        if part.recommendations:
            made.append(tr.ngettext("%(words)s recommendation", "%(words)s recommendations",
                                    len(part.recommendations))
                        % counted_words(len(part.recommendations), tr))
        if part.areas_for_improvement:
            made.append(tr.ngettext("%(words)s area for improvement",
                                    "%(words)s areas for improvement", part.areas_for_improvement)
                        % counted_words(part.areas_for_improvement, tr))
        published.append({
            "title": clean(part.title, where), "force": clean(part.force, where),
            "published": long_date(part.published), "kind": kind(part.kind),
            "made": _and(made, tr) if made else "", "national": national,
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
        "draft": paper.draft, "draft_mark": _(DRAFT),
        "item": clean(paper.item, "item"), "classification": clean(paper.classification,
                                                                   "classification"),
        "contact": {"name": clean(contact.name, "contact"), "role": clean(contact.role, "contact"),
                    "email": clean(contact.email, "contact")} if contact else None,
        "forces": clean(_and(paper.forces, tr), "forces") if paper.forces else _("the force"),
        "single_force": len(paper.forces) <= 1,
        "report_count": count,
        "these_reports": tr.ngettext("this report", "these reports", count),
        "reports_counted": tr.ngettext("%(words)s inspection report",
                                       "%(words)s inspection reports", count)
        % counted_words(count, tr),
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
        "restricted_mark": _(RESTRICTED), "not_named": NOT_NAMED,
        "other_language": None,
        # The summary table's columns, sized to its headings' longest words in each language.
        "summary_widths": SUMMARY_WIDTHS.get(lang, SUMMARY_WIDTHS["en"]),
    }
    return ctx, clean.warnings


def render_paper(paper: Paper, fmt: str, *, templates: Path | None = None, lang: str = "en",
                 other_language: str | None = None) -> RenderedPaper:
    """The paper as a document in ``lang`` (its fixed wording, dates and language marks; the
    paper's own words are those it was built from). ``other_language``: the language of the
    version tabled beside it, which the paper says is available."""
    from ..render.environment import make_environment, render_template, translations
    from ..render.i18n import TAGS

    tr = translations(lang, templates)
    _ = tr.gettext
    ctx, warnings = context(paper, tr)
    ctx["other_language"] = other_language
    env = make_environment(templates, lang)
    content = render_template(env, "paper.html.j2", ctx)
    page_title = f"{ctx['title']} – {ctx['committee']}, {ctx['date']}"
    if paper.draft:
        page_title = f"{_(DRAFT)}: {page_title}"
    if fmt == "html":
        from markupsafe import Markup

        page = render_template(env, "page.html.j2", {
            "page_title": page_title, "body": {"name": ctx["author"]}, "wide": True,
            "html_lang": TAGS[lang], "content": Markup(content)})
        return RenderedPaper(page.encode("utf-8"), fmt, warnings)
    from ..render.docx_builder import Properties, build_docx

    # In English these are the builder's own defaults: an English paper is as it was.
    properties = Properties(title=page_title, subject=paper.title, author=ctx["author"],
                            today=paper.date, language=TAGS[lang],
                            page_words=(_("Page "), _(" of ")),
                            keywords=_("HMICFRS; section 55; response"),
                            category=_("Response to an inspection report"))
    restricted = paper.full and paper.withheld > 0
    data, notes = build_docx(content, properties=properties,
                             restricted_mark=_(RESTRICTED) if restricted else None)
    if fmt == "pdf":  # the Word paper, exported by LibreOffice as a tagged PDF
        from ..render.pdf import docx_to_pdf

        data = docx_to_pdf(data)
    return RenderedPaper(data, fmt, warnings + notes)
