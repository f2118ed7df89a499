"""The covering letter's text, drafted from the response when the office has not written it.

The draft says, in the office's voice and plain British English: which report is
answered and when it was published; the grades, in a sentence; how many causes of
concern, recommendations and areas for improvement there are, and that the appendix
answers each with the chief officer's comments; the section 55 sentence (published
within 56 days, copies to the inspectorate); and a closing.

Nothing the office wrote is ever replaced: the draft is used only where ``letter.body``
is empty, and leaves out its opening or closing paragraph when the office wrote its own
``letter.opening`` or ``letter.closing``. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re

from ..dates import long_date
from ..law.deadline import last_day
from ..response.model import SCALES, Response, Section
from .environment import in_words

# The monarch changed on 8 September 2022, and with it the inspectorate's title.
ACCESSION = dt.date(2022, 9, 8)
GRADE_WORDS = {
    "Outstanding": ("be outstanding", "outstanding"),
    "Good": ("be good", "good"),
    "Adequate": ("be adequate", "adequate"),
    "Requires improvement": ("require improvement", "requiring improvement"),
    "Inadequate": ("be inadequate", "inadequate"),
}
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


# responder's own default cc line, in either reign: it follows the report's date when printed.
_DEFAULT_CC = re.compile(r"^(?:her|his) majesty's chief inspector of constabulary$", re.IGNORECASE)


def majesty(day: dt.date) -> str:
    return "Her Majesty's" if day < ACCESSION else "His Majesty's"


def inspectorate(day: dt.date) -> str:
    return f"{majesty(day)} Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"


def chief_inspector(day: dt.date) -> str:
    return f"{majesty(day)} Chief Inspector of Constabulary"


def report_day(response: Response, today: dt.date) -> dt.date:
    """The day the inspectorate's name is taken from: the report's, else today."""
    return response.report.published or today


def cc_lines(response: Response, today: dt.date) -> list[str]:
    """The letter's cc lines as printed: responder's default line (either Majesty) follows the
    report's date; any other line is the office's own text and stands as written."""
    letter = response.letter
    day = report_day(response, today)
    if letter is None or not letter.cc:
        return [chief_inspector(day)]
    return [chief_inspector(day) if _DEFAULT_CC.match(" ".join(line.split())) else line
            for line in letter.cc]


def letter_date(response: Response, given: dt.date | None = None) -> dt.date | None:
    """The date the letter (or statement) bears: ``given`` (render --date), else letter.date,
    else the recorded signed-off date; None when none is known (a draft then takes today)."""
    if given is not None:
        return given
    if response.letter is not None and response.letter.date is not None:
        return response.letter.date
    return response.process.signed_off


def draft(response: Response, today: dt.date, dated: dt.date | None = None) -> str:
    """The letter's text between the salutation and the sign-off, as Markdown paragraphs.
    ``dated`` is the date the letter bears (see letter_date; default: that rule, else today)."""
    letter = response.letter
    paragraphs = []
    if letter is None or not letter.opening:
        paragraphs.append(opening(response, today))
    grades = grades_sentence(response)
    if grades:
        paragraphs.append(grades)
    paragraphs.append(findings_paragraph(response))
    paragraphs.append(section_55(response, today, dated))
    if letter is None or not letter.closing:
        paragraphs.append(closing(response))
    return "\n\n".join(paragraphs)


def opening(response: Response, today: dt.date) -> str:
    report = response.report
    title = f"*{escape(report.title)}*"
    if report.published is None:
        return f"I am writing in response to the report {title} by {inspectorate(today)}."
    return (f"I am writing in response to the report {title}, published by "
            f"{inspectorate(report.published)} on {long_date(report.published)}.")


def grades_sentence(response: Response) -> str:
    """'The inspectorate judged X to require improvement overall. It graded the force as good
    for legitimacy, and as requiring improvement for effectiveness and efficiency.'"""
    report = response.report
    if report.grades == "none":
        return ""
    force = escape(response.force.name)
    sentences = []
    if report.overall:
        sentences.append(f"The inspectorate judged {force} to {GRADE_WORDS[report.overall][0]} "
                         "overall.")
    graded = _graded(response.sections)
    if graded:
        order = {grade: i for i, grade in enumerate(SCALES["peel-2021"])}
        groups: dict[str, list[str]] = {}
        for section in graded:
            groups.setdefault(str(section.grade), []).append(_topic(section.title))
        parts = [f"as {GRADE_WORDS[grade][1]} for {join(topics)}"
                 for grade, topics in sorted(groups.items(), key=lambda kv: order[kv[0]])]
        who = "It graded the force" if report.overall else f"The inspectorate graded {force}"
        sentences.append(f"{who} {join(parts, ', and ')}.")
    return " ".join(sentences)


def _graded(sections: list[Section]) -> list[Section]:
    """The highest graded sections: a graded pillar stands for the areas inside it."""
    found: list[Section] = []
    for section in sections:
        if section.grade:
            found.append(section)
        else:
            found += _graded(section.sections)
    return found


def _topic(title: str) -> str:
    """'Effectiveness' -> 'effectiveness'; a question is quoted as the report asks it."""
    title = " ".join(title.split())
    if title.endswith("?"):
        return f"‘{escape(title)}’"
    first = title.split(" ", 1)[0]
    if first.isupper() or any(c.isupper() for c in first[1:]):
        return escape(title)  # an acronym or a name (PEEL, HMICFRS, McKenzie) keeps its case
    return escape(title[:1].lower() + title[1:])


def findings_paragraph(response: Response) -> str:
    counts = {"cause_of_concern": 0, "recommendation": 0, "area_for_improvement": 0}
    national = 0
    for _, finding in response.walk_findings():
        counts[finding.kind] += 1
        if finding.kind == "recommendation" and not finding.is_local:
            national += 1
    chief = escape(response.force.chief_role or "Chief Constable")
    names = {"cause_of_concern": ("cause of concern", "causes of concern"),
             "recommendation": ("recommendation", "recommendations"),
             "area_for_improvement": ("area for improvement", "areas for improvement")}
    parts = [f"{in_words(n)} {names[kind][0] if n == 1 else names[kind][1]}"
             for kind, n in counts.items() if n]
    if not parts:
        return ("The report makes no recommendations and identifies no areas for improvement. "
                f"The appendix to this letter sets out the {chief}'s comments and my own on its "
                "findings.")
    total = sum(counts.values())
    each = "it" if total == 1 else "each of them"
    text = (f"The report sets out {join(parts)}. The appendix to this letter answers {each} in "
            f"turn, with the {chief}'s comments and my own")
    if counts["recommendation"]:
        text += ", and for each recommendation the action taken or proposed"
    text += "."
    if national:
        those = "One of the recommendations is" if national == 1 else \
            f"{in_words(national).capitalize()} of the recommendations are"
        text += (f" {those} addressed to national bodies rather than to the force; the appendix "
                 "notes who owns them.")
    return text


def section_55(response: Response, today: dt.date, dated: dt.date | None = None) -> str:
    """The statutory paragraph, following the real timeline: on time, on the last day, or late.

    The response is (to be) published on ``process.response_published`` when recorded, else
    no earlier than the letter's date and today: a draft never promises a day that has passed.
    """
    report, process = response.report, response.process
    chief = escape(response.force.chief_role or "Chief Constable")
    website = f" ({escape(response.body.website)})" if response.body.website else ""
    published = process.response_published
    day = dated or letter_date(response) or today
    end = last_day(report.published) if report.published is not None else None
    duty = (f"publish my comments on the report, with the {chief}'s, within 56 days of its "
            "publication")
    if end is None:
        text = (f"Section 55 of the Police Act 1996 requires me to {duty}. I will publish this "
                f"letter and its appendix on my website{website}.")
    else:
        when = published or max(day, today)
        by = long_date(end)
        if when < end:
            text = f"Section 55 of the Police Act 1996 requires me to {duty}, that is by {by}."
            text += (f" I am publishing this letter and its appendix on my website{website} on "
                     f"{long_date(published)}." if published is not None else
                     f" I will publish this letter and its appendix on my website{website} by "
                     "that date.")
        elif when == end:
            text = (f"Section 55 of the Police Act 1996 requires me to {duty}, that is by {by}. "
                    f"I am publishing this letter and its appendix on my website{website} on "
                    f"{by}, the last day of that period.")
        else:
            text = (f"Section 55 of the Police Act 1996 required me to {duty}, that is by {by}. "
                    "I regret that this response is published after that date.")
            reason = " ".join((process.late_reason or "").split())
            if reason:
                text += " " + (reason if reason[-1] in ".!?" else reason + ".")
            text += (f" This letter and its appendix are published on my website{website} on "
                     f"{long_date(published)}." if published is not None else
                     f" I am publishing this letter and its appendix on my website{website}.")
    copies = [escape(c) for c in cc_lines(response, today)]
    text += f" As the Act also requires, I am sending a copy to {join(copies)}."
    return text


def closing(response: Response) -> str:
    chief = escape(response.force.chief_role or "Chief Constable")
    return (f"I will continue to hold the {chief} to account for the improvements the report "
            "calls for, and my office would be pleased to provide any further information "
            "you need.")


def join(items: list[str], last: str = " and ") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def escape(text: str) -> str:
    """Text from the file as literal Markdown (a title with * or _ stays as typed)."""
    return _MARKDOWN.sub(r"\\\1", text)
