"""`responder check` and `responder status`: each code triggered, and not triggered."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

from conftest import EXAMPLES
from responder.compliance.check import CODES, check
from responder.response import editing, reading
from responder.response.model import NO_BODY, Response

LETTER = EXAMPLES / "letter-northmoor-peel-2018-19.yaml"

# A small response that is complete and on time; each test breaks one thing.
BASE = {
    "responder": 2,
    "body": {"name": "Office of the Police and Crime Commissioner for Wessex", "short_role": "PCC"},
    "force": {"name": "Wessex Police", "short_name": "WP"},
    "report": {"title": "PEEL 2025 – an inspection of Wessex Police", "published": "2025-11-01",
               "grades": "peel-2021", "overall": "Adequate"},
    "process": {
        "chief_invited": "2025-11-03", "chief_comments_due": "2025-12-01",
        "chief_comments_received": "2025-11-28", "response_published": "2025-12-19",
        "copies_sent": {"inspectorate": "2025-12-19", "home_secretary": "2025-12-19"},
    },
    "sections": [{
        "title": "Investigating crime", "grade": "Adequate",
        "findings": [
            {"kind": "area_for_improvement", "text": "The force should improve supervision.",
             "force": "We have appointed a lead.", "commissioner": "I will review this in March."},
            {"kind": "cause_of_concern", "text": "The force does not protect victims well enough.",
             "force": "A plan is in place.", "commissioner": "I have asked for monthly reports.",
             "recommendations": [
                 {"kind": "recommendation", "text": "Within six months, review risk assessments.",
                  "action": {"status": "taken", "explanation": "Reviewed in October."}},
                 {"kind": "recommendation", "text": "Within six months, train call handlers.",
                  "action": {"status": "proposed", "explanation": "Training starts in January."}},
             ]},
            {"kind": "recommendation", "text": "By 31 March 2026, publish stop and search data.",
             "action": {"status": "none", "explanation": "The force already publishes it monthly."},
             "force": "Published monthly since 2023.", "commissioner": "I am content with this."},
        ],
    }],
}
TODAY = "2026-01-10"


def write(tmp_path: Path, data: dict, name: str = "wessex.yaml") -> Path:
    path = tmp_path / name
    doc = editing.new_document(path, Response.model_validate(data))
    doc.save()
    return path


def variant(change) -> dict:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def finding(data: dict, index: int) -> dict:
    return data["sections"][0]["findings"][index]


def codes(tmp_path: Path, data: dict, cli, *extra: str) -> tuple[int, list[dict]]:
    path = write(tmp_path, data)
    result = cli("check", path, "--json", "--today", TODAY, *extra)
    return result.code, json.loads(result.out)


def test_the_base_response_has_no_problems(tmp_path, cli):
    code, problems = codes(tmp_path, BASE, cli, "--strict")
    assert (code, problems) == (0, [])


def set_path(data: dict, dotted: str, value) -> None:
    *parents, last = dotted.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is None:
        target.pop(int(last) if last.isdigit() else last, None)
    else:
        target[int(last) if last.isdigit() else last] = value


TRIGGERS = {
    "S55-5B no action": ("S55-5B", "error", "sections.0.findings.2.action", None),
    "S55-5B no explanation": ("S55-5B", "error", "sections.0.findings.2.action",
                              {"status": "proposed"}),
    "S55-5B none without reason": ("S55-5B", "error", "sections.0.findings.2.action",
                                   {"status": "none", "explanation": " "}),
    "S55-5B inside a cause of concern": ("S55-5B", "error",
                                         "sections.0.findings.1.recommendations.0.action", None),
    # Published late: a fact to state (issue 24), no longer an error to fix.
    "S55-5A published late": ("S55-5A", "warning", "process.response_published", "2025-12-27"),
    "S55-4 not invited": ("S55-4", "warning", "process.chief_invited", None),
    "S55-4 no due date": ("S55-4", "warning", "process.chief_comments_due", None),
    "S55-4 reply overdue": ("S55-4", "warning", "process.chief_comments_received", None),
    "S55-6 copies": ("S55-6", "warning", "process.copies_sent.home_secretary", None),
    "WITHHELD comment": ("WITHHELD", "error", "sections.0.findings.0.commissioner",
                         {"text": "Names a refuge.", "withheld": {"note": "address"}}),
    "WITHHELD finding": ("WITHHELD", "error", "sections.0.findings.0.withheld", {"note": "x"}),
    "DRAFT-PLACEHOLDER TBC": ("DRAFT-PLACEHOLDER", "error", "sections.0.findings.0.force",
                              "Training dates TBC."),
    "DRAFT-PLACEHOLDER insert": ("DRAFT-PLACEHOLDER", "error", "sections.0.commissioner",
                                 "We will report by [insert date]."),
    "DRAFT-PLACEHOLDER question marks": ("DRAFT-PLACEHOLDER", "error",
                                         "sections.0.findings.2.action.explanation", "?? check"),
    "DRAFT-PLACEHOLDER lorem": ("DRAFT-PLACEHOLDER", "error", "sections.0.force",
                                "Lorem ipsum dolor sit amet."),
    "DRAFT-PLACEHOLDER no force": ("DRAFT-PLACEHOLDER", "error", "force.name",
                                   "(force not named in the report)"),
    "DRAFT-PLACEHOLDER one of the forces": ("DRAFT-PLACEHOLDER", "error", "force.name",
                                            "(one of the forces the report covers)"),
    "REGISTER closed without evidence": ("REGISTER", "warning", "sections.0.findings.0.tracking",
                                         {"status": "closed", "closed_on": "2026-01-05"}),
    "REGISTER superseded by nothing": ("REGISTER", "warning", "sections.0.findings.0.tracking",
                                       {"status": "superseded"}),
    "DRAFT-PLACEHOLDER no body": ("DRAFT-PLACEHOLDER", "error", "body.name",
                                  "(local policing body — set body.name)"),
    "DRAFT-COPY": ("DRAFT-COPY", "warning", "sections.0.findings.0.commissioner",
                   "We have  appointed a **lead**."),
    "GRADE not on scale": ("GRADE", "error", "report.grades", "peel-2014"),
    "GRADE when ungraded": ("GRADE", "error", "report.grades", "none"),
}


@pytest.mark.parametrize("case", TRIGGERS)
def test_each_code_is_triggered(case, tmp_path, cli):
    code_name, severity, dotted, value = TRIGGERS[case]
    data = variant(lambda d: set_path(d, dotted, value))
    code, problems = codes(tmp_path, data, cli)
    assert {(p["code"], p["severity"]) for p in problems} == {(code_name, severity)}, problems
    assert code == (1 if severity == "error" else 0)
    assert set(problems[0]) == {"file", "code", "severity", "place", "message"}
    assert problems[0]["file"].endswith("wessex.yaml")


def test_draft_empty_is_a_warning_and_an_error_when_strict(tmp_path, cli):
    def blank(d):
        finding(d, 0).pop("force")
        finding(d, 0).pop("commissioner")

    code, problems = codes(tmp_path, variant(blank), cli)
    assert code == 0
    assert [(p["code"], p["severity"]) for p in problems] == [("DRAFT-EMPTY", "warning")]
    assert problems[0]["place"].startswith("s1-afi1 (Area for improvement: The force should")
    code, problems = codes(tmp_path, variant(blank), cli, "--strict")
    assert code == 1 and problems[0]["severity"] == "error"


def test_warnings_fail_only_when_strict(tmp_path, cli):
    data = variant(lambda d: d["process"].pop("chief_invited"))
    assert codes(tmp_path, data, cli)[0] == 0
    assert codes(tmp_path, data, cli, "--strict")[0] == 1


def test_one_action_on_the_cause_of_concern_covers_its_recommendations(tmp_path, cli):
    def shared_action(d):
        coc = finding(d, 1)
        coc["action"] = {"status": "proposed", "explanation": "One plan covers all of these."}
        for rec in coc["recommendations"]:
            rec.pop("action")

    assert codes(tmp_path, variant(shared_action), cli, "--strict") == (0, [])


def test_overdue_and_unpublished(tmp_path, cli):
    data = variant(lambda d: d["process"].pop("response_published"))
    path = write(tmp_path, data)
    result = cli("check", path, "--today", "2025-12-30")
    assert result.code == 1
    assert ("S55-5A error: not published, and the last day (26 December 2025) passed 4 days ago"
            in result.out)


def test_close_to_the_last_day_with_gaps_warns(tmp_path, cli):
    def unpublished_with_gap(d):
        d["process"].pop("response_published")
        d["process"].pop("copies_sent")
        finding(d, 0).pop("force")
        finding(d, 0).pop("commissioner")

    path = write(tmp_path, variant(unpublished_with_gap))
    result = cli("check", path, "--today", "2025-12-20", "--json")
    found = {(p["code"], p["severity"]) for p in json.loads(result.out)}
    assert ("S55-5A", "warning") in found
    assert any("6 days left to the last day (26 December 2025) and 1 finding still unanswered"
               in p["message"] for p in json.loads(result.out))
    # on the last day itself, not "0 days left" (QA 23)
    last = cli("check", path, "--today", "2025-12-26")
    assert ("S55-5A warning: today is the last day (26 December 2025): publish today; 1 finding "
            "still unanswered") in last.out
    # with time to spare, the same gaps are only a draft warning
    early = cli("check", path, "--today", "2025-11-20", "--json")
    assert {p["code"] for p in json.loads(early.out)} == {"DRAFT-EMPTY"}


def test_import_placeholder_names_are_errors_naming_the_fix(tmp_path, cli, monkeypatch):
    """QA 14: a national report imported with no force named passed check --strict, and
    rendered as "Response of the (local policing body — set body.name)"."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "none.toml")
    report = Path(__file__).parent / "fixtures" / "import" / "thematic-2025-custody.txt"
    assert cli("import", report, "-o", "custody.yaml").code == 0
    result = cli("check", "custody.yaml", "--today", "2025-06-01")
    assert result.code == 1
    assert ("custody.yaml: force.name: DRAFT-PLACEHOLDER error: still import's placeholder "
            "'(force not named in the report)'; write your force's name there, or import the "
            "report again with --force NAME") in result.out
    assert ("custody.yaml: body.name: DRAFT-PLACEHOLDER error: still import's placeholder "
            "'(local policing body — set body.name)'; write your office's name there, or run "
            "`responder profile` so that every report imported from now on has it") in result.out
    # render's sign-off gate counts them: here the placeholder is the only error
    path = write(tmp_path, variant(lambda d: set_path(d, "body.name", NO_BODY)))
    final = cli("render", path, "--final", "--today", TODAY)
    assert final.code == 1 and not path.with_suffix(".docx").exists()
    assert "not rendered: check --strict finds 1 error to fix" in final.err
    named = cli("import", report, "-o", "named.yaml", "--force", "Wessex Police")
    assert named.code == 0
    out = cli("check", "named.yaml", "--today", "2025-06-01", "--json").out
    assert not [p for p in json.loads(out) if p["place"] in ("force.name", "body.name")]


def test_register_dates_before_the_report_was_published_are_date_order(tmp_path, cli):
    """QA 20: closed_on 2020 on a report published in 2025 is a slip of the year."""
    def closed_early(d):
        finding(d, 0)["tracking"] = {
            "status": "closed", "closed_on": "2020-01-01", "evidence": "Letter", "approved_by": "CEO",
            "updates": [{"date": "2025-11-20", "text": "Plan agreed."},
                        {"date": "2020-01-01", "text": "Accepted.", "status": "closed"}]}

    code, problems = codes(tmp_path, variant(closed_early), cli)
    assert code == 0
    assert [(p["code"], p["severity"]) for p in problems] == [("DATE-ORDER", "warning")]
    assert problems[0]["place"].startswith("s1-afi1 (Area for improvement")
    assert problems[0]["message"] == (
        "the register is dated before the report was published (1 November 2025): closed_on, "
        "update of 1 January 2020; check the year and correct it in the file")

    def on_the_day(d):
        finding(d, 0)["tracking"] = {"status": "open",
                                     "updates": [{"date": "2025-11-01", "text": "Plan agreed."}]}

    assert codes(tmp_path, variant(on_the_day), cli, "--strict") == (0, [])


def test_placeholder_words_inside_other_words_are_not_flagged(tmp_path, cli):
    data = variant(lambda d: set_path(d, "sections.0.findings.0.force",
                                      "The TBCA board (Todos Santos) met on 3 March. Why? Because."))
    assert codes(tmp_path, data, cli, "--strict") == (0, [])


def test_a_missing_publication_date_is_an_error(tmp_path, cli):
    data = variant(lambda d: d["report"].pop("published"))
    code, problems = codes(tmp_path, data, cli)
    assert code == 1 and [p["code"] for p in problems] == ["DATE"]


@pytest.mark.parametrize("today", ["2019-09-27", "2019-11-21", "2019-12-25", "2035-06-01"])
def test_the_complete_example_passes_strict_on_any_date(today, cli):
    result = cli("check", LETTER, "--strict", "--today", today)
    assert result.code == 0, result.out
    assert result.out.strip().endswith("no problems found")


def test_every_code_is_documented_in_the_module():
    import responder.compliance.check as module

    for code in CODES:
        assert f"| {code}" in module.__doc__


def test_bad_input_exits_2_and_the_rest_are_still_checked(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text("responder: 1\nbody: [\n", encoding="utf-8")
    good = write(tmp_path, BASE)
    result = cli("check", bad, good, "--today", TODAY)
    assert result.code == 2
    assert "bad.yaml:" in result.err and "not valid YAML" in result.err
    assert "wessex.yaml: no problems found" in result.out


def test_check_is_pure(tmp_path):
    import datetime as dt

    response = Response.model_validate(variant(lambda d: d["process"].pop("chief_invited")))
    first = check(response, dt.date(2026, 1, 10))
    assert first == check(response, dt.date(2026, 1, 10))
    assert [p.code for p in first] == ["S55-4"]


# ---------------------------------------------------------------- status


def test_status_over_the_examples(cli):
    result = cli("status", EXAMPLES, "--today", "2024-02-20", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    # examples/welsh/ holds the Welsh office's example (2024-03-14): folders are read whole.
    assert [r["published"] for r in rows] == ["2017-12-12", "2019-09-27", "2024-01-05", "2024-03-14"]
    letter = next(r for r in rows if "Northmoor" in r["title"])
    assert letter["status"] == "published_on_time"
    assert letter["force_comments"]["answered"] == letter["force_comments"]["of"] > 15
    assert letter["recommendation_actions"] == {"given": 7, "of": 7}
    assert letter["errors"] == letter["warnings"] == 0
    small = next(r for r in rows if "Thornbury" in r["title"])
    assert small["last_day"] == "2024-02-29" and small["days_remaining"] == 9
    assert small["status"] == "open"


def test_status_plain_text_when_piped(cli):
    result = cli("status", EXAMPLES, "--today", "2024-02-20")
    lines = result.out.splitlines()
    assert lines[0] == "Responses as of 20 February 2024"
    assert lines[1].split()[:3] == ["Report", "Publish", "by"]
    assert lines[1].split()[-1] == "File"
    assert len(lines) == 13  # the three examples and the Welsh one (examples/welsh/)
    assert "29 February 2024" in lines[4] and "9d left" in lines[4]
    assert lines[4].endswith("small-thornbury-child-protection-2024.yaml")
    assert lines[7].startswith("Publish by: the last working day")
    assert lines[9].startswith("Force, Comm.: findings with a comment")


def test_status_table_fits_80_columns():
    import datetime as dt

    from rich.console import Console

    from responder.folders.status import rows, table_rich

    found = rows([(p, reading.read(p)) for p in sorted(EXAMPLES.glob("*.yaml"))], dt.date(2024, 2, 20))
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(table_rich(found, dt.date(2024, 2, 20)))
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "29 February" in text and "22/22" in text
    # Each file is named in full (folded inside the Report column), so two responses with
    # the same shortened title can be told apart.
    report_column = "".join(line[:27].strip() for line in text.splitlines())
    for path in EXAMPLES.glob("*.yaml"):
        assert path.name in report_column


def test_status_names_a_bad_file_and_reports_the_rest(tmp_path, cli):
    (tmp_path / "broken.yaml").write_text("- a list\n", encoding="utf-8")
    write(tmp_path, BASE)
    result = cli("status", tmp_path, "--today", TODAY)
    assert result.code == 2
    assert "broken.yaml: holds a list" in result.err
    assert "PEEL 2025" in result.out


def test_status_shows_the_last_working_day_and_the_legal_last_day(tmp_path, cli):
    # Published 1 November 2025: the last day is Boxing Day, the last working day 24 December.
    path = write(tmp_path, variant(lambda d: d["process"].clear()))
    rows = json.loads(cli("status", path, "--today", "2025-12-01", "--json").out)
    assert rows[0]["last_day"] == "2025-12-26"
    assert rows[0]["last_working_day"] == "2025-12-24"
    assert rows[0]["last_day_non_working"] == "Boxing Day"
    plain = cli("status", path, "--today", "2025-12-01").out.splitlines()
    assert "24 December 2025 (last day 26 December 2025, Boxing Day)" in plain[2]


def test_status_tells_apart_two_responses_with_the_same_title(tmp_path, cli):
    # The same title, another force: two reports, told apart by the file column.
    first = write(tmp_path, BASE, "wessex-draft.yaml")
    second = write(tmp_path, variant(lambda d: d["force"].update(name="Fenmarsh Police")),
                   "wessex-final.yaml")
    rows = json.loads(cli("status", tmp_path, "--today", TODAY, "--json").out)
    assert sorted(row["file"] for row in rows) == sorted(str(p) for p in (first, second))
    plain = cli("status", tmp_path, "--today", TODAY).out.splitlines()
    assert plain[2].endswith("wessex-draft.yaml") and plain[3].endswith("wessex-final.yaml")


def test_status_counts_two_files_answering_the_same_report_once(tmp_path, cli):
    write(tmp_path, BASE, "wessex-draft.yaml")
    second = write(tmp_path, BASE, "wessex-final.yaml")
    result = cli("status", tmp_path, "--today", TODAY, "--json")
    assert [Path(row["file"]).name for row in json.loads(result.out)] == ["wessex-draft.yaml"]
    assert result.err.strip() == (f"{second}: answers the same report as wessex-draft.yaml; "
                                  "left out — keep one")
