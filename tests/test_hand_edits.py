"""Mistakes people make editing a response by hand: each gets one plain line, exit 2, or a
`check` warning where the file is readable but probably not what was meant."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

FILE = """\
responder: 1
body:
  name: Office of the Police and Crime Commissioner for Wessex
force:
  name: Wessex Police
report:
  title: PEEL 2025 – an inspection of Wessex Police
  published: 2025-11-01
process:
  chief_invited: 2025-11-03
  chief_comments_due: 2025-12-01
sections:
  - id: s1
    title: Investigating crime
    findings:
      - id: s1-afi1
        kind: area_for_improvement
        text: The force should improve how it supervises investigations.
        force: The force has a plan.
        commissioner: I will watch the plan closely.
"""
LINE = 20  # the commissioner's comment


def write(tmp_path: Path, text: str, name: str = "wessex.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_comment(value: str) -> str:
    return FILE.replace("commissioner: I will watch the plan closely.", f"commissioner: {value}")


# ---------------------------------------------------------------- YAML mistakes in plain words


@pytest.mark.parametrize(("value", "expected"), [
    ("Our view: we agree",
     "colon followed by a space (': '), which reads as a new key; put the whole text in "
     "quotes, e.g. commissioner: \"Our view: we agree\""),
    ("[Agreed] we will",
     "text starting with '[' is read as a list up to the ']'; put the whole text in quotes, "
     "e.g. commissioner: \"[Agreed] we will\""),
    ("{Agreed} we will", "text starting with '{' is read as a set of key: value pairs"),
    ('"Agreed" is our view',
     "text starting with a quote mark (\") must end with the same quote mark; put the whole "
     "text in quotes, e.g. commissioner: '\"Agreed\" is our view'"),
    ("- we agree", "text starting with '- ' is read as a list"),
    ("@PCC agrees", "text cannot start with '@' unless it is in quotes"),
], ids=["colon", "bracket", "brace", "quote", "dash", "at"])
def test_text_that_needs_quotes_says_so_with_the_line_and_an_example(tmp_path, cli, value,
                                                                      expected):
    path = write(tmp_path, with_comment(value))
    for command in ("validate", "check", "status"):
        result = cli(command, path)
        assert result.code == 2
        assert result.err.strip().splitlines() == [f"{path}:{LINE}: commissioner: {expected}"] \
            or result.err.startswith(f"{path}:{LINE}: commissioner: "), result.err
        assert expected in result.err
        assert "Traceback" not in result.err


def test_a_long_text_gets_a_short_example(tmp_path, cli):
    long = "Our view: " + "we agree with the inspectorate " * 10
    result = cli("validate", write(tmp_path, with_comment(long)))
    assert result.code == 2
    assert 'e.g. commissioner: "Our view: we agree with the inspectorate we agree with the…"' \
        in result.err


def test_a_date_key_is_told_to_write_a_date_not_to_quote(tmp_path, cli):
    path = write(tmp_path, FILE.replace("published: 2025-11-01", "published: [1 Nov] 2025"))
    result = cli("validate", path)
    assert result.code == 2
    assert "write the date as YYYY-MM-DD, e.g. published: 2025-11-01" in result.err


@pytest.mark.parametrize(("value", "shown"), [
    ("2017", 'expected text, got a number (2017); to write it as text, put it in quotes: '
             'commissioner: "2017"'),
    ("true", 'expected text, got true/false (True); to write it as text, put it in quotes: '
             'commissioner: "true"'),
])
def test_a_number_where_text_belongs_says_how_to_write_text(tmp_path, cli, value, shown):
    result = cli("validate", write(tmp_path, with_comment(value)))
    assert result.code == 2
    assert f":{LINE}:9: sections[0].findings[0].commissioner: {shown}" in result.err


def test_a_title_given_as_a_number_says_how_to_write_text(tmp_path, cli):
    path = write(tmp_path, FILE.replace("title: Investigating crime", "title: 2025"))
    result = cli("validate", path)
    assert 'sections[0].title: expected text, got a number (2025); to write it as text, put it ' \
        'in quotes: title: "2025"' in result.err


def test_a_date_typed_day_first_in_the_file_is_given_its_iso_form(tmp_path, cli):
    result = cli("validate", write(tmp_path, FILE.replace("2025-11-01", "01/11/2025")))
    assert result.code == 2
    assert ":8:3: report.published: '01/11/2025': dates in the file are written year first; " \
        "write 2025-11-01 for 1 November 2025" in result.err


def test_a_value_that_is_only_a_comment_is_a_check_warning(tmp_path, cli):
    path = write(tmp_path, with_comment("# to do: ask Jane"))
    assert cli("validate", path).code == 0  # well formed: the key is simply empty
    result = cli("check", path, "--today", "2025-11-10")
    assert result.code == 0
    assert (f"{path}: s1-afi1 commissioner (line {LINE}): BLANK warning: holds only a comment "
            "('# to do: ask Jane'), so it is empty") in result.out
    records = json.loads(cli("check", path, "--today", "2025-11-10", "--json").out)
    assert [r["code"] for r in records if r["code"] == "BLANK"] == ["BLANK"]
    status = json.loads(cli("status", path, "--today", "2025-11-10", "--json").out)
    assert status[0]["warnings"] >= 1


def test_a_comment_beside_a_block_is_not_a_blank(tmp_path, cli):
    text = FILE.replace("process:\n", "process:  # dates from the diary\n")
    result = cli("check", write(tmp_path, text), "--today", "2025-11-10")
    assert "BLANK" not in result.out


def test_comment_only_values_are_found_only_where_the_value_is_empty():
    from responder.response.validation import comment_only_values

    text = with_comment("# later") + "        withheld: # DPO to decide\n" + "    # not: # a key\n"
    text = text.replace("process:\n", "process: # below\n")
    blanks = comment_only_values(text)
    assert [(b.where, b.line, b.comment) for b in blanks] == [
        ("sections[0].findings[0].commissioner", LINE, "later"),
    ]
    assert comment_only_values(FILE) == []


# ---------------------------------------------------------------- dates no response can have


def test_a_response_published_before_its_report_is_refused(tmp_path, cli):
    text = FILE.replace("process:\n", "process:\n  response_published: 2025-10-27\n")
    path = write(tmp_path, text)
    for command in ("validate", "check", "status", "deadline"):
        result = cli(command, path)
        assert result.code == 2, command
        assert (f"{path}:10:3: process.response_published: 27 October 2025 is before "
                "report.published (1 November 2025): the response cannot be published before "
                "the report it answers") in result.err, command
    assert not cli("deadline", path).out  # no "on time" verdict


def test_copies_sent_before_the_report_are_refused(tmp_path, cli):
    text = FILE.replace("process:\n", "process:\n  copies_sent:\n    home_secretary: 2025-10-31\n")
    result = cli("validate", write(tmp_path, text))
    assert result.code == 2
    assert ("process.copies_sent.home_secretary: 31 October 2025 is before report.published "
            "(1 November 2025)") in result.err


@pytest.mark.parametrize("command", ["validate", "check", "status", "deadline"])
def test_a_date_far_in_the_future_is_one_line_not_an_overflow(tmp_path, cli, command):
    path = write(tmp_path, FILE.replace("2025-11-01", "9999-12-31"))
    result = cli(command, path)
    assert result.code == 2
    assert result.err.strip() == (f"{path}:8:3: report.published: 9999-12-31 is out of range: "
                                  "dates must fall between 1900 and 2199 (a typing slip?)")


def test_dates_out_of_order_are_check_warnings(tmp_path, cli):
    text = FILE.replace("  chief_comments_due: 2025-12-01\n",
                        "  chief_comments_due: 2025-12-01\n  chief_comments_received: 2025-11-02\n"
                        "  signed_off: 2025-12-20\n  response_published: 2025-12-19\n")
    result = cli("check", write(tmp_path, text), "--today", "2026-01-10")
    assert ("process.chief_comments_received: DATE-ORDER warning: the chief officer's comments "
            "are recorded as received before they were invited (chief_comments_received 2 "
            "November 2025, chief_invited 3 November 2025)") in result.out
    assert ("process.response_published: DATE-ORDER warning: the response was published before "
            "it was signed off") in result.out


def test_a_report_dated_after_today_is_a_warning_not_an_error(tmp_path, cli):
    result = cli("check", write(tmp_path, FILE), "--today", "2025-10-20")
    assert result.code == 0
    assert ("report.published: DATE warning: the report's publication date, 1 November 2025, "
            "is after today: not yet published?") in result.out


# ---------------------------------------------------------------- things that are not files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("command", ["validate", "check", "status", "deadline", "interview"])
def test_a_pipe_is_refused_up_front_not_read_forever(tmp_path, process, command):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    result = process(command, pipe, input="", timeout=30)  # a hang fails by the timeout
    assert result.code == 2
    assert result.err.strip().endswith("pipe.yaml: is a pipe, not a file; give a response file "
                                       "saved on disk")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_not_read_until_memory_runs_out(process):
    result = process("validate", "/dev/zero", timeout=30)
    assert result.code == 2
    assert result.err.strip() == "/dev/zero: is a device, not a file; give a response file saved on disk"


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symlink_loop_is_one_line(tmp_path, cli):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    result = cli("validate", loop)
    assert result.code == 2
    assert result.err.strip() == (f"{loop}: is a link that leads back to itself (a symbolic "
                                  "link loop); point it at the real file")


def test_one_more_problem_is_singular(tmp_path, cli):
    text = FILE.replace("process:\n", "process:\n  response_published: 2025-10-27\n  copies_sent:\n"
                        "    inspectorate: 2025-10-27\n")
    result = cli("check", write(tmp_path, text))
    assert result.err.strip().splitlines()[-1].endswith(": … and 1 more problem")


def test_a_text_cut_short_by_a_comment_is_a_check_warning(tmp_path, cli):
    path = write(tmp_path, with_comment("Agreed — see #3 for detail"))
    result = cli("check", path, "--today", "2025-11-10")
    assert (f"{path}: s1-afi1 commissioner (line {LINE}): BLANK warning: the text stops before "
            "' #': the words after it are a comment, not part of the text; if they belong to "
            "it, put the whole text in quotes") in result.out
    # A comment after a date is how people annotate files: not reported.
    dated = write(tmp_path, FILE.replace("published: 2025-11-01", "published: 2025-11-01  # cover"),
                  "dated.yaml")
    assert "BLANK" not in cli("check", dated, "--today", "2025-11-10").out


def test_a_paragraph_pasted_with_a_line_break_names_the_stray_line(tmp_path, cli):
    text = with_comment("I will watch the plan\nclosely, and report in May.")
    result = cli("validate", write(tmp_path, text))
    assert result.code == 2
    assert f":{LINE + 1}: this line is not a 'key: value' line; if it continues the text above " \
        "it, join it to that line (a paragraph stays on one line), or indent it further than " \
        "that text's key" in result.err
    # Indented further than its key, the same text is one paragraph.
    fixed = with_comment("I will watch the plan\n          closely, and report in May.")
    assert cli("validate", write(tmp_path, fixed, "fixed.yaml")).code == 0


@pytest.mark.parametrize("indent", ["\t\t", "      \t", "\t  "], ids=["tabs", "spaces-tab", "tab-spaces"])
def test_a_line_indented_with_a_tab_says_so_in_plain_words(tmp_path, cli, indent):
    """QA 16: Notepad's Tab key gave "found character '\\t' that cannot start any token"."""
    text = FILE.replace("        kind: area_for_improvement", f"{indent}kind: area_for_improvement")
    path = write(tmp_path, text)
    for command in ("validate", "check", "render"):
        result = cli(command, path)
        assert result.code == 2
        assert result.err.strip() == (
            f"{path}:17: line 17 is indented with a Tab; YAML needs spaces — replace the Tab "
            "with spaces, lining up with the line above"), result.err


def test_a_tab_inside_a_line_says_so_in_plain_words(tmp_path, cli):
    path = write(tmp_path, FILE.replace("kind: area_for_improvement",
                                        "kind: area_for_improvement\tnote"))
    result = cli("validate", path)
    assert result.code == 2
    assert result.err.strip() == (f"{path}:17: line 17 has a Tab where YAML needs a space "
                                  "(column 35); replace the Tab with a space")


@pytest.mark.parametrize(("old", "line"), [("id: s1-afi1", 16), ("id: s1\n", 13)])
def test_a_duplicate_id_names_the_line_of_the_second(tmp_path, cli, old, line):
    """QA 16: a duplicated id was named at `sections:`, not where it is used again."""
    ref = old.split(": ")[1].strip()
    second = FILE + f"""\
      - id: {ref}
        kind: area_for_improvement
        text: The force should improve how it records crime.
"""
    path = write(tmp_path, second)
    result = cli("validate", path)
    assert result.code == 2
    assert result.err.strip() == (
        f"{path}:21:9: sections[0].findings[1].id: the id {ref!r} is used twice (first on line "
        f"{line}); ids must be unique — change this one")
