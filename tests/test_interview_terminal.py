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

from responder.drafting import agenda
from responder.response import editing, reading

pexpect = pytest.importorskip("pexpect")  # not on Windows; the in-process tests cover the logic

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "interview_data.yaml"
ESC_ENTER = "\x1b\r"


def spawn(path: Path, *args: str, colour: bool = False,
          env: dict[str, str] | None = None) -> pexpect.spawn:
    # pexpect is not a terminal emulator: it never answers prompt_toolkit's cursor-position
    # request, which would cost a second's wait per prompt. Real terminals do answer.
    extra = env
    env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="xterm", NO_COLOR="1",
               LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8",
               PROMPT_TOOLKIT_NO_CPR="1")
    if colour:
        env.pop("NO_COLOR")
    env.pop("VISUAL", None)
    env["EDITOR"] = "no-editor-in-tests"
    env.update(extra or {})
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
    response = reading.read(path)
    item = next(i for i in agenda.items_for(response) if i.key == key)
    return agenda.comment_of(response, item, role)


@pytest.fixture
def wessex(example) -> Path:
    """The statement example with the force's comments blanked, as when the force starts."""
    path = example("statement-wessex")
    doc = editing.load(path)
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

    response = reading.read(wessex)  # still a valid response file
    for key, text in answers.items():
        assert comment(wessex, key, "force") == text
    assert comment(wessex, "s2-afi2", "force") == ""
    assert response.commentary.commissioner  # the other voice's words untouched

    child = spawn(wessex, "--role", "force", "--today", "2018-01-20")
    child.expect_exact("that session looks abandoned")  # the killed process left its lock
    child.send("y\r")
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
    other = editing.load(path)
    other.response.sections[1].findings[0].commissioner = "Written by the PCC's office."
    other.save()
    answer(child, None, "Written by the force.")
    child.expect_exact("had been changed by someone else; their changes are kept")
    child.expect_exact("Area for improvement 2 — 2 of 7")
    child.expect_exact("Save and quit")
    assert comment(path, "s2-afi1", "commissioner") == "Written by the PCC's office."
    assert comment(path, "s1.1-afi1", "force") == "Written by the force."

    # Now the same field the interview is about to answer: their words stay, ours go aside.
    other = editing.load(path)
    other.response.sections[0].sections[0].findings[1].force = "Their words."
    other.save()
    answer(child, None, "Our words.")
    child.expect_exact("! Someone else changed the same answers in fenmarsh.yaml (s1.1-afi2 › force)")
    child.expect(r"yours are saved in (fenmarsh\.conflict-[0-9-]+\.yaml)")
    copy = tmp_path / child.match.group(1)
    # Ctrl-C at the next question (sent while the screen is still being drawn, a loaded
    # machine can deliver it before the menu listens for keys).
    child.expect_exact("Save and quit")
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


# ---------------------------------------------------------------- nothing typed is lost


def editor_env(tmp_path: Path, body: str) -> dict[str, str]:
    script = tmp_path / "stand_in_editor.py"
    script.write_text(body)
    return {"VISUAL": f'"{sys.executable}" "{script}"', "TMPDIR": str(tmp_path)}


DETACHED = """\
import os, sys, pathlib
# Writes the person's text and returns at once, its file time put back as if the window
# (Notepad on Windows 11, VS Code without --wait) were still open and not yet saved.
p = pathlib.Path(sys.argv[1])
stamp = p.stat()
p.write_bytes({text!r})
os.utime(p, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
"""


def test_a_separate_window_editor_goes_on_with_any_key(tmp_path):
    path = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, path)
    env = editor_env(tmp_path, DETACHED.format(text=b"Written in the other window.\n"))
    child = spawn(path, "--role", "force", env=env)
    child.expect_exact("Save and quit")
    child.send("e")
    child.send("\r")
    child.expect_exact("Press any key once you have saved the file in the editor")
    child.send("x")  # not Enter: questionary's own prompt used to read this as Ctrl-C
    child.expect_exact("✓ Your last answer is saved.")
    child.expect_exact("Area for improvement 2 — 2 of 7")
    child.expect_exact("Save and quit")
    child.send("q")
    child.send("\r")
    child.expect_exact("Finished for now")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert comment(path, "s1.1-afi1", "force") == "Written in the other window."
    assert not list(tmp_path.glob("responder-*.md"))  # removed once its text was saved


def test_an_editor_saving_in_windows_1252_loses_nothing(tmp_path):
    path = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, path)
    text = "The PCC’s office – £2m for victims’ services, café-style drop-ins"
    editor = f"import sys, pathlib\npathlib.Path(sys.argv[1]).write_bytes({text.encode('cp1252')!r})\n"
    child = spawn(path, "--role", "force", env=editor_env(tmp_path, editor))
    child.expect_exact("Save and quit")
    child.send("e")
    child.send("\r")
    child.expect_exact("✓ Your last answer is saved.")
    child.expect_exact("Save and quit")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in child.before
    assert comment(path, "s1.1-afi1", "force") == text


def test_ctrl_c_in_a_box_keeps_what_was_typed(tmp_path):
    path = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, path)
    child = spawn(path, "--role", "force")
    child.expect_exact("Save and quit")
    child.send("w")
    child.send("\r")
    child.expect_exact("Your comment:")
    child.send("Victims now get a call every")
    child.sendcontrol("c")
    child.expect_exact("The comment you were typing on Effectiveness › Question 1 › Area for "
                       "improvement 1 — 1 of 7 was saved as you had typed it, marked unfinished")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert comment(path, "s1.1-afi1", "force") == "Victims now get a call every"
    assert "unfinished: true" in path.read_text(encoding="utf-8")

    # The next run, in a real terminal, goes to it first; carry on typing where it stopped.
    child = spawn(path, "--role", "force")
    child.expect_exact("You were typing this comment when you stopped")
    child.expect_exact("Save and quit")
    child.send("c")
    child.send("\r")
    child.expect_exact("Edit your comment:")
    child.send(" 28 days.")
    child.send(ESC_ENTER)
    child.expect_exact("✓ Your last answer is saved.")
    child.expect_exact("Area for improvement 2 — 2 of 7")  # then on, as usual
    child.expect_exact("Save and quit")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert comment(path, "s1.1-afi1", "force") == "Victims now get a call every 28 days."
    assert "unfinished" not in path.read_text(encoding="utf-8")


def test_a_colleagues_stale_buffer_does_not_erase_a_confirmed_answer(tmp_path):
    path = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, path)
    buffer = path.read_bytes()  # a colleague opens the file in their editor
    child = spawn(path, "--role", "force")
    answer(child, "Area for improvement 1 — 1 of 7", "Confirmed answer one.")
    child.expect_exact("✓ Your last answer is saved.")
    child.expect_exact("Area for improvement 2 — 2 of 7")
    child.expect_exact("Save and quit")
    # The colleague saves their old buffer with an unrelated edit.
    path.write_bytes(buffer.replace(b"holder: Ada Quill", b"holder: Ada Quill MBE"))
    answer(child, None, "Answer two.")
    child.expect_exact("! Someone saved an older copy of fenmarsh.yaml without answers you")
    child.expect_exact("(s1.1-afi1 › force).")  # the notice wraps to the screen's width
    child.expect_exact("their version is")
    child.expect(r"(fenmarsh\.conflict-[0-9-]+\.yaml)")
    copy = tmp_path / child.match.group(1)
    child.expect_exact("Save and quit")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert comment(path, "s1.1-afi1", "force") == "Confirmed answer one."
    assert comment(path, "s1.1-afi2", "force") == "Answer two."
    assert reading.read(path).body.holder == "Ada Quill MBE"  # the colleague's edit survives
    assert comment(copy, "s1.1-afi1", "force") == ""  # their version, kept as they saved it
    assert reading.read(copy).body.holder == "Ada Quill MBE"


@pytest.fixture
def small_disk(tmp_path):
    """A real 256 KB disk (tmpfs), where the test may mount one (Linux, as root)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small disk needs Linux and root; test_interview covers it")
    import subprocess

    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here; test_interview covers it with a patched write")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / f"filler-{len(list(folder.iterdir()))}.bin"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 1024)
        except OSError:  # the disk is full
            pass
    return filler


def test_a_full_disk_keeps_the_answer_retries_and_recovers(small_disk, tmp_path):
    path = small_disk / "fenmarsh.yaml"
    shutil.copyfile(DATA, path)
    data_home = tmp_path / "data"
    child = spawn(path, "--role", "force", env={"XDG_DATA_HOME": str(data_home)})
    child.expect_exact("Save and quit")
    filler = fill(small_disk)
    answer(child, None, "Typed on a full disk.")
    child.expect_exact("! Not saved: the disk is full.")
    child.expect_exact("Your answer is kept here, in memory.")
    child.expect_exact("Try again")
    filler.unlink()  # the person frees some space
    child.send("r")
    child.send("\r")
    child.expect_exact("✓ Your last answer is saved.")
    child.expect_exact("Save and quit")
    assert comment(path, "s1.1-afi1", "force") == "Typed on a full disk."

    fill(small_disk)
    answer(child, None, "Second answer, disk full again.")
    child.expect_exact("! Not saved: the disk is full.")
    child.expect_exact("Try again")
    child.send("q")
    child.send("\r")
    child.expect(r"Your answers are saved in (\S+\.yaml);")
    recovery = Path(child.match.group(1))
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in child.before
    assert child.exitstatus == 2
    assert recovery.parent == data_home / "responder" / "recovered"
    assert comment(recovery, "s1.1-afi2", "force") == "Second answer, disk full again."
    assert comment(recovery, "s1.1-afi1", "force") == "Typed on a full disk."
    assert comment(path, "s1.1-afi2", "force") == ""  # the file itself is whole and unchanged
