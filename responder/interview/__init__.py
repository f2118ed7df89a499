"""Questions asked at the terminal (questionary): this package is the only one that imports it.

The interview collects the force's and the commissioner's comments finding by finding
(here); its prompts and keys are in prompts.py, the person's own editor in editor.py, and
the questions `new` and `profile` ask in questions.py. The interview's decisions (what to
ask next, what counts as answered, the section 55(5B) action rules) are in agenda.py;
saving and merging are in autosave.py; the lock is in locking.py. This package only talks
to the person.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import questionary
from prompt_toolkit.shortcuts import clear

from .. import agenda, store
from ..agenda import Item
from ..autosave import Autosaver, SaveResult
from ..dates import long_date, plural, weekday_date
from ..deadline import last_working_day, non_working_reason
from ..errors import ConflictError, InputError, ResponderError, UsageError, display_path
from ..locking import Lock, LockedError, acquire
from ..model import Response, kind_label
from ..screen import STYLE, Line, block, screen_rows, screen_width, shorten, show, show_block, wrap
from ..store import SaveError
from .editor import EDITOR_DETACHED, Draft, editor_command  # noqa: F401
from .prompts import (  # noqa: F401  (track's walk takes its prompts from here too)
    TEXT_HELP,
    StoppedTyping,
    _session,
    ask,
    ask_text,
    box,
    menu,
    wait_for_key,
    yes_no,
)
from .questions import Cancelled, _required, _valid_date, ask_new_response, ask_profile  # noqa: F401

# ==================================================================== the interview

BACK, NEXT, QUIT = "back", "next", "quit"
CONTINUE = "continue"  # the action step is done: go on to the comment

ACTION_QUESTIONS = {
    "taken": "What action has been taken?",
    "proposed": "What action is proposed, by whom and by when?",
    "none": "Why will no action be taken? (section 55(5B) requires a reason)",
}
ACTION_LABELS = {"taken": "Action taken", "proposed": "Action proposed", "none": "No action"}
# What the closing lines say of an answer interrupted mid-typing (docs/format.md).
UNFINISHED_NOTE = ("marked unfinished (unfinished: true); run the same command and it goes "
                   "back to it first.")


def step_to(index: int, nav: str, notices: list[tuple[str, str]]) -> int:
    """The next place after ``nav`` (BACK or NEXT); going back from the first stays put."""
    if nav != BACK:
        return index + 1
    if index == 0:
        notices.append(("note", "That was the first one; nothing comes before it."))
        return 0
    return index - 1


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
            if not finding.is_local and finding.kind == "recommendation":
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

    # ------------------------------------------------ answers left unfinished

    def resume_unfinished(self) -> None:
        """First of all, every answer this voice was typing when it stopped (kept, marked
        unfinished): carry on editing it, keep it as it is, or discard it."""
        for item in self.items:
            if item.kind == "letter" or agenda.unfinished(self.response, item, self.role) is None:
                continue
            self.screen(item)
            found = agenda.unfinished(self.response, item, self.role)
            if found is None:  # someone finished it meanwhile (picked up by screen)
                continue
            what, text = found
            finding = agenda.find_finding(self.response, item.key) if what == "action" else None
            show("")
            show(("warning", f"You were typing this {what} when you stopped "
                             "(it is kept, marked unfinished):"))
            if what == "action":  # (a comment is on the screen above, as "Your comment")
                for line in block(wrap(text)):
                    show(*line)
            choice = menu("What would you like to do with it?", [
                ("c", "Carry on editing", "edit"),
                ("k", "Keep it as it is (it counts as your answer)", "keep"),
                ("d", "Discard it", "discard"),
                ("q", "Save and quit", QUIT)], default="edit")
            if choice == QUIT:
                raise _Quit
            if what == "action":
                assert finding is not None and finding.action is not None
                status = str(finding.action.status)
                if choice == "edit":
                    try:
                        typed = box(ACTION_QUESTIONS[status], default=text,
                                    validate=lambda t: agenda.action_problem(status, t) or True)
                    except StoppedTyping as stop:
                        if stop.text.strip() and stop.text.strip() != text.strip():
                            agenda.set_action(finding, status, stop.text, unfinished=True)
                            self.kept_on_stop.append(
                                f"The action you were typing for {item.breadcrumb(self.total)} "
                                f"was saved as you had typed it, {UNFINISHED_NOTE}")
                        raise
                    agenda.set_action(finding, status, typed)
                elif choice == "keep":
                    agenda.finish_action(finding)
                else:
                    agenda.clear_action(finding)
            elif choice == "edit":
                try:
                    typed = box("Edit your comment: (Markdown: a blank line between paragraphs, "
                                "'- ' for a bullet)", default=text)
                except StoppedTyping as stop:
                    if stop.text.strip() and stop.text.strip() != text.strip():
                        agenda.set_comment(self.response, item, self.role, stop.text,
                                           unfinished=True)
                        self.kept_on_stop.append(
                            f"The comment you were typing on {item.breadcrumb(self.total)} "
                            f"was saved as you had typed it, {UNFINISHED_NOTE}")
                    raise
                agenda.set_comment(self.response, item, self.role, typed)
            elif choice == "keep":
                agenda.finish_comment(self.response, item, self.role)
            else:
                agenda.set_comment(self.response, item, self.role, "")
            self.save()

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
    from ..recurring import find, for_file

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


def run_interview(path: Path, *, role: str | None = None, section: str | None = None,
                  only_missing: bool = False, review: bool = False, today: dt.date,
                  clock: Callable[[], dt.datetime] = dt.datetime.now,
                  input: Any = None, output: Any = None) -> InterviewResult:
    """The whole interview; returns the closing lines for the command line to print."""
    doc = store.load(path)
    if store.is_read_only(store.write_target(path)):
        raise InputError(path, "is read-only, so no answer could be saved in it; make it "
                               "writable (on Windows: Properties, untick Read-only) and try again")
    if section is not None and section not in agenda.section_ids(doc.response):
        known = ", ".join(agenda.section_ids(doc.response)) or "none"
        raise UsageError(f"interview: no section with id {section!r} in {display_path(path)} "
                         f"(its sections are: {known})")
    with _session(input, output):
        lock = take_lock(path, clock())
        try:
            return _interview(Autosaver(doc), lock, role=role, section=section,
                              only_missing=only_missing, review=review, today=today, clock=clock)
        finally:
            lock.release()


def take_lock(path: Path, now: dt.datetime) -> Lock:
    try:
        return acquire(path, now)
    except LockedError as exc:
        if not exc.stale:
            raise
        show(("warning", str(exc) + "."))
        try:
            again = yes_no("Take over the lock and carry on? "
                           "(Only if you are sure nobody is still answering.)")
        except KeyboardInterrupt:
            again = False
        if not again:
            raise
        return acquire(path, now, take_over=True)


def _interview(saver: Autosaver, lock: Lock, *, role: str | None, section: str | None,
               only_missing: bool, review: bool, today: dt.date,
               clock: Callable[[], dt.datetime]) -> InterviewResult:
    response = saver.response
    heading(response, today)
    try:
        if role is None:
            show("")
            role = str(ask(questionary.select("Who is answering?", choices=[
                questionary.Choice(f"The force — {response.force.name}", value="force"),
                questionary.Choice(f"The commissioner's office — {response.body.name}",
                                   value="commissioner"),
            ], style=STYLE)))
    except KeyboardInterrupt:
        return InterviewResult(130, ["Stopped before any question; nothing was changed."])
    items = agenda.items_for(response, section)
    interview = Interview(saver, role, items, clock=clock, lock=lock, editor=editor_command(),
                          review=review)
    interview.today = today  # type: ignore[attr-defined]  # the letter step drafts as of today
    interview.raised_before = find_raised_before(saver.path, response)
    opening(saver, role, items)
    stopped = False
    try:
        if not review:
            interview.resume_unfinished()
        steps, start = plan(saver.response, items, role, only_missing=only_missing, review=review)
        steps, start = with_letter(saver.response, role, section, steps, start,
                                   only_missing=only_missing, review=review)
        if not steps or start >= len(steps):
            if not nothing_to_do(only_missing, review):
                raise _Quit
            interview.review = True
            steps, start = plan(saver.response, items, role, only_missing=False, review=True)
            steps, start = with_letter(saver.response, role, section, steps, start,
                                       only_missing=False, review=True)
        elif start and any(i.kind != "letter" and agenda.is_answered(saver.response, i, role)
                           for i in steps[:start]):
            show_block(wrap(f"Carrying on from {steps[start].breadcrumb(interview.total)}, the "
                            "first one not answered yet. Choose “Go back” to see earlier ones.",
                            indent=""), "note")
        interview.run(steps, start)
    except _Quit:
        pass
    except KeyboardInterrupt:
        stopped = True
    except Exception:
        for line in interview.draft_lines():  # whatever stops us, the editor's text is found
            show(("warning", line.strip()))
        raise
    trouble = interview.close()
    failed = interview.save_failed
    items = agenda.items_for(saver.response, section)  # a hand edit may have removed some
    if not stopped:
        return finish(saver, role, items, section, interview.conflicts, today, trouble, failed)
    counts = agenda.counts(saver.response, items, role)
    answered = f"{counts.findings_answered} of {counts.findings} findings answered"
    if failed:
        first = f"Stopped ({answered}), but {display_path(saver.path)} could not be saved."
    else:
        first = (f"Stopped. Your answers are saved in {display_path(saver.path)} ({answered}); "
                 "run the same command to carry on.")
    return InterviewResult(2 if failed else 130,
                           [first, *interview.kept_on_stop, *interview.conflicts, *trouble])


def plan(response: Response, items: list[Item], role: str, *, only_missing: bool,
         review: bool) -> tuple[list[Item], int]:
    """The items to step through and where to start."""
    if review:
        return [i for i in items if agenda.is_answered(response, i, role)], 0
    if only_missing:
        return agenda.missing(response, items, role), 0
    return items, agenda.resume_index(response, items, role)


def nothing_to_do(only_missing: bool, review: bool) -> bool:
    """Everything is answered (or, in review, nothing is): offer a review instead of stopping."""
    if review:
        show(("note", "Nothing has been answered yet, so there is nothing to review."))
        return False
    show(("label", "Everything is answered for this voice."))
    return yes_no("Step through your answers to review them?")


def heading(response: Response, today: dt.date) -> None:
    """The report, the force and the deadline: shown before anything is asked."""
    show("")
    show(("heading", response.report.title))
    published = (f"published {long_date(response.report.published)}"
                 if response.report.published else "publication date not set")
    show(f"{response.force.name} · {published}")
    show_block(wrap(deadline_line(response, today), indent=""))


def opening(saver: Autosaver, role: str, items: list[Item]) -> None:
    response = saver.response
    counts = agenda.counts(response, items, role)
    show("")
    show(("label", "Answering as: "), voice_title(response, role))
    show_block(wrap("Answered so far: " + counts.describe(role), indent=""))
    show_block(wrap("Every answer is saved as soon as you give it. Ctrl-C stops at any time; "
                    "run the same command to carry on where you left off.", indent=""), "note")
    show("")


def check_lines(response: Response, today: dt.date, name: str, limit: int = 5) -> list[str]:
    """What `responder check` finds, so the closing screen says what still needs doing."""
    from ..check import check

    problems = sorted(check(response, today, file=name), key=lambda p: p.severity != "error")
    if not problems:
        return ["  The checks found no problems."]
    lines = [f"  Problems found by the checks ({len(problems)}):"]
    for problem in problems[:limit]:
        where = problem.place.split(" (")[0]  # the id; the screen is too narrow for the title
        lines += textwrap.wrap(f"{problem.code} {problem.severity} · {where}: {problem.message}",
                               width=96, initial_indent="    - ", subsequent_indent="      ")
    if len(problems) > limit:
        from ..record import quoted

        lines.append(f"    … and {len(problems) - limit} more: responder check {quoted(name)}")
    return lines


def finish(saver: Autosaver, role: str, items: list[Item], section: str | None,
           conflicts: list[str], today: dt.date, trouble: list[str] | None = None,
           failed: bool = False) -> InterviewResult:
    from ..record import quoted

    response = saver.response
    counts = agenda.counts(response, items, role)
    gaps = agenda.missing(response, items, role)
    name = quoted(display_path(saver.path))  # as typed at a prompt: in quotes with spaces
    total = counts.findings
    lines = ["", f"Finished for now — {voice_title(response, role)}"
             + (f", section {section}" if section else "")]
    if failed:  # first, where nobody can miss it
        lines += [f"  {line.strip()}" for line in trouble or []]
    lines += wrap(f"Complete: {counts.describe(role)}", indent="  ", width=80)
    if gaps:
        findings = [item for item in gaps if item.kind == "finding"]
        sections = sum(item.kind == "section" for item in gaps)
        parts = [plural(len(findings), "finding")] if findings else []
        if sections:
            parts.append(plural(sections, "section comment"))
        if any(item.kind == "overall" for item in gaps):
            parts.append("the overall comment")
        lines.append(f"  Still to answer: {', '.join(parts)}" + (":" if findings else ""))
        for item in findings[:10]:
            crumb = item.breadcrumb(total)
            lines.append(f"    - {crumb if len(crumb) <= 90 else crumb[:89] + '…'}")
        if len(findings) > 10:
            lines.append(f"    … and {plural(len(findings) - 10, 'more finding')}")
        lines.append(f"  To answer only these: responder interview {name} --role {role} "
                     "--only-missing")
    else:
        lines.append("  Nothing is missing for this voice.")
    lines += check_lines(response, today, display_path(saver.path))
    if not failed:
        lines.append(f"  Saved in {name}.")
        lines += [f"  {line.strip()}" for line in trouble or []]
    lines += [f"  {line}" for line in conflicts]
    lines += letter_and_record_lines(response, role, display_path(saver.path))
    lines.append(f"  Check it:          responder check {name}")
    lines.append(f"  Make the document: responder render {name}")
    return InterviewResult(2 if failed else 0, lines)


# ---------------------------------------------------------------- the covering letter

LETTER = Item("letter", "letter", (), "The covering letter")  # type: ignore[arg-type]


def with_letter(response: Response, role: str, section: str | None, steps: list[Item],
                start: int, *, only_missing: bool, review: bool) -> tuple[list[Item], int]:
    """The commissioner's steps with the covering letter last (a letter-shaped response only).

    Once every finding is answered, a run starts at the letter until its text is saved.
    """
    if role != "commissioner" or section is not None or response.letter is None:
        return steps, start
    written = bool((response.letter.body or "").strip())
    if (review and not written) or (only_missing and written):
        return steps, start
    finished = start >= len(steps)
    steps = [*steps, LETTER]
    if finished and not review:
        start = len(steps) if written else len(steps) - 1
    return steps, start


def letter_step(interview: Interview) -> str:
    """Show the letter's text (the office's, or the one drafted from the response) and let the
    officer keep it, edit it (here or in the editor) or write their own. Saved on choosing."""
    from ..letter import draft

    interview.pick_up_changes()
    response = interview.response
    letter = response.letter
    if letter is None:  # someone removed it from the file meanwhile
        return NEXT
    current = (letter.body or "").strip()
    today = getattr(interview, "today", None) or interview.clock().date()
    ask_late_reason(interview, today)
    drafted = draft(response, today)
    lines = interview.notice_lines()
    lines += [[("rule", "─" * (screen_width() - 1))], [("crumb", "The covering letter")], []]
    room = max(6, screen_rows() - len(lines) - 14)
    if current:
        lines.append([("label", "Your letter, between the greeting and the sign-off:")])
        lines += block(shorten(wrap(current), room, "all of it is in the box when you edit"))
    else:
        lines.append([("label", "The letter, drafted from the response "
                                "(saved only when you choose):")])
        lines += block(shorten(wrap(drafted), room, "all of it is in the box when you edit"),
                       "note")
    if interview.fresh:
        interview.fresh = False
    else:
        clear()
    for line in lines:
        show(*line)
    editor = interview.editor
    if current:
        options = [("k", "Keep it as it is and go on", NEXT), ("w", "Edit it here", "write")]
        if editor:
            options.append(("e", f"Edit it in your editor ({editor[0]})", "editor"))
        options.append(("d", "Replace it with the drafted text", "draft"))
        default = NEXT
    else:
        options = [("k", "Use the drafted text", "draft"), ("w", "Edit the drafted text here", "write")]
        if editor:
            options.append(("e", f"Edit the drafted text in your editor ({editor[0]})", "editor"))
        options += [("o", "Write your own letter here", "own"),
                    ("s", "Not now (the document carries the drafted text until you save one)", NEXT)]
        default = "draft"
    choice = menu("What would you like to do with the letter?",
                  [*options, ("b", "Go back", BACK), ("q", "Save and quit", QUIT)], default=default)
    if choice in (NEXT, BACK, QUIT):
        return choice
    def keep(text: str) -> None:
        if interview.response.letter is not None:
            interview.response.letter.body = text.strip() or None

    editing = None
    if choice == "draft":
        if current and not yes_no("Replace your letter with the drafted text?"):
            return letter_step(interview)
        text = drafted
    elif choice == "editor":
        editing = interview.open_editor("letter", current or drafted, keep, "the covering letter")
        if editing is None:
            return letter_step(interview)
        text = editing.text()
    else:
        default = "" if choice == "own" else (current or drafted)
        try:
            text = box("The letter (Markdown: a blank line between paragraphs):", default=default)
        except StoppedTyping as stop:
            if stop.text.strip() and stop.text.strip() not in (current, default.strip()):
                keep(stop.text)
                interview.kept_on_stop.append("The letter you were typing was saved as you had "
                                              "typed it.")
            raise
    if text.strip() == current:
        interview.done_with(editing)
        return NEXT
    if not text.strip() and not yes_no(
            "Remove the letter's text? The document will carry the drafted text instead."):
        return letter_step(interview)
    if interview.response.letter is not None:
        keep(text)
        if editing is not None:
            editing.applied = True
        interview.save()
        interview.done_with(editing)
    return NEXT




def is_late(response: Response, today: dt.date) -> dt.date | None:
    """The last day, when the response is (or will be) published after it; else None."""
    from ..letter import letter_date

    published = response.report.published
    if published is None:
        return None
    end = agenda.days_left(published, today)
    assert end is not None
    when = response.process.response_published or max(letter_date(response) or today, today)
    return end[0] if when > end[0] else None


def ask_late_reason(interview: Interview, today: dt.date) -> None:
    """Once per run, for a late response without one: the office's reason, which the drafted
    letter gives after saying the response is late (process.late_reason)."""
    response = interview.response
    end = is_late(response, today)
    if end is None or response.process.late_reason or getattr(interview, "asked_late", False):
        return
    interview.asked_late = True  # type: ignore[attr-defined]
    show("")
    show_block(wrap(f"This response is published after its last day ({long_date(end)}). The "
                    "letter says so; it can also give the reason.", indent=""), "warning")
    reason = ask_text("Why is it late? (one or two sentences; Enter to leave the reason out)")
    reason = " ".join(reason.split())
    if reason:
        interview.response.process.late_reason = reason
        interview.save()


def letter_and_record_lines(response: Response, role: str, name: str) -> list[str]:
    """For the closing screen: where the covering letter stands (the commissioner's), and the
    next step to record (chief officer invited, published, …)."""
    from ..record import command, next_event

    lines = []
    if role == "commissioner" and response.letter is not None:
        lines.append("  Covering letter:   " + (
            "saved" if (response.letter.body or "").strip() else
            "not saved yet; the document carries the text drafted from the response"))
    event = next_event(response.process)
    if event is not None and event.name == "comments-received":
        # The chief officer's comments are received when the force's answers are in, not
        # after the first few: until then, say how many are outstanding.
        findings = [i for i in agenda.items_for(response) if i.kind == "finding"]
        outstanding = sum(not agenda.is_answered(response, i, "force") for i in findings)
        if outstanding:
            lines.append(f"  The force's answers: {outstanding} of {len(findings)} findings still "
                         f"to answer; once they are in: {command(event, name)}")
            return lines
    if event is not None:
        lines.append(f"  Next to record:    {command(event, name)}  ({event.what})")
    return lines
