"""The genre's phrases: the headings, labels, grades and sentence shapes inspection reports
use, and the small tests built on them (a grade line, a finding-shaped sentence, a date).

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re

from ..response.model import GRADES
from .blocks import Block

# ---------------------------------------------------------------- the genre's phrases

_GRADE_WORDS = "|".join(re.escape(grade) for grade in GRADES)
GRADE_LINE = re.compile(
    rf"^(?:(?:overall\s+)?(?:grade|graded|judg(?:e)?ment|rating|assessment)\s*:?\s*)?"
    rf"({_GRADE_WORDS})\.?$",
    re.IGNORECASE,
)
INLINE_GRADE = re.compile(rf"^(.{{3,200}}?)\s*[:\u2013\u2014-]\s*({_GRADE_WORDS})$", re.IGNORECASE)
AFI_HEADING = re.compile(
    r"^(?:the\s+)?areas?\s+for\s+improvement(?:\s+identified)?(?:\s+in\s+this\s+\w+)?\s*:?$",
    re.IGNORECASE,
)
AFI_LABEL = re.compile(r"^areas?\s+for\s+improvement\s+(\d{1,3})\b\s*[:.\u2013\u2014-]?\s*(.*)$",
                       re.IGNORECASE)
COC_HEADING = re.compile(r"^causes?\s+of\s+concern(?:\s+(\d{1,3}))?\s*(?::\s*(.*))?$",
                         re.IGNORECASE)
REC_HEADING = re.compile(r"^(?:our\s+|the\s+)?recommendations?\s*:?$", re.IGNORECASE)
REC_LABEL = re.compile(r"^recommendation\s+(\d{1,3})\b\s*[:.\u2013\u2014-]?\s*(.*)$",
                       re.IGNORECASE)
# A label with its text on the same line, as a web page copies out ("Cause of concern The
# size of …", "Recommendation • The force should …", "Area for improvement: The force …"), or
# with the topic it concerns ("Cause of concern: responding to the public").
_INLINE = r"\s*(:|[\u2022\u00b7\u25aa\u2013\u2014-]|\s(?=[A-Z]))\s*(.+)$"
AFI_INLINE = re.compile(r"^areas?\s+for\s+improvement" + _INLINE, re.IGNORECASE)
COC_INLINE = re.compile(r"^causes?\s+of\s+concern(?:\s+\d{1,3})?" + _INLINE, re.IGNORECASE)
REC_INLINE = re.compile(r"^recommendations?" + _INLINE, re.IGNORECASE)
COC_INTRO = re.compile(r"\bto address (?:this|these|the) causes? of concern\b", re.IGNORECASE)
RECOMMEND_INTRO = re.compile(
    r"(?:\bwe recommend\b|\bshould\b|\bmust\b|\bneeds? to\b|\brecommendations?\b)[^.]*:\s*$",
    re.IGNORECASE
)
PILLAR = re.compile(r"^(?:police\s+)?(effectiveness|efficiency|legitimacy)$", re.IGNORECASE)
QUESTION = re.compile(
    r"^(?:to what extent|how (?:well|effective(?:ly)?|efficient(?:ly)?|legitimate(?:ly)?|good)"
    r"|how\b|what\b|does\b|is\b|are\b).*\?$",
    re.IGNORECASE,
)
# Parts of a report that hold no findings of their own (contents, annexes, methodology).
CLOSING = re.compile(
    r"^(?:contents|table of contents|annex(?:e|es)?\b.*|appendix\b.*|appendices|glossary"
    r"|about the data|about us|references|endnotes|methodology|terms of reference)$",
    re.IGNORECASE,
)
NAVIGATION = re.compile(
    r"^(?:skip to (?:main )?content|menu|home|search|cookies?.*|accessibility|contact us"
    r"|back to top|print this page|share this page|print|share)$",
    re.IGNORECASE,
)
# Sub-headings inside a graded area, before or between its text.
WITHIN_SECTION = re.compile(
    r"^(?:main findings|key findings|summary|summary of findings|our findings|what we found"
    r"|findings|(?:innovative|promising|good|notable) practice|context|force in context)$",
    re.IGNORECASE,
)
NUMBER_ONLY = re.compile(r"^(?:question\s+)?\d{1,2}[.)]?$", re.IGNORECASE)
ENUMERATOR = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\)|[ivx]{1,4}[.)])\s+")
QUESTION_NUMBER = re.compile(r"^(?:question\s+)?\d{1,2}(?:[.:)]|\s*[\u2013\u2014-])?\s+",
                             re.IGNORECASE)

# "By 31 March 2024, chief constables should …", "The force should …", "Forces must …".
_WHEN = (r"(?:(?:by|before|within|from|in|no later than|as a matter of urgency|immediately"
         r"|with immediate effect)\b[^,:]{0,40},\s*)?")
_SUBJECT = r"(?:[\w'’()&/,-]+\s+){0,15}?"
_MODAL = (r"(?:should|must|needs?\s+to|is\s+to|are\s+to|has\s+to|have\s+to|will\s+need\s+to"
          r"|ought\s+to|could\s+improve)")
FINDING_SHAPE = re.compile(rf"^{_WHEN}{_SUBJECT}{_MODAL}\b", re.IGNORECASE)
TIMESCALE = re.compile(r"^(?:immediately|within\b|by\b|before\b|no later than\b"
                       r"|as a matter of urgency|with immediate effect)", re.IGNORECASE)
WE_RECOMMEND = re.compile(r"^(?:we|hmicfrs|the inspectorate)\s+recommends?\b", re.IGNORECASE)
PAST_RECOMMENDATION = re.compile(r"\b(?:recommended|previous(?:ly)?|last year|in (?:our )?\d{4})\b",
                                 re.IGNORECASE)
NARRATIVE_START = re.compile(
    r"^(?:in (?:our|the|its|their|a|an|\d{4})\b|as\b|when\b|while\b|although\b|since\b"
    r"|last year\b|previously\b|this\b|these\b|we (?:found|also|previously|have|had|were|saw))",
    re.IGNORECASE,
)

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_LONG_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r"),?\s+(\d{4})\b", re.IGNORECASE)
_SHORT_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
PUBLISHED = re.compile(r"^(?:first\s+)?(?:published|publication date|date of publication)"
                       r"(?:\s+on)?\s*:?\s*(.*)$", re.IGNORECASE)
UPDATED = re.compile(r"^(?:last\s+)?(?:updated|modified|revised)(?:\s+on)?\s*:?\s*(.*)$",
                     re.IGNORECASE)
_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
DATE_LINE = re.compile(rf"^{_WEEKDAY}(?:\d{{1,2}}(?:st|nd|rd|th)?\s+\w+,?\s+\d{{4}}"
                       r"|\d{1,2}/\d{1,2}/\d{4})\.?$", re.IGNORECASE)


def parse_date(text: str) -> dt.date | None:
    """The first date in the text: '12 December 2017' or the British '08/12/2016'."""
    long = _LONG_DATE.search(text)
    short = _SHORT_DATE.search(text)
    try:
        if long and (not short or long.start() < short.start()):
            return dt.date(int(long.group(3)), MONTHS[long.group(2).lower()], int(long.group(1)))
        if short:
            return dt.date(int(short.group(3)), int(short.group(2)), int(short.group(1)))
    except ValueError:
        return None
    return None


def grade_of(text: str) -> str | None:
    match = GRADE_LINE.match(text.strip())
    if not match:
        return None
    word = match.group(1).lower()
    return next(grade for grade in GRADES if grade.lower() == word)


def finding_shaped(text: str) -> bool:
    """Does the paragraph read as a finding ('The force should …') rather than narrative?"""
    text = ENUMERATOR.sub("", text)
    if NARRATIVE_START.match(text):
        return False
    return bool(FINDING_SHAPE.match(text) or WE_RECOMMEND.match(text))


def headingish(block: Block) -> bool:
    """A heading, or a short line standing on its own (plain text has no heading marks)."""
    if block.kind == "heading":
        return len(block.text) <= 300
    if block.kind != "paragraph":
        return False
    text = block.text
    return len(text) <= 160 and not text.endswith((".", ";", ",", ":")) or (
        len(text) <= 300 and text.endswith("?"))


def key(text: str) -> str:
    """Text reduced for comparison: letters and digits only, lower case."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())



def topic(text: str) -> bool:
    """Is the text after a label the topic it concerns ("responding to the public") rather
    than the finding itself? A topic is short and is not a sentence."""
    text = text.strip()
    return (0 < len(text) <= 100 and len(text.split()) <= 12 and not text.endswith((".", ";", ":"))
            and not finding_shaped(text))


def sentence(text: str) -> bool:
    """A finding's text: a capital, some words, and a full stop (or a colon before its list)."""
    text = text.strip()
    return len(text.split()) >= 5 and text[:1].isupper() and text.endswith((".", ":"))


# ---------------------------------------------------------------- small tests the walk uses


def finding_shaped_standalone(text: str) -> bool:
    """A complete finding of its own ('The force should …'), not a point of the one before."""
    return bool(FINDING_SHAPE.match(text)) and bool(STANDALONE_SUBJECT.match(text))


STANDALONE_SUBJECT = re.compile(r"^(?:the|all|each|every|chief|forces?|by|within)\b",
                                re.IGNORECASE)


def marks_findings(text: str) -> bool:
    return bool(AFI_HEADING.match(text) or REC_HEADING.match(text) or COC_HEADING.match(text)
                or AFI_LABEL.match(text) or REC_LABEL.match(text))


def strip_enumerator(text: str) -> str:
    return ENUMERATOR.sub("", text).strip()


def label_text(text: str) -> bool:
    """The text after "Recommendation 3" is the finding's own (or there is none), not a
    record's note about it ("Recommendation 3: status changed to complete")."""
    text = text.strip()
    return not text or not text[:1].islower() or finding_shaped(text)


def same_area(a: str, b: str) -> bool:
    """'Managing offenders' and 'Managing offenders and suspects' name one area."""
    a, b = key(a), key(b)
    return a == b or (min(len(a), len(b)) >= 8 and (a.startswith(b) or b.startswith(a)))
