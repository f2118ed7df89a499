"""What the interview asks next, and what counts as answered: pure, no terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from responder.drafting import agenda
from responder.response import reading

DATA = Path(__file__).parent / "interview_data.yaml"


@pytest.fixture
def response():
    return reading.read(DATA)


def test_items_come_in_report_order_with_section_comments_after_their_findings(response):
    items = agenda.items_for(response)
    assert [(i.kind, i.key) for i in items] == [
        ("finding", "s1.1-afi1"), ("finding", "s1.1-afi2"), ("finding", "s1.1-coc1"),
        ("finding", "s1.1-coc1-rec1"), ("finding", "s1.1-coc1-rec2"), ("section", "s1.1"),
        ("finding", "s1.2-rec1"), ("section", "s1.2"), ("section", "s1"),
        ("finding", "s2-afi1"), ("section", "s2"), ("overall", "overall"),
    ]
    assert [i.number for i in items if i.kind == "finding"] == [1, 2, 3, 4, 5, 6, 7]


def test_breadcrumbs_name_the_place_and_the_count(response):
    items = agenda.items_for(response)
    crumbs = [i.breadcrumb(7) for i in items]
    assert crumbs[1] == "Effectiveness › Question 1 › Area for improvement 2 — 2 of 7"
    assert crumbs[3] == (
        "Effectiveness › Question 1 › Cause of concern 1 › Recommendation 1 — 4 of 7")
    assert crumbs[5] == "Effectiveness › Question 1 › Comments on the question as a whole"
    assert crumbs[6] == "Effectiveness › Protecting vulnerable people › Recommendation 1 — 6 of 7"
    assert crumbs[-1] == "Overall comments on the report"


def test_the_issue_example_breadcrumb():
    response = reading.read(Path(__file__).parent.parent / "examples"
                          / "statement-wessex-legitimacy-2017.yaml")
    items = agenda.items_for(response)
    total = sum(i.kind == "finding" for i in items)
    assert items[5].breadcrumb(total) == "Question 2 › Area for improvement 3 — 5 of 8"


def test_a_section_scope_keeps_inner_sections_and_drops_the_overall(response):
    items = agenda.items_for(response, "s1")
    assert items[0].key == "s1.1-afi1" and items[-1].key == "s1"
    assert all(i.kind != "overall" for i in items)
    assert [i.key for i in agenda.items_for(response, "s1.2")] == ["s1.2-rec1", "s1.2"]


def test_answered_means_a_comment_except_a_recommendation_needs_an_action(response):
    items = {i.key: i for i in agenda.items_for(response)}
    assert agenda.is_answered(response, items["s1.1-afi2"], "commissioner")
    assert not agenda.is_answered(response, items["s1.1-afi2"], "force")
    rec = items["s1.2-rec1"]
    agenda.set_comment(response, rec, "commissioner", "A comment is not an action.")
    assert not agenda.is_answered(response, rec, "commissioner")
    agenda.set_action(agenda.find_finding(response, "s1.2-rec1"), "proposed", "Review by May.")
    assert agenda.is_answered(response, rec, "commissioner")


def test_a_cause_of_concern_action_covers_its_recommendations(response):
    items = {i.key: i for i in agenda.items_for(response)}
    coc = agenda.find_finding(response, "s1.1-coc1")
    assert not agenda.is_answered(response, items["s1.1-coc1-rec2"], "commissioner")
    agenda.set_action(coc, "taken", "Backlog cleared.")
    assert agenda.is_answered(response, items["s1.1-coc1-rec2"], "commissioner")
    assert agenda.covering_action(response, items["s1.1-coc1-rec2"]) is coc.action
    assert not agenda.is_answered(response, items["s1.1-coc1-rec2"], "force")


@pytest.mark.parametrize(("status", "text", "problem"), [
    ("taken", "", "Describe the action taken: section 55(5B) requires an explanation"),
    ("proposed", "   ", "Describe the action proposed: section 55(5B) requires an explanation"),
    ("none", "", "Say why no action will be taken: section 55(5B) of the Police Act 1996 "
                 "requires a reason"),
    (None, "Something", "Choose whether the action is taken, proposed, or none"),
    ("none", "It duplicates the national review.", None),
])
def test_action_rules(status, text, problem):
    assert agenda.action_problem(status, text) == problem


def test_set_action_refuses_an_empty_reason(response):
    finding = agenda.find_finding(response, "s1.2-rec1")
    with pytest.raises(ValueError, match="requires a reason"):
        agenda.set_action(finding, "none", " ")
    assert finding.action is None


def test_set_comment_keeps_a_withheld_marker(response):
    from responder.response.model import Passage, Withheld

    item = next(i for i in agenda.items_for(response) if i.key == "s2-afi1")
    finding = agenda.find_finding(response, "s2-afi1")
    finding.force = Passage(text="Old.", withheld=Withheld(reason="personal_safety"))
    agenda.set_comment(response, item, "force", "New words.")
    assert finding.force.text == "New words."
    assert finding.force.withheld.reason == "personal_safety"
    agenda.set_comment(response, item, "commissioner", "  ")
    assert finding.commissioner is None


def test_resume_is_the_first_unanswered_item(response):
    items = agenda.items_for(response)
    assert agenda.resume_index(response, items, "commissioner") == 0
    agenda.set_comment(response, items[0], "commissioner", "One.")
    assert agenda.resume_index(response, items, "commissioner") == 2  # the 2nd was answered
    for item in items[:5]:
        agenda.set_comment(response, item, "force", "Yes.")
    # Stopped at the question's own comment (items[5]): carry on there, not at the next
    # finding (issue 24: the resume skipped an unanswered section comment).
    assert agenda.resume_index(response, items, "force") == 5
    agenda.set_comment(response, items[6], "force", "Yes.")
    # Answering what follows it passes it over: carry on after the last answer.
    assert agenda.resume_index(response, items, "force") == 7
    for item in items:
        if item.kind == "finding":
            agenda.set_comment(response, item, "force", "Yes.")
    assert agenda.resume_index(response, items, "force") == 10  # after the last answer
    agenda.set_comment(response, items[10], "force", "Yes.")
    agenda.set_comment(response, items[11], "force", "Yes.")
    assert agenda.resume_index(response, items, "force") == 5  # now the passed-over comment
    for item in items:
        agenda.set_comment(response, item, "force", "Yes.")
    assert agenda.resume_index(response, items, "force") == len(items)


def test_counts(response):
    items = agenda.items_for(response)
    counts = agenda.counts(response, items, "commissioner")
    assert (counts.findings, counts.findings_answered, counts.actions, counts.sections) == (
        7, 1, 3, 4)
    assert counts.describe("commissioner") == (
        "1 of 7 findings · 0 of 3 recommendation actions · 0 of 4 section comments · "
        "overall comment not yet")
    assert not counts.complete


def test_days_left_counts_the_publication_day_as_day_one():
    end, left = agenda.days_left(dt.date(2017, 12, 12), dt.date(2018, 2, 1))
    assert end == dt.date(2018, 2, 5) and left == 4
    assert agenda.days_left(dt.date(2019, 9, 27), dt.date(2019, 11, 22)) == (
        dt.date(2019, 11, 21), -1)
    assert agenda.days_left(None, dt.date(2019, 1, 1)) is None
