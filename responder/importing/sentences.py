"""Findings known by their sentence alone, and grades given in a sentence.

Most findings sit under the genre's signposts (a heading, a label, "To address this
cause of concern …"); the recogniser reads those. Some do not:

- a **recommendation written only as its sentence** — in a report's summary ("We make
  four recommendations." and then "By 31 August 2025, all chief constables should …"),
  in a register entry, or straight after a cause of concern. `recommendation_sentence`
  says whether a paragraph is one: a timescale or a body that acts, then "should" or
  "must", then what to do. Narrative that merely contains "should" ("Forces should be
  proud …", "Officers told us the force should …", "The force should have acted sooner")
  is not one.
- **grades given in a sentence**: "Calderford Police is good at investigating crime … It
  requires improvement at protecting vulnerable people." `sentence_grades` reads each
  area named and its grade, for the area headings that have no grade line of their own.

Pure: no I/O.
"""

from __future__ import annotations

import re

from ..response.model import NOT_NAMED
from .addressees import addressee
from .phrases import ENUMERATOR, NARRATIVE_START

# "By 31 August 2025,", "Not later than 31 March 2026", "Within three months,", "Immediately,".
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november"
          r"|december)")
_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}"
LEAD = re.compile(
    rf"^(?:(?:by|before|no later than|not later than)\s+(?:the end of\s+)?(?:{_DATE}|{_MONTH}\s+\d{{4}})"
    r",?\s+|(?:within|in the next)\s+[\w\s-]{1,25}?(?:days?|weeks?|months?|years?),\s*"
    r"|(?:immediately|as a matter of urgency|with immediate effect|now),\s*)",
    re.IGNORECASE,
)
_MODAL = re.compile(r"\b(?:should|must)\b", re.IGNORECASE)
# Words that make the text before "should" a clause of narrative, not a recommendation's subject.
_NARRATIVE_SUBJECT = re.compile(
    r"\b(?:we|us|our|they|them|i|you|told|said|say|says|think|thinks|thought|believe|believes"
    r"|felt|feel|feels|agreed|if|although|while|because|whether|has|have|had|is|are|was|were"
    r"|does|did)\b",
    re.IGNORECASE,
)
# What follows "should" in narrative: a judgment, or what ought to have happened.
_NOT_AN_ACTION = re.compile(
    r"^(?:also\s+)?(?:not\b|be\s+(?:proud|pleased|reassured|commended|congratulated|encouraged"
    r"|aware|able|noted|seen|read|expected)\b|note\b|bear in mind\b)",
    re.IGNORECASE,
)
_HAVE_DONE = re.compile(r"^(?:also\s+)?have\s+\w+(?:ed|en|t)\b", re.IGNORECASE)
# "Status: open", "Update: the force should …": a field of a record, not the report's words.
_FIELD = re.compile(r"^[A-Z][\w ]{0,25}:\s")


def recommendation_sentence(text: str) -> bool:
    """Is this paragraph a recommendation by its sentence alone?

    A timescale lead ("By 31 August 2025, …") and then a subject of at most 15 words, or a
    subject that names a body that acts ("all chief constables", "those forces that …",
    "Ravensby Police", "the force", "The Home Office"); then "should" or "must" and an
    action ("should review", "must publish"). The subject may be passive only after a
    timescale ("By 31 March 2026, all members of the workforce should have received …").
    """
    text = ENUMERATOR.sub("", text.strip())
    if not (30 <= len(text) <= 600) or not text.endswith(".") or _FIELD.match(text):
        return False
    lead = LEAD.match(text)
    rest = text[lead.end():] if lead else text
    modal = _MODAL.search(rest)
    if modal is None or NARRATIVE_START.match(rest) or re.match(r"(?i)as\b", rest):
        return False
    subject = rest[: modal.start()].strip(" ,")
    after = rest[modal.end():].strip()
    if not subject or len(subject.split()) > 15 or not subject[:1].isalpha() \
            or re.search(r"[:;]|\.\s", subject):
        return False
    if _NARRATIVE_SUBJECT.search(_without_relative(subject)) or _NOT_AN_ACTION.match(after):
        return False
    if lead:
        return True
    if _HAVE_DONE.match(after):
        return False  # "The force should have acted sooner": what ought to have happened
    who, _ = addressee(text)
    return who is not None


def _without_relative(subject: str) -> str:
    """'those forces that have not yet done so' is a subject: its clause is not narrative."""
    return re.sub(r"\b(?:that|which|who)\b.*$", "", subject, flags=re.IGNORECASE)


# Who a passive recommendation's subject implies: the workforce is the forces' to train.
_WORKFORCE = re.compile(r"\b(?:workforce|officers|staff|employees|call handlers|supervisors"
                        r"|investigators|detectives|constables)\b", re.IGNORECASE)
_ANY_MODAL = re.compile(r"\b(?:should|must|needs?\s+to|is\s+to|are\s+to)\b", re.IGNORECASE)
_ANY_LEAD = re.compile(r"^(?:(?:by|before|no later than|not later than|within|from|in"
                       r"|immediately|as a matter of urgency|with immediate effect)\b[^,:]{0,40},"
                       r"\s*)", re.IGNORECASE)


def passive_addressee(text: str, one_force: bool) -> str | None:
    """Whom a recommendation that names no body is for, from its subject: the workforce
    ("all members of the police workforce should have received …") is the force's, or
    every chief constable's in a report on no one force; any other subject ("Responsibility
    for … should be transferred from individual forces to regional units") names no one:
    NOT_NAMED, so `check` asks for a note rather than an action. None when the text has no
    subject of its own (a point after "the force should:", read with that lead-in)."""
    text = ENUMERATOR.sub("", text.strip())
    lead = LEAD.match(text) or _ANY_LEAD.match(text)
    rest = text[lead.end():] if lead else text
    modal = _ANY_MODAL.search(rest)
    if modal is None:
        return None
    subject = rest[: modal.start()].strip(" ,")
    if not subject or not subject[:1].isalpha():
        return None
    if _WORKFORCE.search(subject):
        return "force" if one_force else "chief_constables"
    return NOT_NAMED


# "We make four recommendations.", "This report makes 12 recommendations", "our recommendations".
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
MAKES_RECOMMENDATIONS = re.compile(
    r"\b(?:we|this report|the report|it)\s+(?:make|makes|made|have made|has made)\s+"
    r"(?:(\d{1,2}|" + "|".join(_NUMBERS) + r"|a number of|several)\s+)?(?:new\s+)?"
    r"recommendations?\b",
    re.IGNORECASE,
)


def stated_recommendations(texts: list[str]) -> tuple[bool, int | None]:
    """(whether the text says it makes recommendations, how many it says when it does)."""
    for text in texts:
        if "recommendation" not in text.lower():
            continue
        match = MAKES_RECOMMENDATIONS.search(text)
        if match:
            word = (match.group(1) or "").lower()
            return True, int(word) if word.isdigit() else _NUMBERS.get(word)
    return False, None


# ---------------------------------------------------------------- grades in a sentence

_GRADE = r"(outstanding|good|adequate|inadequate|requires improvement|required improvement)"
_GRADE_WORDS = ("outstanding", "good", "adequate", "improvement")
# "Calderford Police is good at …", "the force is adequate at …", "It requires improvement at …"
_GRADED_SENTENCE = re.compile(
    r"\b(?:force|police|constabulary|service|it)\s+(?:is\s+|was\s+)?(?:also\s+)?"
    r"(?:outstanding|good|adequate|inadequate|requires improvement|required improvement)"
    r"\s+(?:at|in)\s",
    re.IGNORECASE,
)
_CLAUSE = re.compile(
    rf"(?:^|\b(?:is|was|and|but|it)\s+|,\s*)(?:also\s+)?{_GRADE}\s+(?:at|in)\s+(.+?)"
    rf"(?=\s*(?:[,;.]|$|\s(?:and|but)\s+(?:(?:it|is|was)\s+)*(?:also\s+)?{_GRADE}\b))",
    re.IGNORECASE,
)


def sentence_grades(texts: list[str]) -> dict[str, str]:
    """Each area a sentence grades, by its key (letters and digits, lower case) -> grade.

    Only sentences whose subject is the force ("the force", "Calderford Police", "it") are
    read, so "Neighbourhood teams are good at problem-solving" grades nothing; and an area
    the report grades twice in different words keeps neither.
    """
    from ..response.model import GRADES

    grades: dict[str, str] = {}
    clash: set[str] = set()
    for text in texts:
        lowered = text.lower()
        if not any(word in lowered for word in _GRADE_WORDS) or not _GRADED_SENTENCE.search(text):
            continue  # most paragraphs grade nothing
        for sentence in re.split(r"(?<=[.;])\s+", text):
            if not _GRADED_SENTENCE.search(sentence):
                continue
            for match in _CLAUSE.finditer(sentence):
                word, area = match.group(1).lower(), match.group(2)
                grade = next(g for g in GRADES if g.lower() == word.replace("required",
                                                                           "requires"))
                area_key = re.sub(r"[^a-z0-9]+", "", area.lower())
                if len(area_key) < 6:
                    continue
                if grades.get(area_key, grade) != grade:
                    clash.add(area_key)
                grades[area_key] = grade
    return {area: grade for area, grade in grades.items() if area not in clash}


def grade_for(title: str, grades: dict[str, str]) -> str | None:
    """The grade a sentence gave the area this heading names ("Preventing crime and
    antisocial behaviour" takes the grade of "preventing crime")."""
    title_key = re.sub(r"[^a-z0-9]+", "", title.lower())
    if len(title_key) < 6:
        return None
    if title_key in grades:
        return grades[title_key]
    found = {grade for area, grade in grades.items()
             if title_key.startswith(area) or area.startswith(title_key)}
    return found.pop() if len(found) == 1 else None
