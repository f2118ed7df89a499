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

from ..response.model import Finding
from .assemble import Node, Recognised, assemble, is_orphan, walk_nodes
from .blocks import Block
from .chrome import is_chrome
from .phrases import (
    AFI_HEADING,
    AFI_INLINE,
    AFI_LABEL,
    CLOSING,
    COC_HEADING,
    COC_INLINE,
    COC_INTRO,
    DATE_LINE,
    INLINE_GRADE,
    NUMBER_ONLY,
    PAST_RECOMMENDATION,
    PILLAR,
    PUBLISHED,
    QUESTION,
    QUESTION_NUMBER,
    REC_HEADING,
    REC_INLINE,
    REC_LABEL,
    RECOMMEND_INTRO,
    TIMESCALE,
    UPDATED,
    WITHIN_SECTION,
    finding_shaped,
    finding_shaped_standalone,
    grade_of,
    headingish,
    key,
    label_text,
    marks_findings,
    parse_date,
    same_area,
    sentence,
    strip_enumerator,
    topic,
)
from .sentences import (
    grade_for,
    recommendation_sentence,
    sentence_grades,
    stated_recommendations,
)

__all__ = ["Recognised", "key", "parse_date", "recognise"]

# ---------------------------------------------------------------- working structures


@dataclass
class _State:
    top: list[Node] = field(default_factory=list)
    pillar: Node | None = None
    section: Node | None = None
    mode: str | None = None  # afi | rec | label | coc | coc_recs | None (narrative)
    finding: Finding | None = None  # the finding that list items may add points to
    finding_from_item: bool = False  # ... and whether it came from a list item itself
    cause: Finding | None = None
    leadin: str | None = None  # "Within three months, the force should" before a list
    pending: str | None = None  # a label seen; the next paragraph is its finding's text
    pending_in_cause: bool = False  # ... a recommendation of the cause of concern above
    list_base: int | None = None  # the level of the list that holds findings
    concern_paragraphs: int = 0
    seen: set[str] = field(default_factory=set)
    overall: str | None = None
    closed: bool = False  # past the report's body (annexes, contents)
    fresh_pillar: bool = False  # a pillar heading was the last thing read


class _Recogniser:
    def __init__(self, blocks: list[Block], fallback_title: str, loose: bool = False):
        self.blocks = [b for b in blocks if not is_chrome(b.text)]
        # Recommendations known by their sentence alone, with no heading or label above
        # them: read only where the text says it makes recommendations, or has no other
        # finding (see recognise()).
        self.loose = loose
        self.graded_areas = sentence_grades([b.text for b in self.blocks if b.kind != "item"])
        self.fallback_title = fallback_title
        self.state = _State()
        self.consumed: set[int] = set()
        self.index = 0
        self._found_since_marker = False
        self._homes: dict[str, tuple[Finding, Node]] = {}
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
        return assemble(self.state.top, self.state.overall, title,
                        [b.text for b in self.blocks], self.published, self.warnings)

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
            if marks_findings(block.text):
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
        if label and (short or label.group(2)) and label_text(label.group(2)):
            self._labelled("area_for_improvement", label.group(2))
            return True
        inline = AFI_INLINE.match(text)
        if inline and self._inline(text, inline, short, finding_shaped(inline.group(2))):
            body = inline.group(2)
            if self._topic(body, short):
                body = ""
            self._labelled("area_for_improvement", body)
            return True
        cause = COC_HEADING.match(text)
        inline = COC_INLINE.match(text) if not cause else None
        if (cause and (short or cause.group(2))) or (
                inline and self._inline(text, inline, short, True)):
            body = (cause.group(2) if cause else inline.group(2)) or ""  # type: ignore[union-attr]
            if self._topic(body, short):
                body = ""  # "Cause of concern: responding to the public": the statement follows
            s.cause = self._add(Finding(kind="cause_of_concern", text="(pending)"), pending=True)
            s.finding = None
            s.mode, s.pending, s.list_base, s.concern_paragraphs = "coc", None, None, 0
            if body:
                self._concern_text(body)
            return True
        if REC_HEADING.match(text) and short:
            in_cause = s.cause is not None and s.mode in ("coc", "coc_recs")
            if in_cause and s.cause is not None and not s.cause.recommendations:
                s.mode, s.list_base = "coc_recs", None
            else:
                self._start_list("rec")
            return True
        label = REC_LABEL.match(text)
        if label and (short or label.group(2)) and label_text(label.group(2)):
            if self._in_cause():
                # "Recommendation 5" after a cause of concern's own recommendations: its too.
                self._cause_recommendation(label.group(2).strip())
            else:
                self._labelled("recommendation", label.group(2))
            return True
        inline = REC_INLINE.match(text)
        if inline and self._inline(text, inline, short, finding_shaped(inline.group(2))
                                   or recommendation_sentence(inline.group(2))):
            body = inline.group(2).strip()
            if self._in_cause():
                self._cause_recommendation(body)
            else:
                self._start_list("rec")
                s.finding = self._add(Finding(kind="recommendation", text=body))
            return True
        return False

    def _inline(self, text: str, match: re.Match[str], short: bool, bare_ok: bool) -> bool:
        """Is "Label text" (a label with its text, or its topic, on one line) meant as one?
        After a colon: a topic or a sentence; after a bullet: a sentence; after a plain space
        ("Cause of concern The size of …"): a sentence, after the singular label only, that
        reads as the finding (``bare_ok``)."""
        separator, body = match.group(1).strip(), match.group(2).strip()
        if separator == ":":
            return (short and topic(body)) or sentence(body)
        if separator:
            return sentence(body)
        plural = text.split()[0].lower().endswith("s")
        return not plural and sentence(body) and bare_ok

    def _topic(self, body: str, short: bool) -> bool:
        """A label's topic ("Cause of concern: responding to the public") names the area the
        finding belongs to: that section (named before, or after, as a summary table of grades
        names them), else a new one of that name."""
        if not (short and topic(body)):
            return False
        s = self.state
        title = body.strip()
        title = title[:1].upper() + title[1:]
        node = next((n for n in walk_nodes(s.top) if same_area(n.title, title)), None)
        if node is None:
            node = self._section(title, s.pillar.children if s.pillar is not None else s.top)
            node.topic = True
        if not node.confirmed:
            node.confirmed, node.order = True, self.index
        s.section, s.closed = node, False
        return True

    def _in_cause(self) -> bool:
        s = self.state
        return s.cause is not None and s.mode in ("coc", "coc_recs") and s.concern_paragraphs > 0

    def _cause_recommendation(self, text: str) -> None:
        s = self.state
        s.mode, s.list_base = "coc_recs", None
        if text:
            s.finding = self._add_rec(text)
        else:
            s.finding, s.pending, s.pending_in_cause = None, "recommendation", True

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
        if grade is None and self.graded_areas:
            # "Calderford Police is good at investigating crime …" graded this area.
            grade = grade_for(title, self.graded_areas)
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
        s.pending_in_cause = False
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

    def _section(self, title: str, siblings: list[Node], pillar: bool = False) -> Node:
        """The section with this title, made if new (a summary table names sections first)."""
        for node in siblings:
            if key(node.title) == key(title):
                return node
            if node.topic and same_area(node.title, title):
                node.title, node.topic = title, False  # the report's own heading for the area
                return node
        node = Node(title, pillar=pillar)
        siblings.append(node)
        return node

    def _paragraph(self, block: Block) -> None:
        s = self.state
        text = block.text
        if s.pending is not None:
            if s.pending_in_cause and s.cause is not None:
                s.finding = self._add_rec(strip_enumerator(text))
            else:
                s.finding = self._add(Finding(kind=s.pending, text=strip_enumerator(text)))  # type: ignore[arg-type]
            s.pending, s.pending_in_cause = None, False
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
            if s.concern_paragraphs and not text.endswith(":") and recommendation_sentence(text):
                # "Immediately, all forces should review …" after the concern: a recommendation
                # of it, not a second paragraph of the concern.
                s.mode, s.finding = "coc_recs", self._add_rec(strip_enumerator(text))
                return
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
                s.finding = self._add_rec(strip_enumerator(text))
                return
        if s.mode == "rec" and text.endswith(":") and TIMESCALE.match(strip_enumerator(text)) \
                and finding_shaped(text):
            # "Within three months, the force should:" and a list: each item is a
            # recommendation of its own, read with its timescale and addressee.
            s.leadin, s.finding = strip_enumerator(text)[:-1].rstrip(), None
            return
        s.leadin = None
        if s.mode in ("afi", "rec") and s.finding is None and text.endswith(":") \
                and not PAST_RECOMMENDATION.search(text) \
                and not self._found_since_marker:
            return  # "We found the following areas for improvement:" introduces the list
        if s.mode in ("afi", "rec") and finding_shaped(text):
            kind = "area_for_improvement" if s.mode == "afi" else "recommendation"
            s.finding = self._add(Finding(kind=kind, text=strip_enumerator(text)))  # type: ignore[arg-type]
            return
        if s.mode == "label" and s.finding is not None and s.finding.text.endswith(":"):
            return  # a paragraph between a label's text and its points
        # Narrative: any list that follows belongs to it, not to the findings.
        self._start_list_none()
        if self.loose and not s.closed and recommendation_sentence(text):
            self._add(Finding(kind="recommendation", text=strip_enumerator(text)))

    def _concern_text(self, text: str) -> None:
        s = self.state
        assert s.cause is not None
        current = "" if s.cause.text == "(pending)" else s.cause.text
        s.cause.text = f"{current}\n\n{text}" if current else text
        s.concern_paragraphs += 1
        self._index(s.cause)

    def _item(self, block: Block) -> None:
        s = self.state
        text = strip_enumerator(block.text)
        if s.mode is None:
            return  # bullets inside narrative are never findings
        if s.pending is not None:
            if s.pending_in_cause and s.cause is not None:
                s.finding = self._add_rec(text)
            else:
                s.finding = self._add(Finding(kind=s.pending, text=text))  # type: ignore[arg-type]
            s.pending, s.pending_in_cause = None, False
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

    def _home(self, kind: str) -> Node:
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
                if is_orphan(where.title) and not is_orphan(home.title):
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

def recognise(blocks: list[Block], fallback_title: str = "Inspection report") -> Recognised:
    """Turn a report's blocks into a response (ids assigned, comments empty) and warnings.

    Findings are read under the genre's signposts first. Where the text says it makes
    recommendations ("We make four recommendations."), or nothing in it is a finding, a
    recommendation is known by its sentence alone too ("By 31 August 2025, all chief
    constables should …"), and the reading that finds more is kept."""
    found = _Recogniser(blocks, fallback_title).run()
    stated, count = stated_recommendations([b.text for b in blocks if b.kind != "item"])
    recommendations = _recommendations(found)
    if (stated and recommendations != count) or not found.findings:
        loose = _Recogniser(blocks, fallback_title, loose=True).run()
        if loose.findings > found.findings:
            found, recommendations = loose, _recommendations(loose)
    if count is not None and recommendations != count:
        found.warnings.append(f"the report says it makes {count} recommendation"
                              f"{'s' * (count != 1)}, but {recommendations} "
                              f"{'was' if recommendations == 1 else 'were'} found — check them "
                              "against the report")
    return found


def _recommendations(found: Recognised) -> int:
    return sum(1 for _, f in found.response.walk_findings() if f.kind == "recommendation")
