"""Where commands write: never over a response or their own input, never more open than
the source, a full disk or read-only drive in one line, and the sign-off gate.

Issue 12 items 5 (render half), 7, 13 (render/new/import/templates export), 14 (the
"output None" message); issue 11 items 5 and 6.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

SMALL = "small-thornbury"
LETTER = "letter-northmoor"
CLEAN_DAY = "2019-01-01"  # the examples pass check on this day (nothing late yet)
LATE_DAY = "2024-03-01"  # the small example is a day late: check finds one error

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def umask(value: int):
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


# ---------------------------------------------------------------- item 7: not over a response


def test_render_refuses_to_write_over_another_response(cli, example, tmp_path):
    source = example(SMALL)
    other = tmp_path / "b.yaml"
    other.write_bytes((EXAMPLES / "letter-northmoor-peel-2018-19.yaml").read_bytes())
    before = other.read_bytes()
    result = cli("render", source, "--format", "html", "-o", other)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "b.yaml: is a response file (it starts 'responder:')" in result.err
    assert other.read_bytes() == before


def test_a_response_is_found_by_its_content_not_its_name(cli, example, tmp_path):
    source = example(SMALL)
    disguised = tmp_path / "notes.html"  # a response saved under a web page's name
    disguised.write_bytes(b"\xef\xbb\xbf# our draft\n\nresponder: 1\nbody: {name: X}\n")
    before = disguised.read_bytes()
    result = cli("render", source, "-o", disguised)
    assert result.code == 2 and "is a response file" in result.err
    assert disguised.read_bytes() == before
    # An earlier page of responder's is replaced; someone else's page is not.
    page = tmp_path / "page.html"
    assert cli("render", source, "-o", page, "--today", CLEAN_DAY).code == 0
    assert cli("render", source, "-o", page, "--today", CLEAN_DAY).code == 0
    page.write_text("<p>the inspectorate's report</p>", encoding="utf-8")
    refused = cli("render", source, "-o", page, "--today", CLEAN_DAY)
    assert refused.code == 2 and "is not a page responder wrote" in refused.err
    assert page.read_text(encoding="utf-8") == "<p>the inspectorate's report</p>"


def test_deadline_calendar_never_overwrites_a_response(cli, example, tmp_path):
    source = example(LETTER)
    other = tmp_path / "other.yaml"
    other.write_bytes(source.read_bytes())
    before = source.read_bytes()
    own = cli("deadline", source, "--ics", source)
    assert own.code == 2 and "is the input file itself; the calendar would overwrite it" in own.err
    another = cli("deadline", "--published", "2024-01-01", "--ics", other)
    assert another.code == 2 and "other.yaml: is a response file" in another.err
    assert source.read_bytes() == before and other.read_bytes() == before


def test_render_never_writes_over_its_letterhead(cli, example, tmp_path):
    source = example(LETTER)
    letterhead = tmp_path / "letterhead.docx"
    assert cli("render", source, "-o", letterhead, "--today", CLEAN_DAY).code == 0
    before = letterhead.read_bytes()
    result = cli("render", source, "--letterhead", letterhead, "-o", letterhead)
    assert result.code == 2 and "letterhead.docx: is the input file itself" in result.err
    assert letterhead.read_bytes() == before


def test_a_response_named_like_a_document_names_itself(cli, tmp_path):
    """Issue 12 item 14: it said 'the output None is the response file itself'."""
    source = tmp_path / "x.docx"
    source.write_bytes((EXAMPLES / "statement-wessex-legitimacy-2017.yaml").read_bytes())
    before = source.read_bytes()
    result = cli("render", source)
    assert result.code == 2
    assert "None" not in result.err
    assert "x.docx: is the input file itself; the rendered document would overwrite it " \
        "(give another name with -o)" in result.err
    assert source.read_bytes() == before


# ---------------------------------------------------------------- issue 11 item 6: format clash


@pytest.mark.parametrize(("fmt", "name", "says"), [
    ("html", "x.docx", "says docx"), ("docx", "x.html", "says html"),
    ("html", "x.txt", "does not end in .html"), ("docx", "x", "does not end in .docx"),
])
def test_a_format_that_contradicts_the_name_is_refused(cli, example, tmp_path, fmt, name, says):
    result = cli("render", example(SMALL), "--format", fmt, "-o", tmp_path / name)
    assert result.code == 2
    assert f"--format {fmt} but the output name" in result.err and says in result.err
    assert not (tmp_path / name).exists()


def test_a_matching_format_and_name_render(cli, example, tmp_path):
    for fmt, name in (("html", "x.htm"), ("html", "y.HTML"), ("docx", "z.docx")):
        result = cli("render", example(SMALL), "--format", fmt, "-o", tmp_path / name,
                     "--today", CLEAN_DAY)
        assert result.code == 0, result.err


# ---------------------------------------------------------------- item 5: permissions


@posix_only
@pytest.mark.parametrize("extra", [(), ("--full",), ("--full", "--format", "html")])
def test_output_is_never_more_open_than_its_source(cli, example, extra):
    source = example(SMALL)
    source.chmod(0o600)
    with umask(0o022):
        result = cli("render", source, *extra, "--today", CLEAN_DAY)
    assert result.code == 0, result.err
    written = Path(result.out.split("Wrote ", 1)[1].split(" (", 1)[0])
    assert mode(written) == 0o600


@posix_only
def test_output_follows_the_umask_when_that_is_stricter(cli, example):
    source = example(SMALL)
    source.chmod(0o644)
    with umask(0o077):
        assert cli("render", source, "--full", "--today", CLEAN_DAY).code == 0
    assert mode(source.with_name(source.stem + "-RESTRICTED.docx")) == 0o600
    with umask(0o027):
        assert cli("render", source, "--today", CLEAN_DAY, "-o", source.with_name("g.docx")).code == 0
    assert mode(source.with_name("g.docx")) == 0o640


@posix_only
def test_replacing_an_open_output_narrows_it_first(cli, example):
    source = example(SMALL)
    target = source.with_name(source.stem + "-RESTRICTED.docx")
    target.write_bytes(b"last week's version")
    target.chmod(0o644)
    source.chmod(0o600)
    with umask(0o022):
        assert cli("render", source, "--full", "--today", CLEAN_DAY).code == 0
    assert mode(target) == 0o600 and target.read_bytes().startswith(b"PK")


# ---------------------------------------------------------------- item 13: full disk, read-only


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KB tmpfs, mounted where the test can (root on Linux); else skipped."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    point = tmp_path / "disk"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(point)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)


def fill(folder: Path) -> None:
    handle = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(handle, b"x" * 1024)
    finally:
        os.close(handle)


def read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def commands(example, folder: Path) -> list[tuple[str, ...]]:
    report = Path(__file__).parent / "fixtures" / "import" / "peel-2021-22-wessex.txt"
    return [
        ("render", str(example(LETTER)), "-o", str(folder / "out.docx"), "--today", CLEAN_DAY),
        ("render", str(example(LETTER)), "-o", str(folder / "out.html"), "--today", CLEAN_DAY),
        ("new", str(folder / "new.yaml"), "--body", "B", "--force", "F", "--title", "T"),
        ("import", str(report), "-o", str(folder / "imported.yaml")),
        ("templates", "export", str(folder / "office")),
    ]


@pytest.mark.parametrize("trouble", ["full", "read-only"])
def test_a_full_or_read_only_disk_is_one_line_and_leaves_nothing(cli, example, small_disk,
                                                                  trouble):
    if trouble == "full":
        fill(small_disk)
        expected = "the disk is full"
    else:
        read_only(small_disk)
        expected = "the drive is read-only"
    for args in commands(example, small_disk):
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1, result.err
        assert f"cannot be written: {expected}; nothing was written" in result.err
    assert sorted(p.name for p in small_disk.iterdir()) == (["filler"] if trouble == "full" else [])


def test_a_full_disk_is_one_line_wherever_it_is_met(cli, example, tmp_path, monkeypatch):
    """The same without a tmpfs: the write itself fails with ENOSPC (every platform)."""
    import responder.response.writing

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(responder.response.writing, "atomic_write", full)
    result = cli("render", example(SMALL), "-o", tmp_path / "out.docx", "--today", CLEAN_DAY)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "out.docx: cannot be written: the disk is full; nothing was written" in result.err
    assert not (tmp_path / "out.docx").exists()


# ---------------------------------------------------------------- issue 11 item 5: the gate


def test_render_warns_once_when_check_finds_errors(cli, example, monkeypatch):
    source = example(SMALL)
    monkeypatch.chdir(source.parent)
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("commissioner: ", "commissioner: TBC ", 1), encoding="utf-8")
    result = cli("render", source, "--today", CLEAN_DAY)
    assert result.code == 0
    gate = [line for line in result.err.splitlines() if "check finds" in line]
    assert gate == [f"warning: check finds 1 error in {source.name}; see them with "
                    f"'responder check {source.name}' (render --final refuses what can still be fixed)"]
    spaced = source.rename(source.with_name("our response.yaml"))
    result = cli("render", spaced, "--today", CLEAN_DAY)
    assert "see them with 'responder check \"our response.yaml\"'" in result.err


def test_a_late_draft_says_the_final_renders_all_the_same(cli, example, monkeypatch):
    source = example(SMALL)
    monkeypatch.chdir(source.parent)
    result = cli("render", source, "--today", LATE_DAY)  # late is its only error
    assert result.code == 0
    assert [line for line in result.err.splitlines() if "late" in line] == [
        f"warning: {source.name} is late (check: S55-5A); render --final renders it all the "
        "same, and the drafted letter says so"]


def test_render_final_refuses_while_check_has_errors(cli, example, monkeypatch):
    source = example(SMALL)
    monkeypatch.chdir(source.parent)
    text = source.read_text(encoding="utf-8")
    # A placeholder left in (something the office can fix), on a day the response is late.
    source.write_text(text.replace("commissioner: ", "commissioner: TBC ", 1), encoding="utf-8")
    result = cli("render", source, "--final", "--date", LATE_DAY, "--today", LATE_DAY)
    assert result.code == 1
    assert result.err.count("\n") == 1 and "not rendered: check --strict finds 1 error" in result.err
    assert f"'responder check {source.name} --strict'" in result.err
    assert not [p for p in source.parent.iterdir() if p.suffix in (".docx", ".html")]


def test_render_final_writes_a_late_response_all_the_same(cli, example):
    """Issue 24: lateness is stated, never a reason to refuse the version to publish."""
    source = example(SMALL)
    result = cli("render", source, "--final", "--date", LATE_DAY, "--today", LATE_DAY)
    assert result.code == 0, result.err
    assert source.with_suffix(".docx").is_file()


def test_render_final_writes_a_response_that_passes_check(cli, example):
    source = example(SMALL)
    result = cli("render", source, "--final", "--date", CLEAN_DAY, "--today", CLEAN_DAY)
    assert result.code == 0, result.err
    assert "check finds" not in result.err
    assert source.with_suffix(".docx").is_file()


@pytest.mark.parametrize("command", ["new", "import", "templates"])
def test_new_import_and_export_on_a_full_disk_are_one_line(cli, tmp_path, monkeypatch, command):
    """As above without a tmpfs: every write these commands make fails with ENOSPC."""
    import shutil

    import responder.response.writing

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(responder.response.writing, "atomic_write", full)
    monkeypatch.setattr(shutil, "copyfile", full)
    report = Path(__file__).parent / "fixtures" / "import" / "peel-2021-22-wessex.txt"
    args = {
        "new": ("new", tmp_path / "n.yaml", "--body", "B", "--force", "F", "--title", "T"),
        "import": ("import", report, "-o", tmp_path / "i.yaml"),
        "templates": ("templates", "export", tmp_path / "office"),
    }[command]
    result = cli(*args)
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert "cannot be written: the disk is full; nothing was written" in result.err
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_a_force_form_and_a_committee_paper_are_never_more_open_than_the_responses(cli, example):
    source = example(LETTER)
    source.chmod(0o600)
    form, paper = source.with_name("form.docx"), source.with_name("paper.docx")
    with umask(0o022):
        assert cli("returns", "make", source, "-o", form).code == 0
        result = cli("progress", source.parent, "-o", paper, "--today", "2020-06-01")
    assert result.code == 0, result.err
    assert mode(form) == 0o600 and mode(paper) == 0o600


# ---------------------------------------------------------------- never over someone's Word document


def saved_in_word(path: Path, who: str = "Jane Smith") -> None:
    """Do to the core properties what Word does when someone saves the document."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    core = parts["docProps/core.xml"].decode("utf-8")
    core = re.sub(r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>",
                  f"<cp:lastModifiedBy>{who}</cp:lastModifiedBy>", core)
    core = core.replace("<cp:revision>1</cp:revision>", "<cp:revision>3</cp:revision>")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", r"\g<1>2026-11-27T15:42:00Z", core)
    parts["docProps/core.xml"] = core.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_render_replaces_its_own_unedited_document(cli, tmp_path):
    out = tmp_path / "letter.docx"
    source = EXAMPLES / "letter-northmoor-peel-2018-19.yaml"
    assert cli("render", source, "-o", out).code == 0
    again = cli("render", source, "-o", out)
    assert again.code == 0, again.err


@pytest.mark.parametrize("command", ["render", "progress"])
def test_a_document_saved_in_word_since_is_not_overwritten(cli, tmp_path, command):
    # QA finding 12: a signed or edited Word letter of the same name was lost without a word.
    out = tmp_path / "letter.docx"
    source = EXAMPLES / "letter-northmoor-peel-2018-19.yaml"
    assert cli("render", source, "-o", out).code == 0
    saved_in_word(out)
    before = out.read_bytes()
    result = cli(command, source, "-o", out)
    assert result.code == 2
    what = "the rendered document" if command == "render" else "the paper"
    assert result.err.strip() == (
        f"{out}: has been saved again since responder wrote it (by Jane Smith on 27 November "
        f"2026); {what} would overwrite those changes (give another name with -o, or move it "
        "away first)")
    assert out.read_bytes() == before


@pytest.mark.parametrize("command", ["render", "progress"])
def test_a_word_document_responder_did_not_write_is_not_overwritten(cli, tmp_path, command):
    from docx import Document

    out = tmp_path / "Signed letter.docx"
    Document().save(out)
    before = out.read_bytes()
    result = cli(command, EXAMPLES / "letter-northmoor-peel-2018-19.yaml", "-o", out)
    assert result.code == 2
    assert "exists and was not written by responder" in result.err
    assert out.read_bytes() == before


def test_a_document_libreoffice_resaved_unchanged_may_be_replaced(cli, tmp_path):
    from responder.response.outputs import office_properties, saved_since, written_by_responder

    # LibreOffice rewrites the keywords without separators and keeps revision 1 when nothing
    # was changed: still responder's, not edited.
    props = {"keywords": "HMICFRS section 55 response", "creator": "PCC", "lastModifiedBy": "PCC",
             "revision": "1", "created": "2026-11-27T12:00:00Z",
             "modified": "2026-11-27T12:00:00Z"}
    assert written_by_responder(props) and saved_since(props) is None
    assert office_properties(tmp_path / "absent.docx") is None


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_import_then_render_with_default_names_never_destroys_the_report(cli, tmp_path,
                                                                          monkeypatch, fmt):
    """QA finding 0: `import "X.docx"` writes X.yaml, and `render X.yaml` wrote X.docx — over
    the inspectorate's report. The same for a PDF or web-page report rendered to that format."""
    fixtures = Path(__file__).parent / "fixtures" / "import"
    source = {"docx": "peel-2021-22-wessex.docx", "pdf": "peel-2021-22-wessex.pdf",
              "html": "peel-2018-19-northmoor.html"}[fmt]
    if fmt == "pdf" and shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    monkeypatch.chdir(tmp_path)
    report = tmp_path / f"Wessex PEEL 2022.{fmt}"
    shutil.copyfile(fixtures / source, report)
    before = report.read_bytes()
    assert cli("import", report).code == 0
    result = cli("render", tmp_path / "Wessex PEEL 2022.yaml", "--format", fmt)
    assert result.code == 2
    assert "exists and" in result.err and "not" in result.err
    assert "give another name with -o" in result.err
    assert report.read_bytes() == before


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_render_replaces_its_own_page_and_pdf(cli, tmp_path, fmt):
    if fmt == "pdf" and shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / f"letter.{fmt}"
    source = EXAMPLES / "letter-northmoor-peel-2018-19.yaml"
    assert cli("render", source, "-o", out).code == 0
    again = cli("render", source, "-o", out)
    assert again.code == 0, again.err
