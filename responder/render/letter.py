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
from typing import Any

from ..law.deadline import last_day
from ..response.model import NOT_NAMED, SCALES, Response, Section
from .environment import in_words
from .i18n import English


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "a message, translated later"
    return message


# The monarch changed on 8 September 2022, and with it the inspectorate's title.
ACCESSION = dt.date(2022, 9, 8)
# English grammar around a grade ("judged X to require improvement", "as good for"); a
# language whose sentences quote the grade's name instead gets that (see grade_words).
GRADE_WORDS = {
    "Outstanding": ("be outstanding", "outstanding"),
    "Good": ("be good", "good"),
    "Adequate": ("be adequate", "adequate"),
    "Requires improvement": ("require improvement", "requiring improvement"),
    "Inadequate": ("be inadequate", "inadequate"),
}
INSPECTORATE = (
    N_("Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"),
    N_("His Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)"))
CHIEF_INSPECTOR = (N_("Her Majesty's Chief Inspector of Constabulary"),
                   N_("His Majesty's Chief Inspector of Constabulary"))
# responder's own default cc line, in either reign: it follows the report's date when printed.
_DEFAULT_CC = re.compile(r"^(?:her|his) majesty's chief inspector of constabulary$", re.IGNORECASE)
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def majesty(day: dt.date) -> str:
    return "Her Majesty's" if day < ACCESSION else "His Majesty's"


def inspectorate(day: dt.date, tr: Any = None) -> str:
    return (tr or English()).gettext(INSPECTORATE[day >= ACCESSION])


def chief_inspector(day: dt.date, tr: Any = None) -> str:
    return (tr or English()).gettext(CHIEF_INSPECTOR[day >= ACCESSION])


def report_day(response: Response, today: dt.date) -> dt.date:
    """The day the inspectorate's name is taken from: the report's, else today."""
    return response.report.published or today


def cc_lines(response: Response, today: dt.date, tr: Any = None) -> list[str]:
    """The letter's cc lines as printed: responder's default line (either Majesty) follows the
    report's date; any other line is the office's own text and stands as written. In Welsh,
    the letter's own Welsh lines (letter.cy.cc) when it has them."""
    letter = response.letter
    day = report_day(response, today)
    if _lang(tr) == "cy" and letter is not None and letter.cy is not None and letter.cy.cc:
        return list(letter.cy.cc)
    if letter is None or not letter.cc:
        return [chief_inspector(day, tr)]
    return [chief_inspector(day, tr) if _DEFAULT_CC.match(" ".join(line.split())) else line
            for line in letter.cc]


def letter_date(response: Response, given: dt.date | None = None) -> dt.date | None:
    """The date the letter (or statement) bears: ``given`` (render --date), else letter.date,
    else the recorded signed-off date; None when none is known (a draft then takes today)."""
    if given is not None:
        return given
    if response.letter is not None and response.letter.date is not None:
        return response.letter.date
    return response.process.signed_off


def draft(response: Response, today: dt.date, dated: dt.date | None = None,
          tr: Any = None) -> str:
    """The letter's text between the salutation and the sign-off, as Markdown paragraphs, in
    the language of ``tr`` (English when None). ``dated`` is the date the letter bears (see
    letter_date; default: that rule, else today)."""
    tr = tr or English()
    letter = response.letter
    paragraphs = []
    if letter is None or not letter.opening:
        paragraphs.append(opening(response, today, tr))
    grades = grades_sentence(response, tr)
    if grades:
        paragraphs.append(grades)
    paragraphs.append(findings_paragraph(response, tr))
    paragraphs.append(section_55(response, today, dated, tr))
    if letter is None or not letter.closing:
        paragraphs.append(closing(response, tr))
    return "\n\n".join(paragraphs)


def _lang(tr: Any) -> str:
    return getattr(tr, "lang", "en")


def _names(response: Response, tr: Any) -> tuple[str, str, str]:
    """The force's name, its chief officer's role and the report's title, in tr's language."""
    welsh = _lang(tr) == "cy"
    force_cy = response.force.cy if welsh else None
    report_cy = response.report.cy if welsh else None
    force = (force_cy.name if force_cy else None) or response.force.name
    chief = (force_cy.chief_role if force_cy else None) or response.force.chief_role \
        or tr.gettext("Chief Constable")
    title = (report_cy.title if report_cy else None) or response.report.title
    return escape(force), escape(chief), escape(title)


def opening(response: Response, today: dt.date, tr: Any = None) -> str:
    from .i18n import long_date

    tr = tr or English()
    _ = tr.gettext
    report = response.report
    title = f"*{_names(response, tr)[2]}*"
    if report.published is None:
        return _("I am writing in response to the report %(title)s by %(inspectorate)s.") % {
            "title": title, "inspectorate": inspectorate(today, tr)}
    return _("I am writing in response to the report %(title)s, published by %(inspectorate)s "
             "on %(date)s.") % {"title": title, "inspectorate": inspectorate(report.published, tr),
                                "date": long_date(report.published, _lang(tr))}


def grades_sentence(response: Response, tr: Any = None) -> str:
    """'The inspectorate judged X to require improvement overall. It graded the force as good
    for legitimacy, and as requiring improvement for effectiveness and efficiency.'"""
    tr = tr or English()
    _ = tr.gettext
    report = response.report
    if report.grades == "none":
        return ""
    force = _names(response, tr)[0]
    sentences = []
    if report.overall:
        sentences.append(_("The inspectorate judged %(force)s to %(grade_words)s overall.") % {
            "force": force, "grade_words": grade_words(report.overall, 0, tr)})
    graded = _graded(response.sections)
    if graded:
        welsh = _lang(tr) == "cy"
        order = {grade: i for i, grade in enumerate(SCALES["peel-2021"])}
        groups: dict[str, list[str]] = {}
        for section in graded:
            title = (section.cy.title if welsh and section.cy else None) or section.title
            groups.setdefault(str(section.grade), []).append(_topic(title))
        parts = [_("as %(grade_words)s for %(topics)s") % {
            "grade_words": grade_words(grade, 1, tr), "topics": join(topics, tr=tr)}
            for grade, topics in sorted(groups.items(), key=lambda kv: order[kv[0]])]
        who = _("It graded the force") if report.overall else (
            _("The inspectorate graded %(force)s") % {"force": force})
        sentences.append(_("%(who)s %(parts)s.") % {
            "who": who, "parts": join(parts, _(", and "), tr=tr)})
    return " ".join(sentences)


def grade_words(grade: str, form: int, tr: Any) -> str:
    """English: the grade in the sentence's grammar ("require improvement"); another language:
    the grade's own name, quoted (‘Angen gwella’), which needs no agreement."""
    if _lang(tr) == "en":
        return GRADE_WORDS[grade][form]
    return f"‘{tr.gettext(grade)}’"


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


def findings_paragraph(response: Response, tr: Any = None) -> str:
    tr = tr or English()
    _, ngettext = tr.gettext, tr.ngettext
    counts = {"cause_of_concern": 0, "recommendation": 0, "area_for_improvement": 0}
    national = unnamed = 0
    for _item, finding in response.walk_findings():
        counts[finding.kind] += 1
        if finding.kind == "recommendation" and finding.addressed_to == NOT_NAMED:
            unnamed += 1  # the report says no one should act: not a national body's
        elif finding.kind == "recommendation" and not finding.is_local:
            national += 1
    chief = _names(response, tr)[1]
    lang = _lang(tr)
    names = {
        "cause_of_concern": lambda n: ngettext("%(words)s cause of concern",
                                               "%(words)s causes of concern", n),
        "recommendation": lambda n: ngettext("%(words)s recommendation",
                                             "%(words)s recommendations", n),
        "area_for_improvement": lambda n: ngettext("%(words)s area for improvement",
                                                   "%(words)s areas for improvement", n),
    }
    parts = [names[kind](n) % {"words": in_words(n, lang)} for kind, n in counts.items() if n]
    values = {"chief_s": possessive(chief, tr)}
    if not parts:
        return _("The report makes no recommendations and identifies no areas for improvement. "
                 "The appendix to this letter sets out the %(chief_s)s comments and my own on its "
                 "findings.") % values
    total = sum(counts.values())
    text = ngettext("The report sets out %(parts)s. The appendix to this letter answers it in turn, "
              "with the %(chief_s)s comments and my own",
              "The report sets out %(parts)s. The appendix to this letter answers each of them in "
              "turn, with the %(chief_s)s comments and my own", total) % {
        **values, "parts": join(parts, tr=tr)}
    if counts["recommendation"]:
        text += _(", and for each recommendation the action taken or proposed")
    text += "."
    if national:
        text += " " + ngettext("One of the recommendations is addressed to national bodies rather than "
                         "to the force; the appendix notes who owns them.",
                         "%(Words)s of the recommendations are addressed to national bodies "
                         "rather than to the force; the appendix notes who owns them.",
                         national) % {"Words": in_words(national, lang).capitalize()}
    if unnamed:
        text += " " + ngettext("One of the recommendations names no one to act on it; the "
                               "appendix notes it.",
                               "%(Words)s of the recommendations name no one to act on them; "
                               "the appendix notes them.",
                               unnamed) % {"Words": in_words(unnamed, lang).capitalize()}
    return text


def section_55(response: Response, today: dt.date, dated: dt.date | None = None,
               tr: Any = None) -> str:
    """The statutory paragraph, following the real timeline: on time, on the last day, or late.

    The response is (to be) published on ``process.response_published`` when recorded, else
    no earlier than the letter's date and today: a draft never promises a day that has passed.
    """
    from .i18n import long_date

    tr = tr or English()
    _ = tr.gettext
    lang = _lang(tr)
    report, process = response.report, response.process
    chief = _names(response, tr)[1]
    body_cy = response.body.cy if lang == "cy" else None
    site = (body_cy.website if body_cy else None) or response.body.website
    website = f" ({escape(site)})" if site else ""
    published = process.response_published
    day = dated or letter_date(response) or today
    end = last_day(report.published) if report.published is not None else None
    values = {"chief_s": possessive(chief, tr), "website": website,
              "published": long_date(published, lang)}
    if end is None:
        text = _("Section 55 of the Police Act 1996 requires me to publish my comments on the "
                 "report, with the %(chief_s)s, within 56 days of its publication. I will publish "
                 "this letter and its appendix on my website%(website)s.") % values
    else:
        when = published or max(day, today)
        values["date"] = long_date(end, lang)
        if when < end:
            text = _("Section 55 of the Police Act 1996 requires me to publish my comments on the "
                     "report, with the %(chief_s)s, within 56 days of its publication, that is by "
                     "%(date)s.") % values
            text += " " + (_("I am publishing this letter and its appendix on my website"
                             "%(website)s on %(published)s.") if published is not None else
                           _("I will publish this letter and its appendix on my website"
                             "%(website)s by that date.")) % values
        elif when == end:
            text = _("Section 55 of the Police Act 1996 requires me to publish my comments on the "
                     "report, with the %(chief_s)s, within 56 days of its publication, that is by "
                     "%(date)s. I am publishing this letter and its appendix on my website"
                     "%(website)s on %(date)s, the last day of that period.") % values
        else:
            text = _("Section 55 of the Police Act 1996 required me to publish my comments on the "
                     "report, with the %(chief_s)s, within 56 days of its publication, that is by "
                     "%(date)s. I regret that this response is published after that date.") % values
            # The office's own words (process.late_reason), in Welsh from its translation
            # (process.cy.late_reason) when there is one.
            welsh = process.cy.late_reason if lang == "cy" and process.cy else None
            reason = " ".join(((welsh.text if welsh else "") or process.late_reason or "").split())
            if reason:
                text += " " + (reason if reason[-1] in ".!?" else reason + ".")
            text += " " + (_("This letter and its appendix are published on my website"
                             "%(website)s on %(published)s.") if published is not None else
                           _("I am publishing this letter and its appendix on my website"
                             "%(website)s.")) % values
    copies = [escape(c) for c in cc_lines(response, today, tr)]
    text += " " + _("As the Act also requires, I am sending a copy to %(copies)s.") % {
        "copies": join(copies, tr=tr)}
    return text


def closing(response: Response, tr: Any = None) -> str:
    tr = tr or English()
    chief = _names(response, tr)[1]
    return tr.gettext("I will continue to hold the %(chief)s to account for the improvements the "
                      "report calls for, and my office would be pleased to provide any further "
                      "information you need.") % {"chief": chief}


def possessive(name: str, tr: Any = None) -> str:
    """English: "the Chief Constable's" (the letter has always written 's whatever the role
    ends in). Welsh marks the owner by order alone ("sylwadau'r Prif Gwnstabl"): the name."""
    return f"{name}'s" if _lang(tr) == "en" else name


def join(items: list[str], last: str = " and ", tr: Any = None) -> str:
    """'a, b and c'; in Welsh 'a, b a c' with 'ac' before a vowel and the aspirate mutation
    after 'a' (c, p, t -> ch, ph, th): 'effeithiolrwydd ac effeithlonrwydd', 'Teifi a Thywi'."""
    if len(items) <= 1:
        return "".join(items)
    if _lang(tr) == "cy":
        if last == " and ":
            last = " a "
        word = last.strip().split()[-1] if last.strip() else ""
        if word == "a":
            head = last[: last.rindex("a")]
            return ", ".join(items[:-1]) + head + welsh_and(items[-1])
    return ", ".join(items[:-1]) + last + items[-1]


_VOWELS = "aeiouwyâêîôûŵŷAEIOUWYÂÊÎÔÛŴŶ"
_ASPIRATE = {"c": "ch", "p": "ph", "t": "th", "C": "Ch", "P": "Ph", "T": "Th"}


def welsh_and(word: str) -> str:
    """'a' or 'ac' before ``word``, with the aspirate mutation 'a' brings."""
    quote = word[:1] if word[:1] in "‘'\"*" else ""
    rest = word[len(quote):]
    first = rest[:1]
    if first and first in _VOWELS:
        return f"ac {word}"
    if first in _ASPIRATE and rest[1:2].lower() not in ("h",):
        return f"a {quote}{_ASPIRATE[first]}{rest[1:]}"
    return f"a {word}"


def escape(text: str) -> str:
    """Text from the file as literal Markdown (a title with * or _ stays as typed)."""
    return _MARKDOWN.sub(r"\\\1", text)
