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
    cli("deadline", EXAMPLES, "--today", "2024-02-10", "--ics", alone)
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
