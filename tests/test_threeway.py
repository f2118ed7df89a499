"""Someone else changed the file during an interview: merge what can be merged, never lose words."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from responder.drafting import agenda
from responder.errors import InputError, display_path
from responder.response import editing, reading
from responder.response.autosave import Autosaver, conflict_copy_path
from responder.response.threeway import MISSING, changed_places, three_way

DATA = Path(__file__).parent / "interview_data.yaml"
NOW = dt.datetime(2026, 11, 23, 10, 12)


def test_changes_to_different_fields_combine():
    base = {"a": "1", "b": "2", "c": {"d": "3"}}
    theirs = {"a": "1 changed by them", "b": "2", "c": {"d": "3"}}
    ours = {"a": "1", "b": "2", "c": {"d": "3 changed by us"}}
    result = three_way(base, theirs, ours)
    assert result.value == {"a": "1 changed by them", "b": "2", "c": {"d": "3 changed by us"}}
    assert result.clashes == []


def test_the_same_field_changed_both_ways_is_a_clash_that_keeps_theirs():
    base = {"sections": [{"id": "s1", "findings": [{"id": "f1", "force": "old"}]}]}
    theirs = {"sections": [{"id": "s1", "findings": [{"id": "f1", "force": "theirs"}]}]}
    ours = {"sections": [{"id": "s1", "findings": [{"id": "f1", "force": "ours"}]}]}
    result = three_way(base, theirs, ours)
    assert result.value == theirs
    assert result.clashes == ["f1 › force"]


def test_the_same_change_on_both_sides_is_no_clash():
    result = three_way({"a": None}, {"a": "same"}, {"a": "same"})
    assert result.value == {"a": "same"} and result.clashes == []


def test_added_and_removed_fields_and_items():
    base = {"sections": [{"id": "s1", "title": "T"}, {"id": "s2", "title": "U"}]}
    theirs = {"sections": [{"id": "s1", "title": "T"}, {"id": "s3", "title": "New"}]}  # s2 gone
    ours = {"sections": [{"id": "s1", "title": "T", "force": "added by us"},
                         {"id": "s2", "title": "U"}]}
    result = three_way(base, theirs, ours)
    assert result.value == {"sections": [{"id": "s1", "title": "T", "force": "added by us"},
                                         {"id": "s3", "title": "New"}]}
    assert result.clashes == []


def test_they_removed_what_we_changed_is_a_clash():
    base = {"sections": [{"id": "s1", "title": "T"}]}
    result = three_way(base, {"sections": []}, {"sections": [{"id": "s1", "title": "T",
                                                             "force": "ours"}]})
    assert result.clashes == ["s1"]


# ---------------------------------------------------------------- Autosaver on real files


@pytest.fixture
def doc(tmp_path: Path) -> editing.Document:
    target = tmp_path / "fenmarsh.yaml"
    shutil.copyfile(DATA, target)
    return editing.load(target)


def answer(doc_or_response, key: str, role: str, text: str) -> None:
    response = getattr(doc_or_response, "response", doc_or_response)
    item = next(i for i in agenda.items_for(response) if i.key == key)
    agenda.set_comment(response, item, role, text)


def someone_else_writes(path: Path, key: str, role: str, text: str) -> None:
    other = editing.load(path)
    answer(other, key, role, text)
    other.save()


def comment(path: Path, key: str, role: str) -> str:
    response = reading.read(path)
    item = next(i for i in agenda.items_for(response) if i.key == key)
    return agenda.comment_of(response, item, role)


def test_autosave_writes_each_answer(doc):
    saver = Autosaver(doc)
    answer(saver, "s1.1-afi1", "force", "First.")
    assert saver.save(NOW).written
    assert comment(doc.path, "s1.1-afi1", "force") == "First."
    assert not saver.save(NOW).written  # nothing new, nothing written


def test_autosave_merges_someone_elses_change_to_another_field(doc):
    saver = Autosaver(doc)
    someone_else_writes(doc.path, "s2-afi1", "commissioner", "Written by the PCC's office.")
    answer(saver, "s1.1-afi1", "force", "Written by the force.")
    result = saver.save(NOW)
    assert result.merged and not result.clashes and result.conflict_copy is None
    assert comment(doc.path, "s1.1-afi1", "force") == "Written by the force."
    assert comment(doc.path, "s2-afi1", "commissioner") == "Written by the PCC's office."
    # The session now works on the merged version: the next answer keeps both.
    answer(saver, "s1.1-afi2", "force", "Second.")
    assert not saver.save(NOW).merged
    assert comment(doc.path, "s2-afi1", "commissioner") == "Written by the PCC's office."


def test_autosave_clash_keeps_their_words_and_writes_ours_to_a_conflict_copy(doc):
    saver = Autosaver(doc)
    someone_else_writes(doc.path, "s1.1-afi1", "force", "Their words.")
    answer(saver, "s1.1-afi1", "force", "Our words.")
    answer(saver, "s1.1-afi2", "force", "No clash here.")
    result = saver.save(NOW)
    assert result.clashes == ["s1.1-afi1 › force"]
    assert result.conflict_copy == doc.path.with_name("fenmarsh.conflict-2026-11-23-1012.yaml")
    assert comment(doc.path, "s1.1-afi1", "force") == "Their words."
    assert comment(doc.path, "s1.1-afi2", "force") == "No clash here."
    assert comment(result.conflict_copy, "s1.1-afi1", "force") == "Our words."


def test_conflict_copies_never_overwrite_each_other(tmp_path):
    path = tmp_path / "r.yaml"
    first = conflict_copy_path(path, NOW)
    first.write_text("x")
    assert conflict_copy_path(path, NOW).name == "r.conflict-2026-11-23-1012-2.yaml"


def test_a_file_broken_on_disk_is_left_alone_and_our_answers_kept(doc):
    saver = Autosaver(doc)
    doc.path.write_text("responder: 1\nbody: [unclosed\n")
    answer(saver, "s1.1-afi1", "force", "Not lost.")
    with pytest.raises(InputError, match="your answers are saved in fenmarsh.conflict-"):
        saver.save(NOW)
    assert doc.path.read_text() == "responder: 1\nbody: [unclosed\n"
    copy = next(doc.path.parent.glob("fenmarsh.conflict-*.yaml"))
    assert comment(copy, "s1.1-afi1", "force") == "Not lost."


def test_refresh_picks_up_a_change_when_nothing_is_unsaved(doc):
    saver = Autosaver(doc)
    assert not saver.refresh(NOW)
    someone_else_writes(doc.path, "s2-afi1", "commissioner", "Fresh from the office.")
    assert saver.refresh(NOW)
    item = next(i for i in agenda.items_for(saver.response) if i.key == "s2-afi1")
    assert agenda.comment_of(saver.response, item, "commissioner") == "Fresh from the office."


def test_refresh_leaves_a_half_edited_file_for_the_next_save(doc):
    saver = Autosaver(doc)
    doc.path.write_text("responder: 1\nbody: [unclosed\n")
    assert not saver.refresh(NOW)
    assert doc.path.read_text() == "responder: 1\nbody: [unclosed\n"


def test_a_file_that_keeps_changing_is_never_overwritten(doc, monkeypatch):
    from responder.errors import ConflictError

    saver = Autosaver(doc)
    answer(saver, "s1.1-afi1", "force", "Ours.")
    real_save = editing.Document.save

    def someone_writes_first(self, *, check_conflict=True, **options):
        # Another writer gets in between every check and every write.
        self.path.write_bytes(self.path.read_bytes() + b"# touched\n")
        return real_save(self, check_conflict=check_conflict, **options)

    monkeypatch.setattr(editing.Document, "save", someone_writes_first)
    with pytest.raises(ConflictError, match="your answers are saved in fenmarsh.conflict-"):
        saver.save(NOW)
    assert comment(doc.path, "s1.1-afi1", "force") == ""
    copies = list(doc.path.parent.glob("fenmarsh.conflict-*.yaml"))
    assert any(comment(c, "s1.1-afi1", "force") == "Ours." for c in copies)


def test_the_stop_line_for_a_broken_hand_edit_names_its_line(doc):
    # QA finding 6: validate said "fenmarsh.yaml:71:", the interview's stop line did not.
    saver = Autosaver(doc)
    lines = doc.path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  name:"))
    lines[at] = "  name: Fenmarsh: the office"  # a colon and a space, unquoted
    doc.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    answer(saver, "s1.1-afi1", "force", "Not lost.")
    with pytest.raises(InputError) as caught:
        saver.save(NOW)
    assert str(caught.value).startswith(f"{display_path(doc.path)}:{at + 1}:")
    assert "no longer reads as a response" in str(caught.value)


# ---------------------------------------------------------------- a colleague's stale copy


def stale_buffer_saves(path: Path, buffer: bytes, old: str, new: str) -> None:
    """A colleague's editor saves the text it opened earlier, with one unrelated edit."""
    assert old.encode() in buffer
    path.write_bytes(buffer.replace(old.encode(), new.encode()))


def test_a_stale_copy_does_not_erase_an_answer_already_saved(doc):
    buffer = doc.path.read_bytes()  # the colleague opens the file in an editor
    saver = Autosaver(doc)
    answer(saver, "s1.1-afi1", "force", "Confirmed first answer.")
    assert saver.save(NOW).written  # "✓ saved"
    stale_buffer_saves(doc.path, buffer, "holder: Ada Quill", "holder: Ada Quill MBE")
    answer(saver, "s1.1-afi2", "force", "Second answer.")
    result = saver.save(NOW)
    assert result.kept == ["s1.1-afi1 › force"] and not result.clashes
    assert comment(doc.path, "s1.1-afi1", "force") == "Confirmed first answer."
    assert comment(doc.path, "s1.1-afi2", "force") == "Second answer."
    assert reading.read(doc.path).body.holder == "Ada Quill MBE"  # theirs too
    assert result.their_copy is not None and result.their_copy.exists()
    assert comment(result.their_copy, "s1.1-afi1", "force") == ""  # their version, as saved
    # Answered once more, nothing is defended twice: no new copy.
    answer(saver, "s1.1-coc1", "force", "Third.")
    assert not saver.save(NOW).kept


def test_a_stale_copy_seen_between_questions_is_put_right_at_once(doc):
    buffer = doc.path.read_bytes()
    saver = Autosaver(doc)
    answer(saver, "s1.1-afi1", "force", "Confirmed first answer.")
    saver.save(NOW)
    stale_buffer_saves(doc.path, buffer, "holder: Ada Quill", "holder: Ada Quill MBE")
    result = saver.refresh(NOW)
    assert result is not None and result.kept == ["s1.1-afi1 › force"]
    assert comment(doc.path, "s1.1-afi1", "force") == "Confirmed first answer."
    assert reading.read(doc.path).body.holder == "Ada Quill MBE"


def test_a_colleague_rewording_a_saved_answer_is_a_clash_that_loses_nothing(doc):
    saver = Autosaver(doc)
    answer(saver, "s1.1-afi1", "force", "Confirmed first answer.")
    saver.save(NOW)
    someone_else_writes(doc.path, "s1.1-afi1", "force", "Reworded by a colleague.")
    answer(saver, "s1.1-afi2", "force", "Second answer.")
    result = saver.save(NOW)
    assert result.clashes == ["s1.1-afi1 › force"] and not result.kept
    assert comment(doc.path, "s1.1-afi1", "force") == "Reworded by a colleague."
    assert comment(result.conflict_copy, "s1.1-afi1", "force") == "Confirmed first answer."


def test_stale_and_written_places_in_the_pure_merge():
    base = {"sections": [{"id": "s1", "force": "ours", "title": "T"}]}
    theirs = {"sections": [{"id": "s1", "title": "T2"}]}
    written = {("sections", "[s1]", "force"): MISSING}
    result = three_way(base, theirs, base, written)
    assert result.value == {"sections": [{"id": "s1", "force": "ours", "title": "T2"}]}
    assert result.kept == ["s1 › force"]
    assert three_way(base, theirs, base).kept == []  # without the record: their removal wins
    assert changed_places({"a": {"b": 1}}, {"a": {"b": 2, "c": 3}}) == {
        ("a", "b"): 1, ("a", "c"): MISSING}
