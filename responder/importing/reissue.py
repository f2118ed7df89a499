"""Bring a corrected or re-issued report into a response already being worked on.

Nothing typed is lost: findings are matched to the ones already in the file by
text (or by id when the text is close), and only the report's own words — texts,
sub-points, grades — are updated, with a note saying so. New findings are added;
findings the new report no longer has are kept and flagged with a note. Comments,
actions and withheld passages are never touched.

Pure: works on two Response objects and returns what changed, in words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..response.model import Finding, Response, Section, kind_label
from .recognise import key
from .summary import counts

SIMILAR = 0.75  # a finding reworded but recognisably the same
SIMILAR_WITH_ID = 0.5  # ... or at the same place (same id) and still about the same thing
SIMILAR_TITLE = 0.8

T = TypeVar("T")


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, key(a), key(b), autojunk=False).ratio()


class NotThisReport(ValueError):
    """The re-issued report is not the one the response answers (another force's, or one
    sharing not a single finding with it): merging it would overwrite the publication date
    and grades with another report's. The message finishes "… is this the right report?"."""


def merge_into(existing: Response, imported: Response) -> list[str]:
    """Update ``existing`` in place from ``imported``; return one line per change.

    Raises NotThisReport, changing nothing, when ``imported`` is plainly another report."""
    refuse_another_report(existing, imported)
    published = imported.report.published
    label = (f"the re-issued report of {_long_date(published)}" if published
             else "the re-issued report")
    changes: list[str] = []
    _merge_report(existing, imported, changes)
    added: list[Finding] = []
    _merge_sections(existing.sections, imported.sections, label, changes, added, trail="")
    existing.assign_ids()
    for finding in added:
        changes.append(f"added {finding.id}: {kind_label(finding.kind).lower()} "
                       f"“{_short(finding.text)}”")
    return changes


def refuse_another_report(existing: Response, imported: Response) -> None:
    """NotThisReport when the report names another force than the response's, or when the
    response has findings and not one of them is found in the report."""
    theirs, ours = imported.force.name, existing.force.name
    if _is_force(theirs) and _is_force(ours) and not same_force(theirs, ours):
        raise NotThisReport(f"is about {theirs}, but {{file}} answers a report on {ours}")
    old = [f for _, f in existing.walk_findings()]
    new = [f for _, f in imported.walk_findings()]
    if old and new and not any(
            o is not None and n is not None
            for kind in ("cause_of_concern", "recommendation", "area_for_improvement")
            for o, n in _pair([f for f in old if f.kind == kind],
                              [f for f in new if f.kind == kind],
                              lambda f: f.text, lambda f: f.id, SIMILAR)):
        raise NotThisReport(f"shares not one finding with {{file}} (“{_short(existing.report.title)}”)")


def _is_force(name: str) -> bool:
    """A force's name, not the importer's placeholder "(force not named in the report)"."""
    return bool(name.strip()) and not name.strip().startswith("(")


def same_force(a: str, b: str) -> bool:
    """"Ashdown Police", "the Ashdown Police Service" and "Ashdown Constabulary" are one force;
    so are the other names a force goes by (bodies.toml)."""
    from .forces import FORCES

    if a in FORCES and b in FORCES and FORCES[a] == FORCES[b]:
        return True
    return _area(a) == _area(b)


def _area(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip().lower()).removeprefix("the ")
    return re.sub(r"\s+(?:police(?: service)?|constabulary|police force)$", "", name)


def _merge_report(existing: Response, imported: Response, changes: list[str]) -> None:
    old, new = existing.report, imported.report
    if new.published and new.published != old.published:
        was = _long_date(old.published) if old.published else "not set"
        changes.append(f"report.published: {_long_date(new.published)} (was {was})")
        old.published = new.published
    if new.overall and new.overall != old.overall:
        changes.append(f"report.overall: {new.overall} (was {old.overall or 'not set'})")
        old.overall = new.overall
    if new.grades != "none" and new.grades != old.grades:
        changes.append(f"report.grades: {new.grades} (was {old.grades})")
        old.grades = new.grades


def _pair(olds: Sequence[T], news: Sequence[T], text: Callable[[T], str],
          ident: Callable[[T], str | None], threshold: float) -> list[tuple[T | None, T | None]]:
    """Pairs (old, new) matched by same text, then same id when similar, then by similarity;
    unmatched items pair with None. Order follows the new list, then leftover old ones."""
    matched: dict[int, int] = {}  # new index -> old index
    used: set[int] = set()
    for n, new in enumerate(news):
        for o, old in enumerate(olds):
            if o not in used and key(text(old)) == key(text(new)):
                matched[n] = o
                used.add(o)
                break
    for n, new in enumerate(news):
        if n in matched or ident(new) is None:
            continue
        for o, old in enumerate(olds):
            if o not in used and ident(old) == ident(new) \
                    and ratio(text(old), text(new)) >= SIMILAR_WITH_ID:
                matched[n] = o
                used.add(o)
                break
    scored = sorted(
        ((ratio(text(old), text(new)), n, o)
         for n, new in enumerate(news) if n not in matched
         for o, old in enumerate(olds) if o not in used),
        reverse=True,
    )
    for score, n, o in scored:
        if score < threshold:
            break
        if n in matched or o in used:
            continue
        matched[n] = o
        used.add(o)
    pairs: list[tuple[T | None, T | None]] = [
        (olds[matched[n]] if n in matched else None, new) for n, new in enumerate(news)]
    pairs += [(old, None) for o, old in enumerate(olds) if o not in used]
    return pairs


def _merge_sections(olds: list[Section], news: list[Section], label: str,
                    changes: list[str], added: list[Finding], trail: str) -> None:
    for old, new in _pair(olds, news, lambda s: s.title, lambda s: s.id, SIMILAR_TITLE):
        if old is None and new is not None:
            fresh = new.model_copy(deep=True)
            _clear_ids(fresh)
            olds.append(fresh)
            found = counts([*fresh.findings,
                            *(f for child in _walk_sections(fresh.sections) for f in child.findings)])
            changes.append(f"added section “{_short(new.title)}”" + (f" ({found})" if found else ""))
            continue
        if old is not None and new is None:
            for finding in old.findings:
                for item in finding.walk():
                    _flag(item, label, changes)
            _merge_sections(old.sections, [], label, changes, added, trail)
            continue
        assert old is not None and new is not None
        if new.grade and new.grade != old.grade:
            changes.append(f"{old.id}: grade {new.grade} (was {old.grade or 'not set'})")
            old.grade = new.grade
        _merge_findings(old.findings, new.findings, label, changes, added)
        _merge_sections(old.sections, new.sections, label, changes, added, trail)


def _merge_findings(olds: list[Finding], news: list[Finding], label: str,
                    changes: list[str], added: list[Finding]) -> None:
    def same_kind(pairs_from: list[Finding], kind: str) -> list[Finding]:
        return [f for f in pairs_from if f.kind == kind]

    for kind in ("cause_of_concern", "recommendation", "area_for_improvement"):
        for old, new in _pair(same_kind(olds, kind), same_kind(news, kind),
                              lambda f: f.text, lambda f: f.id, SIMILAR):
            if old is None and new is not None:
                fresh = new.model_copy(deep=True)
                fresh.id = None
                for rec in fresh.recommendations:
                    rec.id = None
                olds.append(fresh)
                added.append(fresh)
                added.extend(fresh.recommendations)
            elif old is not None and new is None:
                for item in old.walk():
                    _flag(item, label, changes)
            else:
                assert old is not None and new is not None
                _update(old, new, label, changes)
                if kind == "cause_of_concern":
                    _merge_findings(old.recommendations, new.recommendations, label,
                                    changes, added)


def _update(old: Finding, new: Finding, label: str, changes: list[str]) -> None:
    if old.text != new.text:
        _note(old, f"Text updated from {label}; it was: {old.text}")
        old.text = new.text
        changes.append(f"{old.id}: text updated (“{_short(new.text)}”)")
    if old.points != new.points:
        _note(old, f"Sub-points updated from {label}.")
        old.points = list(new.points)
        changes.append(f"{old.id}: sub-points updated")
    # Whom it is for, and by when: filled where the file has none; a value already in the
    # file (perhaps corrected by hand) stands.
    if old.kind == "recommendation" and old.addressed_to is None and new.addressed_to:
        old.addressed_to = new.addressed_to
        changes.append(f"{old.id}: addressed to {new.addressed_to}")
    if old.kind == "recommendation" and old.by is None and new.by:
        old.by = new.by
        changes.append(f"{old.id}: by {new.by.day} {new.by:%B %Y}")


def _flag(finding: Finding, label: str, changes: list[str]) -> None:
    note = f"Not in {label}"
    if finding.note and note in finding.note:
        return
    _note(finding, note)
    changes.append(f"{finding.id}: not in the new report — kept and flagged "
                   f"(“{_short(finding.text)}”)")


def _note(finding: Finding, text: str) -> None:
    """Add to a finding's note without losing what it said before."""
    finding.note = f"{finding.note}\n{text}" if finding.note else text


def _walk_sections(sections: list[Section]):  # type: ignore[no-untyped-def]
    for section in sections:
        yield section
        yield from _walk_sections(section.sections)


def _clear_ids(section: Section) -> None:
    section.id = None
    for finding in section.findings:
        finding.id = None
        for rec in finding.recommendations:
            rec.id = None
    for child in section.sections:
        _clear_ids(child)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
