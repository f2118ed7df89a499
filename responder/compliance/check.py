"""Compliance and drafting checks: is this response lawful, complete and fit to publish?

Each problem has a code (stable: scripts and people refer to them), a severity,
a place in the response and a message saying what to do. Pure: no I/O.

| code              | severity            | what it catches                                        |
|-------------------|---------------------|--------------------------------------------------------|
| S55-5B            | error / warning     | a recommendation for the force, chief constables or    |
|                   |                     | local policing bodies without an action (error); one   |
|                   |                     | for a national body without a note (warning)           |
| S55-5A            | error / warning     | the 56-day limit passed, not yet published (error);    |
|                   |                     | published late (warning); close, with gaps (warning)   |
| S55-4             | warning             | chief officer not invited, no due date, reply overdue  |
| S55-6             | warning             | published, but copies not recorded as sent             |
| WITHHELD          | error               | a withheld passage without a lawful reason             |
| DRAFT-PLACEHOLDER | error               | TBC, TODO, [insert …] and the like left in; import's   |
|                   |                     | stand-in force or body name (force.name, body.name)    |
| DRAFT-EMPTY       | warning (error with strict) | a finding neither voice has answered           |
| DRAFT-COPY        | warning             | the commissioner's comment copies the force's          |
| UNFINISHED        | warning (error with strict) | an answer whose typing was interrupted         |
|                   |                     | (``unfinished: true``, see docs/format.md)             |
| GRADE             | error               | a grade not on the report's scale                      |
| DATE              | error / warning     | no publication date; warning: dated after today        |
| DATE-ORDER        | warning             | process dates out of order (comments before invitation)|
|                   |                     | or register dates before the report's publication      |
| BLANK             | warning             | a value left as only a comment (``key: # to do``), or  |
|                   |                     | a text cut short by `` #`` (the rest is a comment)      |
| RECURRING         | warning             | a finding an earlier report on the force raised before |
| REGISTER          | warning             | a finding closed without its evidence or approver, or  |
|                   |                     | superseded without naming the finding that supersedes it|
| WELSH             | warning (error with final) | an office that publishes in Welsh: a public     |
|                   |                     | passage without its Welsh, or with Welsh of an English |
|                   |                     | that has changed since (out of date)                   |

A response published, or copies sent, before the report itself is refused earlier, by
validation (the file cannot be read): that is never a matter of judgement.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..dates import long_date
from ..response.model import (
    NOT_NAMED,
    PLACEHOLDER_NAMES,
    SCALES,
    Finding,
    Passage,
    Response,
    Section,
    kind_label,
)
from ..response.validation import Blank
from .dated import ERROR, WARNING, Checked, CheckProblem, ProcessDates

CODES = (
    "S55-5B", "S55-5A", "S55-4", "S55-6", "WITHHELD",
    "DRAFT-PLACEHOLDER", "DRAFT-EMPTY", "DRAFT-COPY", "UNFINISHED", "GRADE", "DATE", "DATE-ORDER", "BLANK",
    "RECURRING", "REGISTER", "WELSH",
)


PLACEHOLDER = re.compile(
    r"\b(?:TBC|TBA|TODO|TO DO|FIXME|XXX+)\b|\[\s*insert\b[^\]]*\]|\blorem ipsum\b|\?\?(?:\s|$)",
    re.IGNORECASE,
)
# Each alternative of PLACEHOLDER contains one of these: text with none of them (nearly
# all of it) is passed over at the speed of a substring search, not of the pattern.
_PLACEHOLDER_WORDS = ("tbc", "tba", "todo", "to do", "fixme", "xxx", "insert", "lorem", "??")


def _placeholder(text: str) -> re.Match[str] | None:
    folded = text.casefold()
    for word in _PLACEHOLDER_WORDS:
        if word in folded:
            return PLACEHOLDER.search(text)
    return None


@dataclass
class Tally:
    """How much of a response is answered, for `status`."""

    findings: int = 0
    force: int = 0
    commissioner: int = 0
    recommendations: int = 0  # those that need an action (Finding.needs_action)
    actions: int = 0
    unanswered: list[str] = field(default_factory=list)


def check(response: Response, today: dt.date, *, strict: bool = False,
          blanks: Sequence[Blank] = (),
          earlier: Sequence[tuple[Any, Response]] = (),
          file: str = "FILE", warnings: bool = True, final: bool = False) -> list[CheckProblem]:
    """Every problem found in ``response`` as of ``today``, in the order of the document.

    ``blanks`` are the values the file holds only a comment for (found by the reader,
    ``store.read_noting_blanks``): the model cannot tell them from keys never written.
    ``earlier`` are other responses (path, response) to look in for findings raised before.
    ``file`` is the response file's name as typed, for the `responder record` commands that
    the messages name. ``warnings=False`` gives the errors alone, skipping the costlier
    warning-only checks (render's sign-off gate asks only how many errors there are).
    ``final``: as for the version to publish (a passage still without its Welsh is an error).
    """
    problems = checked(response, strict=strict, blanks=blanks, earlier=earlier, file=file,
                       warnings=warnings, final=final).as_of(today)
    if not warnings:
        problems = [problem for problem in problems if problem.severity == ERROR]
    return problems


def checked(response: Response, *, strict: bool = False, blanks: Sequence[Blank] = (),
            earlier: Sequence[tuple[Any, Response]] = (), file: str = "FILE",
            warnings: bool = True, final: bool = False) -> Checked:
    """``check``'s work that does not depend on the day, and what the rest needs: kept
    between runs by the folder commands (see cache), then ``as_of`` any day."""
    return Checked(
        published=response.report.published, process=ProcessDates.of(response.process),
        unanswered=len(tally(response).unanswered), file=file,
        before=[*_names(response), *_grades(response), *_findings(response, strict, warnings),
                *_passages(response, strict, file), *_welsh(response, final)],
        after=[*_register_dates(response), *_register_closure(response), *_blanks(response, blanks),
               *_recurring(response, earlier, file)],
    )




def _recurring(response: Response, earlier: Sequence[tuple[Any, Response]],
               file: str = "FILE") -> Iterator[CheckProblem]:
    if not earlier:
        return
    from .recurring import find

    matches = find(response, earlier)
    # Withheld words are never quoted: neither this finding's nor an earlier withheld one's.
    # (Only the earlier responses a match points to are looked through: a folder of a
    # thousand responses would otherwise be walked once for every file checked.)
    cited = {match.earlier_file for match in matches.values()}
    hidden = {(str(path), item.id) for path, other in earlier if str(path) in cited
              for _, item, owner in _findings_with_owner(other)
              if _withheld(item) or _withheld(owner)}
    still_open = {(str(path), item.id) for path, other in earlier if str(path) in cited
                  for _, item, _ in _findings_with_owner(other)
                  if item.tracking is not None and item.tracking.is_open}
    for section, finding, owner in _findings_with_owner(response):
        match = matches.get(finding.id or "")
        if match is not None:
            # The earlier finding still open: this one may supersede it; offer the link.
            link = ""
            beside = _folder(match.earlier_file) == _folder(file)
            if beside and (match.earlier_file, match.earlier_ref) in still_open:
                here = file.replace("\\", "/").rsplit("/", 1)[-1]
                link = (f"; if this finding supersedes it: responder track "
                        f"{match.earlier_file} {match.earlier_ref} --superseded-by "
                        f"{here}#{finding.id}")
            secret = _withheld(finding) or _withheld(owner) or \
                (match.earlier_file, match.earlier_ref) in hidden
            quoted = "" if secret else f"“{shorten(match.earlier_text, 60)}”, "
            yield CheckProblem(
                "RECURRING", WARNING, place(section, finding, withheld=_withheld(owner)),
                f"raised before: {match.where} ({quoted}in {match.earlier_file}); "
                f"say what is different this time{link}",
            )


def _welsh(response: Response, final: bool) -> Iterator[CheckProblem]:
    """The Welsh Language Standards: each public passage in Welsh too, translated from the
    English as it now stands. Named by where it is, never quoted (it may be long)."""
    if not response.welsh:
        return
    from ..response.welsh import problems

    severity = ERROR if final else WARNING
    for unit, state in problems(response):
        if state == "missing":
            message = ("has no Welsh version; run `responder translate make` for the "
                       "translator, then `responder translate read`")
        else:
            message = ("its Welsh is out of date: the English has changed since it was "
                       "translated; send it for translation again (`responder translate make`)")
        yield CheckProblem("WELSH", severity, unit.where, message)
    # The inspectorate's own words come from its Welsh edition; without them the Welsh
    # document quotes the English, which is lawful but worth knowing.
    missing = [f.id for _, f in response.walk_findings()
               if f.withheld is None and not (f.cy and f.cy.text)]
    if missing:
        shown = ", ".join(str(m) for m in missing[:5]) + (" …" if len(missing) > 5 else "")
        yield CheckProblem("WELSH", WARNING, "response",
                           f"{len(missing)} finding(s) without the inspectorate's Welsh words "
                           f"({shown}): the Welsh document quotes them in English; bring in the "
                           "Welsh edition with `responder import REPORT --lang cy --merge FILE`")


def _folder(name: str) -> str:
    """The folder a file name (as given, relative or not) is in, with '..' worked out, so
    two names for one folder compare equal."""
    import os.path

    return os.path.dirname(os.path.abspath(name))  # noqa: PTH100,PTH120 (abspath normalises '..'; Path.absolute does not)


def tally(response: Response) -> Tally:
    result = Tally()
    for _, finding, owner in _findings_with_owner(response):
        result.findings += 1
        force, commissioner = answered(finding, owner, finished=True)
        result.force += force
        result.commissioner += commissioner
        if not (force or commissioner):
            result.unanswered.append(finding.id or "")
        if finding.needs_action:
            result.recommendations += 1
            result.actions += _action_given(finding, owner)
    return result


def answered(finding: Finding, owner: Finding | None, *,
             finished: bool = False) -> tuple[bool, bool]:
    """Whether the force and the commissioner have answered a finding. A recommendation
    inside a cause of concern is answered by a comment on the cause of concern.
    ``finished``: an answer left unfinished (typing interrupted) does not count."""

    def given(passage: Passage | None) -> bool:
        return bool(passage) and not (finished and passage is not None and passage.is_unfinished)

    force = given(finding.force) or (owner is not None and given(owner.force))
    commissioner = given(finding.commissioner) or (owner is not None and given(owner.commissioner))
    return force, commissioner


def place(section: Section | None, finding: Finding | None = None, *, withheld: bool = False) -> str:
    """'s1.1-afi2 (Area for improvement: The force should…)'; a withheld finding by its id
    and kind only ('s1-coc2 (Cause of concern, withheld)'), so no withheld word reaches the
    terminal, a log or --json."""
    if finding is not None:
        if withheld or finding.withheld is not None:
            return f"{finding.id} ({kind_label(finding.kind)}, withheld)"
        return f"{finding.id} ({kind_label(finding.kind)}: {shorten(finding.text)})"
    if section is not None:
        return f"{section.id} ({shorten(section.title)})"
    return "response"


def shorten(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ---------------------------------------------------------------- the checks


def _names(response: Response) -> Iterator[CheckProblem]:
    """import's stand-ins for a force or body the report does not name: they would print
    as "Response of the (local policing body — set body.name)"."""
    for key, name in (("force.name", response.force.name), ("body.name", response.body.name)):
        if name not in PLACEHOLDER_NAMES:
            continue
        if key == "body.name":
            fix = ("write your office's name there, or run `responder profile` so that "
                   "every report imported from now on has it")
        else:
            fix = ("write your force's name there, or import the report again with "
                   "--force NAME")
        yield CheckProblem("DRAFT-PLACEHOLDER", ERROR, key,
                           f"still import's placeholder {name!r}; {fix}")


def _grades(response: Response) -> Iterator[CheckProblem]:
    scale = response.report.grades
    allowed = SCALES[scale]

    def wrong(grade: str | None) -> str | None:
        if grade is None or grade in allowed:
            return None
        if not allowed:
            return f"the report is graded 'none', but {grade!r} is given; remove it or set report.grades"
        return f"{grade!r} is not on the {scale} scale ({', '.join(allowed)})"

    message = wrong(response.report.overall)
    if message:
        yield CheckProblem("GRADE", ERROR, "report.overall", message)
    for _, section in response.walk_sections():
        message = wrong(section.grade)
        if message:
            yield CheckProblem("GRADE", ERROR, place(section), message)


def _findings(response: Response, strict: bool, warnings: bool = True) -> Iterator[CheckProblem]:
    for section, finding, owner in _findings_with_owner(response):
        where = place(section, finding, withheld=_withheld(owner))
        if finding.needs_action and not _action_given(finding, owner):
            yield CheckProblem("S55-5B", ERROR, where, _missing_action(finding))
        elif finding.kind == "recommendation" and not finding.is_local \
                and not _noted(finding, owner):
            unnamed = finding.addressed_to == NOT_NAMED
            whose = ("the report names no one to act on it" if unnamed
                     else f"for the {finding.addressed_to}")
            owns = "who should own it" if unnamed else "who owns it"
            yield CheckProblem(
                "S55-5B", WARNING, where,
                f"{whose}: no action is needed from the force, but note "
                f"the recommendation and {owns} (a comment, or a note)",
            )
        if finding.kind == "cause_of_concern" and finding.action is not None:
            if not _complete(finding):
                yield CheckProblem("S55-5B", ERROR, where, _missing_action(finding))
        force, commissioner = answered(finding, owner)
        if not (force or commissioner) and (finding.is_local or finding.kind != "recommendation"):
            yield CheckProblem(
                "DRAFT-EMPTY", ERROR if strict else WARNING, where,
                "neither the force nor the commissioner has commented on this finding",
            )
        if warnings and finding.force and finding.commissioner and \
                _copied(finding.force, finding.commissioner):
            yield CheckProblem(
                "DRAFT-COPY", WARNING, where,
                "the commissioner's comment repeats the force's; say what the commissioner "
                "will do to hold the force to account",
            )
        if finding.withheld is not None and finding.withheld.reason is None:
            yield CheckProblem("WITHHELD", ERROR, where, _withheld_message())


def _withheld(finding: Finding | None) -> bool:
    return finding is not None and finding.withheld is not None


def _noted(finding: Finding, owner: Finding | None) -> bool:
    """A national body's recommendation is answered by a note or either voice's comment."""
    force, commissioner = answered(finding, owner)
    return bool((finding.note or "").strip()) or force or commissioner


def _action_given(finding: Finding, owner: Finding | None) -> bool:
    if _complete(finding):
        return True
    # One action on the cause of concern can answer all of its recommendations.
    return owner is not None and _complete(owner)


def _complete(finding: Finding) -> bool:
    action = finding.action
    return bool(action and action.status and (action.explanation or "").strip())


def _missing_action(finding: Finding) -> str:
    action = finding.action
    if action is None or action.status is None:
        return ("no action recorded: say whether action has been taken or is proposed, "
                "or why none will be (section 55(5B))")
    if action.status == "none":
        return "action 'none' needs a reason: explain why no action will be taken (section 55(5B))"
    return f"action '{action.status}' needs an explanation of what is being done (section 55(5B))"


def _copied(force: Passage, commissioner: Passage) -> bool:
    a, b = _normal(force.text), _normal(commissioner.text)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, total = min(len(a), len(b)), len(a) + len(b)
    if shorter <= 80 or 2 * shorter / total <= 0.95:
        return False  # the lengths alone rule out a 95% match (difflib's real_quick_ratio)
    # Near-copies (a word changed here and there) count too, for texts long enough to judge.
    # The ratio is 2 * matching characters / both lengths, so first the bounds that cost
    # nothing: the lengths alone, then the characters in common (SequenceMatcher's
    # quick_ratio, counted in C). Only a pair that passes both is worth the real ratio.
    if min(len(a), len(b)) <= 80 or 2 * min(len(a), len(b)) / (len(a) + len(b)) <= 0.95:
        return False
    common = sum((Counter(a) & Counter(b)).values())
    if 2 * common / (len(a) + len(b)) <= 0.95:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() > 0.95


def _normal(text: str) -> str:
    # Words only: Markdown marks, punctuation and spacing do not make a comment original.
    return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split())


# What render --final refuses: every error the office can still fix. Lateness is a fact to
# state in the letter, never a reason to hold the response back.
NOT_FIXABLE = ("S55-5A",)


def fixable(problems: Sequence[CheckProblem]) -> list[CheckProblem]:
    """The errors among ``problems`` that stop a final render (check run with strict)."""
    return [p for p in problems if p.severity == ERROR and p.code not in NOT_FIXABLE]


def _unfinished(where: str, file: str, strict: bool, key: str = "unfinished") -> CheckProblem:
    from ..law.record import quoted

    return CheckProblem(
        "UNFINISHED", ERROR if strict else WARNING, where,
        f"typing stopped before this answer was confirmed ({key}: true); finish it with "
        f"'responder interview {quoted(file)}', or delete the {key} line to keep it as it is",
    )


def _passages(response: Response, strict: bool = False,
              file: str = "FILE") -> Iterator[CheckProblem]:
    """Placeholders, withheld reasons and unfinished answers in every text the office writes."""
    for where, text, passage, hidden in _texts(response):
        if passage is not None and passage.is_unfinished:
            yield _unfinished(where, file, strict)
        elif where == "letter.body" and response.letter is not None \
                and response.letter.body_is_unfinished:
            yield _unfinished(where, file, strict, key="body_unfinished")
        match = _placeholder(text)
        if match:
            # Withheld words are never quoted: "[insert the refuge's address]" is one.
            found = "a placeholder" if hidden else f"placeholder {match.group(0).strip()!r}"
            yield CheckProblem(
                "DRAFT-PLACEHOLDER", ERROR, where, f"{found} left in the text; finish or remove it",
            )
        if passage is not None and passage.withheld is not None and passage.withheld.reason is None:
            yield CheckProblem("WITHHELD", ERROR, where, _withheld_message())
    for section, finding, owner in _findings_with_owner(response):
        if finding.action is not None and finding.action.is_unfinished:
            hidden = _withheld(finding) or _withheld(owner)
            yield _unfinished(f"{place(section, finding, withheld=hidden)} action", file, strict)


def _withheld_message() -> str:
    return ("a withheld passage needs its reason: national_security or personal_safety "
            "(it stays out of the published version until then; to publish it, remove "
            "its withheld lines)")


def _texts(response: Response) -> Iterator[tuple[str, str, Passage | None, bool]]:
    """Every piece of text the office writes: (place, text, its passage, withheld?)."""

    def comments(where: str, holder: object, hidden: bool = False
                 ) -> Iterator[tuple[str, str, Passage | None, bool]]:
        for voice in ("force", "commissioner"):
            passage = getattr(holder, voice)
            if passage is not None:
                yield (f"{where} {voice} comment", passage.text, passage,
                       hidden or passage.withheld is not None)

    yield from comments("overall", response.commentary)
    letter = response.letter
    if letter is not None:
        for name in ("subject", "opening", "body", "closing"):
            value = getattr(letter, name)
            if value:
                yield f"letter.{name}", value, None, False
    for _, section in response.walk_sections():
        yield from comments(place(section), section)
        for finding in section.findings:
            for item in finding.walk():
                hidden = _withheld(finding) or _withheld(item)
                where = place(section, item, withheld=hidden)
                yield from comments(where, item, hidden)
                if item.action and item.action.explanation:
                    yield f"{where} action", item.action.explanation, None, hidden




def _register_dates(response: Response) -> Iterator[CheckProblem]:
    published = response.report.published
    if published is None:
        return
    # The register: nothing about a finding happens before the report that made it.
    for section, finding, owner in _findings_with_owner(response):
        tracking = finding.tracking
        if tracking is None:
            continue
        dates = [("closed_on", tracking.closed_on)] + [
            (f"update of {long_date(update.date)}", update.date) for update in tracking.updates]
        early = [what for what, when in dates if when is not None and when < published]
        if early:
            yield CheckProblem(
                "DATE-ORDER", WARNING, place(section, finding, withheld=_withheld(owner)),
                f"the register is dated before the report was published "
                f"({long_date(published)}): {', '.join(early)}; check the year and correct "
                "it in the file",
            )


def _register_closure(response: Response) -> Iterator[CheckProblem]:
    """Closed only on evidence, accepted by someone named; superseded by something named."""
    for section, finding, owner in _findings_with_owner(response):
        tracking = finding.tracking
        if tracking is None:
            continue
        where = place(section, finding, withheld=_withheld(owner))
        if tracking.status == "closed":
            missing = [what for what, value in (("the evidence", tracking.evidence),
                                                ("who approved it", tracking.approved_by))
                       if not (value or "").strip()]
            if missing:
                yield CheckProblem(
                    "REGISTER", WARNING, where,
                    f"closed without {' or '.join(missing)}; record them: responder track "
                    f"FILE {finding.id} --evidence \"…\" --approved-by NAME (or set evidence: "
                    "and approved_by: under its tracking)")
        elif tracking.status == "superseded" and tracking.superseded_by is None:
            yield CheckProblem(
                "REGISTER", WARNING, where,
                "superseded, but by what? name the later finding: responder track FILE "
                f"{finding.id} --superseded-by LATER.yaml#ID")


def _blanks(response: Response, blanks: Sequence[Blank]) -> Iterator[CheckProblem]:
    for blank in blanks:
        where = f"{_label(response, blank.loc)} (line {blank.line})"
        if blank.cut is not None:
            # No words quoted: they may belong to a withheld passage.
            yield CheckProblem(
                "BLANK", WARNING, where,
                "the text stops before ' #': the words after it are a comment, not part of "
                "the text; if they belong to it, put the whole text in quotes",
            )
            continue
        # A comment beside withheld words may name what they protect: not quoted there.
        shown = blank.comment and not _inside_withheld(response, blank.loc)
        comment = f" ('# {shorten(blank.comment, 30)}')" if shown else ""
        yield CheckProblem(
            "BLANK", WARNING, where,
            f"holds only a comment{comment}, so it is empty; write the value after the "
            "colon (the comment can stay after it), or delete the line",
        )


def _inside_withheld(response: Response, loc: Sequence[object]) -> bool:
    """Whether a place in the file lies in a withheld finding or comment, or its marker."""
    if "withheld" in loc:
        return True
    node: object = response
    for part in loc:
        try:
            node = node[part] if isinstance(part, int) else getattr(node, str(part))  # type: ignore[index]
        except (AttributeError, IndexError, TypeError):
            return False
        if isinstance(node, Finding | Passage) and node.withheld is not None:
            return True
    return False


def _label(response: Response, loc: Sequence[object]) -> str:
    """``s1-rec2 commissioner`` for a place inside a finding or section (its id, never its
    text: a withheld finding's words must not leak into the output), else the key path."""
    node: object = response
    named, rest = "", list(loc)
    for index, part in enumerate(loc):
        try:
            node = node[part] if isinstance(part, int) else getattr(node, str(part))  # type: ignore[index]
        except (AttributeError, IndexError, TypeError):
            break
        if isinstance(node, Finding | Section) and node.id:
            named, rest = node.id, list(loc[index + 1:])
    tail = ".".join(str(part) for part in rest if not isinstance(part, int))
    if not named:
        from ..response.validation import format_loc

        return format_loc(loc)
    return f"{named} {tail}".strip()


def _findings_with_owner(response: Response) -> Iterator[tuple[Section, Finding, Finding | None]]:
    for _, section in response.walk_sections():
        for finding in section.findings:
            yield section, finding, None
            for rec in finding.recommendations:
                yield section, rec, finding
