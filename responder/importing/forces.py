"""The territorial police forces of England and Wales, and who answers for each.

Used to recognise the force a report is about and to suggest the local policing
body's name. The list is data, in ``bodies.toml`` beside this module, so a change
in governance (a mayor taking over a commissioner's functions) is one edit there.
The body is only a suggestion: the importer asks the user to check it, and the
office's own name (``--body``, or the response file's ``body.name``) always wins.

Pure data, read once from the package.
"""

from __future__ import annotations

import re
import sys
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PCC = "Office of the Police and Crime Commissioner for {area}"


def _load() -> dict[str, str]:
    """force name (and each other name it goes by) -> the local policing body."""
    data = tomllib.loads(resources.files(__package__).joinpath("bodies.toml")
                         .read_text(encoding="utf-8"))
    bodies: dict[str, str] = {}
    for entry in data["force"]:
        for name in (entry["name"], *entry.get("also", ())):
            bodies[name] = entry["body"]
    return bodies


# force name -> the local policing body that answers for it
FORCES: dict[str, str] = _load()

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
        return FORCES[force]
    area = re.sub(r"\s+(Police(?: Service)?|Constabulary)$", "", force).strip() or force
    return PCC.format(area=area)
