"""One interview at the terminal: the screen for each finding, the action and comment steps, the
person's editor, and saving after every answer (through the Autosaver).

``__init__`` runs it (the lock, the plan, the opening and the closing lines); the letter's step is
in letter_step.py.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prompt_toolkit.shortcuts import clear

from ...compliance.recurring import find, for_file
from ...dates import long_date, weekday_date
from ...errors import ConflictError, InputError, ResponderError, display_path
from ...law.deadline import last_working_day, non_working_reason
from ...response.autosave import Autosaver, SaveResult
from ...response.locking import Lock
from ...response.model import NOT_NAMED, Response, kind_label
from ...response.writing import SaveError
from ...screen import Line, block, screen_rows, screen_width, shorten, show, show_block, wrap
from .. import agenda
from ..agenda import Item
from .editor import Draft
from .prompts import (
    BACK,
    NEXT,
    QUIT,
    UNFINISHED_NOTE,
    StoppedTyping,
    box,
    menu,
    step_to,
    wait_for_key,
    yes_no,
)

CONTINUE = "continue"  # the action step is done: go on to the comment

ACTION_QUESTIONS = {
    "taken": "What action has been taken?",
    "proposed": "What action is proposed, by whom and by when?",
    "none": "Why will no action be taken? (section 55(5B) requires a reason)",
}
ACTION_LABELS = {"taken": "Action taken", "proposed": "Action proposed", "none": "No action"}


class _Quit(Exception):
    """The person chose 'Save and quit'."""


@dataclass
class InterviewResult:
    code: int
    lines: list[str]


def voice_name(response: Response, role: str) -> str:
    """'WVP' / 'PCC': a short label, to follow "the" ("the PCC", "the commissioner")."""
    if role == "force":
        return response.force.short_name or response.force.name
    return response.body.short_role or "commissioner"


def voice_title(response: Response, role: str) -> str:
    """'the force (Wessex Vale Police)' / 'the commissioner's office (PCC)'."""
    if role == "force":
        return f"the force ({response.force.name})"
    short = response.body.short_role
    return f"the commissioner's office ({short})" if short else "the commissioner's office"


def deadline_line(response: Response, today: dt.date) -> str:
    known = agenda.days_left(response.report.published, today)
    if known is None:
        return "Last day to publish: not known (the report's publication date is not set)"
    end, left = known
    published = response.process.response_published
    if published is not None and published <= today:
        # Someone reviewing a published response (to start the register, say) needs the
        # verdict, not a count of days since the last day.
        late = (published - end).days
        verdict = "on time" if late <= 0 else f"{late} day{'s' * (late != 1)} late"
        return (f"Response published on {long_date(published)}, {verdict} "
                f"(last day {weekday_date(end)})")
    if left > 1:
        when = f"{left} days left"
    elif left == 1:
        when = "1 day left"
    elif left == 0:
        when = "that is today"
    else:
        when = f"passed {-left} day{'s' * (left != -1)} ago"
    line = f"Last day to publish the response: {weekday_date(end)} ({when})"
    reason = non_working_reason(end)
    if reason and left >= 0:
        line += (f"; it is {'a ' if reason.endswith('day') and ' ' not in reason else ''}"
                 f"{reason}, so publish by {weekday_date(last_working_day(end))}")
    return line




# ---------------------------------------------------------------- the conversation


class Interview:
    """One person answering for one voice; every answer is saved before the next question."""

    def __init__(self, saver: Autosaver, role: str, items: list[Item], *,
                 clock: Callable[[], dt.datetime], lock: Lock | None = None,
                 editor: list[str] | None = None, review: bool = False):
        self.saver = saver
        self.role = role
        self.items = items
        self.total = sum(1 for item in items if item.kind == "finding")
        self.clock = clock
        self.lock = lock
        self.editor = editor
        self.review = review
        self.other = agenda.other_role(role)
        self.notices: list[tuple[str, str]] = []  # shown at the top of the next screen
        self.conflicts: list[str] = []  # repeated on the closing screen
        self.fresh = True  # the opening screen is still to be read: do not clear it
        self.drafts: list[Draft] = []  # editor files whose text is not in the response yet
        self.kept_on_stop: list[str] = []  # text in a box when the person stopped, now kept
        self.save_failed = False  # the last save could not be made (see close)
        self.raised_before: dict[str, Any] = {}  # finding id -> recurring.RaisedBefore

    @property
    def response(self) -> Response:
        return self.saver.response

    # ------------------------------------------------ running

    def run(self, steps: list[Item], start: int = 0) -> None:
        index = start
        nav = NEXT
        while 0 <= index < len(steps):
            try:
                nav = self.step(steps[index])
            except KeyError:
                # Someone removed this item from the file meanwhile (a hand edit): pass it by,
                # in the direction the person was going.
                self.notices.append(("note", f"{steps[index].key} is no longer in "
                                             f"{self.saver.path.name} (someone removed it)."))
                nav = BACK if nav == BACK and index > 0 else NEXT
            if nav == QUIT:
                raise _Quit
            index = step_to(index, nav, self.notices)

    def save(self) -> None:
        """Save now; when the disk refuses, keep the answers in memory and offer to retry."""
        while True:
            try:
                result = self.saver.save(self.clock())
            except (InputError, ConflictError) as exc:  # a full disk, a file that keeps changing
                if self.retry_after(exc):
                    continue
                return
            break
        if self.lock is not None:
            self.lock.touch()
        self.report_save(result)

    def retry_after(self, failure: InputError | ConflictError) -> bool:
        """Say why the save failed and ask what to do; True to try again."""
        if isinstance(failure, SaveError):
            show(("warning", f"! Not saved: {failure.reason}."))
            show(("warning", "  Your answer is kept here, in memory. Free some space (or fix "
                             "the folder) and try again."))
        else:
            show_block(wrap(f"! Not saved: {failure}.", indent=""), "warning")
            show(("warning", "  Your answer is kept here, in memory."))
        choice = menu("What would you like to do?", [
            ("r", "Try again", "retry"),
            ("c", "Carry on answering (saved with your next answer)", "carry"),
            ("q", "Quit (your answers go to a recovery file)", QUIT),
        ], default="retry")
        if choice == QUIT:
            raise _Quit
        return choice == "retry"

    def close(self) -> list[str]:
        """The last save before the closing screen; lines to add when it could not be made.

        Answers the file could not take go to a recovery file in the user's data folder,
        and editor drafts not yet in the response are named, so nothing typed is lost.
        """
        lines: list[str] = []
        try:
            self.report_save(self.saver.save(self.clock()))
        except (ConflictError, InputError) as exc:
            self.save_failed = True
            if not isinstance(exc, SaveError):  # its message names the conflict copy
                return [f"! {exc}.", *self.draft_lines()]
            lines.append(f"! {display_path(self.saver.path)} {exc.message}.")
            try:
                recovery = self.saver.write_recovery(self.clock())
            except (SaveError, InputError) as again:
                lines.append(f"! No recovery file could be written either ({again}). "
                             "Your unsaved answers:")
                lines += self.saver.unsaved_text()
            else:
                lines.append(f"  Your answers are saved in {recovery}; copy them into "
                             f"{display_path(self.saver.path)} when it can be written "
                             "(or open that file in its place).")
        return lines + self.draft_lines()

    def draft_lines(self) -> list[str]:
        """Remove the editor files whose text is in the file; name the others."""
        for draft in list(self.drafts):
            if (draft.applied and not self.saver.unsaved) or not draft.changed:
                draft.remove()  # its text is in the file, or it holds nothing new
                self.drafts.remove(draft)
        return [f"  Text from your editor is still in {draft.path}; it was not saved into "
                "the response." for draft in self.drafts]

    def report_save(self, result: SaveResult) -> None:
        name = self.saver.path.name
        lines = []
        if result.kept:
            copy = result.their_copy.name if result.their_copy else "a conflict copy"
            lines += [f"! Someone saved an older copy of {name} without answers you had saved "
                      f"({_places(result.kept)}).",
                      f"  The file keeps your answers and their other changes; their version is "
                      f"saved in {copy}."]
        if result.clashes:
            copy = result.conflict_copy.name if result.conflict_copy else "a conflict copy"
            lines += [f"! Someone else changed the same answers in {name} "
                      f"({_places(result.clashes)}).",
                      f"  The file keeps their words; yours are saved in {copy}."]
        if lines:
            self.conflicts += lines
            self.notices += [("warning", line) for line in lines]
        elif result.merged:
            self.notices.append(("saved", f"✓ Saved. {name} had been changed by someone else; "
                                          "their changes are kept alongside yours."))
        elif result.written:
            self.notices.append(("saved", "✓ Your last answer is saved."))

    # ------------------------------------------------ one item

    def step(self, item: Item) -> str:
        if item.kind == "letter":
            from .letter_step import letter_step  # the letter's step drives this interview

            return letter_step(self)
        self.screen(item)
        if item.kind == "finding" and self.role == "commissioner" and not self.review:
            nav = self.action_step(item)
            if nav != CONTINUE:
                return nav
        return self.comment_step(item)

    def screen(self, item: Item) -> None:
        """Clear the terminal and show where we are, what the finding says, and the comments.

        The other voice's comment and the person's own are shortened when the whole
        screen would not fit above the question, so the place and the finding stay in view.
        """
        self.pick_up_changes()
        response = self.response
        head = self.notice_lines()
        head.append([("rule", "─" * (screen_width() - 1))])
        head.append([("crumb", item.breadcrumb(self.total))])
        section = agenda.find_section(response, item.section) if item.section else None
        if section is not None and section.title.strip() not in item.trail:
            head += block(wrap(section.title, indent=""), "heading")
        if section is not None and section.grade:
            head.append([("label", "Grade: "), ("", section.grade)])
        head.append([])
        if item.kind == "finding":
            finding = agenda.find_finding(response, item.key)
            head.append([("label", kind_label(finding.kind) + ":")])
            head += block(wrap(finding.text))
            for point in finding.points:
                head += block(wrap(f"- {point}", indent="    "))
            if finding.recommendations:
                head += [[], [("label", "Its recommendations:")]]
                for n, rec in enumerate(finding.recommendations, 1):
                    head += block(wrap(f"{n}. {rec.text}", indent="  "))
            if finding.addressed_to == NOT_NAMED and finding.kind == "recommendation":
                head += [[], [("label", "Addressed to no one:")]]
                head += block(wrap("the report names no one to act on this recommendation, so "
                                   "no action is needed from you: note it and who should own it."))
            elif not finding.is_local and finding.kind == "recommendation":
                head += [[], [("label", "For the " + str(finding.addressed_to) + ":")]]
                head += block(wrap("a national body owns this recommendation, so no action is "
                                   "needed from you: note it and who owns it."))
            if self.role == "commissioner" and agenda.takes_action(item, response):
                head += self.action_lines(item)
            if item.key in self.raised_before:
                head += raised_before_lines(self.raised_before[item.key])
        elif item.kind == "section" and section is not None:
            inside = [i for i in self.items if i.kind == "finding" and i.section == section.id]
            done = sum(agenda.is_answered(response, i, self.role) for i in inside)
            if inside:
                head.append([("", f"You have answered {done} of the {len(inside)} findings here.")])
            if section.summary:
                head.append([("label", "What the inspectorate found:")])
                head += block(wrap(section.summary))
        else:
            head.append([("label", "The report as a whole: "), ("", response.report.title)])
        other = wrap(agenda.comment_of(response, item, self.other))
        mine = wrap(agenda.comment_of(response, item, self.role))
        # Room left above the menu (about eight lines with its question).
        room = screen_rows() - len(head) - 14
        other_room = max(2, room - min(len(mine), 6)) if other else 0
        mine_room = max(2, room - min(len(other), other_room))
        body: list[Line] = []
        if agenda.comment_of(response, item, self.other).strip():
            body += [[], [("label", f"For context, {self.other_label()}:")]]
            body += block(shorten(other, other_room, "the full text is in the file"), "note")
        body.append([])
        if agenda.comment_of(response, item, self.role).strip():
            body.append([("label", f"Your comment, as {self.me()}:")])
            body += block(shorten(mine, mine_room, "all of it is in the box when you edit"))
            reason = agenda.withheld_reason(response, item, self.role)
            if reason:
                body.append([("warning", f"  (Withheld from the published version: {reason}. "
                                         "Editing keeps it withheld.)")])
        else:
            body.append([("label", f"Your comment, as {self.me()}: "), ("note", "none yet")])
        if self.fresh:
            self.fresh = False  # the opening screen above is still to be read
        else:
            clear()
        for line in head + body:
            show(*line)

    def me(self) -> str:
        return "the force" if self.role == "force" else f"the {voice_name(self.response, self.role)}"

    def other_label(self) -> str:
        if self.other == "force":
            return "the force's response"
        return f"the {voice_name(self.response, 'commissioner')}'s comment"

    def action_lines(self, item: Item) -> list[Line]:
        response = self.response
        finding = agenda.find_finding(response, item.key)
        own = finding.action if agenda.action_complete(finding.action) else None
        covering = agenda.covering_action(response, item)
        label = ("label", "Action (s55(5B)): ")
        if own is not None and own.status:
            return [[], [label, ("", ACTION_LABELS[own.status])], *block(wrap(own.explanation or ""))]
        if covering is not None and covering.status and finding.kind == "recommendation":
            return [[], [label, ("", "covered by the action for its cause of concern "
                                     f"({ACTION_LABELS[covering.status]})")]]
        if finding.kind == "recommendation":
            return [[], [label, ("note", "not recorded yet")]]
        return [[], [label, ("note", "none recorded for the whole cause of concern")]]

    # ------------------------------------------------ the statutory action

    def action_step(self, item: Item) -> str:
        response = self.response
        finding = agenda.find_finding(response, item.key)
        if finding.kind == "cause_of_concern":
            if not finding.recommendations:
                return CONTINUE
            return self.action_mode(item)
        if not finding.needs_action or agenda.covering_action(response, item):
            return CONTINUE  # (a national body's recommendation is noted, not acted on)
        return self.ask_action(item)

    def action_mode(self, item: Item) -> str:
        finding = agenda.find_finding(self.response, item.key)
        n = len(finding.recommendations)
        recs = "recommendation" if n == 1 else f"{n} recommendations"
        one = agenda.action_complete(finding.action)
        each = any(rec.action is not None for rec in finding.recommendations)
        choice = menu(
            f"Action for its {recs} (s55(5B)):",
            [("o", f"One action covering all its {recs}, recorded here", "one"),
             ("e", "A separate action for each recommendation", "each"),
             ("s", "Skip for now", NEXT), ("b", "Go back", BACK), ("q", "Save and quit", QUIT)],
            default="each" if each and not one else "one",
        )
        if choice in (NEXT, BACK, QUIT):
            return choice
        if choice == "one":
            return self.ask_action(item)
        if one and yes_no("Remove the action recorded for the whole cause of concern? "
                          "(You will then give one for each recommendation.)"):
            agenda.clear_action(agenda.find_finding(self.response, item.key))
            self.save()
        return CONTINUE

    def ask_action(self, item: Item) -> str:
        finding = agenda.find_finding(self.response, item.key)
        current = finding.action if agenda.action_complete(finding.action) else None
        options = []
        if current is not None:
            options.append(("k", "Keep the action as it is", "keep"))
        options += [
            ("t", "Action taken", "taken"),
            ("p", "Action proposed", "proposed"),
            ("n", "No action (you will give the reason)", "none"),
            ("s", "Skip for now", NEXT), ("b", "Go back", BACK), ("q", "Save and quit", QUIT),
        ]
        status = menu("Section 55(5B): what action is taken or proposed?", options,
                      default="keep" if current else "proposed")
        if status in (NEXT, BACK, QUIT):
            return status
        if status == "keep":
            return CONTINUE
        previous = (finding.action.explanation or "") if finding.action else ""
        try:
            explanation = box(ACTION_QUESTIONS[status], default=previous,
                              validate=lambda text: agenda.action_problem(status, text) or True)
        except StoppedTyping as stop:
            if stop.text.strip() and stop.text.strip() != previous.strip():
                agenda.set_action(agenda.find_finding(self.response, item.key), status, stop.text,
                                  unfinished=True)
                self.kept_on_stop.append(f"The action you were typing for "
                                         f"{item.breadcrumb(self.total)} was saved as you had "
                                         f"typed it, {UNFINISHED_NOTE}")
            raise
        agenda.set_action(agenda.find_finding(self.response, item.key), status, explanation)
        self.save()
        return CONTINUE

    # ------------------------------------------------ the comment

    def comment_step(self, item: Item) -> str:
        while True:
            current = agenda.comment_of(self.response, item, self.role)
            choice = menu(self.comment_question(item, bool(current)), self.comment_options(item, current),
                          default=self.comment_default(item, current))
            if choice in (NEXT, BACK, QUIT):
                return choice
            if choice == "action":
                nav = self.action_step(item)
                return NEXT if nav == CONTINUE else nav
            draft = None
            if choice == "editor":
                draft = self.open_editor(
                    item.key, current, lambda text: agenda.set_comment(
                        self.response, item, self.role, text),
                    item.breadcrumb(self.total))
                if draft is None:
                    continue
                text = draft.text()
            else:
                try:
                    text = box(("Your comment:" if not current else "Edit your comment:")
                               + " (Markdown: a blank line between paragraphs, '- ' for a bullet)",
                               default=current)
                except StoppedTyping as stop:
                    if stop.text.strip() and stop.text.strip() != current.strip():
                        agenda.set_comment(self.response, item, self.role, stop.text,
                                           unfinished=True)
                        self.kept_on_stop.append(
                            f"The comment you were typing on {item.breadcrumb(self.total)} "
                            f"was saved as you had typed it, {UNFINISHED_NOTE}")
                    raise
            if text.strip() == current.strip():
                self.done_with(draft)
                return NEXT
            if not text.strip() and not yes_no("Remove your comment on this one?"):
                continue
            agenda.set_comment(self.response, item, self.role, text)
            if draft is not None:
                draft.applied = True
            self.save()
            self.done_with(draft)  # its text is in the file now
            return NEXT

    def open_editor(self, name: str, current: str, keep: Callable[[str], None],
                    what: str) -> Draft | None:
        """Write ``what`` in the person's editor; the draft, or None if it did not start.

        Stopped while waiting for a separate-window editor, the text it has saved so far is
        kept (``keep``) and its file stays where it is, named on the closing screen.
        """
        assert self.editor is not None
        draft = Draft(current, name)
        self.drafts.append(draft)
        try:
            started = draft.edit(self.editor, wait=lambda: wait_for_key(
                "Press any key once you have saved the file in the editor…"))
        except KeyboardInterrupt:
            if draft.changed and draft.text().strip() != current.strip():
                keep(draft.text())
                self.kept_on_stop.append(f"The text saved so far in the editor for {what} "
                                         "was kept.")
            raise
        if not started:
            draft.remove()
            self.drafts.remove(draft)
            show(("warning", f"  Could not start the editor ({' '.join(self.editor)}); "
                             "write it here instead, or set EDITOR."))
            return None
        while draft.waited and not draft.changed:
            show(("warning", f"  The file has not been saved yet: {draft.path}"))
            if not yes_no("Wait while you save it in the editor?", default=True):
                break
            wait_for_key("Press any key once you have saved the file in the editor…")
        return draft

    def done_with(self, draft: Draft | None) -> None:
        """The draft's text is saved in the response (or was not needed): remove its file."""
        if draft is not None and not self.saver.unsaved:
            draft.remove()
            if draft in self.drafts:
                self.drafts.remove(draft)

    def pick_up_changes(self) -> None:
        """Before a screen: someone else's saved change, said in a notice."""
        refreshed = self.saver.refresh(self.clock())
        if refreshed is not None and (refreshed.kept or refreshed.clashes):
            self.report_save(refreshed)
        elif refreshed is not None:
            self.notices.append(("note", f"{self.saver.path.name} was changed by someone else; "
                                         "you are seeing their latest version."))

    def notice_lines(self) -> list[Line]:
        """The notices waiting for the next screen, wrapped to its width (and then gone)."""
        lines: list[Line] = [[(style, line)] for style, text in self.notices
                             for line in textwrap.wrap(text, width=screen_width() - 1,
                                                       subsequent_indent="  ") or [""]]
        self.notices = []
        return lines

    def comment_question(self, item: Item, has_comment: bool) -> str:
        if self.review:
            return "Next, or change this answer?"
        if item.kind == "finding" and not has_comment and self.role == "commissioner" and \
                agenda.takes_action(item, self.response):
            return "Add a comment as well? (optional)"
        return "What would you like to do?"

    def comment_options(self, item: Item, current: str) -> list[tuple[str, str, str]]:
        editor = f"{'Edit' if current else 'Write'} it in your editor ({self.editor[0]})" \
            if self.editor else None
        if self.review:
            options = [("n", "Next", NEXT), ("w", "Change the comment here", "write")]
            if editor:
                options.append(("e", editor, "editor"))
            if self.role == "commissioner" and agenda.takes_action(item, self.response):
                options.append(("a", "Change the action (s55(5B))", "action"))
            return options + [("b", "Go back", BACK), ("q", "Quit", QUIT)]
        if current:
            options = [("k", "Keep it as it is and go on", NEXT), ("w", "Edit it here", "write")]
        else:
            options = [("w", "Write a comment here", "write")]
        if editor:
            options.append(("e", editor, "editor"))
        if not current:
            done = self.role == "commissioner" and agenda.takes_action(item, self.response) \
                and agenda.is_answered(self.response, item, self.role)
            options.append(("s", "No comment — go on" if done else "Skip for now", NEXT))
        return options + [("b", "Go back", BACK), ("q", "Save and quit", QUIT)]

    def comment_default(self, item: Item, current: str) -> str:
        if current or self.review:
            return NEXT
        if self.role == "commissioner" and agenda.is_answered(self.response, item, self.role):
            return NEXT  # the statutory action is recorded; a comment is optional
        return "write"


def _places(places: list[str]) -> str:
    return ", ".join(places[:4]) + (" …" if len(places) > 4 else "")


def find_raised_before(path: Path, response: Response) -> dict[str, Any]:
    """Findings an earlier report on the force raised before (see recurring.py); an archive
    that cannot be read only loses the hint, never the interview."""

    try:
        return find(response, for_file(path))
    except ResponderError:
        return {}


def raised_before_lines(match: Any) -> list[Line]:
    """The earlier finding and what was said then, so this time's answer can say what differs."""
    lines: list[Line] = [[], [("warning", "Raised before: "), ("", match.where)]]
    lines += block(shorten(wrap(f"“{match.earlier_text}”"), 3, "see the earlier response"), "note")
    if match.said:
        lines.append([("label", "What was said then:")])
        lines += block(shorten(wrap(match.said), 3, "see the earlier response"), "note")
    if match.latest:
        lines += block(wrap(f"Latest on the register: {match.latest}"), "note")
    lines += block(wrap("Say what is different this time."), "label")
    return lines




# ---------------------------------------------------------------- start and finish
