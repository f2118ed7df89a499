"""Whom a recommendation is addressed to, and by when, read from its own sentence.

National and joint reports address recommendations to different bodies: "By 31 March
2026, chief constables should …", "The College of Policing should …", "The National
Police Chiefs' Council lead for custody should …", "Police and crime commissioners
should …". The first body the sentence names before its "should" is the addressee:
`force`, `chief_constables` or `local_policing_bodies` (acted on locally; see
model.LOCAL_ADDRESSEES), or the national body's name.

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..response.model import Finding

# The subject: everything before the first "should", "must", "needs to" … of the sentence.
_MODAL = re.compile(r"\b(?:should|must|needs?\s+to|is\s+to|are\s+to|has\s+to|have\s+to"
                    r"|will\s+need\s+to|ought\s+to)\b", re.IGNORECASE)
_WHEN = re.compile(r"^(?:(?:by|before|no later than|not later than|within|from|in|immediately"
                   r"|as a matter of urgency|with immediate effect)\b[^,:]{0,40},\s*"
                   # "Not later than 31 March 2015 those forces that …": a date, and no comma
                   r"|(?:by|before|no later than|not later than)\s+\d{1,2}(?:st|nd|rd|th)?\s+"
                   r"[A-Za-z]+\s+\d{4}\s+)", re.IGNORECASE)
_DEADLINE = re.compile(r"^(?:by|before|no later than|not later than)\b", re.IGNORECASE)

# (pattern, addressee): the earliest match in the subject wins; national bodies that name
# a local one ("Association of Police and Crime Commissioners") come first at a tie.
_BODIES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.IGNORECASE), who) for p, who in (
    (r"\bassociation of police(?:,)? (?:fire )?and crime commissioners\b|\bAPCC\b",
     "Association of Police and Crime Commissioners"),
    (r"\bcollege of policing\b", "College of Policing"),
    (r"\bhome office\b|\bhome secretary\b|\bsecretary of state for the home department\b",
     "Home Office"),
    (r"\bnational police chiefs['’]? council\b|\bNPCC\b", "National Police Chiefs' Council"),
    (r"\bcrown prosecution service\b|\bCPS\b|\bchief crown prosecutors?\b",
     "Crown Prosecution Service"),
    (r"\bnational crime agency\b|\bNCA\b", "National Crime Agency"),
    (r"\bministry of justice\b|\bMoJ\b", "Ministry of Justice"),
    (r"\b(?:HM )?prison and probation service\b|\bHMPPS\b", "HM Prison and Probation Service"),
    (r"\bindependent office for police conduct\b|\bIOPC\b", "Independent Office for Police Conduct"),
    (r"\bdepartment (?:for|of) [A-Z][\w ,]*?[A-Za-z](?=\s+(?:and|with|should|must|needs?|,)\b|,|$)",
     ""),  # a government department, by its own name
    (r"\b(?:police(?:,)? (?:fire )?and crime commissioners?|PCCs?|PFCCs?"
     r"|local policing bod(?:y|ies)|mayors?\b(?: of \w+)?|deputy mayors?)\b",
     "local_policing_bodies"),
    (r"\bchief constables\b|\bchief officers\b|\ball forces\b|\beach force\b|\bforces\b"
     r"|\bpolice forces\b", "chief_constables"),
    (r"\bthe force\b|\bthe chief constable\b|\bchief constable of\b|\bthe commissioner of\b",
     "force"),
)] + [
    # A force by its name ("Southmoor Police should"): capitals matter here.
    (re.compile(r"\b(?!The\b|National\b|All\b|Each\b)[A-Z][\w'-]+(?: (?:and )?[A-Z][\w'-]+)*"
                r" (?:Police(?: Service)?|Constabulary)\b(?!,? (?:fire )?and crime)"), "force"),
]
_FORCE_BY_NAME = _BODIES[-1][0]
_NAMED = re.compile(r"^(?:the\s+)?((?:[A-Z][\w'’&-]*)(?:\s+(?:of|for|and|the|[A-Z][\w'’&-]*))*"
                    r"\s*[A-Z][\w'’&-]*|[A-Z][\w'’&-]+)")

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r"),?\s+(\d{4})\b",
                   re.IGNORECASE)


def addressee(text: str) -> tuple[str | None, dt.date | None]:
    """(addressed_to, by) from a recommendation's sentence; (None, None) when it names none."""
    text = re.sub(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s+", "", text.strip())
    when = _WHEN.match(text)
    by = _date(when.group(0)) if when and _DEADLINE.match(when.group(0)) else None
    rest = text[when.end():] if when else text
    modal = _MODAL.search(rest)
    if modal is None:
        return None, by
    subject = rest[: modal.start()]
    found: list[tuple[int, int, str]] = []
    for order, (pattern, who) in enumerate(_BODIES):
        match = pattern.search(subject)
        if match:
            name = who or _tidy(match.group(0))
            found.append((match.start(), order, name))
    if found:
        return min(found)[2], by
    named = _NAMED.match(subject.strip())
    if named and subject.strip()[:1].isupper() and not subject.lower().startswith(("we ", "it ")) \
            and _a_name(named.group(1), subject):
        return _tidy(named.group(1)), by
    return None, by


def _a_name(name: str, subject: str) -> bool:
    """A body's own name ("The Youth Justice Board", "Ofsted"), not the capital that starts a
    passive sentence ("Responsibility for … should be transferred", "All members of …"):
    two capitalised words or more, or the whole subject."""
    capitals = [word for word in name.split() if word[:1].isupper() and word != "The"]
    whole = re.sub(r"^the\s+", "", subject.strip(" ,"), flags=re.IGNORECASE)
    return len(capitals) >= 2 or _tidy(name) == _tidy(whole)


def another_force(text: str, ours: str) -> str | None:
    """The force a recommendation addresses by name ("Northmoor Police should …") when that
    is not ``ours``: in a report on several forces, another force's recommendation is for
    this office to note, not to answer with an action. None when it names no force, or ours."""
    who, _ = addressee(text)
    if who != "force":
        return None
    text = re.sub(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s+", "", text.strip())
    when = _WHEN.match(text)
    rest = text[when.end():] if when else text
    modal = _MODAL.search(rest)
    named = _FORCE_BY_NAME.search(rest[: modal.start()]) if modal else None
    if named is None:
        return None
    name = named.group(0)
    return None if name.casefold() == " ".join(ours.split()).casefold() else name


def address_to_force(findings: Iterable[Finding], ours: str) -> list[tuple[str, str]]:
    """Once the user has said which of a report's forces is theirs (import --force): give
    each recommendation addressed by name to another force that force's name. Returns
    (id, force) for each one changed."""
    changed = []
    for finding in findings:
        if finding.kind == "recommendation" and finding.addressed_to == "force":
            other = another_force(finding.text, ours)
            if other is not None:
                finding.addressed_to = other
                changed.append((finding.id or "", other))
    return changed


def _tidy(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return name[:1].upper() + name[1:]


def _date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(3)), MONTHS.index(match.group(2).lower()) + 1,
                       int(match.group(1)))
    except ValueError:
        return None
