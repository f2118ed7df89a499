"""The territorial police forces of England and Wales, and who answers for each.

Used to recognise the force a report is about and to suggest the local policing
body's name. The body is only a suggestion (governance changes: mayors take over
commissioners' functions), so the importer always asks the user to check it.

Pure data.
"""

from __future__ import annotations

import re

PCC = "Office of the Police and Crime Commissioner for {area}"
PFCC = "Office of the Police, Fire and Crime Commissioner for {area}"

# force name: (area, body name pattern)
FORCES: dict[str, tuple[str, str]] = {
    "Avon and Somerset Constabulary": ("Avon and Somerset", PCC),
    "Bedfordshire Police": ("Bedfordshire", PCC),
    "Cambridgeshire Constabulary": ("Cambridgeshire and Peterborough", PCC),
    "Cheshire Constabulary": ("Cheshire", PCC),
    "City of London Police": ("the City of London",
                              "City of London Corporation (Police Authority Board)"),
    "Cleveland Police": ("Cleveland", PCC),
    "Cumbria Constabulary": ("Cumbria", PFCC),
    "Derbyshire Constabulary": ("Derbyshire", PCC),
    "Devon and Cornwall Police": ("Devon, Cornwall and the Isles of Scilly", PCC),
    "Dorset Police": ("Dorset", PCC),
    "Durham Constabulary": ("Durham", PCC),
    "Dyfed-Powys Police": ("Dyfed-Powys", PCC),
    "Essex Police": ("Essex", PFCC),
    "Gloucestershire Constabulary": ("Gloucestershire", PCC),
    "Greater Manchester Police": ("Greater Manchester", "Greater Manchester Combined Authority "
                                  "(Mayor of Greater Manchester)"),
    "Gwent Police": ("Gwent", PCC),
    "Hampshire and Isle of Wight Constabulary": ("Hampshire and the Isle of Wight", PCC),
    "Hampshire Constabulary": ("Hampshire and the Isle of Wight", PCC),
    "Hertfordshire Constabulary": ("Hertfordshire", PCC),
    "Humberside Police": ("Humberside", PCC),
    "Kent Police": ("Kent", PCC),
    "Lancashire Constabulary": ("Lancashire", PCC),
    "Leicestershire Police": ("Leicester, Leicestershire and Rutland", PCC),
    "Lincolnshire Police": ("Lincolnshire", PCC),
    "Merseyside Police": ("Merseyside", PCC),
    "Metropolitan Police Service": ("London", "Mayor's Office for Policing and Crime"),
    "Norfolk Constabulary": ("Norfolk", PCC),
    "North Wales Police": ("North Wales", PCC),
    "North Yorkshire Police": ("North Yorkshire", PFCC),
    "Northamptonshire Police": ("Northamptonshire", PFCC),
    "Northumbria Police": ("Northumbria", PCC),
    "Nottinghamshire Police": ("Nottinghamshire", PCC),
    "South Wales Police": ("South Wales", PCC),
    "South Yorkshire Police": ("South Yorkshire", PCC),
    "Staffordshire Police": ("Staffordshire", PFCC),
    "Suffolk Constabulary": ("Suffolk", PCC),
    "Surrey Police": ("Surrey", PCC),
    "Sussex Police": ("Sussex", PCC),
    "Thames Valley Police": ("Thames Valley", PCC),
    "Warwickshire Police": ("Warwickshire", PCC),
    "West Mercia Police": ("West Mercia", PCC),
    "West Midlands Police": ("West Midlands", PCC),
    "West Yorkshire Police": ("West Yorkshire", "West Yorkshire Combined Authority "
                              "(Mayor of West Yorkshire)"),
    "Wiltshire Police": ("Wiltshire", PCC),
}

_KNOWN = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in sorted(FORCES, key=len, reverse=True)) + r")\b"
)
# "An inspection of Northmoor Police": the form every force inspection report's title takes.
_INSPECTION_OF = re.compile(
    r"\binspection of ((?:the )?(?:[A-Z][\w'-]*|and|of)(?: (?:[A-Z][\w'-]*|and|of))*? "
    r"(?:Police(?: Service)?|Constabulary))\b"
)
_GENERIC = re.compile(
    r"\b((?:[A-Z][a-z][\w'-]*)(?: (?:and )?[A-Z][a-z][\w'-]*){0,3} (?:Police|Constabulary))\b"
)
_NOT_FORCES = {"British Transport Police", "The Police", "National Police", "Metropolitan Police"}


def find_force(texts: list[str]) -> str | None:
    """The force a report is about: named in 'An inspection of …', else the force named most."""
    for text in texts[:40]:
        match = _INSPECTION_OF.search(text)
        if match:
            return match.group(1).removeprefix("the ")
    counts: dict[str, int] = {}
    for text in texts:
        for match in _KNOWN.finditer(text):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if counts:
        # A national report names forces as examples: only a force the text is mostly about counts.
        best = max(counts, key=lambda name: counts[name])
        if counts[best] >= 2 and counts[best] >= 0.6 * sum(counts.values()):
            return best
        return None
    for text in texts[:40]:
        for match in _GENERIC.finditer(text):
            name = match.group(1)
            if name not in _NOT_FORCES and not name.startswith(("The ", "All ", "Each ")):
                return name
    return None


def forces_named(text: str) -> list[str]:
    """The distinct forces a title names ("… by Ashdown Police, Fernshire Constabulary and
    Northmoor Police"), in order."""
    names: list[str] = []
    for match in _GENERIC.finditer(text):
        # "Fernshire Constabulary and Northmoor Police" is two forces; "Avon and Somerset
        # Constabulary" is one.
        parts = re.split(r"(?:(?<=Police)|(?<=Constabulary)) and (?=[A-Z])", match.group(1))
        for name in parts:
            name = re.sub(r"^(?:and|by|of|the|The)\s+", "", name)
            if name not in _NOT_FORCES and not name.startswith(("The ", "All ", "Each ")) \
                    and name not in names:
                names.append(name)
    return names


def body_for(force: str) -> str:
    """A sensible name for the body that answers for the force (to be checked by the user)."""
    if force in FORCES:
        area, pattern = FORCES[force]
        return pattern.format(area=area)
    area = re.sub(r"\s+(Police(?: Service)?|Constabulary)$", "", force).strip() or force
    return PCC.format(area=area)
