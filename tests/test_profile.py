"""The office profile: made by the real prompts, kept with the rest of responder.toml, read by
`new`, `import` and `render`, and refused in one line when it has a mistake."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from conftest import ROOT
from responder.drafting import profile
from responder.drafting.interview.questions import Cancelled, ask_profile
from responder.response import reading

FIXTURES = ROOT / "tests" / "fixtures" / "import"

PROFILE = """\
# Settings for the Wessex office
[deadline]
due_soon_days = 10   # we like an early warning

[office]
letterhead = "letterhead.docx"   # in this folder

[office.body]
name = "Office of the Police and Crime Commissioner for Wessex"
role = "Police and Crime Commissioner for Wessex"
short_role = "PCC"
holder = "Jane Smith"
address = ["Police Headquarters", "1 Chapel Lane", "Wessex", "WX1 1AA"]
website = "https://www.wessex-pcc.example"
reference = "JS/HMICFRS"

[office.force]
name = "Wessex Police"
short_name = "WP"
chief = "Alex Jones"
chief_role = "Chief Constable"

[office.letter]
sign_off = "Yours faithfully"
cc = ["His Majesty's Chief Inspector of Constabulary"]

[office.letter.to]
name = "The Rt Hon the Secretary of State for the Home Department"
role = "Home Secretary"
address = ["Home Office", "2 Marsham Street", "London", "SW1P 4DF"]
"""


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A working folder with the profile above in its responder.toml."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "user" / "r.toml")
    (tmp_path / "responder.toml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """A working folder with no responder.toml, and none in the user's config folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("responder.config.user_config_file", lambda: tmp_path / "user" / "r.toml")
    return tmp_path


def answer(current: dict, keys: str) -> tuple[dict, str]:
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        keyboard.close()
        answers = ask_profile(current, input=keyboard, output=PlainTextOutput(screen))
    return answers, screen.getvalue()


# Answers to every question, in order (Enter keeps what is offered).
BEFORE_LETTERHEAD = "".join(line + "\r" for line in (
    "Office of the Police and Crime Commissioner for Wessex",
    "Police and Crime Commissioner for Wessex",
    "",  # short label: PCC is offered, from the role
    "Jane Smith",
    "Police Headquarters, 1 Chapel Lane, Wessex, WX1 1AA",
    "https://www.wessex-pcc.example",
    "",  # reference: none
    "Wessex Police", "WP", "Alex Jones",
    "",  # Chief Constable is offered
    "", "", "", "", "",  # the Home Secretary, Home Office, the Chief Inspector, Yours sincerely
))
COMMITTEE_KEYS = "".join(line + "\r" for line in (
    "",  # the committee: Joint Audit Committee is offered
    "OFFICIAL", "Sam Patel", "Head of Policy and Scrutiny", "",  # no email
))
NEW_KEYS = BEFORE_LETTERHEAD + "\r" + COMMITTEE_KEYS  # no letterhead


def test_the_profile_is_made_by_answering_the_prompts(nowhere, cli):
    answers, screen = answer({}, NEW_KEYS)
    assert "Name of the office" in screen and "Their address, lines separated by commas" in screen
    office = profile.Office.model_validate(answers)
    path = profile.target(None, user=False)
    assert path == nowhere / "responder.toml"
    profile.write(path, office)
    loaded = profile.load().office
    assert loaded.body.short_role == "PCC"
    assert loaded.body.address == ["Police Headquarters", "1 Chapel Lane", "Wessex", "WX1 1AA"]
    assert loaded.body.reference is None
    assert loaded.force.chief_role == "Chief Constable"
    assert loaded.letter.to.name == "The Rt Hon the Secretary of State for the Home Department"
    assert loaded.letter.to.address == ["Home Office", "2 Marsham Street", "London", "SW1P 4DF"]
    assert loaded.letter.cc == ["His Majesty's Chief Inspector of Constabulary"]
    assert loaded.letter.sign_off == "Yours sincerely"
    assert loaded.letterhead is None
    assert loaded.committee.name == "Joint Audit Committee"
    assert loaded.committee.classification == "OFFICIAL"
    assert (loaded.committee.contact, loaded.committee.contact_role) == (
        "Sam Patel", "Head of Policy and Scrutiny")
    assert loaded.committee.contact_email is None
    text = path.read_text(encoding="utf-8")
    assert '[office.committee]\nname = "Joint Audit Committee"\n' in text
    shown = cli("profile", "--show")
    assert "body.holder            Jane Smith" in shown.out
    assert "responder.toml" in shown.out.splitlines()[0]


def test_updating_shows_what_is_there_and_keeps_the_rest_of_the_file(office):
    (office / "letterhead.docx").write_bytes(b"")
    current = profile.plain(profile.load().office)
    # Enter keeps every answer but the holder's name, which is replaced.
    keys = "\r\r\r" + "\x15Sam Brown\r" + "\r" * 18
    answers, screen = answer(current, keys)
    assert "Jane Smith" in screen  # offered as it stands
    profile.write(office / "responder.toml", profile.Office.model_validate(answers))
    text = (office / "responder.toml").read_text(encoding="utf-8")
    assert text == PROFILE.replace('holder = "Jane Smith"', 'holder = "Sam Brown"')


def test_a_cleared_answer_is_removed_and_comments_stay(office):
    current = profile.plain(profile.load().office)
    # Clear the reference and the letterhead; Enter keeps the committee's (empty) answers.
    keys = "\r" * 6 + "\x15\r" + "\r" * 9 + "\x15\r" + "\r" * 5
    answers, _ = answer(current, keys)
    profile.write(office / "responder.toml", profile.Office.model_validate(answers))
    text = (office / "responder.toml").read_text(encoding="utf-8")
    assert 'reference = "JS/HMICFRS"\n' not in text
    assert "letterhead" not in text
    assert "# Settings for the Wessex office" in text and "# we like an early warning" in text
    assert profile.load().office.body.holder == "Jane Smith"


def test_ctrl_c_writes_nothing(office):
    current = profile.plain(profile.load().office)
    with pytest.raises(Cancelled):
        answer(current, "\r\r\x03")
    assert (office / "responder.toml").read_text(encoding="utf-8") == PROFILE


def test_a_letterhead_that_is_not_there_is_asked_again(nowhere):
    (nowhere / "head.dotx").write_bytes(b"")
    keys = (BEFORE_LETTERHEAD + "missing.docx\r" + "\x15\"" + str(nowhere / "head.dotx") + "\"\r"
            + COMMITTEE_KEYS)
    answers, _ = answer({}, keys)  # "missing.docx" is refused, so the second path is asked for
    assert answers["letterhead"] == str(nowhere / "head.dotx")


def test_profile_without_a_terminal_says_so(office, process):
    result = process("profile", input="", cwd=office, env={"XDG_CONFIG_HOME": str(office)})
    assert result.code == 2
    assert "needs a terminal" in result.err and "responder.toml" in result.err


def test_show_without_a_profile(nowhere, cli):
    result = cli("profile", "--show")
    assert result.code == 0
    assert "No office profile yet: run `responder profile`" in result.out


# ---------------------------------------------------------------- using it


def test_new_fills_every_field_from_the_profile_and_flags_win(office, cli):
    result = cli("new", "wessex.yaml", "--title", "PEEL 2025 – an inspection of Wessex Police",
                 "--published", "1/11/2025", "--shape", "letter", "--holder", "Sam Brown")
    assert result.code == 0, result.err
    assert "From the office profile (responder.toml): body.name, body.role, body.short_role" \
        in result.out
    assert "From the command line: --holder, --title, --published, --shape." in result.out
    response = reading.read(office / "wessex.yaml")
    assert response.body.holder == "Sam Brown"  # the flag, not the profile's Jane Smith
    assert response.body.name == "Office of the Police and Crime Commissioner for Wessex"
    assert response.body.address[-1] == "WX1 1AA"
    assert response.body.website == "https://www.wessex-pcc.example"
    assert response.body.reference == "JS/HMICFRS"
    assert (response.force.name, response.force.short_name, response.force.chief) == (
        "Wessex Police", "WP", "Alex Jones")
    assert response.letter.to.name == "The Rt Hon the Secretary of State for the Home Department"
    assert response.letter.sign_off == "Yours faithfully"
    assert response.letter.cc == ["His Majesty's Chief Inspector of Constabulary"]


def test_new_without_a_profile_still_asks_for_what_is_missing(nowhere, process):
    result = process("new", "w.yaml", "--title", "T", input="", cwd=nowhere,
                     env={"XDG_CONFIG_HOME": str(nowhere)})
    assert result.code == 2
    assert "missing --body, --force" in result.err


def test_import_fills_the_office_and_makes_a_letter(office, cli):
    result = cli("import", FIXTURES / "peel-2021-22-wessex.txt", "-o", "wessex.yaml")
    assert result.code == 0, result.err
    assert "From the office profile" in result.out
    assert "body.name was worked out" not in result.err
    response = reading.read(office / "wessex.yaml")
    assert response.body.holder == "Jane Smith" and response.force.chief == "Alex Jones"
    assert response.letter is not None and response.letter.sign_off == "Yours faithfully"


def test_import_of_another_force_s_report_keeps_that_force(office, cli):
    result = cli("import", FIXTURES / "peel-2018-19-northmoor.html", "-o", "n.yaml",
                 "--shape", "statement")
    assert result.code == 0, result.err
    response = reading.read(office / "n.yaml")
    assert response.force.name == "Northmoor Police" and response.force.chief is None
    assert response.letter is None
    assert "the office profile's force is Wessex Police" in result.err


def test_render_takes_the_profile_s_letterhead(office, cli, example):
    from docx import Document

    base = Document()
    base.sections[0].header.paragraphs[0].text = "WESSEX OPCC LETTERHEAD"
    base.save(str(office / "letterhead.docx"))
    source = example("letter-northmoor")
    assert cli("render", source, "-o", office / "out.docx").code == 0
    rendered = Document(str(office / "out.docx"))
    assert rendered.sections[0].header.paragraphs[0].text == "WESSEX OPCC LETTERHEAD"


def test_render_names_a_missing_letterhead_in_the_profile(office, cli, example):
    result = cli("render", example("letter-northmoor"), "-o", office / "out.docx")
    assert result.code == 2
    assert result.err.startswith("responder.toml: office.letterhead: the letterhead")
    assert not (office / "out.docx").exists()


BAD = {
    "unknown key": ('[office.body]\nnmae = "X"\n', "responder.toml:2: office.body.nmae: "
                    "unknown key 'nmae' (did you mean 'name'?)"),
    "unknown table": ('[office]\n\n[office.forse]\nname = "X"\n', "responder.toml:3: "
                      "office.forse: unknown key 'forse' (did you mean 'force'?)"),
    "wrong type": ('[office.body]\nname = "X"\naddress = "1 Chapel Lane"\n',
                   "responder.toml:3: office.body.address: expected a list"),
    "bad TOML": ('[office.body]\nname = "X\n', "responder.toml:2:"),
    "office not a table": ('office = "Wessex"\n', "responder.toml:1: office: must be a table"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_profile_with_a_mistake_is_one_line_exit_2(case, nowhere, cli):
    text, message = BAD[case]
    (nowhere / "responder.toml").write_text(text, encoding="utf-8")
    result = cli("new", "w.yaml", "--body", "B", "--force", "F", "--title", "T")
    assert result.code == 2
    assert result.err.startswith(message), result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (nowhere / "w.yaml").exists()
    shown = cli("profile", "--show")
    assert shown.code == 2 and shown.err.startswith(message)


def test_the_user_s_profile_is_used_when_the_folder_has_none(nowhere, cli):
    user = nowhere / "user" / "r.toml"
    user.parent.mkdir()
    user.write_text(PROFILE, encoding="utf-8")
    assert profile.load().office.body.holder == "Jane Smith"
    assert profile.target(None, user=False) == user
    assert profile.target(None, user=True) == user
    assert profile.target(Path("x.toml"), user=False) == Path("x.toml")
