"""The recogniser's result: the sections the walk built, put in reading order and made into
a response — the report's title, date, grades, scale and kind, the force and its body, and
whom each recommendation is addressed to.

Pure: no I/O, no printing. Whatever is uncertain becomes a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..response.model import (
    NO_BODY,
    NO_FORCE,
    ONE_OF_THE_FORCES,
    Body,
    Finding,
    Force,
    Report,
    Response,
    Section,
)
from .addressees import addressee
from .forces import body_for, find_force, forces_named
from .phrases import key
from .sentences import passive_addressee


@dataclass
class Node:
    """A section as the walk builds it."""

    title: str
    grade: str | None = None
    findings: list[Finding] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    pillar: bool = False
    # Confirmed by text of its own; a summary table names sections and grades with none.
    confirmed: bool = False
    order: float = float("inf")  # when it was confirmed: sections are listed in reading order
    topic: bool = False  # named only by a label's topic ("Cause of concern: investigating crime")

    def build(self) -> Section:
        return Section(title=self.title, grade=self.grade, findings=self.findings,
                       sections=[child.build() for child in self.children])


@dataclass
class Recognised:
    """What the recogniser found, and what the user should check."""

    response: Response
    warnings: list[str]

    @property
    def findings(self) -> int:
        return sum(1 for _ in self.response.walk_findings())


def assemble(top: list[Node], overall: str | None, title: str, texts: list[str],
             dates: list[tuple[int, dt.date]], warnings: list[str]) -> Recognised:
    """The response from what the walk found: sections in reading order, the report's
    grades, scale, kind and date, the force and body, and whom each recommendation is for."""
    # A report with causes of concern repeated in a summary: drop the empty duplicates.
    causes: set[str] = set()
    for node in walk_nodes(top):
        kept = []
        for finding in node.findings:
            if finding.kind == "cause_of_concern":
                if finding.text == "(pending)" or key(finding.text) in causes:
                    continue
                causes.add(key(finding.text))
            kept.append(finding)
        node.findings = kept
    pillars = [node for node in top if node.pillar]
    if len(pillars) == 1 and len(top) == 1 and not pillars[0].findings:
        # A single-pillar report: its grade is the report's, its questions the sections.
        overall = overall or pillars[0].grade
        top = pillars[0].children
        if pillars[0].title.lower() not in title.lower():
            title = f"{title}: {pillars[0].title}"
    top = dedupe_sections(top)
    sections = [node.build() for node in top]

    several = forces_named(title)
    force_name = None if len(several) > 1 else find_force(texts)
    address(sections, one_force=force_name is not None)
    if len(several) > 1:
        warnings.append(f"the report covers {len(several)} forces ({', '.join(several)}) — "
                        "set force.name to yours (or use --force)")
        force = Force(name=ONE_OF_THE_FORCES)
        body = Body(name=NO_BODY)
    elif force_name is None:
        warnings.append("no force named in the report — set force.name (or use --force)")
        force = Force(name=NO_FORCE)
        body = Body(name=NO_BODY)
    else:
        force = Force(name=force_name, chief_role="Chief Constable")
        body = Body(name=body_for(force_name))
        warnings.append(f"body.name was worked out from the force's name as "
                        f"'{body.name}' — check it")
    grades = [n.grade for n in walk_nodes(top) if n.grade] + ([overall] if overall else [])
    scale = "peel-2021" if "Adequate" in grades else "peel-2014" if grades else "none"
    published = min(dates, key=lambda p: p[0])[1] if dates else None
    if published is None:
        warnings.append("no publication date found — set report.published before the "
                        "deadline can be computed")
    kind = report_kind(title, bool(grades), force_name)
    response = Response(
        body=body, force=force,
        report=Report(title=title, published=published, kind=kind, grades=scale,
                      overall=overall),
        sections=sections,
    )
    if scale != "none":
        for _, section in response.walk_sections():
            if section.grade is None and not is_orphan(section.title):
                warnings.append(f"no grade found for '{section.title}'")
    response.assign_ids()
    return Recognised(response, warnings)


def address(sections: list[Section], one_force: bool) -> None:
    """Fill each recommendation's addressed_to and by from its sentence; a recommendation
    inside a cause of concern is read with the concern's closing lead-in ("Within three
    months, the force should:"). A passive one gets whom its subject implies, or
    NOT_NAMED — never a body it does not name (see sentences.passive_addressee)."""

    def visit(section: Section) -> None:
        for finding in section.findings:
            if finding.kind == "recommendation":
                _fill(finding, "", one_force)
            lead = finding.text.split("\n\n")[-1] if finding.kind == "cause_of_concern" else ""
            for rec in finding.recommendations:
                _fill(rec, lead, one_force)
        for child in section.sections:
            visit(child)

    for section in sections:
        visit(section)


def _fill(rec: Finding, lead: str, one_force: bool) -> None:
    who, by = addressee(rec.text)
    if who is None and lead.endswith(":"):
        who, by = addressee(lead[:-1])
    if who is None:
        who = passive_addressee(rec.text, one_force)
    rec.addressed_to, rec.by = who, by


def walk_nodes(nodes: list[Node]):  # type: ignore[no-untyped-def]
    for node in nodes:
        yield node
        yield from walk_nodes(node.children)


def dedupe_sections(nodes: list[Node]) -> list[Node]:
    """Drop sections only a summary table or contents list named, and empty pillars; list
    the rest in the order the report discusses them (a summary table may name them first)."""
    for node in nodes:
        node.children = dedupe_sections(node.children)
        if node.children:
            node.order = min(child.order for child in node.children)
    kept = [node for node in nodes
            if node.findings or node.children
            or (node.confirmed and not node.pillar and not is_orphan(node.title))]
    return sorted(kept, key=lambda node: node.order)


def is_orphan(title: str) -> bool:
    return title in ("Areas for improvement", "Recommendations", "Causes of concern")


def report_kind(title: str, graded: bool, force: str | None) -> str:
    lowered = title.lower()
    if "joint" in lowered:
        return "joint"
    if "peel" in lowered or graded:
        return "peel"
    if force is None:
        return "thematic"
    return "other"
