"""Folders, wildcards and conflict copies: every command that takes files reads what the
user means — each response once, nothing passed over in silence."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

FOLDER_COMMANDS = ["validate", "check", "status", "deadline"]


def today(command: str) -> list[str]:
    return [] if command == "validate" else ["--today", "2024-02-10"]
SMALL = "small-thornbury-child-protection-2024.yaml"
CONFLICT = "small-thornbury-child-protection-2024.conflict-2024-02-01-1012.yaml"


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    """The examples in a folder, with a conflict copy beside one of them."""
    folder = tmp_path / "responses"
    folder.mkdir()
    for path in EXAMPLES.glob("*.yaml"):
        shutil.copyfile(path, folder / path.name)
    shutil.copyfile(EXAMPLES / SMALL, folder / CONFLICT)
    return folder


def conflict_line(folder: Path) -> str:
    return (f"{folder / CONFLICT}: a conflict copy of {SMALL} (two people saved at once); "
            f"left out: merge what you need into {SMALL}, then delete it")


# ---------------------------------------------------------------- conflict copies


def test_status_leaves_conflict_copies_out_and_says_so(responses, cli):
    result = cli("status", responses, "--today", "2024-02-10", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert len(rows) == 3
    assert sorted(Path(row["file"]).name for row in rows) == sorted(
        p.name for p in EXAMPLES.glob("*.yaml"))
    assert result.err.strip().splitlines() == [conflict_line(responses)]


def test_check_and_validate_leave_conflict_copies_out(responses, cli):
    check = cli("check", responses, "--today", "2024-02-10")
    assert check.out.count(": no problems found") + check.out.count("warning") >= 3
    assert CONFLICT not in check.out
    assert conflict_line(responses) in check.err
    validate = cli("validate", responses)
    assert validate.code == 0
    assert validate.out.count(": valid —") == 3
    assert conflict_line(responses) in validate.err


def test_deadline_and_its_calendar_count_each_response_once(responses, cli, tmp_path):
    ics = tmp_path / "s55.ics"
    result = cli("deadline", responses, "--today", "2024-02-10", "--json", "--ics", ics)
    assert result.code == 0
    assert len(json.loads(result.out)) == 3
    assert conflict_line(responses) in result.err
    uids = [line for line in ics.read_text(encoding="utf-8").splitlines()
            if line.startswith("UID:")]
    alone = tmp_path / "examples.ics"
    cli("deadline", *sorted(EXAMPLES.glob("*.yaml")), "--today", "2024-02-10", "--ics", alone)
    expected = [line for line in alone.read_text(encoding="utf-8").splitlines()
                if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == len(expected)
    assert sorted(uids) == sorted(expected)


def test_a_conflict_copy_named_beside_its_original_is_left_out(responses, cli):
    # What the shell gives for `responder status responses/*.yaml` on Linux and macOS.
    names = sorted(str(p) for p in responses.glob("*.yaml"))
    result = cli("status", *names, "--today", "2024-02-10", "--json")
    assert len(json.loads(result.out)) == 3
    assert conflict_line(responses) in result.err


def test_a_conflict_copy_named_on_its_own_is_read(responses, cli):
    result = cli("validate", responses / CONFLICT)
    assert result.code == 0
    assert ": valid —" in result.out


# ---------------------------------------------------------------- wildcards and folders


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_a_wildcard_the_shell_left_alone_is_expanded(responses, cli, command):
    # PowerShell and cmd pass `responses\*.yaml` through as typed.
    result = cli(command, str(responses / "*.yaml"), *today(command))
    assert result.code in (0, 1), result.err
    assert "no such file" not in result.err
    assert conflict_line(responses) in result.err
    for name in ("letter-northmoor", "statement-wessex", "small-thornbury"):
        assert name in result.out


def test_a_wildcard_that_matches_nothing_is_exit_2(tmp_path, cli):
    result = cli("check", str(tmp_path / "*.yaml"))
    assert result.code == 2
    assert f"{tmp_path / '*.yaml'}: no files match this pattern" in result.err


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_no_responses_found_is_exit_2(tmp_path, cli, command):
    (tmp_path / "notes.txt").write_text("not a response\n", encoding="utf-8")
    result = cli(command, tmp_path)
    assert result.code == 2
    assert result.err.strip() == f"responder: no response files (*.yaml, *.yml) in '{tmp_path}'"


def test_validate_reads_folders_and_subfolders(responses, cli):
    (responses / "2019").mkdir()
    shutil.move(responses / "letter-northmoor-peel-2018-19.yaml", responses / "2019")
    result = cli("validate", responses)
    assert result.code == 0
    assert f"{responses / '2019' / 'letter-northmoor-peel-2018-19.yaml'}: valid" in result.out


def test_the_same_file_named_twice_is_read_once(responses, cli):
    result = cli("status", responses, responses / SMALL, "--json", "--today", "2024-02-10")
    assert len(json.loads(result.out)) == 3


# ---------------------------------------------------------------- unreadable subfolders


def unreadable_line(folder: Path) -> str:
    return (f"{folder}: folder cannot be read (permission denied); any responses in it were "
            "not read")


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_an_unreadable_subfolder_is_named_and_exit_2(responses, cli, command, monkeypatch):
    # Works as root too (root reads any folder): the operating system's refusal is stood in
    # for where os.walk asks for the folder's entries.
    locked = responses / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path=None):  # type: ignore[no-untyped-def]
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = cli(command, responses, *today(command))
    assert result.code == 2
    assert unreadable_line(locked) in result.err
    assert "small-thornbury" in result.out  # the rest is still reported


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a user that they apply to")
def test_an_unreadable_subfolder_for_real(responses, process):
    locked = responses / "locked"
    locked.mkdir()
    shutil.copyfile(EXAMPLES / SMALL, locked / "hidden.yaml")
    locked.chmod(0)
    try:
        result = process("deadline", responses, "--today", "2024-02-10")
    finally:
        locked.chmod(0o755)
    assert result.code == 2
    assert unreadable_line(locked) in result.err


# ---------------------------------------------------------------- two copies of one response

COPY = "small-thornbury-child-protection-2024 - Copy.yaml"


@pytest.fixture
def with_copy(tmp_path: Path) -> Path:
    """The examples in a folder, with a Windows Explorer copy of one of them."""
    folder = tmp_path / "copies"
    folder.mkdir()
    for path in EXAMPLES.glob("*.yaml"):
        shutil.copyfile(path, folder / path.name)
    shutil.copyfile(EXAMPLES / SMALL, folder / COPY)
    return folder


def copy_line(folder: Path) -> str:
    return f"{folder / COPY}: answers the same report as {SMALL}; left out — keep one"


@pytest.mark.parametrize("command", FOLDER_COMMANDS)
def test_a_copy_answering_the_same_report_is_counted_once(with_copy, cli, command):
    # QA finding 7: "ashdown - Copy.yaml" doubled status rows, paper figures, calendar events.
    result = cli(command, with_copy, *today(command))
    assert result.code in (0, 1), result.err
    assert copy_line(with_copy) in result.err.splitlines()
    assert COPY not in result.out
    assert result.out.count("small-thornbury") == (
        1 if command in ("status", "validate") else result.out.count("small-thornbury"))
    assert SMALL in result.out


def test_the_calendar_holds_each_uid_once_with_a_copy_beside(with_copy, cli, tmp_path):
    ics = tmp_path / "s55.ics"
    result = cli("deadline", with_copy, "--today", "2024-02-10", "--ics", ics)
    assert copy_line(with_copy) in result.err
    uids = [line for line in ics.read_text(encoding="utf-8").splitlines()
            if line.startswith("UID:")]
    assert len(uids) == len(set(uids))


def test_the_committee_paper_counts_a_copied_report_once(with_copy, cli):
    result = cli("progress", with_copy, "--json", "--today", "2024-02-10")
    assert result.code == 0, result.err
    assert copy_line(with_copy) in result.err
    assert len(json.loads(result.out)["reports"]) == 3


def test_of_two_plain_names_the_first_is_kept(with_copy, cli):
    (with_copy / COPY).rename(with_copy / "thornbury v2.yaml")
    result = cli("status", with_copy, "--json", "--today", "2024-02-10")
    files = [Path(row["file"]).name for row in json.loads(result.out)]
    assert "thornbury v2.yaml" not in files and SMALL in files
    assert (f"{with_copy / 'thornbury v2.yaml'}: answers the same report as {SMALL}; "
            "left out — keep one") in result.err


@pytest.mark.parametrize(("name", "copy"), [
    ("ashdown - Copy.yaml", True), ("ashdown - Copy (2).yaml", True), ("ashdown (2).yaml", True),
    ("Copy of ashdown.yaml", True), ("ashdown copy.yaml", True), ("ashdown.yaml", False),
    ("copyright 2024.yaml", False), ("ashdown v2.yaml", False)])
def test_names_that_look_like_copies(name, copy):
    from responder.cli.common import looks_like_a_copy

    assert looks_like_a_copy(Path(name)) is copy


def test_another_force_with_the_same_title_is_not_a_copy(with_copy, cli):
    text = (with_copy / COPY).read_text(encoding="utf-8")
    force = json.loads(cli("status", with_copy / SMALL, "--json").out)[0]
    assert force  # the example reads
    other = text.replace("name: Thornbury", "name: Otherbury", 1)
    assert other != text
    (with_copy / COPY).write_text(other, encoding="utf-8")
    result = cli("status", with_copy, "--json", "--today", "2024-02-10")
    assert "answers the same report" not in result.err
    assert len(json.loads(result.out)) == 4


# ---------------------------------------------------------------- quoted wildcards


def test_a_quoted_wildcard_matching_nothing_is_one_line(responses, cli, monkeypatch):
    # QA finding 8: "no files match this pattern" then "no response files … in '*.yml'".
    monkeypatch.chdir(responses)
    result = cli("validate", "*.yml")
    assert result.code == 2
    assert result.err.strip().splitlines() == ["*.yml: no files match this pattern"]


SINGLE_FILE = [["render"], ["interview"], ["returns", "make", "-o", "f.docx"],
               ["returns", "read", "-", "f.docx"], ["record", "-", "published"],
               ["track", "-", "s1-afi1"]]


def _call(command: list[str], typed: str) -> list[str]:
    if "-" in command:
        return [typed if part == "-" else part for part in command]
    return [*command[:1], typed, *command[1:]] if command[0] != "returns" else \
        [*command[:2], typed, *command[2:]]


@pytest.mark.parametrize("command", SINGLE_FILE, ids=lambda c: " ".join(c[:2]))
def test_a_single_file_command_given_a_wildcard_names_the_matches(responses, cli, monkeypatch,
                                                                   command):
    monkeypatch.chdir(responses)
    result = cli(*_call(command, "*.yaml"))
    assert result.code == 2
    what = " ".join(command[:2]) if command[0] == "returns" else command[0]
    assert result.err.strip() == (
        f"responder: {what} takes one response file; '*.yaml' matches 4 files "
        f"(letter-northmoor-peel-2018-19.yaml, {CONFLICT}, {SMALL}, …) — name one")


def test_a_wildcard_matching_one_file_is_that_file(responses, cli, monkeypatch):
    monkeypatch.chdir(responses)
    result = cli("render", "letter-*.yaml", "-o", "out.html")
    assert result.code == 0, result.err
    assert (responses / "out.html").exists()


# ---------------------------------------------------------------- a conflict copy beside one file


def conflict_note(folder: Path) -> str:
    return (f"note: {SMALL} has an unmerged conflict copy beside it, {CONFLICT}: merge what "
            f"you need into {SMALL}, then delete it")


@pytest.mark.parametrize("command", [
    ["check", "-"], ["status", "-"], ["render", "-", "-o", "out.html"], ["track", "-", "s1-afi1"],
    ["record", "-", "published", "1/2/2024"], ["returns", "make", "-", "-o", "f.xlsx"],
    ["validate", "-"]], ids=lambda c: " ".join(c[:2]))
def test_single_file_commands_name_an_unmerged_conflict_copy(responses, cli, monkeypatch, command):
    # QA finding 6: only folder runs said the interview's answers sat in a conflict copy.
    monkeypatch.chdir(responses)
    result = cli(*[SMALL if part == "-" else part for part in command], *today(command[0]))
    assert conflict_note(responses) in result.err.splitlines(), result.err


def test_no_note_without_a_conflict_copy(responses, cli, monkeypatch):
    monkeypatch.chdir(responses)
    (responses / CONFLICT).unlink()
    result = cli("check", SMALL, "--today", "2024-02-10")
    assert "conflict copy" not in result.err


def test_the_interview_names_an_unmerged_conflict_copy(responses, process):
    # Before it asks for a terminal: the note is the first thing said.
    result = process("interview", SMALL, cwd=responses)
    assert result.err.splitlines()[0] == conflict_note(responses)


def test_a_quoted_wildcard_ignores_case_as_windows_does(tmp_path, cli, monkeypatch):
    # QA finding 15: `check '*.yaml'` did not find "Ashdown Response.YAML".
    shutil.copyfile(EXAMPLES / SMALL, tmp_path / "Thornbury Response.YAML")
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "*.yaml")
    assert result.code == 0, result.err
    assert result.out.startswith("Thornbury Response.YAML: valid —")
    assert cli("render", "thornbury*", "-o", "t.html").code == 0


def test_any_case_leaves_character_classes_alone():
    from responder.cli.common import _any_case

    if os.name == "nt":
        pytest.skip("Windows matches without regard to case itself")
    assert _any_case("r[0-9]*.yaml") == "[rR][0-9]*.[yY][aA][mM][lL]"


def test_the_original_name_is_kept_before_a_longer_one(with_copy, cli):
    (with_copy / COPY).rename(with_copy / "small-thornbury-child-protection-2024 v2.yaml")
    result = cli("validate", with_copy)
    assert ("small-thornbury-child-protection-2024 v2.yaml: answers the same report as "
            f"{SMALL}; left out — keep one") in result.err
