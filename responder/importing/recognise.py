"""The recogniser: one pass over the block stream turns a report into a response.

It knows the genre, not particular files: inspection reports name their grades on
a line of their own after a heading; list findings under "Areas for improvement"
(or label them "Area for improvement 1"); state a cause of concern and then the
recommendations that address it ("To address this cause of concern, we recommend
that … the force should:" and a list); and number national recommendations
("Recommendation 3", "By 31 March 2024, chief constables should …"). Anything else
— narrative, quotations of earlier reports' recommendations and the bullets that
follow them — is context, never a finding.

Pure: no I/O, no printing. Whatever is uncertain becomes a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..response.model import (
    GRADES,
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
from .blocks import Block
from .forces import body_for, find_force, forces_named

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
COC_INTRO = re.compile(r"\bto address (?:this|these|the) causes? of concern\b", re.IGNORECASE)
RECOMMEND_INTRO = re.compile(
    r"(?:\bwe recommend\b|\bshould\b|\bmust\b|\bneeds? to\b)[^.]*:\s*$", re.IGNORECASE
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


# ---------------------------------------------------------------- working structures


@dataclass
class _Section:
    title: str
    grade: str | None = None
    findings: list[Finding] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)
    pillar: bool = False
    # Confirmed by text of its own; a summary table names sections and grades with none.
    confirmed: bool = False
    order: float = float("inf")  # when it was confirmed: sections are listed in reading order

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


@dataclass
class _State:
    top: list[_Section] = field(default_factory=list)
    pillar: _Section | None = None
    section: _Section | None = None
    mode: str | None = None  # afi | rec | label | coc | coc_recs | None (narrative)
    finding: Finding | None = None  # the finding that list items may add points to
    finding_from_item: bool = False  # ... and whether it came from a list item itself
    cause: Finding | None = None
    leadin: str | None = None  # "Within three months, the force should" before a list
    pending: str | None = None  # a label seen; the next paragraph is its finding's text
    list_base: int | None = None  # the level of the list that holds findings
    concern_paragraphs: int = 0
    seen: set[str] = field(default_factory=set)
    overall: str | None = None
    closed: bool = False  # past the report's body (annexes, contents)
    fresh_pillar: bool = False  # a pillar heading was the last thing read


class _Recogniser:
    def __init__(self, blocks: list[Block], fallback_title: str):
        self.blocks = [b for b in blocks if not NAVIGATION.match(b.text)]
        self.fallback_title = fallback_title
        self.state = _State()
        self.consumed: set[int] = set()
        self.index = 0
        self._found_since_marker = False
        self._homes: dict[str, tuple[Finding, _Section]] = {}
        self.warnings: list[str] = []
        self.published: list[tuple[int, dt.date]] = []  # (priority, date)

    # ------------------------------------------------------------ entry

    def run(self) -> Recognised:
        title_index, title = self._title()
        if title_index is not None:
            title = self._subtitle(title_index, title)
        for index, block in enumerate(self.blocks):
            if index == title_index or index in self.consumed:
                continue
            self._block(index, block)
        return self._result(title)

    def _subtitle(self, index: int, title: str) -> str:
        """A cover's lines after the title, up to 'An inspection of X Police', join the title:
        'PEEL 2021/22' + 'Police effectiveness, …' + 'An inspection of Wessex Police'."""
        between: list[int] = []
        for ahead in range(index + 1, min(index + 4, len(self.blocks))):
            block = self.blocks[ahead]
            if not headingish(block) or self._meta(block.text, record=False):
                return title
            if re.match(r"^an inspection of\b", block.text, re.IGNORECASE):
                parts = [title, *(self.blocks[i].text for i in between)]
                self.consumed.update([*between, ahead])
                return f"{' '.join(parts)} \u2013 {block.text}"
            between.append(ahead)
        return title

    def _title(self) -> tuple[int | None, str]:
        headings = [(i, b) for i, b in enumerate(self.blocks[:30]) if b.kind == "heading"]
        if headings:
            top = min(b.level for _, b in headings)
            index, block = next((i, b) for i, b in headings if b.level == top)
            return index, block.text
        for index, block in enumerate(self.blocks[:10]):
            if _marks_findings(block.text):
                break  # a text that starts with its findings has no title of its own
            if headingish(block) and not self._meta(block.text, record=False):
                return index, block.text
        return None, self.fallback_title

    # ------------------------------------------------------------ one block

    def _block(self, index: int, block: Block) -> None:
        self.index = index
        text = block.text
        s = self.state
        if self._meta(text):
            return
        if NUMBER_ONLY.match(text):
            return
        grade = grade_of(text)
        if grade is not None and block.kind != "item":
            if not s.top and s.pillar is None and s.section is None and s.overall is None:
                s.overall = grade  # a grade before any section is the report's own
            return
        fresh, s.fresh_pillar = s.fresh_pillar, False
        if s.section is not None and not headingish(block) and not s.section.confirmed:
            s.section.confirmed = True
            s.section.order = index
        if block.kind == "item":
            self._item(block)
            return
        if self._marker(index, block):
            return
        if headingish(block) and not self._finding_text_expected(block):
            self._heading(index, block, fresh)
            return
        self._paragraph(block)

    def _meta(self, text: str, record: bool = True) -> bool:
        """Publication and update dates: recorded, and never taken as anything else."""
        for priority, pattern in ((0, PUBLISHED), (1, UPDATED)):
            match = pattern.match(text)
            if match and len(text) < 80:
                day = parse_date(match.group(1))
                if day is not None:
                    if record:
                        self.published.append((priority, day))
                    return True
        if DATE_LINE.match(text):
            day = parse_date(text)
            if day is not None:
                if record:
                    self.published.append((2, day))
                return True
        return False

    def _finding_text_expected(self, block: Block) -> bool:
        """A short plain line that is really a finding's text (e.g. after a label)."""
        s = self.state
        if block.kind == "heading":
            return False
        if s.pending is not None:
            return True
        return s.mode in ("afi", "rec", "coc_recs") and finding_shaped(block.text)

    # ------------------------------------------------------------ markers

    def _marker(self, index: int, block: Block) -> bool:
        s = self.state
        text = block.text
        short = headingish(block) or block.kind == "heading"
        if AFI_HEADING.match(text) and short:
            self._start_list("afi")
            return True
        label = AFI_LABEL.match(text)
        if label and (short or label.group(2)):
            self._labelled("area_for_improvement", label.group(2))
            return True
        cause = COC_HEADING.match(text)
        if cause and (short or cause.group(2)):
            s.cause = self._add(Finding(kind="cause_of_concern", text="(pending)"), pending=True)
            s.finding = None
            s.mode, s.pending, s.list_base, s.concern_paragraphs = "coc", None, None, 0
            if cause.group(2):
                self._concern_text(cause.group(2))
            return True
        if REC_HEADING.match(text) and short:
            in_cause = s.cause is not None and s.mode in ("coc", "coc_recs")
            if in_cause and s.cause is not None and not s.cause.recommendations:
                s.mode, s.list_base = "coc_recs", None
            else:
                self._start_list("rec")
            return True
        label = REC_LABEL.match(text)
        if label and (short or label.group(2)):
            self._labelled("recommendation", label.group(2))
            return True
        return False

    def _start_list(self, mode: str) -> None:
        s = self.state
        s.leadin = None
        self._found_since_marker = False
        s.mode, s.finding, s.cause, s.pending, s.list_base = mode, None, None, None, None

    def _labelled(self, kind: str, inline: str) -> None:
        s = self.state
        s.cause = None
        s.mode, s.list_base = "label", None
        if inline.strip():
            s.finding = self._add(Finding(kind=kind, text=inline.strip()))  # type: ignore[arg-type]
            s.pending = None
        else:
            s.finding = None
            s.pending = kind

    # ------------------------------------------------------------ headings and paragraphs

    def _heading(self, index: int, block: Block, fresh: bool) -> None:
        s = self.state
        text = block.text
        if CLOSING.match(text):
            s.closed = True
            s.section, s.pillar = None, None
            self._start_list_none()
            return
        grade = self._grade_after(index)
        inline = INLINE_GRADE.match(text)
        if grade is None and inline and block.kind == "heading":
            text, grade = inline.group(1), grade_of(inline.group(2))  # "Investigating crime: Good"
        pillar = PILLAR.match(text)
        if pillar:
            s.closed = False
            node = self._section(pillar.group(1).capitalize(), s.top, pillar=True)
            if grade:
                node.grade = grade
            s.pillar, s.section = node, node
            self._start_list_none()
            s.fresh_pillar = True
            return
        title = QUESTION_NUMBER.sub("", text).strip()
        if grade and fresh and s.pillar is not None and QUESTION.match(title):
            # The pillar's own question ("How legitimate is the force at …?") carries its grade.
            s.pillar.grade = grade
            return
        if grade or (QUESTION.match(title) and block.kind == "heading" and not s.closed):
            s.closed = False
            siblings = s.pillar.children if s.pillar is not None else s.top
            node = self._section(title, siblings)
            if grade:
                node.grade = grade
            s.section = node
            self._start_list_none()
            return
        # Any other heading ends a list of findings. It keeps the section, unless that section
        # has no text of its own yet: then it was only named in a summary table of grades.
        section = s.section
        if section is not None and not section.confirmed and not section.findings \
                and not WITHIN_SECTION.match(text):
            if section is s.pillar:
                s.pillar = None
            s.section = s.pillar
        self._start_list_none()

    def _start_list_none(self) -> None:
        s = self.state
        s.mode, s.finding, s.cause, s.pending, s.list_base = None, None, None, None, None
        s.leadin = None

    def _grade_after(self, index: int) -> str | None:
        """The grade on a line of its own just after a heading (dates may sit between)."""
        for ahead in range(index + 1, min(index + 4, len(self.blocks))):
            block = self.blocks[ahead]
            if self._meta(block.text, record=False) or NUMBER_ONLY.match(block.text):
                continue
            grade = grade_of(block.text) if block.kind != "item" else None
            if grade:
                self.consumed.add(ahead)
            return grade
        return None

    def _section(self, title: str, siblings: list[_Section], pillar: bool = False) -> _Section:
        """The section with this title, made if new (a summary table names sections first)."""
        for node in siblings:
            if key(node.title) == key(title):
                return node
        node = _Section(title, pillar=pillar)
        siblings.append(node)
        return node

    def _paragraph(self, block: Block) -> None:
        s = self.state
        text = block.text
        if s.pending is not None:
            s.finding = self._add(Finding(kind=s.pending, text=_strip_enumerator(text)))  # type: ignore[arg-type]
            s.pending = None
            return
        if COC_INTRO.search(text):
            if s.cause is None or s.mode not in ("coc",) or s.cause.recommendations:
                s.cause = self._add(Finding(kind="cause_of_concern", text="(pending)"),
                                    pending=True)
                s.concern_paragraphs = 0
            self._concern_text(text)
            s.mode, s.list_base, s.finding = "coc_recs", None, None
            return
        if s.mode == "coc" and s.cause is not None:
            if s.concern_paragraphs < 3:
                self._concern_text(text)
                if RECOMMEND_INTRO.search(text):
                    s.mode = "coc_recs"
                return
        if s.mode == "coc_recs" and s.cause is not None:
            if not s.cause.recommendations and text.endswith(":"):
                self._concern_text(text)  # "Within three months, the force should:"
                return
            if finding_shaped(text):
                s.finding = self._add_rec(_strip_enumerator(text))
                return
        if s.mode == "rec" and text.endswith(":") and TIMESCALE.match(_strip_enumerator(text)) \
                and finding_shaped(text):
            # "Within three months, the force should:" and a list: each item is a
            # recommendation of its own, read with its timescale and addressee.
            s.leadin, s.finding = _strip_enumerator(text)[:-1].rstrip(), None
            return
        s.leadin = None
        if s.mode in ("afi", "rec") and s.finding is None and text.endswith(":") \
                and not PAST_RECOMMENDATION.search(text) \
                and not self._found_since_marker:
            return  # "We found the following areas for improvement:" introduces the list
        if s.mode in ("afi", "rec") and finding_shaped(text):
            kind = "area_for_improvement" if s.mode == "afi" else "recommendation"
            s.finding = self._add(Finding(kind=kind, text=_strip_enumerator(text)))  # type: ignore[arg-type]
            return
        if s.mode == "label" and s.finding is not None and s.finding.text.endswith(":"):
            return  # a paragraph between a label's text and its points
        # Narrative: any list that follows belongs to it, not to the findings.
        self._start_list_none()

    def _concern_text(self, text: str) -> None:
        s = self.state
        assert s.cause is not None
        current = "" if s.cause.text == "(pending)" else s.cause.text
        s.cause.text = f"{current}\n\n{text}" if current else text
        s.concern_paragraphs += 1
        self._index(s.cause)

    def _item(self, block: Block) -> None:
        s = self.state
        text = _strip_enumerator(block.text)
        if s.mode is None:
            return  # bullets inside narrative are never findings
        if s.pending is not None:
            s.finding = self._add(Finding(kind=s.pending, text=text))  # type: ignore[arg-type]
            s.pending = None
            s.list_base = None
            return
        if s.list_base is None:
            s.list_base = block.level
        deeper = block.level > s.list_base
        if s.mode == "label":
            if s.finding is not None:
                s.finding.points.append(text)
            return
        if s.mode == "coc":
            if s.cause is not None and s.cause.text.endswith(":") and not deeper:
                s.mode = "coc_recs"
            elif s.cause is not None:
                s.cause.points.append(text)
                return
        introduces_points = (s.finding is not None and not s.finding_from_item
                             and s.finding.text.endswith(":")
                             and not finding_shaped_standalone(text))
        if deeper or introduces_points:
            if s.finding is not None:
                s.finding.points.append(text)
            return
        if s.mode == "coc_recs":
            s.finding = self._add_rec(text)
        elif s.mode == "rec" and s.leadin is not None:
            s.finding = self._add(Finding(kind="recommendation", text=f"{s.leadin} {text}"))
        elif s.mode in ("afi", "rec"):
            kind = "area_for_improvement" if s.mode == "afi" else "recommendation"
            s.finding = self._add(Finding(kind=kind, text=text))  # type: ignore[arg-type]
        s.finding_from_item = True

    # ------------------------------------------------------------ adding findings

    def _home(self, kind: str) -> _Section:
        """Where a finding goes: the current section, else one named after its kind."""
        s = self.state
        if s.section is not None and not s.closed:
            return s.section
        title = {"area_for_improvement": "Areas for improvement",
                 "recommendation": "Recommendations",
                 "cause_of_concern": "Causes of concern"}[kind]
        node = self._section(title, s.top)
        if not node.confirmed:
            node.confirmed, node.order = True, self.index
        return node

    def _add(self, finding: Finding, pending: bool = False) -> Finding | None:
        s = self.state
        s.finding_from_item = False
        self._found_since_marker = True
        home = self._home(finding.kind)
        if not pending:
            k = key(finding.text)
            if k in s.seen:
                # Repeated: a summary lists what the chapters say again. A copy first met in
                # a summary moves to the graded section that states it.
                earlier, where = self._homes[k]
                if _is_orphan(where.title) and not _is_orphan(home.title):
                    where.findings.remove(earlier)
                    home.findings.append(earlier)
                    self._homes[k] = (earlier, home)
                return None
            s.seen.add(k)
            self._homes[k] = (finding, home)
        home.findings.append(finding)
        return finding

    def _add_rec(self, text: str) -> Finding | None:
        s = self.state
        s.finding_from_item = False
        assert s.cause is not None
        rec = Finding(kind="recommendation", text=text)
        if any(key(r.text) == key(text) for r in s.cause.recommendations):
            return None
        s.cause.recommendations.append(rec)
        return rec

    def _index(self, cause: Finding) -> None:
        self.state.seen.add(key(cause.text))

    # ------------------------------------------------------------ the result

    def _result(self, title: str) -> Recognised:
        s = self.state
        # A report with causes of concern repeated in a summary: drop the empty duplicates.
        causes: set[str] = set()
        for node in _walk(s.top):
            kept = []
            for finding in node.findings:
                if finding.kind == "cause_of_concern":
                    if finding.text == "(pending)" or key(finding.text) in causes:
                        continue
                    causes.add(key(finding.text))
                kept.append(finding)
            node.findings = kept
        top = s.top
        overall = s.overall
        pillars = [node for node in top if node.pillar]
        if len(pillars) == 1 and len(top) == 1 and not pillars[0].findings:
            # A single-pillar report: its grade is the report's, its questions the sections.
            overall = overall or pillars[0].grade
            top = pillars[0].children
            if pillars[0].title.lower() not in title.lower():
                title = f"{title}: {pillars[0].title}"
        top = _dedupe_sections(top)
        sections = [node.build() for node in top]
        texts = [b.text for b in self.blocks]
        warnings = self.warnings

        _address(sections)
        several = forces_named(title)
        force_name = None if len(several) > 1 else find_force(texts)
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
        grades = [n.grade for n in _walk(top) if n.grade] + ([overall] if overall else [])
        scale = "peel-2021" if "Adequate" in grades else "peel-2014" if grades else "none"
        published = min(self.published, key=lambda p: p[0])[1] if self.published else None
        if published is None:
            warnings.append("no publication date found — set report.published before the "
                            "deadline can be computed")
        kind = _report_kind(title, bool(grades), force_name)
        response = Response(
            body=body, force=force,
            report=Report(title=title, published=published, kind=kind, grades=scale,
                          overall=overall),
            sections=sections,
        )
        if scale != "none":
            for _, section in response.walk_sections():
                if section.grade is None and not _is_orphan(section.title):
                    warnings.append(f"no grade found for '{section.title}'")
        response.assign_ids()
        return Recognised(response, warnings)


def _address(sections: list[Section]) -> None:
    """Fill each recommendation's addressed_to and by from its sentence; a recommendation
    inside a cause of concern is read with the concern's closing lead-in ("Within three
    months, the force should:")."""

    def visit(section: Section) -> None:
        for finding in section.findings:
            if finding.kind == "recommendation":
                _fill(finding, "")
            lead = finding.text.split("\n\n")[-1] if finding.kind == "cause_of_concern" else ""
            for rec in finding.recommendations:
                _fill(rec, lead)
        for child in section.sections:
            visit(child)

    for section in sections:
        visit(section)


def _fill(rec: Finding, lead: str) -> None:
    who, by = addressee(rec.text)
    if who is None and lead.endswith(":"):
        who, by = addressee(lead[:-1])
    rec.addressed_to, rec.by = who, by


def finding_shaped_standalone(text: str) -> bool:
    """A complete finding of its own ('The force should …'), not a point of the one before."""
    return bool(FINDING_SHAPE.match(text)) and bool(STANDALONE_SUBJECT.match(text))


STANDALONE_SUBJECT = re.compile(r"^(?:the|all|each|every|chief|forces?|by|within)\b",
                                re.IGNORECASE)


def _marks_findings(text: str) -> bool:
    return bool(AFI_HEADING.match(text) or REC_HEADING.match(text) or COC_HEADING.match(text)
                or AFI_LABEL.match(text) or REC_LABEL.match(text))


def _strip_enumerator(text: str) -> str:
    return ENUMERATOR.sub("", text).strip()


def _walk(nodes: list[_Section]):  # type: ignore[no-untyped-def]
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _dedupe_sections(nodes: list[_Section]) -> list[_Section]:
    """Drop sections only a summary table or contents list named, and empty pillars; list
    the rest in the order the report discusses them (a summary table may name them first)."""
    for node in nodes:
        node.children = _dedupe_sections(node.children)
        if node.children:
            node.order = min(child.order for child in node.children)
    kept = [node for node in nodes
            if node.findings or node.children
            or (node.confirmed and not node.pillar and not _is_orphan(node.title))]
    return sorted(kept, key=lambda node: node.order)


def _is_orphan(title: str) -> bool:
    return title in ("Areas for improvement", "Recommendations", "Causes of concern")


def _report_kind(title: str, graded: bool, force: str | None) -> str:
    lowered = title.lower()
    if "joint" in lowered:
        return "joint"
    if "peel" in lowered or graded:
        return "peel"
    if force is None:
        return "thematic"
    return "other"


def recognise(blocks: list[Block], fallback_title: str = "Inspection report") -> Recognised:
    """Turn a report's blocks into a response (ids assigned, comments empty) and warnings."""
    return _Recogniser(blocks, fallback_title).run()
