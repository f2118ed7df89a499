"""The interview in a real terminal (a pseudo-terminal through pexpect), as whole processes.

These are the tests that prove nothing typed is lost when the terminal dies,
and that two people (two processes) cannot answer over each other.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from responder import agenda, store

pexpect = pytest.importorskip("pexpect")  # not on Windows; the in-process tests cover the logic

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "interview_data.yaml"
ESC_ENTER = "\x1b\r"


def spawn(path: Path, *args: str, colour: bool = False) -> pexpect.spawn:
    # pexpect is not a terminal emulator: it never answers prompt_toolkit's cursor-position
    # request, which would cost a second's wait per prompt. Real terminals do answer.
    env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm", NO_COLOR="1",
               LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8",
               PROMPT_TOOLKIT_NO_CPR="1")
    if colour:
        env.pop("NO_COLOR")
    env.pop("VISUAL", None)
    env["EDITOR"] = "no-editor-in-tests"
    return pexpect.spawn(sys.executable, ["-m", "responder", "interview", str(path), *args],
                         env=env, encoding="utf-8", timeout=20, dimensions=(35, 100),
                         cwd=str(path.parent))


def answer(child: pexpect.spawn, crumb: str | None, text: str) -> None:
    if crumb:
        child.expect_exact(crumb)
        child.expect_exact("Save and quit")
    child.send("w")
    child.send("\r")
    child.expect_exact("Your comment:")
    child.send(text)
    child.send(ESC_ENTER)


def skip(child: pexpect.spawn, crumb: str) -> None:
    child.expect_exact(crumb)
    child.expect_exact("Save and quit")
    child.send("s")
    child.send("\r")


def comment(path: Path, key: str, role: str) -> str:
    response = store.read(path)
    item = next(i for i in agenda.items_for(response) if i.key == key)
    return agenda.comment_of(response, item, role)


@pytest.fixture
def wessex(example) -> Path:
    """The statement example with the force's comments blanked, as when the force starts."""
    path = example("statement-wessex")
    doc = store.load(path)
    for _, finding in doc.response.walk_findings():
        finding.force = None
    for _, section in doc.response.walk_sections():
        section.force = None
    doc.response.commentary.force = None
    doc.save()
    return path


def test_killed_terminal_keeps_the_answers_and_the_next_run_resumes(wessex):
    answers = {
        "s1-afi1": "We now publish a quarterly Community Insight Report.",
        "s1-afi2": "Supervisors review every search record within seven days.",
        "s2-afi1": "The vetting unit grows from six to eleven posts.",
    }
    child = spawn(wessex, "--role", "force", "--today", "2018-01-20")
    child.expect_exact("Last day to publish the response: Monday 5 February 2018 (16 days left)")
    answer(child, "Question 1 › Area for improvement 1 — 1 of 8", answers["s1-afi1"])
    answer(child, "Question 1 › Area for improvement 2 — 2 of 8", answers["s1-afi2"])
    skip(child, "Question 1 › Comments on the question as a whole")
    answer(child, "Question 2 › Area for improvement 1 — 3 of 8", answers["s2-afi1"])
    child.expect_exact("Question 2 › Area for improvement 2 — 4 of 8")  # the third is saved
    child.kill(signal.SIGKILL)
    child.wait()

    response = store.read(wessex)  # still a valid response file
    for key, text in answers.items():
        assert comment(wessex, key, "force") == text
    assert comment(wessex, "s2-afi2", "force") == ""
    assert response.commentary.commissioner  # the other voice's words untouched

    child = spawn(wessex, "--role", "force", "--today", "2018-01-20")
    child.expect_exact("that session looks abandoned")  # the killed process left its lock
    child.send("y")
    child.expect_exact("Answered so far: 3 of 8 findings")
    child.expect_exact("Carrying on from Question 2 › Area for improvement 2 — 4 of 8")
    child.expect_exact("The force should ensure that its counter-corruption unit:")
    child.expect_exact("Save and quit")
    child.sendcontrol("c")
    child.expect_exact("Stopped. Your answers are saved in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not Path(str(wessex) + ".lock").exists()


def test_a_second_interview_of_the_same_file_is_refused(tmp_path):
    path = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, path)
    first = spawn(path, "--role", "force")
    first.expect_exact("Save and quit")
    second = spawn(path, "--role", "commissioner")
    second.expect_exact("fenmarsh.yaml is open for interview by")
    second.expect_exact("try again when they have finished")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 2
    first.send("q")
    first.send("\r")
    first.expect_exact("Finished for now")
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 0
    assert not Path(str(path) + ".lock").exists()


def test_changes_made_by_another_process_are_merged_or_kept_in_a_conflict_copy(tmp_path):
    path = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, path)
    child = spawn(path, "--role", "force")
    child.expect_exact("Area for improvement 1 — 1 of 7")
    child.expect_exact("Save and quit")

    # Another process (this test) writes a different field meanwhile: merged.
    other = store.load(path)
    other.response.sections[1].findings[0].commissioner = "Written by the PCC's office."
    other.save()
    answer(child, None, "Written by the force.")
    child.expect_exact("had been changed by someone else; their changes are kept")
    child.expect_exact("Area for improvement 2 — 2 of 7")
    child.expect_exact("Save and quit")
    assert comment(path, "s2-afi1", "commissioner") == "Written by the PCC's office."
    assert comment(path, "s1.1-afi1", "force") == "Written by the force."

    # Now the same field the interview is about to answer: their words stay, ours go aside.
    other = store.load(path)
    other.response.sections[0].sections[0].findings[1].force = "Their words."
    other.save()
    answer(child, None, "Our words.")
    child.expect_exact("! Someone else changed the same answers in fenmarsh.yaml (s1.1-afi2 › force)")
    child.expect(r"yours are saved in (fenmarsh\.conflict-[0-9-]+\.yaml)")
    copy = tmp_path / child.match.group(1)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert comment(path, "s1.1-afi2", "force") == "Their words."
    assert comment(copy, "s1.1-afi2", "force") == "Our words."
    assert comment(path, "s1.1-afi1", "force") == "Written by the force."


COLOUR = r"\x1b\[[0-9;]*(3[0-7]|38;[25];[0-9;]+)m"  # an SGR sequence that sets a colour


@pytest.mark.parametrize("no_color", [True, False])
def test_no_color_is_respected(tmp_path, no_color):
    import re

    path = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, path)
    child = spawn(path, "--role", "force", colour=not no_color)
    child.expect_exact("Save and quit")
    shown = child.before
    child.send("q")
    child.send("\r")
    child.expect(pexpect.EOF)
    assert bool(re.search(COLOUR, shown)) is not no_color
    assert "Area for improvement 1 — 1 of 7" in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)
