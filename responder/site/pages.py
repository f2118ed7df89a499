"""The site's pages: the index, a page per response, and the progress page.

Each is a template in templates/site/ that extends page.html.j2, the page render wraps
a response in, adding the site's header (a skip link and the navigation), its footer
and a print stylesheet; an office's own templates folder is read first, as for render.
A response's page is render's own public web page in that frame, so whatever render
leaves out (withheld passages, working notes) the site leaves out too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..render.context import Cleaner, long_date, web_address
from ..response.model import Response
from .data import Timeliness

ROOT = "../"  # from a response's page back to the site's top


@dataclass
class Entry:
    """One published response on the site."""

    source: Path
    response: Response
    slug: str
    timing: Timeliness

    @property
    def page(self) -> str:
        return f"responses/{self.slug}.html"

    @property
    def docx(self) -> str:
        return f"responses/{self.slug}.docx"

    @property
    def pdf(self) -> str:
        return f"responses/{self.slug}.pdf"


def verdict(timing: Timeliness) -> str:
    if timing.on_time is None:
        return "Not known: the report's publication date is not recorded"
    if timing.on_time:
        return "On time"
    return f"{timing.days_late} day{'s' * (timing.days_late != 1)} late"


def size(data: bytes | None) -> str:
    """'120 KB', as GOV.UK labels a download."""
    if data is None:
        return ""
    kb = len(data) / 1024
    return f"{kb / 1024:.1f} MB" if kb >= 1024 else f"{max(round(kb), 1)} KB"


def frame(site: dict[str, Any], root: str, **extra: Any) -> dict[str, Any]:
    """What every site page's header and footer need: the links back to the top."""
    return {"site": {**site, "root": root}, **extra}


def site_context(publisher: str, today: dt.date, title: str) -> dict[str, Any]:
    return {"publisher": publisher, "date": long_date(today), "title": title}


def index_context(entries: list[Entry], files: dict[str, bytes], clean: Cleaner) -> dict[str, Any]:
    """The responses (newest first, by the day each was published) grouped by that year."""
    years: list[dict[str, Any]] = []
    for entry in entries:
        report, where = entry.response.report, str(entry.source)
        year = entry.timing.published.year
        if not years or years[-1]["year"] != year:
            years.append({"year": year, "responses": []})
        years[-1]["responses"].append({
            "title": clean(report.title, where), "url": web_address(clean(report.url, where)),
            "force": clean(entry.response.force.name, where),
            "report_published": long_date(report.published) or "Not recorded",
            "last_day": long_date(entry.timing.last_day) or "Not known",
            "response_published": long_date(entry.timing.published),
            "verdict": verdict(entry.timing), "late": entry.timing.on_time is False,
            "page": entry.page, "docx": entry.docx, "docx_size": size(files.get(entry.docx)),
            "pdf": entry.pdf if entry.pdf in files else None,
            "pdf_size": size(files.get(entry.pdf)),
        })
    late = sum(1 for e in entries if e.timing.on_time is False)
    return {"years": years, "count": len(entries), "late": late}


_EMAIL = re.compile(r"\s*[<(\[]?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b[>)\]]?")


def without_email(text: str) -> str:
    """An owner as the public may see them: 'Det Insp Jones <j.jones@force.police.uk>'
    -> 'Det Insp Jones'. An owner who is only an address becomes ''."""
    return _EMAIL.sub("", text).strip(" ,;:-")


def progress_context(paper_ctx: dict[str, Any], pages: list[str]) -> dict[str, Any]:
    """The committee paper's public content (render/paper.py), as the progress page shows
    it: owners without e-mail addresses, each report linked to its response's page
    (``pages``, in the paper's order)."""
    for report, page in zip(paper_ctx["reports"], pages, strict=True):
        report["page"] = page
        for row in [*report["rows"], *(r for group in report["lists"] for r in group["rows"])]:
            row["owner"] = without_email(row["owner"])
    return paper_ctx
