"""Issue 24, item 5: duplicate copies of one report never hide the worked file.

A folder holding the worked, published response and a fresh, empty import of the same
report: status, deadline and progress use the worked one and say which and why; two copies
holding different work stop the command (exit 2), naming both."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import EXAMPLES
from responder.response import editing
from responder.response.model import Process

WORKED = EXAMPLES / "letter-northmoor-peel-2018-19.yaml"  # published 18 November 2019
TODAY = "2020-01-15"


def fresh_copy(target):
    """The same report as a fresh import would give it: no answers, dates or register."""
    doc = editing.load(WORKED)
    response = doc.response
    response.commentary.force = response.commentary.commissioner = None
    for _, section in response.walk_sections():
        section.force = section.commissioner = None
    for _, finding in response.walk_findings():
        finding.force = finding.commissioner = finding.action = finding.tracking = None
    response.process = Process()
    response.letter.body = response.letter.opening = response.letter.closing = None
    response.letter.date = None
    doc.path = target
    doc.save(check_conflict=False)
    return target


@pytest.fixture
def folder(tmp_path):
    shutil.copyfile(WORKED, tmp_path / "northmoor.yaml")
    fresh_copy(tmp_path / "imported.yaml")  # sorts first by name: the old rule used it
    return tmp_path


def used_line(err: str) -> str:
    lines = [line for line in err.splitlines() if "answers the same report" in line]
    assert len(lines) == 1, err
    return lines[0]


def test_status_uses_the_worked_copy_and_says_why(folder, cli):
    result = cli("status", folder, "--json", "--today", TODAY)
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert [row["file"].rsplit("/", 1)[-1] for row in rows] == ["northmoor.yaml"]
    assert rows[0]["status"] == "published_on_time"
    line = used_line(result.err)
    assert line.startswith(f"{folder / 'imported.yaml'}: answers the same report as "
                           "northmoor.yaml; used northmoor.yaml, which has the work in it (")
    assert "this one: no work in it); left this one out — keep one" in line


def test_deadline_uses_the_worked_copy(folder, cli):
    result = cli("deadline", folder, "--json", "--today", TODAY)
    rows = json.loads(result.out)
    assert [row["file"].rsplit("/", 1)[-1] for row in rows] == ["northmoor.yaml"]
    assert rows[0]["status"] == "published_on_time"
    assert "used northmoor.yaml, which has the work in it" in used_line(result.err)


def test_progress_uses_the_worked_copy(folder, cli):
    result = cli("progress", folder, "--json", "--today", TODAY)
    assert result.code == 0, result.err
    assert "used northmoor.yaml, which has the work in it" in used_line(result.err)
    data = json.loads(result.out)
    text = json.dumps(data)
    assert "imported.yaml" not in text
    assert '"owner"' in text or "owner" in text  # the register came from the worked file


def test_status_of_a_folder_prefers_the_worked_file_to_an_empty_one_in_a_subfolder(tmp_path, cli):
    shutil.copyfile(WORKED, tmp_path / "northmoor.yaml")
    (tmp_path / "a-old").mkdir()
    fresh_copy(tmp_path / "a-old" / "northmoor.yaml")
    result = cli("status", tmp_path, "--json", "--today", TODAY)
    rows = json.loads(result.out)
    assert len(rows) == 1 and "a-old" not in rows[0]["file"]
    assert "which has the work in it" in used_line(result.err)


def test_a_copy_with_the_same_work_is_left_out_by_its_name_as_before(tmp_path, cli):
    shutil.copyfile(WORKED, tmp_path / "northmoor.yaml")
    shutil.copyfile(WORKED, tmp_path / "northmoor - Copy.yaml")
    result = cli("status", tmp_path, "--json", "--today", TODAY)
    assert used_line(result.err) == (f"{tmp_path / 'northmoor - Copy.yaml'}: answers the same "
                                     "report as northmoor.yaml; left out — keep one")


def test_two_copies_with_different_work_name_both_and_stop(tmp_path, cli):
    shutil.copyfile(WORKED, tmp_path / "northmoor.yaml")
    doc = editing.load(tmp_path / "northmoor.yaml")
    doc.response.commentary.commissioner = "A different overall comment, typed in the copy."
    doc.path = tmp_path / "northmoor (2).yaml"
    doc.save(check_conflict=False)
    other = editing.load(tmp_path / "northmoor.yaml")
    other.response.process.late_reason = "Something only the first copy says."
    other.save()
    for command in ("status", "deadline", "progress"):
        result = cli(command, tmp_path, "--json", "--today", TODAY)
        assert result.code == 2, (command, result.err)
        assert result.err.count("\n") == 1
        assert "northmoor.yaml and " in result.err or "northmoor (2).yaml and " in result.err
        assert "answer the same report, each with work the other does not have" in result.err
        assert "copy what one holds into the other, then move the other out of the folder" \
            in result.err
        assert result.out == ""
