"""The store: byte-stable round trips, hand edits kept, atomic saves, stable ids."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, example_files
from responder.errors import ConflictError, InputError
from responder.response import editing, reading, roundtrip, writing
from responder.response.model import Passage

HAND_EDITED = textwrap.dedent("""\
    responder: 1
    # Kept by the policy team: ask Sam before changing the body.
    body:
      name: Office of the Police and Crime Commissioner for Wessex   # full legal name
      address:
        - 1 Chapel Lane
    force: {name: Wessex Police, short_name: WP}
    report:
      title: "PEEL 2025: an inspection of Wessex Police"
      published: 2025-11-01
      grades: peel-2021
    sections:
      # The first question.
      - title: How good is the force at investigating crime?
        grade: Adequate
        findings:
          - kind: area_for_improvement
            text: The force should improve the supervision of investigations.
            force: |
              We have appointed a **new lead**.

              - weekly reviews
              - better training
      - title: How good is the force at protecting vulnerable people?
        findings:
          - kind: cause_of_concern
            text: The force is not doing enough to protect vulnerable people.
            recommendations:
              - kind: recommendation
                text: Within three months, the force should review its risk assessments.
    """)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_load_and_save_unchanged_is_byte_identical(path, tmp_path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    doc = editing.load(copy)
    assert doc.save() is False
    assert copy.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_examples_are_already_in_the_written_layout(path):
    """Re-serialising an example's tree reproduces it: what we ship is what we write."""
    tree = reading.parse(path.read_text(encoding="utf-8"), path)
    assert roundtrip.dump(tree) == path.read_bytes()


def test_a_change_keeps_comments_order_and_styles(tmp_path):
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    doc = editing.load(path)
    doc.response.sections[0].findings[0].commissioner = Passage(text="I will follow this up.")
    assert doc.save() is True
    text = path.read_text(encoding="utf-8")
    assert "# Kept by the policy team: ask Sam before changing the body." in text
    assert "# full legal name" in text
    assert "# The first question." in text
    assert "force: {name: Wessex Police, short_name: WP}" in text
    assert 'title: "PEEL 2025: an inspection of Wessex Police"' in text
    assert "force: |\n          We have appointed a **new lead**." in text
    # the new comment lands after the force's, in the model's key order
    assert text.index("- better training") < text.index("commissioner: I will follow this up.")
    # ids were assigned on load and are written with the change
    assert "- id: s1\n" in text and "id: s2-coc1-rec1" in text
    again = editing.load(path)
    assert again.save() is False


def test_ids_are_assigned_once_and_kept_when_items_move(tmp_path):
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    doc = editing.load(path)
    ids = [s.id for s in doc.response.sections]
    assert ids == ["s1", "s2"]
    doc.response.process.chief_invited = __import__("datetime").date(2025, 11, 3)
    doc.save()
    # Someone reorders the sections by hand and adds a new one at the top.
    doc = editing.load(path)
    doc.response.sections.reverse()
    doc.response.sections.insert(0, type(doc.response.sections[0])(title="A new first question"))
    doc.response.assign_ids()
    doc.save()
    reloaded = reading.read(path)
    assert [s.id for s in reloaded.sections] == ["s1-2", "s2", "s1"]
    assert reloaded.sections[1].findings[0].recommendations[0].id == "s2-coc1-rec1"


def test_ids_assigned_on_load_are_deterministic(tmp_path):
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    first = [f.id for _, f in reading.read(path).walk_findings()]
    second = [f.id for _, f in reading.read(path).walk_findings()]
    assert first == second == ["s1-afi1", "s2-coc1", "s2-coc1-rec1"]


def test_windows_line_endings_are_kept(tmp_path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(HAND_EDITED.replace("\n", "\r\n").encode())
    doc = editing.load(path)
    doc.response.report.url = "https://example.org/report"
    doc.save()
    data = path.read_bytes()
    assert b"url: https://example.org/report\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_a_save_that_fails_mid_write_leaves_the_original(tmp_path, monkeypatch):
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    before = path.read_bytes()
    doc = editing.load(path)
    doc.response.report.url = "https://example.org/report"

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(writing.SaveError, match="wessex.yaml: cannot be saved: the disk is full"):
        doc.save()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["wessex.yaml"]


def test_a_process_killed_while_writing_leaves_the_original(tmp_path):
    """A real process is killed (SIGKILL where there is one) in the middle of a large write."""
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    before = path.read_bytes()
    script = textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        from responder.response import writing
        real_write = os.fdopen
        class Slow:
            def __init__(self, handle): self.handle = handle
            def __enter__(self): return self
            def __exit__(self, *a): self.handle.close()
            def write(self, data):
                self.handle.write(data[: len(data) // 2]); self.handle.flush()
                print("half written", flush=True)
                sys.stdin.readline()  # wait here to be killed
            def flush(self): pass
            def fileno(self): return self.handle.fileno()
        os.fdopen = lambda fd, mode: Slow(real_write(fd, mode))
        writing.atomic_write(Path(r"{path}"), b"x" * 1_000_000)
    """)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, env=env, text=True) as child:
        assert child.stdout.readline().strip() == "half written"
        child.kill()
        child.wait(timeout=10)
    assert path.read_bytes() == before
    assert reading.read(path).report.title.startswith("PEEL 2025")


def test_saving_over_someone_elses_change_is_refused(tmp_path):
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    doc = editing.load(path)
    path.write_text(HAND_EDITED.replace("Chapel Lane", "Church Lane"), encoding="utf-8")
    doc.response.report.url = "https://example.org/report"
    with pytest.raises(ConflictError, match="changed on disk"):
        doc.save()
    assert "Church Lane" in path.read_text(encoding="utf-8")


def test_a_new_document_is_written_in_model_order(tmp_path):
    from responder.response.model import Body, Force, Report, Response, Section

    response = Response(
        body=Body(name="Office of the PCC"), force=Force(name="Wessex Police"),
        report=Report(title="T"), sections=[Section(title="Q1")],
    )
    doc = editing.new_document(tmp_path / "new.yaml", response)
    assert doc.save() is True
    text = (tmp_path / "new.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "responder: 2"
    assert text.index("body:") < text.index("force:") < text.index("report:") < text.index("sections:")
    assert "  - id: s1\n    title: Q1\n" in text
    assert reading.read(tmp_path / "new.yaml").sections[0].id == "s1"


def test_saving_keeps_the_files_permissions(tmp_path):
    if os.name == "nt":
        pytest.skip("POSIX permissions")
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    path.chmod(0o664)
    doc = editing.load(path)
    doc.response.report.url = "https://example.org/report"
    doc.save()
    assert path.stat().st_mode & 0o777 == 0o664


# ---------------------------------------------------------------- writing safely

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions and links")


def edited(path) -> editing.Document:
    doc = editing.load(path)
    doc.response.report.url = "https://example.org/report"
    return doc


def test_the_utf8_byte_order_mark_is_kept(tmp_path):
    path = tmp_path / "wessex.yaml"
    path.write_bytes(editing.BOM + HAND_EDITED.encode("utf-8"))
    edited(path).save()
    data = path.read_bytes()
    assert data.startswith(editing.BOM) and not data[3:].startswith(editing.BOM)
    assert reading.read(path).report.url == "https://example.org/report"


@posix_only
def test_a_linked_response_is_written_through_to_its_target(tmp_path):
    real = tmp_path / "shared" / "wessex.yaml"
    real.parent.mkdir()
    real.write_text(HAND_EDITED, encoding="utf-8")
    link = tmp_path / "wessex.yaml"
    link.symlink_to(real)
    edited(link).save()
    assert link.is_symlink() and link.resolve() == real
    assert reading.read(real).report.url == "https://example.org/report"
    assert sorted(p.name for p in real.parent.iterdir()) == ["wessex.yaml"]  # no stray temp


@posix_only
def test_a_read_only_response_is_not_rewritten(tmp_path):
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(writing.SaveError, match="is read-only; make it writable"):
        edited(path).save()
    assert path.read_text(encoding="utf-8") == HAND_EDITED


@posix_only
@pytest.mark.parametrize(("umask", "source", "expected"), [
    (0o022, 0o600, 0o600),  # a private response gives a private copy
    (0o022, 0o640, 0o640),
    (0o077, 0o644, 0o600),  # a strict umask wins over an open source
    (0o022, 0o644, 0o644),
    (0o022, 0o444, 0o644),  # a read-only source: the owner can still open and replace the copy
    (0o022, 0o604, 0o604),
])
def test_new_files_are_never_more_open_than_their_source_or_the_umask(tmp_path, umask, source,
                                                                     expected):
    response = tmp_path / "wessex.yaml"
    response.write_text(HAND_EDITED, encoding="utf-8")
    response.chmod(source)
    old = os.umask(umask)
    try:
        copy = writing.write_new(tmp_path / "copy.yaml", b"x", like=response)
        out = writing.write_output(tmp_path / "out-RESTRICTED.docx", b"x", like=response)
        plain = writing.write_new(tmp_path / "plain.txt", b"x")
    finally:
        os.umask(old)
    assert copy.stat().st_mode & 0o777 == expected
    assert out.stat().st_mode & 0o777 == expected
    assert plain.stat().st_mode & 0o777 == 0o666 & ~umask


@posix_only
def test_an_output_replaced_is_tightened_to_its_source(tmp_path):
    response = tmp_path / "wessex.yaml"
    response.write_text(HAND_EDITED, encoding="utf-8")
    response.chmod(0o600)
    old_output = tmp_path / "wessex-RESTRICTED.docx"
    old_output.write_bytes(b"old")
    old_output.chmod(0o644)  # written by an earlier version, open to all
    writing.write_output(old_output, b"new", like=response)
    assert old_output.read_bytes() == b"new"
    assert old_output.stat().st_mode & 0o777 == 0o600


def test_a_change_at_the_last_moment_is_not_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    doc = edited(path)
    real_fsync = os.fsync

    def hand_edit_lands(fd):  # after the first check, while our copy is being flushed
        real_fsync(fd)
        path.write_text(HAND_EDITED.replace("Chapel Lane", "Church Lane"), encoding="utf-8")

    monkeypatch.setattr(os, "fsync", hand_edit_lands)
    with pytest.raises(ConflictError, match="changed on disk"):
        doc.save()
    assert "Church Lane" in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wessex.yaml"]


@pytest.mark.parametrize(("raw", "text"), [
    ("Café – £5".encode("cp1252"), "Café – £5"),
    ("Café à £5".encode("latin-1"), "Café à £5"),
    ("PCC’s plan".encode("utf-16"), "PCC’s plan"),  # with its byte-order mark
    ("PCC’s plan".encode("utf-16-le"), "PCC’s plan"),  # without one
    (editing.BOM + "Café".encode(), "Café"),
    (b"\x81\x8d odd bytes", "\x81\x8d odd bytes"),  # undefined in cp1252: kept, not dropped
])
def test_text_from_an_editor_is_read_whatever_its_encoding(raw, text):
    assert reading.decode_typed(raw) == text


def test_a_utf16_response_file_says_how_to_fix_it(tmp_path):
    path = tmp_path / "wessex.yaml"
    path.write_bytes(HAND_EDITED.encode("utf-16"))
    with pytest.raises(InputError, match="is saved as UTF-16 text; save it as UTF-8"):
        reading.read(path)
