"""`responder new`: from flags, from real prompts, and refusing what it should."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from responder.drafting.interview.questions import Cancelled, ask_new_response
from responder.response import reading

FLAGS = [
    "--body", "Office of the Police and Crime Commissioner for Wessex",
    "--role", "Police and Crime Commissioner for Wessex",
    "--force", "Wessex Police", "--title", "PEEL 2025 – an inspection of Wessex Police",
]


def test_new_from_flags_writes_a_valid_file(tmp_path, cli):
    path = tmp_path / "wessex.yaml"
    result = cli("new", path, *FLAGS, "--published", "2025-11-01", "--shape", "letter")
    assert result.code == 0, result.err
    assert "Created" in result.out and "PEEL 2025" in result.out
    response = reading.read(path)
    assert response.body.short_role == "PCC"
    assert response.force.short_name == "WP"
    assert response.report.grades == "peel-2021" and response.report.kind == "peel"
    assert response.letter is not None and response.letter.to.role == "Home Secretary"


def test_new_without_a_date_warns(tmp_path, cli):
    result = cli("new", tmp_path / "w.yaml", *FLAGS, "--shape", "statement")
    assert result.code == 0
    assert "No publication date yet" in result.err
    assert reading.read(tmp_path / "w.yaml").letter is None


def test_new_never_overwrites(tmp_path, cli):
    path = tmp_path / "wessex.yaml"
    path.write_text("someone's work\n", encoding="utf-8")
    result = cli("new", path, *FLAGS)
    assert result.code == 2
    assert "already exists" in result.err
    assert path.read_text(encoding="utf-8") == "someone's work\n"


def test_new_refuses_a_bad_date(tmp_path, cli):
    result = cli("new", tmp_path / "w.yaml", *FLAGS, "--published", "2019-02-31")
    assert result.code == 2
    assert "'2019-02-31' is not a real date" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "w.yaml").exists()


def test_new_without_a_terminal_names_the_missing_flags(tmp_path, process):
    result = process("new", tmp_path / "w.yaml", "--force", "Wessex Police", input="")
    assert result.code == 2
    assert "missing --body, --title (or run it in a terminal to be asked)" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "w.yaml").exists()


def _ask(keys: str, values: dict) -> dict:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        return ask_new_response(values, input=pipe, output=DummyOutput())


def test_prompts_ask_only_for_what_is_missing():
    answers = _ask(
        "Office of the PCC for Wessex\r"  # body
        "Jane Smith\r"  # holder
        "Police and Crime Commissioner for Wessex\r"  # role
        "PEEL 2025\r"  # title
        "2025-13-01\r"  # not a date: refused, asked again
        "\x7f\x7f\x7f\x7f\x7f11-01\r"  # corrected
        "\x1b[B\r",  # shape: down to the statement
        {"force": "Wessex Police"},
    )
    assert answers["body"] == "Office of the PCC for Wessex"
    assert answers["force"] == "Wessex Police"
    assert answers["title"] == "PEEL 2025"
    assert str(answers["published"]) == "2025-11-01"
    assert answers["shape"] == "statement"


def test_a_required_answer_cannot_be_left_empty():
    answers = _ask("\rOffice\r\r\rWessex Police\rT\r\r\r", {})
    assert answers["body"] == "Office"
    assert answers["holder"] is None and answers["published"] is None
    assert answers["shape"] == "letter"


def test_the_short_label_comes_from_the_body_when_no_role_is_given(tmp_path, cli):
    flags = [f for f in FLAGS if f not in ("--role", "Police and Crime Commissioner for Wessex")]
    assert cli("new", tmp_path / "w.yaml", *flags).code == 0
    assert reading.read(tmp_path / "w.yaml").body.short_role == "PCC"


def test_ctrl_c_cancels_without_writing():
    with pytest.raises(Cancelled, match="nothing was written"):
        _ask("Office\r\x03", {})


@pytest.mark.parametrize("typed", ["01/11/2025", "1.11.2025", "1 November 2025", "1 Nov 2025",
                                   "2025-11-01"])
def test_the_date_prompt_takes_dates_as_people_write_them(typed):
    values = {"body": "B", "force": "F", "title": "T", "holder": "H", "role": "R",
              "shape": "letter"}
    answers = _ask(typed + "\r", values)
    assert str(answers["published"]) == "2025-11-01"


def test_the_date_prompt_refuses_an_impossible_date_and_says_why():
    from responder.drafting.interview.questions import _valid_date

    assert "is not a real date" in str(_valid_date("29/02/2025"))
    values = {"body": "B", "force": "F", "title": "T", "holder": "H", "role": "R",
              "shape": "letter"}
    answers = _ask("29/02/2025\r" + "\x15" + "28/02/2025\r", values)  # refused, then corrected
    assert str(answers["published"]) == "2025-02-28"
