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

from ..response.model import NOT_NAMED, Finding, Passage, Response, Section, Translation, Withheld
from .i18n import English


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "a message, translated later"
    return message


RESTRICTED = N_("RESTRICTED – NOT FOR PUBLICATION")
REASONS = {"personal_safety": N_("personal safety"), "national_security": N_("national security")}
KIND_LABELS = {
    "area_for_improvement": (N_("Area for improvement"), N_("Areas for improvement")),
    "recommendation": (N_("Recommendation"), N_("Recommendations")),
    "cause_of_concern": (N_("Cause of concern"), N_("Causes of concern")),
}
ACTION_LABELS = {
    "taken": N_("Action taken:"),
    "proposed": N_("Action proposed:"),
    "none": N_("No action proposed:"),
}
GRADE_NAMES = (N_("Outstanding"), N_("Good"), N_("Adequate"), N_("Requires improvement"),
               N_("Inadequate"))

# Illegal in XML 1.0. Vertical tab and form feed usually stood for a line or page
# break in the PDF the text came from, so they become a space; the rest go.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_AS_SPACE = {"\x0b": " ", "\x0c": " "}


def long_date(day: dt.date | None, lang: str = "en") -> str:
    """5 February 2018; 27 Medi 2019."""
    if lang != "en":
        from .i18n import long_date as in_language

        return in_language(day, lang)
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


def withheld_notice(withheld: Withheld, tr: Any = None) -> str:
    _ = (tr or English()).gettext
    reason = REASONS.get(withheld.reason or "")
    if reason:
        return _("A passage has been withheld from publication on grounds of %(reason)s.") % {
            "reason": _(reason)}
    return _("A passage has been withheld from publication.")


def restriction(withheld: Withheld, clean: Cleaner, where: str, tr: Any = None) -> dict[str, str]:
    _ = (tr or English()).gettext
    reason = REASONS.get(withheld.reason or "")
    text = _(RESTRICTED) + (
        _(": withheld from the published version on grounds of %(reason)s") % {"reason": _(reason)}
        if reason else _(": withheld from the published version"))
    note = clean(withheld.note, where)
    return {"mark": text + ".", "note": note}


@dataclass
class Builder:
    response: Response
    full: bool
    clean: Cleaner
    withheld_count: int = 0
    tr: Any = field(default_factory=English)
    # Welsh passages that had to be shown in English (no Welsh yet, or out of date).
    untranslated: list[str] = field(default_factory=list)

    @property
    def welsh(self) -> bool:
        return self.tr.lang == "cy"

    def words(self, english: str, welsh: Translation | str | None, where: str) -> str:
        """The passage in the render's language: the Welsh when rendering Welsh and there is
        one (the English, noted, when there is none)."""
        if not self.welsh or not english:
            return english
        text = welsh.text if isinstance(welsh, Translation) else (welsh or "")
        if not text.strip():
            self.untranslated.append(where)
            return english
        if isinstance(welsh, Translation) and not welsh.is_current(english):
            self.untranslated.append(f"{where} (out of date)")
        return text

    def grade(self, grade: str | None) -> str | None:
        return self.tr.gettext(grade) if grade else grade

    # ------------------------------------------------------------ comments

    def passage(self, passage: Passage | None, where: str,
                welsh: Translation | None = None) -> dict[str, Any] | None:
        if passage is None or (not passage and passage.withheld is None):
            return None
        if passage.withheld is not None:
            self.withheld_count += 1
            if not self.full:
                return {"text": "", "notice": withheld_notice(passage.withheld, self.tr),
                        "restricted": None}
            return {"text": self.clean(self.words(passage.text, welsh, where), where),
                    "notice": None,
                    "restricted": restriction(passage.withheld, self.clean, where, self.tr)}
        return {"text": self.clean(self.words(passage.text, welsh, where), where), "notice": None,
                "restricted": None}

    # ------------------------------------------------------------ findings

    def finding(self, finding: Finding, label: str, where: str) -> dict[str, Any]:
        cy = finding.cy
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
                base["notice"] = withheld_notice(finding.withheld, self.tr)
                return base
            base["restricted"] = restriction(finding.withheld, self.clean, where, self.tr)
        # The inspectorate's words: its Welsh edition's, where import --merge brought them.
        text, points = finding.text, finding.points
        if self.welsh and cy is not None and cy.text:
            text = cy.text
            points = cy.points if len(cy.points) == len(points) else points
        base["text"] = self.clean(text, where)
        base["points"] = [self.clean(point, where) for point in points]
        numbers = _numbering(finding.recommendations)
        base["recommendations"] = [
            self.finding(rec, _label(rec.kind, numbers[i], self.tr),
                         f"{where}, recommendation {i + 1}")
            for i, rec in enumerate(finding.recommendations)
        ]
        if finding.action is not None and finding.action.status is not None:
            base["action"] = {
                "status": finding.action.status,
                "label": self.tr.gettext(ACTION_LABELS[finding.action.status]),
                "text": self.clean(self.words(finding.action.explanation or "",
                                              cy.action if cy else None, f"{where}, action"),
                                   where),
            }
        base["force"] = self.passage(finding.force, where, cy.force if cy else None)
        base["commissioner"] = self.passage(finding.commissioner, where,
                                            cy.commissioner if cy else None)
        return base

    # ------------------------------------------------------------ sections

    def section(self, section: Section, depth: int) -> dict[str, Any]:
        where = f"section {section.id}" if section.id else f"section {section.title!r}"
        numbers = _numbering(section.findings)
        # Recommendations for national bodies follow the force's own, under their own heading.
        built = [(f, self.finding(f, _label(f.kind, numbers[i], self.tr),
                                  f"{where}, finding {i + 1}"))
                 for i, f in enumerate(section.findings)]
        for finding, item in built:
            item["addressed_to"] = None if finding.is_local else finding.addressed_to
            if item["addressed_to"] == NOT_NAMED:
                item["label"] += self.tr.gettext(": the report names no one to act on it")
            elif item["addressed_to"]:
                item["label"] += self.tr.gettext(": for the %(body)s") % {
                    "body": self.clean(finding.addressed_to, where)}
        cy = section.cy
        title = (cy.title if self.welsh and cy and cy.title else None) or section.title
        summary = (cy.summary if self.welsh and cy and cy.summary else None) or section.summary
        return {
            "id": section.id,
            "title": self.clean(title, where),
            "grade": self.grade(section.grade),
            "summary": self.clean(summary, where),
            "depth": depth,
            "findings": [item for finding, item in built if finding.is_local],
            "national": [item for finding, item in built
                         if not finding.is_local and finding.addressed_to != NOT_NAMED],
            "unnamed": [item for finding, item in built if finding.addressed_to == NOT_NAMED],
            "force": self.passage(section.force, where, cy.force if cy else None),
            "commissioner": self.passage(section.commissioner, where,
                                         cy.commissioner if cy else None),
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


def _label(kind: str, number: int | None, tr: Any = None) -> str:
    one = (tr or English()).gettext(KIND_LABELS[kind][0])
    return f"{one} {number}" if number is not None else one


def references(response: Response, tr: Any = None) -> dict[str, tuple[str, str]]:
    """Each finding's id -> (its section's title, the reference the letter gives it):
    "Area for improvement 2", "Recommendation 1 of cause of concern 1". The paper and the
    force's forms show these to people; the ids stay for machines. ``tr``: in the language
    of those messages (English when None)."""
    _ = (tr or English()).gettext
    found: dict[str, tuple[str, str]] = {}
    for _s, section in response.walk_sections():
        numbers = _numbering(section.findings)
        for finding, number in zip(section.findings, numbers, strict=True):
            label = _label(finding.kind, number, tr)
            if finding.id:
                found[finding.id] = (section.title, label)
            inner = _numbering(finding.recommendations)
            parent = label[0].lower() + label[1:]
            of = (_("%(recommendation)s of %(parent)s") if number is not None else
                  _("%(recommendation)s of the %(parent)s"))
            for rec, rec_number in zip(finding.recommendations, inner, strict=True):
                if rec.id:
                    found[rec.id] = (section.title, of % {
                        "recommendation": _label(rec.kind, rec_number, tr), "parent": parent})
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
    tr: Any = None,
    other_language: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The template context and the warnings met while building it. ``dated`` is the date
    the letter or statement bears (letter.letter_date; None: today, for a draft). ``tr``: the
    messages of the render's language (render/i18n.py; English when None); ``other_language``:
    the language of the version published beside this one, which the document names."""
    from .letter import letter_date

    dated = letter_date(response, dated) or today
    tr = tr or English()
    lang = getattr(tr, "lang", "en")
    _ = tr.gettext
    clean = Cleaner()
    builder = Builder(response, full, clean, tr=tr)
    body, force, report = response.body, response.force, response.report
    welsh = lang == "cy"
    body_cy = body.cy if welsh and body.cy else None
    force_cy = force.cy if welsh and force.cy else None
    report_cy = report.cy if welsh and report.cy else None

    def named(english: str | None, own: Any, key: str) -> str | None:
        """A name in the render's language: the Welsh one where the file gives it."""
        value = getattr(own, key, None) if own is not None else None
        return value or english

    body_name = named(body.name, body_cy, "name") or body.name
    body_role = named(body.role, body_cy, "role")
    short_role = named(body.short_role, body_cy, "short_role") or _("Commissioner")
    force_name = named(force.name, force_cy, "name") or force.name
    force_short = named(force.short_name, force_cy, "short_name") or force_name
    chief_role = named(force.chief_role, force_cy, "chief_role") or _("Chief Constable")
    title = named(report.title, report_cy, "title") or report.title

    counts = {kind: 0 for kind in KIND_LABELS}
    national = unnamed = 0
    for _item, finding in response.walk_findings():
        counts[finding.kind] += 1
        if finding.kind == "recommendation" and finding.addressed_to == NOT_NAMED:
            unnamed += 1  # the report names no one to act on it: not a national body's
        elif finding.kind == "recommendation" and not finding.is_local:
            national += 1
    # A cause of concern's recommendations count as recommendations, as the inspectorate counts.

    published = report.published
    last_day = published + dt.timedelta(days=55) if published else None
    letter = response.letter
    letter_ctx = None
    if letter is not None:
        letter_ctx = _letter(response, builder, today, dated, lang, title)

    labels = {
        "force": _("%(short)s response") % {"short": clean(force_short, "force")},
        "commissioner": _("%(short)s response") % {"short": clean(short_role, "body")},
    }
    commentary = response.commentary
    ccy = commentary.cy
    context: dict[str, Any] = {
        "shape": shape,
        "full": full,
        "letterhead": letterhead,
        "lang": lang,
        "other_language": other_language,
        "today": long_date(today, lang),
        "restricted_mark": _(RESTRICTED),
        "body": {
            "name": clean(body_name, "body"), "holder": clean(body.holder, "body"),
            "role": clean(body_role, "body"),
            "short_role": clean(short_role, "body"),
            "address": [clean(line, "body") for line in
                        ((body_cy.address if body_cy and body_cy.address else None) or body.address)],
            "reference": clean(body.reference, "body"),
            "website": clean(named(body.website, body_cy, "website"), "body"),
        },
        "force": {
            "name": clean(force_name, "force"), "short_name": clean(force_short, "force"),
            "chief": clean(force.chief, "force"),
            "chief_role": clean(chief_role, "force"),
        },
        "report": {
            "title": clean(title, "report"), "kind": report.kind,
            "published": long_date(published, lang), "last_day": long_date(last_day, lang),
            # Lateness, as the statement states it: published (or to be) after the last day.
            "response_published": long_date(response.process.response_published, lang),
            "late": last_day is not None and (response.process.response_published
                                              or dated or today) > last_day,
            "late_reason": clean(sentence(builder.words(
                response.process.late_reason or "",
                response.process.cy.late_reason if response.process.cy else None,
                "the reason the response is late")), "process"),
            "overall": builder.grade(report.overall),
            "url": web_address(clean(named(report.url, report_cy, "url"), "report")),
            "graded": report.grades != "none",
        },
        "labels": labels,
        "counts": {
            "recommendations": counts["recommendation"],
            # Of those, how many the force (or the body) acts on, and how many are for others.
            "for_force": counts["recommendation"] - national - unnamed,
            "national": national,
            "unnamed": unnamed,
            "areas_for_improvement": counts["area_for_improvement"],
            "causes_of_concern": counts["cause_of_concern"],
        },
        "statement_date": long_date(dated, lang),
        "letter": letter_ctx,
        "commentary": {
            "force": builder.passage(commentary.force, "overall comments",
                                     ccy.force if ccy else None),
            "commissioner": builder.passage(commentary.commissioner, "overall comments",
                                            ccy.commissioner if ccy else None),
        },
        "sections": [builder.section(s, 0) for s in response.sections],
    }
    context["appendix_intro"] = appendix_intro(context, tr)
    context["has_withheld"] = builder.withheld_count > 0
    context["graded_sections"] = [
        {"title": s["title"], "grade": s["grade"]} for s in context["sections"] if s["grade"]
    ]
    warnings = clean.warnings
    if builder.untranslated:
        shown = ", ".join(builder.untranslated[:5])
        more = f" and {len(builder.untranslated) - 5} more" if len(builder.untranslated) > 5 else ""
        warnings = [*warnings, f"the Welsh version shows the English of {shown}{more}: they "
                    "have no current Welsh (run responder translate make)"]
    return context, warnings


def _letter(response: Response, builder: Builder, today: dt.date, dated: dt.date, lang: str,
            title: str) -> dict[str, Any]:
    from .letter import cc_lines, draft

    letter = response.letter
    assert letter is not None
    clean, _ = builder.clean, builder.tr.gettext
    cy = letter.cy if lang == "cy" else None
    to = letter.to
    to_minister = (to.role or "").lower() == "home secretary"
    to_name = (cy.to if cy and cy.to else None) or to.name
    # In another language the Home Secretary's title is the addressee's name itself.
    to_role = to_name if to_minister and lang != "en" else to.role
    to_address = (list(cy.address) if cy and cy.address else None) or to.address
    if cy is not None and cy.salutation:
        salutation = cy.salutation
    elif letter.salutation and lang == "en":
        salutation = letter.salutation
    else:
        salutation = _("Dear Home Secretary") if to_minister else (
            _("Dear %(name)s") % {"name": to_name})
    # The office's own words stand; only an empty body is drafted (see letter.py).
    drafted = not (letter.body or "").strip()

    def own(name: str) -> str:
        english = getattr(letter, name) or ""
        return builder.words(english, getattr(cy, name) if cy else None, f"letter, {name}")

    if drafted:
        body = draft(response, today, dated, builder.tr)
    else:
        body = own("body")
    text, closing = letter_closing(body, own("closing") or None)
    if lang == "en":
        sign_off = letter.sign_off or "Yours sincerely"
    else:
        sign_off = (cy.sign_off if cy and cy.sign_off else None) or _("Yours sincerely")
    cc = cc_lines(response, today, builder.tr) if letter.cc else []
    return {
        "to": {"name": clean(to_name, "letter"), "role": clean(to_role, "letter"),
               "address": [clean(line, "letter") for line in to_address]},
        "date": long_date(dated, lang),
        "salutation": clean(salutation, "letter"),
        "subject": clean(own("subject") or title, "letter"),
        "opening": clean(own("opening"), "letter"),
        "body": clean(text, "letter"),
        "drafted": drafted,
        "closing": clean(closing, "letter"),
        "sign_off": clean(sign_off, "letter"),
        "cc": [clean(line, "letter") for line in cc],
    }


def appendix_intro(context: dict[str, Any], tr: Any) -> str:
    """'This appendix sets out each cause of concern, recommendation and area for improvement
    in the report, with the Chief Constable's response …' (what the appendix answers)."""
    from .environment import possessive

    _ = tr.gettext
    lang = getattr(tr, "lang", "en")
    counts = context["counts"]
    coc, recs, afis = (counts["causes_of_concern"], counts["recommendations"],
                       counts["areas_for_improvement"])
    kinds = ""
    if coc:
        kinds += _(" cause of concern,")
    if recs:
        kinds += _(" recommendation") + (_(" and") if afis else "")
    if afis:
        kinds += _(" area for improvement")
    if not (coc or recs or afis):
        kinds += _(" part of the report")
    chief = context["force"]["chief_role"]
    body = context["body"]["role"] or _("commissioner")
    text = _("This appendix sets out each%(kinds)s in the report, with the %(chief_s)s "
             "response (labelled ‘%(force_label)s’) and\nthe %(body_s)s comments (labelled "
             "‘%(body_label)s’).\n") % {
        "kinds": kinds, "chief_s": possessive(chief, lang), "body_s": possessive(body, lang),
        "force_label": context["labels"]["force"],
        "body_label": context["labels"]["commissioner"]}
    if recs:
        text += _("For each recommendation it records the action taken or proposed.")
    return text


def sentence(text: str | None) -> str:
    """Typed text as one sentence in running prose: spaces closed up, a full stop at the end."""
    text = " ".join((text or "").split())
    return text if not text or text[-1] in ".!?" else text + "."
