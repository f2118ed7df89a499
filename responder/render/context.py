"""The response as the templates see it: plain values, labels worked out, text cleaned.

Two jobs happen here and nowhere else, so the templates cannot get them wrong:

- **Withheld passages.** In a public render a withheld finding or comment is
  replaced by a notice before the templates see anything, so its words cannot
  reach the output whatever a template (bundled or an office's own) does.
- **Characters Word cannot hold.** Text pasted from PDFs carries control
  characters that are illegal in XML; they are replaced or dropped here, and a
  warning names the finding or section they were in.

Pure: no I/O, no printing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..response.model import NOT_NAMED, Finding, Passage, Response, Section, Withheld

RESTRICTED = "RESTRICTED – NOT FOR PUBLICATION"
REASONS = {"personal_safety": "personal safety", "national_security": "national security"}
KIND_LABELS = {
    "area_for_improvement": ("Area for improvement", "Areas for improvement"),
    "recommendation": ("Recommendation", "Recommendations"),
    "cause_of_concern": ("Cause of concern", "Causes of concern"),
}
ACTION_LABELS = {
    "taken": "Action taken:",
    "proposed": "Action proposed:",
    "none": "No action proposed:",
}

# Illegal in XML 1.0. Vertical tab and form feed usually stood for a line or page
# break in the PDF the text came from, so they become a space; the rest go.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_AS_SPACE = {"\x0b": " ", "\x0c": " "}


def long_date(day: dt.date | None) -> str:
    """5 February 2018."""
    return f"{day.day} {day:%B %Y}" if day else ""


@dataclass
class Cleaner:
    """Cleans every string on its way to a template and remembers where it found trouble."""

    warnings: list[str] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def __call__(self, text: str | None, where: str) -> str:
        if not text:
            return ""
        if _ILLEGAL.search(text) is None:
            return text
        found = sorted({f"U+{ord(c):04X}" for c in _ILLEGAL.findall(text)})
        if where not in self._seen:
            self._seen.add(where)
            self.warnings.append(
                f"{where}: removed characters Word cannot hold ({', '.join(found)}), "
                "probably pasted from a PDF; check the wording"
            )
        return _ILLEGAL.sub(lambda m: _AS_SPACE.get(m.group(), ""), text)


def web_address(url: str) -> str:
    """The report's address when it is a web page's (http or https); '' otherwise, so a
    typed 'javascript:' or a path on someone's disk never becomes a link in a page."""
    return url.strip() if re.match(r"https?://\S+$", url.strip(), re.IGNORECASE) else ""


def withheld_notice(withheld: Withheld) -> str:
    reason = REASONS.get(withheld.reason or "")
    if reason:
        return f"A passage has been withheld from publication on grounds of {reason}."
    return "A passage has been withheld from publication."


def restriction(withheld: Withheld, clean: Cleaner, where: str) -> dict[str, str]:
    reason = REASONS.get(withheld.reason or "")
    text = RESTRICTED + (f": withheld from the published version on grounds of {reason}"
                         if reason else ": withheld from the published version")
    note = clean(withheld.note, where)
    return {"mark": text + ".", "note": note}


@dataclass
class Builder:
    response: Response
    full: bool
    clean: Cleaner
    withheld_count: int = 0

    # ------------------------------------------------------------ comments

    def passage(self, passage: Passage | None, where: str) -> dict[str, Any] | None:
        if passage is None or (not passage and passage.withheld is None):
            return None
        if passage.withheld is not None:
            self.withheld_count += 1
            if not self.full:
                return {"text": "", "notice": withheld_notice(passage.withheld), "restricted": None}
            return {"text": self.clean(passage.text, where), "notice": None,
                    "restricted": restriction(passage.withheld, self.clean, where)}
        return {"text": self.clean(passage.text, where), "notice": None, "restricted": None}

    # ------------------------------------------------------------ findings

    def finding(self, finding: Finding, label: str, where: str) -> dict[str, Any]:
        base: dict[str, Any] = {
            "id": finding.id, "kind": finding.kind, "label": label, "notice": None,
            "restricted": None, "text": "", "points": [], "recommendations": [], "action": None,
            "force": None, "commissioner": None,
        }
        # finding.note is the office's working note (e.g. what an import changed): never output.
        where = f"finding {finding.id}" if finding.id else where
        if finding.withheld is not None:
            self.withheld_count += 1
            if not self.full:
                # Nothing of the finding goes further than its label and the notice.
                base["notice"] = withheld_notice(finding.withheld)
                return base
            base["restricted"] = restriction(finding.withheld, self.clean, where)
        base["text"] = self.clean(finding.text, where)
        base["points"] = [self.clean(point, where) for point in finding.points]
        numbers = _numbering(finding.recommendations)
        base["recommendations"] = [
            self.finding(rec, _label(rec.kind, numbers[i]), f"{where}, recommendation {i + 1}")
            for i, rec in enumerate(finding.recommendations)
        ]
        if finding.action is not None and finding.action.status is not None:
            base["action"] = {
                "status": finding.action.status,
                "label": ACTION_LABELS[finding.action.status],
                "text": self.clean(finding.action.explanation, where),
            }
        base["force"] = self.passage(finding.force, where)
        base["commissioner"] = self.passage(finding.commissioner, where)
        return base

    # ------------------------------------------------------------ sections

    def section(self, section: Section, depth: int) -> dict[str, Any]:
        where = f"section {section.id}" if section.id else f"section {section.title!r}"
        numbers = _numbering(section.findings)
        # Recommendations for national bodies follow the force's own, under their own heading.
        built = [(f, self.finding(f, _label(f.kind, numbers[i]), f"{where}, finding {i + 1}"))
                 for i, f in enumerate(section.findings)]
        for finding, item in built:
            item["addressed_to"] = None if finding.is_local else finding.addressed_to
            if item["addressed_to"] == NOT_NAMED:
                item["label"] += ": the report names no one to act on it"
            elif item["addressed_to"]:
                item["label"] += f": for the {self.clean(finding.addressed_to, where)}"
        return {
            "id": section.id,
            "title": self.clean(section.title, where),
            "grade": section.grade,
            "summary": self.clean(section.summary, where),
            "depth": depth,
            "findings": [item for finding, item in built if finding.is_local],
            "national": [item for finding, item in built if not finding.is_local],
            "force": self.passage(section.force, where),
            "commissioner": self.passage(section.commissioner, where),
            "sections": [self.section(s, depth + 1) for s in section.sections],
        }


def _numbering(findings: list[Finding]) -> list[int | None]:
    """Each finding's number within its kind, or None when it is the only one of its kind."""
    totals: dict[str, int] = {}
    for finding in findings:
        totals[finding.kind] = totals.get(finding.kind, 0) + 1
    seen: dict[str, int] = {}
    numbers: list[int | None] = []
    for finding in findings:
        seen[finding.kind] = seen.get(finding.kind, 0) + 1
        numbers.append(seen[finding.kind] if totals[finding.kind] > 1 else None)
    return numbers


def _label(kind: str, number: int | None) -> str:
    one = KIND_LABELS[kind][0]
    return f"{one} {number}" if number is not None else one


def references(response: Response) -> dict[str, tuple[str, str]]:
    """Each finding's id -> (its section's title, the reference the letter gives it):
    "Area for improvement 2", "Recommendation 1 of cause of concern 1". The paper and the
    force's forms show these to people; the ids stay for machines."""
    found: dict[str, tuple[str, str]] = {}
    for _, section in response.walk_sections():
        numbers = _numbering(section.findings)
        for finding, number in zip(section.findings, numbers, strict=True):
            label = _label(finding.kind, number)
            if finding.id:
                found[finding.id] = (section.title, label)
            inner = _numbering(finding.recommendations)
            parent = label[0].lower() + label[1:] if number is not None else \
                "the " + label[0].lower() + label[1:]
            for rec, rec_number in zip(finding.recommendations, inner, strict=True):
                if rec.id:
                    found[rec.id] = (section.title,
                                     f"{_label(rec.kind, rec_number)} of {parent}")
    return found


_LIST_OR_CODE = re.compile(r"^(?:\s|[-*+]\s|\d+[.)]\s|>)")


def letter_closing(body: str, closing: str | None) -> tuple[str, str | None]:
    """(body, closing): without a closing of its own, a letter's last plain paragraph is its
    closing, so that it stays on the page with the sign-off and the signature."""
    if closing:
        return body, closing
    head, _, last = body.strip().rpartition("\n\n")
    if not head or _LIST_OR_CODE.match(last):
        return body, closing
    return head, last


def build_context(
    response: Response,
    *,
    shape: str,
    full: bool,
    today: dt.date,
    letterhead: bool = False,
    dated: dt.date | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The template context and the warnings met while building it. ``dated`` is the date
    the letter or statement bears (letter.letter_date; None: today, for a draft)."""
    from .letter import cc_lines, draft, letter_date

    dated = letter_date(response, dated) or today
    clean = Cleaner()
    builder = Builder(response, full, clean)
    body, force, report = response.body, response.force, response.report

    counts = {kind: 0 for kind in KIND_LABELS}
    national = 0
    for _, finding in response.walk_findings():
        counts[finding.kind] += 1
        national += finding.kind == "recommendation" and not finding.is_local
    # A cause of concern's recommendations count as recommendations, as the inspectorate counts.

    published = report.published
    last_day = published + dt.timedelta(days=55) if published else None
    letter = response.letter
    letter_ctx = None
    if letter is not None:
        to = letter.to
        to_minister = (to.role or "").lower() == "home secretary"
        salutation = letter.salutation or (
            "Dear Home Secretary" if to_minister else f"Dear {to.name}"
        )
        # The office's own words stand; only an empty body is drafted (see letter.py).
        drafted = not (letter.body or "").strip()
        text, closing = letter_closing(draft(response, today, dated) if drafted
                                       else letter.body or "", letter.closing)
        letter_ctx = {
            "to": {"name": clean(to.name, "letter"), "role": clean(to.role, "letter"),
                   "address": [clean(line, "letter") for line in to.address]},
            "date": long_date(dated),
            "salutation": clean(salutation, "letter"),
            "subject": clean(letter.subject or report.title, "letter"),
            "opening": clean(letter.opening, "letter"),
            "body": clean(text, "letter"),
            "drafted": drafted,
            "closing": clean(closing, "letter"),
            "sign_off": clean(letter.sign_off or "Yours sincerely", "letter"),
            "cc": [clean(line, "letter") for line in cc_lines(response, today)]
            if letter.cc else [],
        }

    force_short = force.short_name or force.name
    context: dict[str, Any] = {
        "shape": shape,
        "full": full,
        "letterhead": letterhead,
        "today": long_date(today),
        "restricted_mark": RESTRICTED,
        "body": {
            "name": clean(body.name, "body"), "holder": clean(body.holder, "body"),
            "role": clean(body.role, "body"),
            "short_role": clean(body.short_role or "Commissioner", "body"),
            "address": [clean(line, "body") for line in body.address],
            "reference": clean(body.reference, "body"), "website": clean(body.website, "body"),
        },
        "force": {
            "name": clean(force.name, "force"), "short_name": clean(force_short, "force"),
            "chief": clean(force.chief, "force"),
            "chief_role": clean(force.chief_role or "Chief Constable", "force"),
        },
        "report": {
            "title": clean(report.title, "report"), "kind": report.kind,
            "published": long_date(published), "last_day": long_date(last_day),
            "overall": report.overall, "url": web_address(clean(report.url, "report")),
            "graded": report.grades != "none",
        },
        "labels": {
            "force": f"{clean(force_short, 'force')} response",
            "commissioner": f"{clean(body.short_role or 'Commissioner', 'body')} response",
        },
        "counts": {
            "recommendations": counts["recommendation"],
            # Of those, how many the force (or the body) acts on, and how many are for others.
            "for_force": counts["recommendation"] - national,
            "national": national,
            "areas_for_improvement": counts["area_for_improvement"],
            "causes_of_concern": counts["cause_of_concern"],
        },
        "statement_date": long_date(dated),
        "letter": letter_ctx,
        "commentary": {
            "force": builder.passage(response.commentary.force, "overall comments"),
            "commissioner": builder.passage(response.commentary.commissioner, "overall comments"),
        },
        "sections": [builder.section(s, 0) for s in response.sections],
    }
    context["has_withheld"] = builder.withheld_count > 0
    context["graded_sections"] = [
        {"title": s["title"], "grade": s["grade"]} for s in context["sections"] if s["grade"]
    ]
    return context, clean.warnings
