"""Issue 24, item 7: the smaller things found on a real run from import to a final PDF."""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
from pathlib import Path

from test_interview import DATA, ESC_ENTER, drive

from conftest import EXAMPLES
from responder.response import editing, reading

REPORT = Path(__file__).parent / "fixtures" / "import" / "peel-2021-22-wessex.txt"


def test_record_takes_a_date_typed_with_spaces_and_no_quotes(cli, example):
    path = example("statement-wessex")
    result = cli("record", path, "draft-ready", "4", "November", "2019", "--today", "2020-01-01")
    assert result.code == 0, result.err
    assert reading.read(path).process.draft_ready == dt.date(2019, 11, 4)
    bad = cli("record", path, "draft-ready", "4", "Novembre", "2019", "--today", "2020-01-01")
    assert bad.code == 2 and bad.err.count("\n") == 1


def test_import_over_an_existing_file_names_the_command_that_works(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "none.toml")
    assert cli("import", REPORT, "-o", "our response.yaml").code == 0
    again = cli("import", REPORT, "-o", "our response.yaml")
    assert again.code == 2 and again.err.count("\n") == 1
    told = again.err.split("update it from this report: ", 1)[1].strip()
    assert told == f'responder import {REPORT} --merge "our response.yaml"'
    # typed as told, it works
    args = shlex.split(told)
    assert args[:2] == ["responder", "import"]
    result = cli(*args[1:])
    assert result.code == 0, result.err
    assert "already up to date" in result.out


def test_returns_only_missing_with_nothing_missing_writes_no_form(cli, example, tmp_path):
    path = example("statement-wessex")  # the force has answered every finding
    form = tmp_path / "form.docx"
    result = cli("returns", "make", path, "-o", form, "--only-missing")
    assert result.code == 0, result.err
    assert "Nothing is missing: every finding in" in result.out and "no form written" in result.out
    assert not form.exists()


def test_the_next_step_waits_for_the_force_s_answers(tmp_path):
    path = tmp_path / "fen marsh.yaml"  # a name with a space: every command quotes it
    shutil.copyfile(DATA, path)
    doc = editing.load(path)
    doc.response.process.chief_invited = dt.date(2025, 3, 6)
    doc.response.process.chief_comments_due = dt.date(2025, 4, 4)
    doc.save()
    keys = "".join(f"w\rAnswer {n}." + ESC_ENTER for n in range(1, 4)) + "q\r"
    result, _ = drive(path, keys, role="force")
    lines = "\n".join(result.lines)
    assert "comments-received  (" not in lines  # not suggested after 3 of 7
    assert ("The force's answers: 4 of 7 findings still to answer; once they are in: "
            f'responder record "{path}" comments-received') in lines
    assert f'responder check "{path}"' in lines and f'responder render "{path}"' in lines
    assert f'responder interview "{path}" --role force --only-missing' in lines

    answer = "w\rMore." + ESC_ENTER
    skip = "s\r"  # a section's own comment
    keys = answer + answer + skip + answer + skip + skip + answer + "q\r"
    result, _ = drive(path, keys, role="force")
    lines = "\n".join(result.lines)
    assert f'Next to record:    responder record "{path}" comments-received' in lines


def test_commands_suggested_by_new_and_track_quote_names_with_spaces(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "none.toml")
    result = cli("new", "our response.yaml", "--body", "B", "--force", "F", "--title", "T",
                 "--published", "2025-11-01", "--shape", "statement")
    assert result.code == 0, result.err
    assert '`responder import REPORT --merge "our response.yaml"`' in result.out
    shutil.copyfile(EXAMPLES / "letter-northmoor-peel-2018-19.yaml", tmp_path / "north moor.yaml")
    walk = cli("track", "north moor.yaml")  # no terminal here
    assert walk.code == 2 and 'responder track "north moor.yaml" s1.2-afi1' in walk.err


# ---------------------------------------------------------------- item 6: the README


def test_the_readme_says_how_to_get_the_command_in_a_new_terminal():
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme
    assert ".venv\\Scripts\\Activate.ps1" in readme
    assert "pipx install ." in readme
    assert "command not found" in readme


def test_the_first_readme_command_names_the_next_step(cli, tmp_path, monkeypatch):
    import re

    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)\n```", readme, re.DOTALL).group(1)
    command = first.split("&&")[-1].split()
    assert command[0].endswith("responder")
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    result = cli(*command[1:])
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Wrote examples/letter-northmoor-peel-2018-19.docx")
    assert "marked DRAFT" in lines[0]
    assert lines[1].startswith("Next: read it through; before publishing, 'responder check "
                               "examples/letter-northmoor-peel-2018-19.yaml --strict'")
