"""What the interview asks, in what order, and how far along a voice is.

The interview walks a flat list of items for one voice (the force or the
commissioner): every finding in report order, each section's own comment after
its findings and sub-sections, and the overall comment at the end. Items hold
ids, not objects, so they still find their place after the response has been
re-loaded and merged with someone else's changes.

Pure: no I/O, no printing, no prompts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..law.deadline import last_day
from ..response.model import Action, Finding, Passage, Response, Section, comment_text, kind_label

Role = Literal["force", "commissioner"]
ROLES: tuple[str, ...] = ("force", "commissioner")
ItemKind = Literal["finding", "section", "overall"]

# Long section titles are questions ("To what extent does ...?"); a breadcrumb names them
# by position instead, and the full title is shown underneath.
SHORT_TITLE = 32
LONG_TITLE = 44  # a topic title longer than this is cut at a word in the breadcrumb
SEPARATOR = " › "

def other_role(role: str) -> str:
    return "commissioner" if role == "force" else "force"


@dataclass(frozen=True)
class Item:
    """One thing to answer: a finding's comment, a section's comment, or the overall one."""

    kind: ItemKind
    key: str  # the finding's or section's id; "overall" for the response as a whole
    trail: tuple[str, ...]  # breadcrumb labels of the sections (and cause of concern) above
    label: str  # "Area for improvement 3", "Comments on the question as a whole", ...
    number: int = 0  # position among the findings in scope, 1-based; 0 for other items
    parent: str | None = None  # the cause of concern a recommendation belongs to
    section: str | None = None  # the id of the section the item sits in

    def breadcrumb(self, total: int) -> str:
        where = SEPARATOR.join((*self.trail, self.label))
        return f"{where} — {self.number} of {total}" if self.number else where


# ---------------------------------------------------------------- the list of items


def is_question(title: str) -> bool:
    title = title.strip()
    return title.endswith("?") or title.lower().startswith(("to what extent", "how "))


def section_label(section: Section, position: int) -> str:
    title = section.title.strip()
    if len(title) <= SHORT_TITLE:
        return title
    if is_question(title):
        return f"Question {position}"
    cut = title[:LONG_TITLE].rsplit(" ", 1)[0] if len(title) > LONG_TITLE else title
    return cut if cut == title else cut.rstrip(",;:") + "…"


def items_for(response: Response, section: str | None = None) -> list[Item]:
    """Every item in order; with ``section``, only that section (and those inside it)."""
    items: list[Item] = []

    def visit(sections: list[Section], trail: tuple[str, ...], inside: bool) -> None:
        for position, sec in enumerate(sections, 1):
            here = inside or section is None or sec.id == section
            label = section_label(sec, position)
            sec_trail = (*trail, label)
            if here:
                counters: dict[str, int] = {}
                for finding in sec.findings:
                    counters[finding.kind] = counters.get(finding.kind, 0) + 1
                    name = f"{kind_label(finding.kind)} {counters[finding.kind]}"
                    items.append(Item("finding", str(finding.id), sec_trail, name, section=sec.id))
                    for n, rec in enumerate(finding.recommendations, 1):
                        items.append(Item(
                            "finding", str(rec.id), (*sec_trail, name), f"Recommendation {n}",
                            parent=finding.id, section=sec.id,
                        ))
            visit(sec.sections, sec_trail, here)
            if here:
                noun = "question" if is_question(sec.title) else "section"
                items.append(Item("section", str(sec.id), sec_trail,
                                  f"Comments on the {noun} as a whole", section=sec.id))

    visit(response.sections, (), False)
    if section is None:
        items.append(Item("overall", "overall", (), "Overall comments on the report"))
    number = 0
    numbered = []
    for item in items:
        if item.kind == "finding":
            number += 1
            item = Item(item.kind, item.key, item.trail, item.label, number, item.parent,
                        item.section)
        numbered.append(item)
    return numbered


def section_ids(response: Response) -> list[str]:
    return [str(sec.id) for _, sec in response.walk_sections()]


def find_finding(response: Response, key: str) -> Finding:
    for _, finding in response.walk_findings():
        if finding.id == key:
            return finding
    raise KeyError(key)


def find_section(response: Response, key: str) -> Section:
    for _, sec in response.walk_sections():
        if sec.id == key:
            return sec
    raise KeyError(key)


def passage_of(response: Response, item: Item, role: str) -> Passage | None:
    if item.kind == "overall":
        return getattr(response.commentary, role)  # type: ignore[no-any-return]
    target = find_finding(response, item.key) if item.kind == "finding" else find_section(
        response, item.key)
    return getattr(target, role)  # type: ignore[no-any-return]


def comment_of(response: Response, item: Item, role: str) -> str:
    """The voice's comment on the item, or ''."""
    return comment_text(passage_of(response, item, role))


def withheld_reason(response: Response, item: Item, role: str) -> str | None:
    """'personal safety' when the voice's comment is kept out of the published version."""
    passage = passage_of(response, item, role)
    if passage is None or passage.withheld is None:
        return None
    return (passage.withheld.reason or "no reason given").replace("_", " ")


# ---------------------------------------------------------------- actions (s55(5B))


def action_complete(action: Action | None) -> bool:
    """A status and an explanation, and not left unfinished by an interrupted box."""
    return bool(action and action.status and (action.explanation or "").strip()
                and not action.is_unfinished)


def action_problem(status: str | None, explanation: str) -> str | None:
    """Why this action cannot be recorded as it is, or None when it can."""
    if status not in ("taken", "proposed", "none"):
        return "Choose whether the action is taken, proposed, or none"
    if explanation.strip():
        return None
    if status == "none":
        return ("Say why no action will be taken: section 55(5B) of the Police Act 1996 "
                "requires a reason")
    return f"Describe the action {status}: section 55(5B) requires an explanation"


def takes_action(item: Item, response: Response) -> bool:
    """Does the commissioner record a statutory action on this finding?"""
    if item.kind != "finding":
        return False
    # A recommendation addressed to a national body is noted, not acted on (s55(5B) asks the
    # local response for an action only on what the force or the body itself is to do).
    finding = find_finding(response, item.key)
    return finding.kind == "cause_of_concern" or finding.needs_action


def covering_action(response: Response, item: Item) -> Action | None:
    """The cause of concern's action when it covers this recommendation."""
    if item.parent is None:
        return None
    parent = find_finding(response, item.parent)
    return parent.action if action_complete(parent.action) else None


def effective_action(response: Response, item: Item) -> Action | None:
    finding = find_finding(response, item.key)
    if action_complete(finding.action):
        return finding.action
    return covering_action(response, item)


def set_action(finding: Finding, status: str, explanation: str, *,
               unfinished: bool = False) -> None:
    """Record a statutory action; refuses an incomplete one (see action_problem).
    ``unfinished``: the words typed when the box was interrupted, kept but marked."""
    problem = action_problem(status, explanation)
    if problem:
        raise ValueError(problem)
    finding.action = Action(status=status, explanation=explanation.strip(),  # type: ignore[arg-type]
                            unfinished=True if unfinished else None)


def clear_action(finding: Finding) -> None:
    finding.action = None


# ---------------------------------------------------------------- answering


def is_answered(response: Response, item: Item, role: str) -> bool:
    """Whether this voice has said what the item needs from it.

    A recommendation acted on locally needs the commissioner's action (its own, or one
    for its whole cause of concern); everything else — a recommendation addressed to a
    national body included — needs the voice's comment.
    """
    if item.kind != "finding":
        return _finished(passage_of(response, item, role))
    finding = find_finding(response, item.key)
    if role == "commissioner" and finding.needs_action:
        return effective_action(response, item) is not None
    if role == "commissioner" and finding.kind == "cause_of_concern":
        return _finished(finding.commissioner) or action_complete(finding.action)
    return _finished(getattr(finding, role))


def _finished(passage: Passage | None) -> bool:
    """A comment given and confirmed: typed words left unfinished are not an answer yet."""
    return passage is not None and bool(passage.text.strip()) and not passage.is_unfinished


def unfinished(response: Response, item: Item, role: str) -> tuple[str, str] | None:
    """What this voice left unfinished on the item: ("comment" | "action", the words typed)."""
    try:
        passage = passage_of(response, item, role)
    except KeyError:
        return None
    if passage is not None and passage.is_unfinished:
        return "comment", passage.text
    if role == "commissioner" and item.kind == "finding":
        action = find_finding(response, item.key).action
        if action is not None and action.is_unfinished:
            return "action", action.explanation or ""
    return None


def finish_comment(response: Response, item: Item, role: str) -> None:
    """Keep the voice's unfinished comment as it is: the mark goes, the words stay."""
    passage = passage_of(response, item, role)
    if passage is not None:
        set_comment(response, item, role, passage.text)


def finish_action(finding: Finding) -> None:
    if finding.action is not None:
        finding.action = Action(status=finding.action.status,
                                explanation=finding.action.explanation)


def set_comment(response: Response, item: Item, role: str, text: str, *,
                unfinished: bool = False) -> None:
    """Put the voice's comment on the item; empty text removes it (a withheld marker stays).
    ``unfinished``: the words typed when the box was interrupted, kept but marked."""
    text = text.strip()
    if item.kind == "overall":
        owner: Finding | Section | object = response.commentary
    elif item.kind == "finding":
        owner = find_finding(response, item.key)
    else:
        owner = find_section(response, item.key)
    current = getattr(owner, role)
    mark = True if unfinished and text else None
    if current is not None and current.withheld is not None:
        setattr(owner, role, Passage(text=text, withheld=current.withheld, unfinished=mark))
    else:
        setattr(owner, role, Passage(text=text, unfinished=mark) if text else None)


def resume_index(response: Response, items: list[Item], role: str) -> int:
    """Where to carry on: where the person left off — the first item not answered after the
    last one answered, a section's own comment included — or an earlier finding still
    unanswered, whichever comes first. A section comment the person went past (answering
    what follows it) does not hold the place, nor does that of a section without findings
    (an imported summary); once everything else is answered, the first of those.
    len(items) when everything is answered."""
    holding = {item.section for item in items if item.kind == "finding"}
    answered = [is_answered(response, item, role) for item in items]

    def counts(index: int) -> bool:
        item = items[index]
        return item.kind != "section" or _holds_findings(response, item.key, holding)

    last = max((i for i, done in enumerate(answered) if done), default=-1)
    places = [
        next((i for i, item in enumerate(items) if item.kind == "finding" and not answered[i]),
             None),
        next((i for i in range(last + 1, len(items)) if not answered[i] and counts(i)), None),
    ]
    found = [i for i in places if i is not None]
    if found:
        return min(found)
    return next((i for i, done in enumerate(answered) if not done), len(items))


def _holds_findings(response: Response, key: str, holding: set[str | None]) -> bool:
    try:
        section = find_section(response, key)
    except KeyError:
        return False
    return any(sec.id in holding for _, sec in _walk(section))


def _walk(section: Section) -> list[tuple[int, Section]]:
    found = [(0, section)]
    for sub in section.sections:
        found += _walk(sub)
    return found


@dataclass(frozen=True)
class Counts:
    findings: int
    findings_answered: int
    sections: int
    sections_answered: int
    overall: bool  # the overall comment is in scope
    overall_answered: bool
    actions: int  # recommendations needing the commissioner's action
    actions_recorded: int

    @property
    def complete(self) -> bool:
        return (self.findings_answered == self.findings
                and self.sections_answered == self.sections
                and (self.overall_answered or not self.overall))

    def describe(self, role: str) -> str:
        parts = [f"{self.findings_answered} of {self.findings} findings"]
        if role == "commissioner" and self.actions:
            parts.append(f"{self.actions_recorded} of {self.actions} recommendation actions")
        if self.sections:
            parts.append(f"{self.sections_answered} of {self.sections} section comments")
        if self.overall:
            parts.append("overall comment " + ("given" if self.overall_answered else "not yet"))
        return " · ".join(parts)


def counts(response: Response, items: list[Item], role: str) -> Counts:
    findings = [i for i in items if i.kind == "finding"]
    sections = [i for i in items if i.kind == "section"]
    overall = [i for i in items if i.kind == "overall"]
    recs = [i for i in findings if find_finding(response, i.key).needs_action]
    return Counts(
        findings=len(findings),
        findings_answered=sum(is_answered(response, i, role) for i in findings),
        sections=len(sections),
        sections_answered=sum(is_answered(response, i, role) for i in sections),
        overall=bool(overall),
        overall_answered=bool(overall) and is_answered(response, overall[0], role),
        actions=len(recs),
        actions_recorded=sum(effective_action(response, i) is not None for i in recs),
    )


def missing(response: Response, items: list[Item], role: str) -> list[Item]:
    return [item for item in items if not is_answered(response, item, role)]


def days_left(published: dt.date | None, today: dt.date) -> tuple[dt.date, int] | None:
    """(last day, days from today to it; negative once it has passed), or None without a date."""
    if published is None:
        return None
    end = last_day(published)
    return end, (end - today).days
