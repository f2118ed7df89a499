"""Documents that are about a report but are not one: refused, saying what they look like.

An office's files sit beside the reports they answer: the response letter to the Home
Secretary, the published statement, the paper for the police and crime panel, the press
release. Each quotes the report's findings, so read as a report it would give a response
whose "report" is a letter. These phrases are theirs and never an inspection report's.

Pure: looks at the block stream only.
"""

from __future__ import annotations

import re

from .blocks import Block

_LETTER_OPENING = re.compile(r"^dear\s+\w", re.IGNORECASE)
_LETTER_SIGNS = re.compile(
    r"^(?:yours\s+(?:sincerely|faithfully)|best wishes|kind regards|with best wishes"
    r"|our ref\b|your ref\b|cc:?\s)|\bi am writing\b",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"\bresponse to (?:the publication of )?(?:(?:her|his) majesty['’]s inspectorate|HMICFRS|HMIC)"
    r"|\b(?:commissioner|PCC|PFCC|mayor)['’]?s?\s+response\b"
    r"|\bresponse (?:of|from) the (?:police,? (?:fire )?and crime )?commissioner\b"
    r"|\bchief constable['’]s (?:response|comments)\b"
    r"|\bsection 55 of the police act\b|\bwithin 56 days\b|\bmust publish a response\b"
    # responder's own statement and letter: "Response of the Office of the Police and Crime
    # Commissioner for Ashdown to the HMICFRS report ‘…’" (a PDF may break it after "report").
    r"|^response (?:of|from) .{3,200}? to the (?:HMICFRS|HMIC|inspectorate['’]s?) report\b",
    re.IGNORECASE,
)
# The label over each answer in responder's statement: "Ashdown Police response",
# "PCC response", "Commissioner response". A report may have a heading "Emergency response"
# once; the label stands over every finding answered, so it counts when it repeats.
_LABEL = re.compile(r"^[A-Z][\w'’.&-]*(?: [\w'’.&-]+){0,5} response$")
_COMMITTEE = re.compile(
    r"^agenda item\b|\breport to the [\w ,&]*(?:panel|committee|board)\b"
    r"|^purpose of (?:the|this) (?:report|paper)\b|^date of meeting\b|^report author\b"
    r"|\bthat the (?:panel|board|committee) (?:notes?|considers?|agrees?)\b"
    r"|^(?:for|decision|information):?\s*(?:information|decision|noting)$",
    re.IGNORECASE,
)
_PRESS = re.compile(
    r"^press release\b|^for immediate release\b|^notes? to editors\b|^media enquiries\b|^ends$",
    re.IGNORECASE,
)


def looks_like(blocks: list[Block]) -> str | None:
    """What the document looks like when it is not an inspection report, else None."""
    head = blocks[:30]
    if any(_PRESS.search(b.text) for b in blocks):
        return "a press release"
    committee = {m.group(0).lower() for b in blocks for m in _COMMITTEE.finditer(b.text)}
    if len(committee) >= 2:
        return "a committee paper"
    opening = next((b.text for b in head if _LETTER_OPENING.match(b.text) and len(b.text) < 80),
                   None)
    statement = {m.group(0).lower() for b in blocks for m in _STATEMENT.finditer(b.text)}
    labels = [b.text for b in blocks if len(b.text) < 60 and _LABEL.match(b.text)]
    if any(labels.count(label) >= 2 for label in set(labels)):
        statement.add("labels")
    # Reports are addressed to no one; a letter to the Home Secretary is a response, with or
    # without a signature block (a draft may not have one yet).
    home_secretary = bool(opening) and "home secretary" in opening.lower()
    if opening and (home_secretary or any(_LETTER_SIGNS.search(b.text) for b in blocks)):
        return f"a response letter (it opens “{opening.rstrip(',')}”)"
    early = any(_STATEMENT.search(b.text) for b in blocks[:8])
    if len(statement) >= 2 or early:
        return "a published response statement"
    return None
