"""The 56-day rule (s55(5A)), working days, milestones, and `responder deadline`."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from responder.errors import InputError
from responder.law import deadline as dl
from responder.response.header import read_header
from responder.response.model import Process, Report
from responder.response.reading import read

D = dt.date


@pytest.fixture(autouse=True)
def no_office_settings(tmp_path, monkeypatch):
    """Run each test in an empty folder with an empty user config folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))


def response_file(folder: Path, name: str = "response.yaml", *, published: str | None = "2019-09-27",
                  process: str = "", tail: str = "") -> Path:
    """A small response file written by hand, as an office might."""
    lines = [
        "responder: 1",
        "body: {name: Office of the Police and Crime Commissioner for Northmoor}",
        "force: {name: Northmoor Police}",
        "report:",
        "  title: PEEL 2018/19 – Northmoor Police",
    ]
    if published is not None:
        lines.append(f"  published: {published}")
    text = "\n".join(lines) + "\n" + process + tail
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class Response:
    """Stands in for a model.Response: assess() reads only report and process."""

    def __init__(self, published: D | None, title: str = "A report", **process: object):
        self.report = Report(title=title, published=published)
        self.process = Process(**process)


# ---------------------------------------------------------------- the cases in the issue


def test_published_12_december_2017_last_day_monday_5_february_2018_and_6th_is_one_day_late():
    assert dl.last_day(D(2017, 12, 12)) == D(2018, 2, 5)
    assert D(2018, 2, 5).strftime("%A") == "Monday"
    late = dl.assess(Response(D(2017, 12, 12), response_published=D(2018, 2, 6)), D(2018, 3, 1))
    assert (late.status, late.days_late) == ("published_late", 1)
    on_time = dl.assess(Response(D(2017, 12, 12), response_published=D(2018, 2, 5)), D(2018, 3, 1))
    assert (on_time.status, on_time.days_late) == ("published_on_time", None)


def test_published_27_september_2019_last_day_thursday_21_november_letter_19_days_late():
    item = dl.assess(Response(D(2019, 9, 27), response_published=D(2019, 12, 10)), D(2020, 1, 6))
    assert item.last_day == D(2019, 11, 21) and item.last_day.strftime("%A") == "Thursday"
    assert item.last_working_day == item.last_day
    assert (item.status, item.days_late) == ("published_late", 19)


def test_published_1_november_2025_last_day_boxing_day_so_last_working_day_24_december():
    item = dl.assess_date(D(2025, 11, 1), today=D(2025, 12, 1))
    assert item.last_day == D(2025, 12, 26)
    assert dl.holiday_name(D(2025, 12, 26)) == "Boxing Day"
    assert item.last_day_non_working == "Boxing Day"
    # Christmas Day is a bank holiday too, so the 25th is skipped as well.
    assert item.last_working_day == D(2025, 12, 24)


def test_published_5_january_2024_last_day_29_february_leap_year():
    item = dl.assess_date(D(2024, 1, 5), today=D(2024, 1, 5))
    assert item.last_day == D(2024, 2, 29) and item.last_day.strftime("%A") == "Thursday"
    assert item.days_remaining == 55 and item.status == "open"


# ---------------------------------------------------------------- working days


def test_a_weekend_last_day_does_not_move_but_names_the_friday_before():
    item = dl.assess_date(D(2019, 9, 29), today=D(2019, 10, 1))
    assert item.last_day == D(2019, 11, 23)  # a Saturday
    assert item.last_day_non_working == "Saturday"
    assert item.last_working_day == D(2019, 11, 22)


def test_easter_skips_the_weekend_and_good_friday():
    # Easter Monday 1 April 2024 is the last day; Good Friday 29 March is a bank holiday too.
    item = dl.assess_date(D(2024, 2, 6), today=D(2024, 2, 6))
    assert item.last_day == D(2024, 4, 1)
    assert item.last_day_non_working == "Easter Monday"
    assert item.last_working_day == D(2024, 3, 28)


def test_working_days_follow_england_and_wales_bank_holidays():
    assert dl.is_working_day(D(2019, 11, 21))
    assert not dl.is_working_day(D(2019, 11, 23))  # Saturday
    assert not dl.is_working_day(D(2022, 9, 19))  # the late Queen's state funeral
    assert not dl.is_working_day(D(2021, 12, 28))  # Boxing Day (observed)
    assert dl.holiday_name(D(2021, 8, 30)) == "Late Summer Bank Holiday"  # not Scotland's 2 Aug
    assert dl.holiday_name(D(2021, 8, 2)) is None
    assert dl.holiday_name(D(2024, 3, 18)) is None  # St Patrick's (observed) is Northern Ireland's
    assert dl.last_working_day(D(2019, 11, 21)) == D(2019, 11, 21)


# ---------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("today", "status", "remaining", "late"),
    [
        (D(2019, 9, 27), "open", 55, None),
        (D(2019, 11, 13), "open", 8, None),
        (D(2019, 11, 14), "due_soon", 7, None),
        (D(2019, 11, 21), "due_soon", 0, None),
        (D(2019, 11, 22), "overdue", -1, 1),
        (D(2019, 12, 10), "overdue", -19, 19),
    ],
)
def test_status_counts_from_the_last_day(today, status, remaining, late):
    item = dl.assess_date(D(2019, 9, 27), today)
    assert (item.status, item.days_remaining, item.days_late) == (status, remaining, late)
    assert item.is_late == (status == "overdue")


def test_a_missing_publication_date_is_an_input_error_naming_the_field():
    with pytest.raises(dl.NoPublicationDate) as caught:
        dl.assess(Response(None), D(2020, 1, 1), source=Path("r.yaml"), line=4)
    assert isinstance(caught.value, InputError)
    assert str(caught.value).startswith("r.yaml:4: report.published: no publication date")


# ---------------------------------------------------------------- milestones


def test_default_milestones_are_planned_on_working_days_before_the_last_day():
    item = dl.assess_date(D(2025, 11, 1), today=D(2025, 11, 1))
    by_key = {m.key: m for m in item.milestones}
    assert list(by_key) == list(dl.MILESTONE_KEYS)
    assert not any(m.done for m in item.milestones)
    assert by_key["chief_invited"].date == D(2025, 11, 4)
    assert by_key["chief_comments_due"].date == D(2025, 11, 28)  # day 28 is a Saturday
    assert by_key["response_published"].date == D(2025, 12, 24)  # the last working day
    assert by_key["copies_sent"].date == D(2025, 12, 24)
    for milestone in item.milestones:
        assert dl.is_working_day(milestone.date)
        assert item.published <= milestone.date <= item.last_day


def test_recorded_process_dates_mark_milestones_done_and_replace_planned_dates():
    response = Response(
        D(2019, 9, 27), chief_invited=D(2019, 9, 30), chief_comments_due=D(2019, 10, 25),
        copies_sent={"inspectorate": D(2019, 11, 18)},
    )
    by_key = {m.key: m for m in dl.assess(response, D(2019, 11, 1)).milestones}
    assert (by_key["chief_invited"].date, by_key["chief_invited"].done) == (D(2019, 9, 30), True)
    # A due date set is recorded, but the milestone is done only when the comments arrive.
    assert (by_key["chief_comments_due"].date, by_key["chief_comments_due"].done) == (
        D(2019, 10, 25), False)
    # Copies must have gone to both the inspectorate and the Home Secretary.
    assert by_key["copies_sent"].done is False
    response.process.chief_comments_received = D(2019, 10, 24)
    response.process.copies_sent.home_secretary = D(2019, 11, 19)
    by_key = {m.key: m for m in dl.assess(response, D(2019, 11, 1)).milestones}
    assert by_key["chief_comments_due"].done is True
    assert (by_key["copies_sent"].date, by_key["copies_sent"].done) == (D(2019, 11, 19), True)


def test_an_office_can_move_milestones_and_the_due_soon_window():
    config = dl.DeadlineConfig.from_mapping(
        {"milestones": {"chief_invited": 1, "response_published": 50}, "due_soon_days": 14,
         "alarm_days": [1, 10]},
    )
    item = dl.assess_date(D(2019, 9, 27), D(2019, 11, 7), config)
    by_key = {m.key: m for m in item.milestones}
    assert by_key["chief_invited"].date == D(2019, 9, 27)  # day 1 is a Saturday: back to Friday
    assert by_key["chief_invited"].date >= item.published
    assert by_key["response_published"].date == D(2019, 11, 15)
    assert by_key["draft_ready"].date == D(2019, 11, 4)  # unchanged default, day 38
    assert item.status == "due_soon" and item.days_remaining == 14
    assert config.alarm_days == (10, 1)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"milestones": {"draft": 30}}, "deadline.milestones.draft: unknown key 'draft'"),
        ({"milestones": {"draft_ready": 60}}, "deadline.milestones.draft_ready: 60 is not a number"),
        ({"milestones": {"draft_ready": "30"}}, "'30' is not a number of days"),
        ({"due_soon": 7}, "deadline.due_soon: unknown key"),
        ({"alarm_days": 7}, "deadline.alarm_days: must be a list"),
        # QA 22: milestones out of order
        ({"milestones": {"chief_invited": 10, "chief_comments_due": 5}},
         "deadline.milestones: chief_comments_due (5) comes before chief_invited (10)"),
        ({"milestones": {"chief_invited": 30}},
         "chief_comments_due (28, the default) comes before chief_invited (30)"),
        ({"milestones": {"copies_sent": 40}},
         "copies_sent (40) comes before signed_off (45, the default)"),
    ],
)
def test_bad_settings_are_named(table, message):
    with pytest.raises(InputError) as caught:
        dl.DeadlineConfig.from_mapping(table, Path("responder.toml"))
    assert str(caught.value).startswith("responder.toml: ")
    assert message in str(caught.value)


# ---------------------------------------------------------------- reading only the head


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_header_reader_agrees_with_the_full_reader(example):
    header, response = read_header(example), read(example)
    assert header.report == response.report
    assert header.process == response.process


def test_the_header_reader_stops_before_the_rest_of_the_file(tmp_path):
    # Sections that do not even parse do not hide a deadline; validate/check report them.
    path = response_file(tmp_path, process="process: {chief_invited: 2019-09-30}\n",
                         tail="sections: [unclosed\n  - {\n")
    assert read_header(path).report.published == D(2019, 9, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("responder: 1\nreport:\n  title: T\n  published: 2019-02-31\n",
         "r.yaml:4:3: report.published: '2019-02-31' is not a real date"),
        ("responder: 1\nreport:\n  title: T\n  published: [2019\n",
         "r.yaml:4: published: '[' starts a list that is never closed with ']'; write the date "
         "as YYYY-MM-DD, e.g. published: 2025-11-01"),
        ("responder: 1\nreport: &r\n  title: T\nprocess: *r\n", "YAML aliases (*r) are not allowed"),
        ("responder: 1\nreport:\n  title: T\n  publish: 2019-09-27\n",
         "r.yaml:4:3: report.publish: unknown key 'publish'"),
        ("responder: 1\nreport:\n  title: T\nprocess:\n  signed_off: soon\n",
         "r.yaml:5:3: process.signed_off: 'soon' is not a real date"),
        ("report:\n  title: T\n", "has no 'responder: 1' line"),
        ("responder: 7\nreport:\n  title: T\n", "newer version of responder"),
        ("- a list\n", "holds a list, not a response"),
    ],
)
def test_the_header_reader_names_file_line_and_field(tmp_path, text, expected):
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_header(path)
    assert expected in str(caught.value)
    assert str(caught.value).startswith("r.yaml:")


# ---------------------------------------------------------------- the command line


def test_published_json_has_the_fields_scripts_rely_on(cli):
    result = cli("deadline", "--published", "2019-09-27", "--today", "2019-11-01", "--json")
    assert result.code == 0, result.err
    [item] = json.loads(result.out)
    assert item["file"] is None and item["title"] is None
    assert item["published"] == "2019-09-27"
    assert item["last_day"] == "2019-11-21" and item["last_working_day"] == "2019-11-21"
    assert item["days_remaining"] == 20 and item["status"] == "open" and item["days_late"] is None
    assert [m["name"] for m in item["milestones"]][0] == "Chief officer invited to comment"
    assert set(item["milestones"][0]) >= {"name", "date", "done"}
    assert item["milestones"][0]["date"] == "2019-09-30"


def test_published_in_words_for_people(cli):
    result = cli("deadline", "--published", "2025-11-01", "--today", "2025-12-20")
    assert result.code == 0
    assert "Last day          Friday 26 December 2025 (day 56)" in result.out
    assert "Last working day  Wednesday 24 December 2025" in result.out
    assert "The last day is Boxing Day, a bank holiday." in result.out
    assert "6 days left (today is Saturday 20 December 2025)" in result.out
    assert max(len(line) for line in result.out.splitlines()) <= 80


def test_exit_code_1_when_overdue_or_published_late(cli, tmp_path):
    overdue = cli("deadline", "--published", "2019-09-27", "--today", "2019-11-22", "--json")
    assert overdue.code == 1 and json.loads(overdue.out)[0]["days_late"] == 1
    late = response_file(tmp_path, process="process:\n  response_published: 2019-12-10\n")
    result = cli("deadline", late, "--today", "2020-06-01", "--json")
    assert result.code == 1
    [item] = json.loads(result.out)
    assert (item["status"], item["days_late"], item["file"]) == ("published_late", 19, str(late))
    on_time = response_file(tmp_path, "on-time.yaml",
                            process="process:\n  response_published: 2019-11-21\n")
    assert cli("deadline", on_time, "--today", "2020-06-01").code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "2019-02-30"], "--published: '2019-02-30' is not a real date"),
        (["--published", "31/09/2019"], "--published: '31/09/2019' is not a real date"),
        (["--published", "09/27/2019"], "--published: '09/27/2019' is not a real date"),
        (["--published", "next Friday"], "'next Friday' is not a date; write it as YYYY-MM-DD"),
        (["--published", "9999-12-31"], "'9999-12-31' is out of range"),
        (["--published", "2019-09-27", "--today", "tomorrow"], "--today: 'tomorrow' is not a date"),
        ([], "give --published DATE (e.g. 2025-11-01 or 01/11/2025), or response files or folders"),
    ],
)
def test_bad_dates_are_one_clear_line_and_exit_2(cli, args, message):
    result = cli("deadline", *args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert message in result.err


@pytest.mark.parametrize("typed", ["2019-09-27", "27/09/2019", "27.9.2019", "27-09-2019",
                                   "27 September 2019", "27 Sept 2019", "Friday 27 September 2019",
                                   "27/09/19"])
def test_dates_as_people_in_england_and_wales_type_them(cli, typed):
    result = cli("deadline", "--published", typed, "--today", "2019-11-01", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["last_day"] == "2019-11-21"


def test_an_empty_folder_is_a_usage_error_not_silence(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("deadline", tmp_path / "empty")
    assert result.code == 2 and "no response files (*.yaml, *.yml) in" in result.err


def test_a_missing_value_is_one_line_and_exit_2(process):
    result = process("deadline", "--published")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "responder deadline: argument --published: expected one argument "
        "(see 'responder deadline --help')"
    ]


def test_a_file_without_a_publication_date_is_named_with_its_line(cli, tmp_path):
    path = response_file(tmp_path, published=None)
    result = cli("deadline", path)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"{path.name}:4: report.published: no publication date, so no deadline: set "
        "report.published to the day the inspectorate published the report (YYYY-MM-DD)"
    ]


def test_a_bad_file_in_a_folder_is_named_and_the_others_still_reported(cli, tmp_path):
    folder = tmp_path / "responses"
    folder.mkdir()
    for example in EXAMPLES.glob("*.yaml"):
        shutil.copyfile(example, folder / example.name)
    response_file(folder, "broken.yaml", published="2019-13-01")
    (folder / "notes.txt").write_text("not a response")
    result = cli("deadline", folder, "--today", "2024-02-10", "--json")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "broken.yaml:6:3: report.published:" in result.err
    files = [Path(item["file"]).name for item in json.loads(result.out)]
    assert files == sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def test_several_responses_make_a_table_readable_in_80_columns(cli, tmp_path):
    response_file(tmp_path, "a.yaml", published="2025-11-01")
    response_file(tmp_path, "b.yaml", published="2019-09-27",
                  process="process:\n  response_published: 2019-12-10\n")
    response_file(tmp_path, "c.yaml", published="2025-10-20",
                  process="process:\n  chief_invited: 2025-10-21\n")
    result = cli("deadline", ".", "--today", "2025-12-20")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].split() == ["Response", "Last", "day", "Days", "left", "Status"]
    assert lines[1].split() == ["a.yaml", "26", "December", "2025", "6", "due", "soon"]
    assert lines[2].split() == ["b.yaml", "21", "November", "2019", "published", "late", "(19",
                                "days)"]
    assert lines[3].split() == ["c.yaml", "14", "December", "2025", "-6", "overdue", "(6", "days)"]
    assert "a.yaml: The last day is Boxing Day, a bank holiday." in result.out
    words = " ".join(result.out.split())
    assert "c.yaml: The last day is Sunday. It does not move: publish by Friday 12 December" in words
    assert ("Next: chief officer's comments due on Monday 17 November 2025, which has passed."
            in words)
    assert max(len(line) for line in lines) <= 80


def test_one_file_in_detail_with_its_milestones(cli, example):
    path = example("statement-wessex")
    result = cli("deadline", path, "--today", "2018-03-01")
    assert result.code == 0
    assert result.out.splitlines()[0].startswith("PEEL: Police legitimacy 2017")
    assert "Last day   Monday 5 February 2018 (day 56)" in result.out
    assert "Status     published on time" in result.out
    assert "done  Thursday 14 December 2017  Chief officer invited to comment" in result.out


def test_settings_come_from_responder_toml_in_the_working_folder(cli, tmp_path):
    args = ("deadline", "--published", "2019-09-27", "--today", "2019-11-01", "--json")
    assert json.loads(cli(*args).out)[0]["milestones"][2]["date"] == "2019-11-04"
    (tmp_path / "responder.toml").write_text("[deadline.milestones]\ndraft_ready = 30\n")
    assert json.loads(cli(*args).out)[0]["milestones"][2]["date"] == "2019-10-25"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CONFIG_HOME is how Linux names the folder")
def test_settings_come_from_the_user_config_folder_otherwise(cli, tmp_path):
    user = tmp_path / "user-config" / "responder"
    user.mkdir(parents=True)
    (user / "responder.toml").write_text("[deadline]\ndue_soon_days = 30\n")
    result = cli("deadline", "--published", "2019-09-27", "--today", "2019-11-01", "--json")
    assert json.loads(result.out)[0]["status"] == "due_soon"


def test_bad_settings_file_is_named_with_its_line(cli, tmp_path):
    (tmp_path / "responder.toml").write_text("[deadline]\nalarm_days = [7,,]\ndue_soon_days = 3\n")
    result = cli("deadline", "--published", "2019-09-27")
    assert result.code == 2
    assert result.err.startswith("responder.toml:2:17: not valid TOML: Invalid value")
    (tmp_path / "responder.toml").write_text("[deadline.milestones]\nsign_off = 40\n")
    result = cli("deadline", "--published", "2019-09-27")
    assert result.code == 2
    assert "responder.toml: deadline.milestones.sign_off: unknown key 'sign_off'" in result.err


def test_milestones_out_of_order_are_refused_in_one_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "responder.toml").write_text(
        "[deadline.milestones]\nchief_invited = 10\nchief_comments_due = 5\n")
    result = cli("deadline", "--published", "2026-11-20", "--ics", "cal.ics")
    assert result.code == 2
    assert result.err.strip() == (
        "responder.toml: deadline.milestones: chief_comments_due (5) comes before "
        "chief_invited (10); each milestone falls on or after the one before it "
        "(chief_invited, chief_comments_due, draft_ready, signed_off, response_published, "
        "copies_sent)")
    assert not (tmp_path / "cal.ics").exists()
    # the same day for two milestones is fine
    (tmp_path / "responder.toml").write_text(
        "[deadline.milestones]\nchief_invited = 5\nchief_comments_due = 5\n")
    assert cli("deadline", "--published", "2026-11-20").code == 0


# ---------------------------------------------------------------- calendar


def read_calendar(path: Path):
    from icalendar import Calendar

    return Calendar.from_ical(path.read_bytes())


def test_ics_has_all_day_events_prodid_dtstamp_and_alarms_before_the_last_day(cli, tmp_path):
    path = response_file(tmp_path, published="2025-11-01")
    out = tmp_path / "deadlines.ics"
    result = cli("deadline", path, "--today", "2025-11-10", "--ics", out)
    assert result.code == 0, result.err
    raw = out.read_text(encoding="utf-8")
    assert "PRODID:-//responder//Section 55 deadlines//EN" in raw
    assert "DTSTART;VALUE=DATE:20251226" in raw
    cal = read_calendar(out)
    events = cal.walk("VEVENT")
    assert len(events) == len(dl.MILESTONES) + 1
    for event in events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
        assert event.decoded("dtstamp").tzinfo is not None
    [last] = [e for e in events if str(e["summary"]).startswith("Last day")]
    assert "Last working day: Wednesday 24 December 2025" in str(last["description"])
    triggers = sorted(alarm.decoded("trigger") for alarm in last.walk("VALARM"))
    # Boxing Day 2025: reminders count to Wednesday 24 December, two days earlier.
    assert triggers == [dt.timedelta(days=-9, hours=9), dt.timedelta(days=-4, hours=9)]
    assert "(Wednesday 24 December 2025)" in str(last.walk("VALARM")[0]["description"])


def test_ics_uids_are_stable_when_the_file_is_updated_and_exported_again(cli, tmp_path):
    path = response_file(tmp_path, published="2025-11-01")
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    assert cli("deadline", path, "--today", "2025-11-10", "--ics", first).code == 0
    # Later: the chief officer was invited, the response published; the file also moved.
    moved = tmp_path / "archive"
    moved.mkdir()
    path = response_file(moved, published="2025-11-01",
                         process="process:\n  chief_invited: 2025-11-05\n"
                         "  response_published: 2025-12-19\n")
    assert cli("deadline", path, "--today", "2025-12-22", "--ics", second).code == 0
    before = {str(e["uid"]): e for e in read_calendar(first).walk("VEVENT")}
    after = {str(e["uid"]): e for e in read_calendar(second).walk("VEVENT")}
    assert set(before) == set(after) and len(after) == len(dl.MILESTONES) + 1
    invited = next(uid for uid in after if uid.startswith("chief_invited-"))
    assert after[invited].decoded("dtstart") == D(2025, 11, 5)
    assert str(after[invited]["summary"]).startswith("Done: ")
    # Published: no more reminders.
    assert not [a for e in after.values() for a in e.walk("VALARM")]
    # Another report gets other UIDs.
    other = tmp_path / "other.ics"
    cli("deadline", "--published", "2025-11-01", "--today", "2025-11-10", "--ics", other)
    assert not set(after) & {str(e["uid"]) for e in read_calendar(other).walk("VEVENT")}


def test_ics_into_a_missing_folder_is_a_clear_error(cli, tmp_path):
    result = cli("deadline", "--published", "2025-11-01", "--ics", tmp_path / "nope" / "d.ics")
    assert result.code == 2
    assert "cannot write the calendar: the folder does not exist" in result.err


# ---------------------------------------------------------------- start-up


MODULES = """
import json, sys
from responder.cli import main
code = main(sys.argv[1:])
watched = ("docx", "questionary", "jinja2", "pydantic", "ruamel", "responder.importing",
           "icalendar", "rich")
print(json.dumps([m for m in watched if m in sys.modules]), file=sys.stderr)
"""


def test_published_loads_no_heavy_modules(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", MODULES, "deadline", "--published", "2019-09-27", "--json"],
        capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path,
    )
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
