"""The open data: one row per published response, one per public finding.

What each row holds is what the public documents show, and nothing more:

| left out                                   | because                                       |
|--------------------------------------------|-----------------------------------------------|
| a withheld finding (or a recommendation    | the published response shows only a notice    |
| under a withheld cause of concern)         | (counted in ``withheld_findings``)            |
| every comment (force's, commissioner's)    | the pages carry them; the data is the record  |
| update texts, owners, RAG ratings          | findings carry only the last update's date    |
| the office's working notes                 | never output anywhere                         |

The columns are described in docs/site.md and checked by the JSON Schemas beside this
module (responses.schema.json, findings.schema.json), which the site also publishes.
CSV columns are the JSON keys in the same order; an empty cell is JSON's null.

Pure: no I/O; ``today`` is a parameter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..after.register import in_register, is_overdue
from ..law.deadline import last_day
from ..render.context import web_address
from ..response.model import Finding, Response

RESPONSE_COLUMNS = (
    "id", "report_title", "report_kind", "report_url", "force", "body",
    "report_published", "last_day", "response_published", "on_time", "days_late",
    "causes_of_concern", "recommendations", "areas_for_improvement", "withheld_findings",
    "open", "in_progress", "complete", "closed", "no_further_action", "superseded", "reopened",
    "overdue", "page", "pdf", "docx",
)
FINDING_COLUMNS = (
    "response", "reference", "kind", "part_of", "section", "text", "addressee",
    "action_status", "register_status", "target_date", "overdue", "last_update_date",
)
SCHEMAS = ("responses.schema.json", "findings.schema.json")


@dataclass(frozen=True)
class Timeliness:
    """Whether the response was published within the 56 days of s55(5A)."""

    last_day: dt.date | None  # None when the report's publication date is not recorded
    published: dt.date
    on_time: bool | None
    days_late: int | None  # 0 when on time

    @classmethod
    def of(cls, response: Response) -> Timeliness:
        published = response.process.response_published
        assert published is not None, "only published responses go on the site"
        report = response.report.published
        if report is None:
            return cls(None, published, None, None)
        last = last_day(report)
        late = max((published - last).days, 0)
        return cls(last, published, late == 0, late)


def withheld(finding: Finding, parent: Finding | None) -> bool:
    return finding.withheld is not None or (parent is not None and parent.withheld is not None)


def public_findings(response: Response) -> list[tuple[str, Finding, Finding | None]]:
    """(section title, finding, the cause of concern it sits under) for every finding the
    public response shows in full, in the order of the report."""
    found: list[tuple[str, Finding, Finding | None]] = []
    for _, section in response.walk_sections():
        for finding in section.findings:
            if withheld(finding, None):
                continue
            found.append((section.title, finding, None))
            found += [(section.title, rec, finding) for rec in finding.recommendations
                      if not withheld(rec, finding)]
    return found


def withheld_count(response: Response) -> int:
    return sum(1 for _, section in response.walk_sections() for finding in section.findings
               for item in finding.walk()
               if withheld(item, finding if item is not finding else None))


def response_row(response: Response, slug: str, today: dt.date,
                 files: dict[str, str | None]) -> dict[str, Any]:
    report = response.report
    timing = Timeliness.of(response)
    row: dict[str, Any] = {
        "id": slug, "report_title": report.title, "report_kind": report.kind,
        "report_url": web_address(report.url or "") or None, "force": response.force.name,
        "body": response.body.name, "report_published": _iso(report.published),
        "last_day": _iso(timing.last_day), "response_published": _iso(timing.published),
        "on_time": timing.on_time, "days_late": timing.days_late,
        "causes_of_concern": 0, "recommendations": 0, "areas_for_improvement": 0,
        "withheld_findings": withheld_count(response),
        "open": 0, "in_progress": 0, "complete": 0, "closed": 0, "no_further_action": 0,
        "superseded": 0, "reopened": 0, "overdue": 0,
    }
    plural = {"cause_of_concern": "causes_of_concern", "recommendation": "recommendations",
              "area_for_improvement": "areas_for_improvement"}
    for _, finding, _parent in public_findings(response):
        row[plural[finding.kind]] += 1
        if _registered(finding):
            tracking = finding.tracking
            row[tracking.status if tracking else "open"] += 1
            row["overdue"] += is_overdue(tracking, today)
    row.update(files)
    return {key: row[key] for key in RESPONSE_COLUMNS}


def _registered(finding: Finding) -> bool:
    # A cause of concern with recommendations is tracked through them (register.entries).
    return in_register(finding) and not finding.recommendations


def finding_rows(response: Response, slug: str, today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for section, finding, parent in public_findings(response):
        tracking = finding.tracking
        registered = _registered(finding)
        latest = tracking.latest() if tracking else None
        action = finding.action or (parent.action if parent else None)
        rows.append({
            "response": slug, "reference": finding.id, "kind": finding.kind,
            "part_of": parent.id if parent else None, "section": section,
            "text": " ".join(finding.text.split()),
            "addressee": finding.addressed_to or ("force" if finding.kind == "recommendation"
                                                  else None),
            "action_status": action.status if action and finding.kind != "area_for_improvement"
            else None,
            "register_status": (tracking.status if tracking else "open") if registered else None,
            "target_date": _iso(tracking.due) if tracking and registered else None,
            "overdue": is_overdue(tracking, today) if registered else None,
            "last_update_date": _iso(latest.date) if latest and registered else None,
        })
    return rows


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# ---------------------------------------------------------------- files


def as_json(kind: str, rows: list[dict[str, Any]], today: dt.date, publisher: str | None) -> bytes:
    """{"$schema", "publisher", "generated", kind: rows}: one document a reader can check."""
    document = {"$schema": f"{kind}.schema.json", "publisher": publisher,
                "generated": today.isoformat(), kind: rows}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def as_csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Windows reads the accents and dashes."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def schema(name: str) -> bytes:
    """A JSON Schema shipped with responder (responses.schema.json, findings.schema.json)."""
    try:
        return (resources.files(__package__) / name).read_bytes()
    except (ModuleNotFoundError, OSError, TypeError):
        return (Path(__file__).parent / name).read_bytes()
