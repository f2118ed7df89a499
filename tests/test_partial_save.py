"""Saving re-emits only the blocks that changed, and writes exactly what a whole dump would.

Every case compares the bytes a save writes with the bytes of emitting the whole
merged tree (what saves wrote before they learnt to splice), and checks that the
quick path was really taken, so a test cannot pass by falling back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_store import HAND_EDITED

from conftest import example_files
from responder.drafting import agenda
from responder.response import editing, reading, roundtrip
from responder.response.model import Passage, Tracking, Update


@pytest.fixture
def spy(monkeypatch):
    """Counts whole-tree emissions, and checks each spliced text against one."""
    calls = {"whole": 0, "spliced": 0, "compare": True}
    real = roundtrip.merge_text

    def checked(tree, value, text, prev=roundtrip.UNKNOWN):
        tree, spliced = real(tree, value, text, prev)
        if spliced is None:
            calls["whole"] += 1
        else:
            calls["spliced"] += 1
            if calls["compare"]:
                assert spliced == roundtrip.emit(tree)
        return tree, spliced

    monkeypatch.setattr(editing, "merge_text", checked)
    return calls


def _copy(path, tmp_path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    return copy


def _edits(response):
    """Answers of every kind the interview and the register make, one at a time."""
    findings = [f for _, f in response.walk_findings()]
    for n, finding in enumerate(findings):
        yield lambda f=finding, n=n: setattr(f, "force", Passage(text=f"Answer {n}.\n\nMore."))
        yield lambda f=finding: setattr(f, "commissioner", Passage(text="I accept this."))
    yield lambda: setattr(findings[0], "force", None)
    yield lambda: setattr(findings[-1], "tracking", Tracking(owner="ACC Crime"))
    yield lambda: findings[-1].tracking.updates.append(
        Update(date=dt.date(2026, 1, 5), text="Started.", status="in_progress"))
    yield lambda: setattr(response.process, "signed_off", dt.date(2026, 2, 1))
    yield lambda: setattr(response.report, "title", response.report.title + " (revised)")
    section = response.sections[-1]
    yield lambda: setattr(section, "commissioner", Passage(text="A section comment."))


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_each_answer_writes_what_a_whole_dump_would(path, tmp_path, spy):
    copy = _copy(path, tmp_path)
    doc = editing.load(copy)
    spy["compare"] = False  # each save's bytes are compared with a whole dump below
    count = 0
    for edit in _edits(doc.response):
        edit()
        assert doc.save() is True
        count += 1
        assert copy.read_bytes() == roundtrip.dump(doc.tree)
    assert spy["spliced"] == count and spy["whole"] == 0
    # and the file reads back as the model that was saved
    assert roundtrip.to_plain(reading.read(copy)) == roundtrip.to_plain(doc.response)


def test_a_hand_edited_file_keeps_its_comments_and_flow_style(tmp_path, spy):
    path = tmp_path / "wessex.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    doc = editing.load(path)
    doc.response.report.url = "https://example.org/report"
    doc.save()  # writes the ids assigned on load with it
    doc = editing.load(path)
    doc.response.sections[1].findings[0].recommendations[0].force = Passage(text="Done.")
    doc.response.sections[0].findings[0].commissioner = Passage(text="Noted.")
    assert doc.save() is True
    text = path.read_text(encoding="utf-8")
    assert "# Kept by the policy team" in text and "# full legal name" in text
    assert "# The first question." in text
    assert "force: {name: Wessex Police, short_name: WP}" in text
    assert "force: Done." in text and "commissioner: Noted." in text
    assert spy["spliced"] == 2 and spy["whole"] == 0


def test_a_block_that_is_not_found_falls_back_to_a_whole_dump(tmp_path, spy):
    path = _copy(example_files()[0], tmp_path)
    doc = editing.load(path)
    finding = next(f for _, f in doc.response.walk_findings())
    # Valid YAML, but not how the emitter writes it: the old block is not found.
    doc.text = doc.text.replace(f"- id: {finding.id}\n", f"-   id: {finding.id}\n")
    finding.force = Passage(text="Changed.")
    doc.save()
    assert spy["whole"] == 1
    assert path.read_bytes() == roundtrip.dump(doc.tree)


def test_the_interview_path_splices(tmp_path, spy):
    """Autosaver -> Document.save: one answer at a time, as `responder interview` does."""
    from responder.response.autosave import Autosaver

    path = _copy(example_files()[-1], tmp_path)
    saver = Autosaver(editing.load(path))
    items = [i for i in agenda.items_for(saver.response) if i.kind == "finding"]
    for n, item in enumerate(items[:5]):
        agenda.set_comment(saver.response, item, "force", f"Answer {n}.")
        assert saver.save(dt.datetime(2026, 1, 1)).written
        assert path.read_bytes() == roundtrip.dump(saver.doc.tree)
    assert spy["spliced"] == 5


def test_windows_line_endings_and_comments_between_findings(tmp_path, spy):
    source = example_files()[0].read_text(encoding="utf-8")
    # A note typed between two findings, and the whole file with Windows line ends.
    marker = "\n          - id: s1.2-coc1\n"
    assert marker in source
    source = source.replace(marker, "\n          # Ask the ACC about this one.\n" + marker[1:], 1)
    path = tmp_path / "crlf.yaml"
    path.write_bytes(source.replace("\n", "\r\n").encode("utf-8"))
    doc = editing.load(path)
    findings = [f for _, f in doc.response.walk_findings()]
    for finding in findings[:4]:
        finding.commissioner = Passage(text="Seen.")
        doc.save()
    data = path.read_bytes()
    assert data == roundtrip.dump(doc.tree, "\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r\r" not in data
    assert b"# Ask the ACC about this one." in data
    assert spy["spliced"] == 4 and spy["whole"] == 0


def test_an_answer_rewrites_only_its_own_key(tmp_path):
    """A hand-formatted line in the same finding is left exactly as it was typed."""
    path = _copy(example_files()[0], tmp_path)
    text = path.read_text(encoding="utf-8")
    doc = editing.load(path)
    finding = next(f for _, f in doc.response.walk_findings() if f.force is not None)
    marker = f"- id: {finding.id}\n"
    at = text.index(marker)
    line_start = text.index("kind:", at)
    hand = text[:line_start] + text[line_start:].replace("kind: ", "kind:   ", 1)
    path.write_text(hand, encoding="utf-8")
    doc = editing.load(path)
    finding = next(f for _, f in doc.response.walk_findings() if f.id == finding.id)
    finding.force = Passage(text="A new answer.")
    assert doc.save() is True
    written = path.read_text(encoding="utf-8")
    assert "kind:   " in written  # not re-emitted as "kind: " with the rest of the finding
    assert "force: A new answer." in written
    assert roundtrip.to_plain(reading.read(path)) == roundtrip.to_plain(doc.response)
