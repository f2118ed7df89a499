"""The folder commands keep what they learnt from each file between runs (responder.cache).

What is kept must never change what a command says: every command over a folder says
exactly what it says with the cache off, on a first run and on a second, on another day,
after a file is edited, after a neighbour changes, and with a cache that is broken.
And what is kept holds no withheld word.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from responder import cache

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

COMMANDS = [
    ("status",), ("status", "--json"), ("validate",), ("deadline", "--json"), ("deadline",),
    ("check",), ("check", "--json"), ("check", "--strict"),
]

SECRET = "Mill Street"  # only ever inside withheld passages below

WITHHELD = """\
responder: 1
body:
  name: Office of the Police and Crime Commissioner for Testshire
  short_role: PCC
force:
  name: Testshire Police
  short_name: TP
report:
  title: {title}
  published: {published}
sections:
  - id: s1
    title: Protecting children
    findings:
      - id: s1-coc1
        kind: cause_of_concern
        text: The force does not protect the child at 9 Mill Street well enough.
        withheld:
          reason: personal_safety
        recommendations:
          - id: s1-coc1-rec1
            kind: recommendation
            text: The force should move the child from Mill Street. TBC
      - id: s1-afi1
        kind: area_for_improvement
        text: The force should record decisions about children in its care.
        commissioner:
          text: The refuge on Mill Street will move. [insert Mill Street date]
          withheld:
            reason: personal_safety
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The bundled examples, a copy under a Windows copy's name, and two responses on one
    force with withheld passages (the later one raises the earlier one's findings again)."""
    where = tmp_path / "responses"
    where.mkdir()
    for path in EXAMPLES:
        shutil.copyfile(path, where / path.name)
    shutil.copyfile(EXAMPLES[0], where / f"{EXAMPLES[0].stem} - Copy.yaml")
    (where / "testshire-2021.yaml").write_text(
        WITHHELD.format(title="PEEL 2021", published="2021-03-04"), encoding="utf-8")
    (where / "testshire-2023.yaml").write_text(
        WITHHELD.format(title="PEEL 2023", published="2023-05-04"), encoding="utf-8")
    return where


def run(cli, monkeypatch, where: Path | None, *args: str | Path):
    monkeypatch.setenv("RESPONDER_CACHE", str(where) if where is not None else "off")
    return cli(*args)


def same(one, other) -> None:
    assert (one.code, one.out, one.err) == (other.code, other.out, other.err)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_second_run_says_exactly_what_the_first_and_an_uncached_run_say(
        cli, monkeypatch, tmp_path, folder, command):
    kept = tmp_path / "cache"
    uncached = run(cli, monkeypatch, None, *command, folder, "--today", "2024-02-01") \
        if command[0] != "validate" else run(cli, monkeypatch, None, *command, folder)
    extra = ("--today", "2024-02-01") if command[0] != "validate" else ()
    first = run(cli, monkeypatch, kept, *command, folder, *extra)
    second = run(cli, monkeypatch, kept, *command, folder, *extra)
    same(first, uncached)
    same(second, uncached)
    assert list(kept.glob("*.json")), "nothing was kept"
    assert "left out" in second.err  # the "- Copy" file is still named, from what was kept


def tamper(kept: Path, name: str, old: str, new: str, reseal: bool = False) -> None:
    """Change ``old`` to ``new`` in a command's kept entries; with ``reseal``, sign them
    again with the user's key, as responder itself would have."""
    from responder import cache

    path = kept / f"{name}.json"
    text = path.read_text(encoding="utf-8")
    assert old in text
    data = json.loads(text.replace(old, new))
    if reseal:
        secret = cache.key(kept)
        for key, entry in data["entries"].items():
            entry[3] = cache.seal(secret, name, key, entry[1], entry[2])
    path.write_text(json.dumps(data), encoding="utf-8")


def test_what_is_kept_is_what_a_second_run_says(cli, monkeypatch, tmp_path, folder):
    """Proof that the second run reads the cache: a value changed in it, and signed with
    the user's key, shows."""
    kept = tmp_path / "cache"
    run(cli, monkeypatch, kept, "validate", folder)
    tamper(kept, "validate", "PEEL 2023", "PEEL 2099", reseal=True)
    assert "PEEL 2099" in run(cli, monkeypatch, kept, "validate", folder).out


def test_an_entry_changed_without_the_key_is_not_believed(cli, monkeypatch, tmp_path, folder):
    kept = tmp_path / "cache"
    first = run(cli, monkeypatch, kept, "validate", folder)
    tamper(kept, "validate", "PEEL 2023", "PEEL 2099")
    again = run(cli, monkeypatch, kept, "validate", folder)
    assert "PEEL 2099" not in again.out
    same(again, first)


def test_an_edited_file_is_read_again_whatever_its_modification_time(
        cli, monkeypatch, tmp_path, folder):
    kept = tmp_path / "cache"
    path = folder / "testshire-2023.yaml"
    run(cli, monkeypatch, kept, "status", "--json", folder)
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("PEEL 2023", "PEEL 2O23"),
                    encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time
    again = run(cli, monkeypatch, kept, "status", "--json", folder)
    titles = [row["title"] for row in json.loads(again.out)]
    assert "PEEL 2O23" in titles and "PEEL 2023" not in titles


def test_the_day_is_worked_out_afresh_not_kept(cli, monkeypatch, tmp_path, folder):
    """Kept on one day, asked on another: the days left, overdue findings and the
    deadline checks are the other day's."""
    kept = tmp_path / "cache"
    for command in (("status", "--json"), ("check",), ("deadline", "--json")):
        run(cli, monkeypatch, kept, *command, folder, "--today", "2024-01-10")
        later = run(cli, monkeypatch, kept, *command, folder, "--today", "2024-03-20")
        uncached = run(cli, monkeypatch, None, *command, folder, "--today", "2024-03-20")
        same(later, uncached)
        earlier = run(cli, monkeypatch, None, *command, folder, "--today", "2024-01-10")
        assert earlier.out != later.out  # the day matters to every one of them


def test_check_reads_a_file_again_when_a_file_it_is_compared_with_changes(
        cli, monkeypatch, tmp_path, folder):
    kept = tmp_path / "cache"
    first = run(cli, monkeypatch, kept, "check", folder)
    assert "RECURRING" in first.out
    (folder / "testshire-2021.yaml").unlink()  # the later report's findings are new again
    after = run(cli, monkeypatch, kept, "check", folder)
    same(after, run(cli, monkeypatch, None, "check", folder))
    assert "RECURRING" not in after.out


def test_nothing_withheld_is_kept(cli, monkeypatch, tmp_path, folder):
    kept = tmp_path / "cache"
    for command in COMMANDS:
        run(cli, monkeypatch, kept, *command, folder)
    assert {path.name for path in kept.iterdir()} == \
        {"status.json", "validate.json", "deadline.json", "check.json", "key"}
    for path in kept.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert SECRET not in text, path.name
        assert "children's home" not in text  # the example's withheld comment
    assert "RECURRING" in (kept / "check.json").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_the_cache_is_readable_by_the_user_alone(cli, monkeypatch, tmp_path, folder):
    kept = tmp_path / "cache"
    run(cli, monkeypatch, kept, "status", folder)
    assert stat.S_IMODE((kept / "status.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((kept / "key").stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700


@pytest.mark.parametrize("broken", [b"", b"{not json", b"[]", b'{"format": 1}', b"\xff\xfe\x00"])
def test_a_broken_cache_is_passed_over_and_made_anew(cli, monkeypatch, tmp_path, folder, broken):
    kept = tmp_path / "cache"
    kept.mkdir()
    (kept / "status.json").write_bytes(broken)
    same(run(cli, monkeypatch, kept, "status", folder),
         run(cli, monkeypatch, None, "status", folder))
    assert json.loads((kept / "status.json").read_text(encoding="utf-8"))["entries"]


def test_a_cache_that_cannot_be_written_changes_nothing(cli, monkeypatch, tmp_path, folder):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    for command in COMMANDS:
        same(run(cli, monkeypatch, in_the_way / "cache", *command, folder),
             run(cli, monkeypatch, None, *command, folder))


def test_what_other_code_kept_is_not_used(cli, monkeypatch, tmp_path, folder):
    kept = tmp_path / "cache"
    run(cli, monkeypatch, kept, "validate", folder)
    tamper(kept, "validate", "PEEL 2023", "PEEL 2099")
    tamper(kept, "validate", cache.code_fingerprint(), "another-version")
    assert "PEEL 2099" not in run(cli, monkeypatch, kept, "validate", folder).out


def test_off_keeps_nothing(cli, monkeypatch, tmp_path, folder):
    monkeypatch.setenv("RESPONDER_CACHE", "off")
    cli("status", folder)
    assert cache.folder() is None
    assert not list(tmp_path.rglob("status.json"))


def test_old_entries_are_dropped(monkeypatch, tmp_path):
    monkeypatch.setenv("RESPONDER_CACHE", str(tmp_path))
    with cache.Cache("status") as kept:
        kept.put("old", 1)
        kept.put("new", 2)
        kept.entries["old"][0] -= cache.KEEP_DAYS + 1
    assert set(cache.Cache("status").entries) == {"new"}


def _tamper_check(kept: Path, file_name: str) -> None:
    """Change the first problem kept for ``file_name`` to say TAMPERED, signed with the
    user's key as responder itself would (so the change is believed: proof of a read)."""
    path = kept / "check.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for key, entry in data["entries"].items():
        _, value, of, _ = entry
        if isinstance(value, list) and len(value) == 2 and isinstance(value[1], dict) \
                and value[1]["file"].endswith(file_name):
            value[1]["before"][0][3] = "TAMPERED"
            entry[3] = cache.seal(cache.key(kept), "check", key, value, of)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_check_keeps_an_earlier_response_when_only_a_later_one_changes(
        cli, monkeypatch, tmp_path, folder):
    """Findings raised before look back in time: last year's checks do not depend on this
    year's response, so editing this year's leaves last year's kept, and not the reverse."""
    kept = tmp_path / "cache"
    run(cli, monkeypatch, kept, "check", folder)
    _tamper_check(kept, "testshire-2021.yaml")
    _tamper_check(kept, "testshire-2023.yaml")
    later = folder / "testshire-2023.yaml"
    later.write_text(later.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    out = run(cli, monkeypatch, kept, "check", folder).out
    assert [line.split(":")[0] for line in out.splitlines() if "TAMPERED" in line] == \
        [str(folder / "testshire-2021.yaml")]
    _tamper_check(kept, "testshire-2023.yaml")
    earlier = folder / "testshire-2021.yaml"
    earlier.write_text(earlier.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert "TAMPERED" not in run(cli, monkeypatch, kept, "check", folder).out


def test_an_edited_files_old_entry_is_dropped_and_other_variants_kept(
        cli, monkeypatch, tmp_path, folder):
    kept = tmp_path / "cache"

    def entries(name: str) -> int:
        return len(json.loads((kept / f"{name}.json").read_text(encoding="utf-8"))["entries"])

    run(cli, monkeypatch, kept, "status", folder)
    files = entries("status")
    path = folder / "testshire-2023.yaml"
    for n in range(3):
        path.write_text(path.read_text(encoding="utf-8") + f"# edit {n}\n", encoding="utf-8")
        run(cli, monkeypatch, kept, "status", folder)
    assert entries("status") == files  # one entry a file, not one a version
    run(cli, monkeypatch, kept, "check", folder)
    plain = entries("check")
    run(cli, monkeypatch, kept, "check", "--strict", folder)
    assert entries("check") > plain  # --strict's entries beside, not instead of, the plain ones
    _tamper_check(kept, "testshire-2021.yaml")
    assert "TAMPERED" in run(cli, monkeypatch, kept, "check", folder).out


def test_the_kept_process_dates_mirror_the_model():
    """dated.ProcessDates is model.Process as plain dates (kept without the model): the
    same fields, and every date through JSON and back."""
    import dataclasses
    import datetime as dt

    from responder.compliance.dated import CopiesDates, ProcessDates
    from responder.response.model import CopiesSent, Process

    # late_reason (issue 24), its Welsh (cy, issue 29) and who sent the force's comments
    # (chief_comments_from) are words, not dates: the day's checks never read them.
    dates = [name for name in Process.model_fields
             if name not in ("late_reason", "cy", "chief_comments_from")]
    assert [f.name for f in dataclasses.fields(ProcessDates)] == dates
    assert [f.name for f in dataclasses.fields(CopiesDates)] == list(CopiesSent.model_fields)
    days = iter(dt.date(2024, 1, day) for day in range(1, 20))
    process = Process(**{name: next(days) for name in dates if name != "copies_sent"},
                      copies_sent=CopiesSent(inspectorate=next(days), home_secretary=next(days)))
    kept = ProcessDates.of(process)
    assert ProcessDates.from_json(json.loads(json.dumps(kept.to_json()))) == kept
    assert kept.copies_sent.home_secretary == process.copies_sent.home_secretary
    assert ProcessDates.from_json(ProcessDates.of(Process()).to_json()) == ProcessDates()
