"""Issue 23, hardening: each test here failed before the fix it guards.

The probe that found these (benchmarks/probe.py) runs the same bad inputs against the real
command line and counts clean refusals, tracebacks, hangs, leaks and lost changes."""

from __future__ import annotations

import json
import os
import pickle
import stat
import sys
from pathlib import Path

import pytest

from conftest import run_process

TODAY = "2024-03-01"
POSIX = os.name == "posix"


# ------------------------------ 11: no cache that unpickles


class _Plant:
    """Unpickling this runs ``open(marker, 'w')``: proof that a cache file ran code."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_template_cache_file_never_runs(example, tmp_path):
    from jinja2.bccache import bc_magic

    source = example("statement-wessex")
    home = tmp_path / "home"
    env = {"XDG_CACHE_HOME": str(home), "HOME": str(home), "RESPONDER_CACHE": ""}
    first = run_process("render", source, "--format", "html", "--today", TODAY, env=env)
    assert first.code == 0, first.err
    marker = tmp_path / "ran"
    planted = bc_magic + pickle.dumps(_Plant(marker))
    # Wherever a render could have kept compiled templates, every file there is now poison.
    for folder in (home / "responder" / "templates", home / "responder"):
        folder.mkdir(parents=True, exist_ok=True)
        names = {p.name for p in folder.glob("*.cache")} | {"responder-x.cache"}
        from hashlib import sha1

        for template in ("statement.html.j2", "letter.html.j2", "page.html.j2"):
            names.add(f"responder-{sha1(template.encode()).hexdigest()}.cache")
        for name in names:
            (folder / name).write_bytes(planted)
    for setting in ("", "off"):
        again = run_process("render", source, "--format", "html", "--today", TODAY,
                            env={**env, "RESPONDER_CACHE": setting})
        assert again.code == 0, again.err
        assert not marker.exists(), "a cache file was unpickled and ran code"


def test_responder_cache_off_writes_no_cache_at_all(example, tmp_path):
    source = example("statement-wessex")
    home = tmp_path / "home"
    done = run_process("render", source, "--today", TODAY,
                       env={"XDG_CACHE_HOME": str(home), "HOME": str(home),
                            "RESPONDER_CACHE": "off"})
    assert done.code == 0, done.err
    assert not (home / "responder").exists() or not any((home / "responder").rglob("*"))


# ------------------------------ 12: a cache never changes what is said


def _cache_folder() -> Path:
    return Path(os.environ["RESPONDER_CACHE"])


def test_an_edited_check_cache_does_not_hide_errors(cli, example):
    source = example("small-thornbury")
    first = cli("check", source, "--today", TODAY)
    assert first.code == 1 and "S55-5A error" in first.out
    kept = _cache_folder() / "check.json"
    data = json.loads(kept.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        value = entry[1]
        if isinstance(value, list) and len(value) == 2 and isinstance(value[1], dict):
            value[1]["process"]["response_published"] = "2024-02-01"
            value[1]["before"] = value[1]["after"] = []
    kept.write_text(json.dumps(data), encoding="utf-8")
    again = cli("check", source, "--today", TODAY)
    assert (again.code, again.out) == (first.code, first.out)


def test_an_edited_status_cache_does_not_change_the_table(cli, example):
    source = example("statement-wessex")
    first = cli("status", "--json", source, "--today", TODAY)
    kept = _cache_folder() / "status.json"
    text = kept.read_text(encoding="utf-8")
    title = json.loads(first.out)[0]["title"]
    assert title in text
    kept.write_text(text.replace(title, "Nothing to see"), encoding="utf-8")
    again = cli("status", "--json", source, "--today", TODAY)
    assert again.out == first.out


def test_a_doctored_house_document_never_reaches_a_render(cli, example, tmp_path):
    import io
    import zipfile

    from docx import Document

    source = example("statement-wessex")
    assert cli("render", source, "-o", tmp_path / "one.docx", "--today", TODAY).code == 0
    kept = [p for p in _cache_folder().glob("house-*") if p.is_file()]
    assert kept
    doctored = Document()
    doctored.sections[0].header.paragraphs[0].text = "INJECTED HEADER"
    buffer = io.BytesIO()
    doctored.save(buffer)
    for path in kept:
        path.write_bytes(buffer.getvalue())
    out = tmp_path / "two.docx"
    assert cli("render", source, "-o", out, "--today", TODAY).code == 0
    with zipfile.ZipFile(out) as package:
        assert not any(b"INJECTED" in package.read(name) for name in package.namelist())


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_a_key_others_can_read_is_replaced(cli, example):
    from responder import cache

    source = example("statement-wessex")
    cli("status", source, "--today", TODAY)
    key = _cache_folder() / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    old = key.read_bytes()
    key.chmod(0o644)
    cache._keys.clear()
    cli("status", source, "--today", TODAY)
    assert key.read_bytes() != old and stat.S_IMODE(key.stat().st_mode) == 0o600


# ------------------------------ 7, 8: Excel forms hold text, and read back whole

LIVE = {
    "text: The force should evaluate its problem-solving":
        "text: '=HYPERLINK(\"http://example.invalid/\",\"The force should evaluate\")",
    "force: Since April 2019 all 27":
        "force: '=WEBSERVICE(\"http://example.invalid/\")&\"Since April 2019 all 27",
    "owner: ACC Local Policing": "owner: '@SUM(1+1)'",
}


def _live_response(example) -> Path:
    source = example("letter-northmoor")
    text = source.read_text(encoding="utf-8")
    for old, new in LIVE.items():
        assert old in text
        line = next(line for line in text.splitlines() if old in line)
        text = text.replace(line, line.replace(old, new) + ("'" if new.count("'") == 1 else ""))
    source.write_text(text, encoding="utf-8")
    return source


def test_text_that_looks_like_a_formula_is_written_as_text(cli, example, tmp_path):
    import zipfile

    from openpyxl import load_workbook

    source = _live_response(example)
    assert cli("validate", source).code == 0
    form = tmp_path / "form.xlsx"
    made = cli("returns", "make", source, "-o", form)
    assert made.code == 0, made.err
    with zipfile.ZipFile(form) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in package.read(n) or b"<f " in package.read(n) for n in sheets)
    sheet = load_workbook(form).active
    risky = [c for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert len(risky) >= 3
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_an_untouched_form_with_formula_like_text_changes_nothing(cli, example, tmp_path):
    source = _live_response(example)
    form = tmp_path / "form.xlsx"
    assert cli("returns", "make", source, "-o", form).code == 0
    before = source.read_bytes()
    done = cli("returns", "read", source, form)
    assert done.code == 0, done.err
    assert source.read_bytes() == before


def test_a_formula_without_a_value_is_refused_not_taken_as_blank(cli, example, tmp_path):
    from openpyxl import load_workbook

    source = example("letter-northmoor")
    form = tmp_path / "form.xlsx"
    assert cli("returns", "make", source, "-o", form).code == 0
    book = load_workbook(form)
    sheet = book.active
    head = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "id")
    columns = {sheet.cell(head, c).value: c for c in range(1, sheet.max_column + 1)}
    row = next(r for r in range(head + 1, sheet.max_row + 1)
               if sheet.cell(r, 1).value == "s1.1-afi1")
    sheet.cell(row, columns["Force response"]).value = "=A1&\"x\""  # no cached value
    book.save(form)
    before = source.read_bytes()
    done = cli("returns", "read", source, form)
    assert done.code == 2
    assert f"row {row}, Force response" in done.err and "formula" in done.err
    assert len(done.err.strip().splitlines()) == 1 and "Traceback" not in done.err
    assert source.read_bytes() == before


# ------------------------------ 4, 5: record never drops a change, never writes a read-only file


def _other_writer_bytes(cli, source: Path, tmp_path: Path, *args: str) -> bytes:
    """The response as another command would have saved it (run on a copy)."""
    other = tmp_path / "other" / source.name
    other.parent.mkdir()
    other.write_bytes(source.read_bytes())
    assert cli("record", other, *args, "--today", TODAY).code == 0
    return other.read_bytes()


def test_record_keeps_a_change_saved_between_its_read_and_its_swap(cli, example, tmp_path,
                                                                   monkeypatch):
    from responder.response import reading, writing

    source = example("small-thornbury")
    theirs = _other_writer_bytes(cli, source, tmp_path, "signed-off", "12/02/2024")
    real = writing.atomic_write
    landed = []

    def someone_saves_first(path, data, **kwargs):
        if not landed and Path(path) == source:
            landed.append(True)
            source.write_bytes(theirs)  # another `record` lands just before our swap
        return real(path, data, **kwargs)

    monkeypatch.setattr(writing, "atomic_write", someone_saves_first)
    done = cli("record", source, "draft-ready", "10/02/2024", "--today", TODAY)
    assert done.code == 0, done.err
    assert landed
    process = reading.read(source).process
    assert process.draft_ready is not None and process.signed_off is not None


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_record_refuses_a_read_only_response(cli, example):
    source = example("small-thornbury")
    source.chmod(0o444)
    before = source.read_bytes()
    done = cli("record", source, "draft-ready", "10/02/2024", "--today", TODAY)
    assert done.code == 2 and "read-only" in done.err
    assert source.read_bytes() == before
    assert stat.S_IMODE(source.stat().st_mode) == 0o444


# ------------------------------ 1, 14: the calendar leaks nothing and writes only files

OWNER = "Det Insp, Missing and Exploited Children Team"


def _withheld_finding(example) -> Path:
    source = example("small-thornbury")
    text = source.read_text(encoding="utf-8")
    anchor = "      - id: s2-afi1\n        kind: area_for_improvement\n"
    assert anchor in text and OWNER in text
    text = text.replace(anchor, anchor + "        withheld:\n          reason: personal_safety\n"
                        "          note: Names a placement.\n")
    source.write_text(text, encoding="utf-8")
    return source


def test_the_calendar_gives_a_withheld_finding_its_reference_only(cli, example, tmp_path):
    source = _withheld_finding(example)
    out = tmp_path / "dates.ics"
    done = cli("deadline", source, "--ics", out, "--actions", "--today", TODAY)
    assert done.code in (0, 1), done.err
    text = out.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "s2-afi1" in text
    assert OWNER not in text and "Missing and Exploited" not in text
    assert "shares information promptly" not in text


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_the_calendar_is_never_more_open_than_the_response(cli, example, tmp_path):
    source = example("small-thornbury")
    source.chmod(0o600)
    out = tmp_path / "dates.ics"
    done = cli("deadline", source, "--ics", out, "--actions", "--today", TODAY)
    assert done.code in (0, 1), done.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_outputs_go_only_to_regular_files(cli, example, tmp_path):
    source = example("small-thornbury")
    for args in (("deadline", source, "--ics"), ("render", source, "-o"),
                 ("returns", "make", source, "-o")):
        suffix = {"deadline": ".ics", "render": ".docx", "returns": ".xlsx"}[args[0]]
        fifo = tmp_path / f"pipe{suffix}"
        fifo.unlink(missing_ok=True)
        os.mkfifo(fifo)
        done = cli(*args, fifo, "--today", TODAY)
        assert done.code == 2, (args, done.err)
        assert "not a regular file" in done.err and len(done.err.strip().splitlines()) == 1
        assert stat.S_ISFIFO(fifo.lstat().st_mode), args


# ------------------------------ 3: the cache folder is the user's alone


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
@pytest.mark.parametrize("command", [("render",), ("status",), ("deadline",)])
def test_the_cache_folder_is_made_private_by_whichever_command_runs_first(example, tmp_path,
                                                                          command):
    source = example("statement-wessex")
    home = tmp_path / "home"
    done = run_process(*command, source, "--today", TODAY,
                       env={"XDG_CACHE_HOME": str(home), "HOME": str(home), "RESPONDER_CACHE": ""})
    assert done.code in (0, 1), done.err
    folder = home / "responder"
    assert folder.is_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


# ------------------------------ 9, 10: returned workbooks: dates in range, bounded unpacking


def _excel_form(cli, example, tmp_path):
    from openpyxl import load_workbook

    source = example("letter-northmoor")
    form = tmp_path / "form.xlsx"
    assert cli("returns", "make", source, "-o", form).code == 0
    book = load_workbook(form)
    sheet = book.active
    head = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "id")
    columns = {sheet.cell(head, c).value: c for c in range(1, sheet.max_column + 1)}
    row = next(r for r in range(head + 1, sheet.max_row + 1)
               if sheet.cell(r, 1).value == "s1.1-afi1")
    return source, form, book, sheet, row, columns


@pytest.mark.parametrize("value", [__import__("datetime").datetime(9999, 12, 31), -5])
def test_a_returned_date_outside_the_models_range_is_refused(cli, example, tmp_path, value):
    source, form, book, sheet, row, columns = _excel_form(cli, example, tmp_path)
    cell = sheet.cell(row, columns["Target date"])
    cell.value = value
    cell.number_format = "d mmmm yyyy"
    book.save(form)
    before = source.read_bytes()
    done = cli("returns", "read", source, form)
    assert done.code == 2, done.err
    assert f"row {row}, Target date" in done.err and "range" in done.err
    assert source.read_bytes() == before
    assert cli("validate", source).code == 0


def test_a_workbook_that_unpacks_to_far_more_than_a_form_is_refused_quickly(cli, example,
                                                                           tmp_path):
    import time
    import zipfile

    source, form, *_ = _excel_form(cli, example, tmp_path)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(form) as inside, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in inside.infolist():
            data = inside.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                # 100 MB of nothing inside the sheet: a few hundred KB packed
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (100 << 20), 1)
            out.writestr(info.filename, data)
    assert bomb.stat().st_size < 2 << 20
    started = time.monotonic()
    done = cli("returns", "read", source, bomb)
    assert done.code == 2 and "unpack" in done.err, done.err
    assert time.monotonic() - started < 5


# ------------------------------ 6: a Word box that cannot be read whole


def test_a_word_box_holding_an_entity_is_refused_not_emptied(cli, example, tmp_path):
    import zipfile

    source = example("letter-northmoor")
    form = tmp_path / "form.docx"
    assert cli("returns", "make", source, "-o", form).code == 0
    with zipfile.ZipFile(form) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"]
    words = b"Since April 2019 all 27 neighbourhood teams"
    assert xml.count(words) == 1
    xml = xml.replace(words, b"&xxe; " + words)
    declaration, _, rest = xml.partition(b"?>")
    parts["word/document.xml"] = (declaration + b'?><!DOCTYPE w:document [<!ENTITY xxe "x">]>'
                                  + rest)
    returned = tmp_path / "returned.docx"
    with zipfile.ZipFile(returned, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    before = source.read_bytes()
    done = cli("returns", "read", source, returned)
    assert done.code == 2, done.out
    assert "s1.1-afi1, Force response" in done.err and "Traceback" not in done.err
    assert source.read_bytes() == before


# ------------------------------ 13: deep nesting is refused at once


DEEP = {
    "flow-list.yaml": "responder: 1\nletter: " + "[" * 10_000 + "]" * 10_000 + "\n"
                      "report:\n  title: x\n  published: 2024-01-05\n",
    "flow-map.yaml": "responder: 1\nletter: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n"
                     "report:\n  title: x\n  published: 2024-01-05\n",
    "block.yaml": "responder: 1\nletter:\n" + "".join("  " * i + "- \n" for i in range(1, 2_000))
                  + "report:\n  title: x\n  published: 2024-01-05\n",
}


@pytest.mark.parametrize("command", ["deadline", "check", "status", "validate"])
def test_a_deeply_nested_neighbour_costs_the_folder_nothing(cli, example, command):
    import time

    good = example("small-thornbury")
    for name, text in DEEP.items():
        (good.parent / name).write_text(text, encoding="utf-8")
    started = time.monotonic()
    alone = cli(command, good, "--today", TODAY) if command != "validate" else cli(command, good)
    folder = cli(command, good.parent, "--today", TODAY) if command != "validate" \
        else cli(command, good.parent)
    took = time.monotonic() - started
    assert alone.code in (0, 1), alone.err
    assert folder.code == 2 and "Traceback" not in folder.err
    assert all(name in folder.err for name in DEEP), folder.err
    assert took < 8, f"{command} took {took:.1f} s"


# ------------------------------ 15: one line, never a traceback


def _one_clean_line(done) -> None:
    assert done.code == 2, (done.code, done.err)
    assert "Traceback" not in done.err and len(done.err.strip().splitlines()) == 1, done.err


def test_deeply_nested_html_imports_without_a_traceback(tmp_path):
    page = tmp_path / "report.html"
    page.write_text("<html><body><main><h1>PEEL 2023: Testshire Police</h1>"
                    + "<div>" * 20_000 + "<p>Deep words.</p>" + "</div>" * 20_000
                    + "</main></body></html>", encoding="utf-8")
    done = run_process("import", page, "-o", tmp_path / "out.yaml", timeout=120)
    assert "Traceback" not in done.err and "RecursionError" not in done.err, done.err[-500:]
    assert done.code in (0, 1, 2)


def test_a_config_file_that_never_ends_is_refused(tmp_path):
    done = run_process("deadline", "--config", "/dev/zero", "--published", "2024-01-05",
                       timeout=60) if Path("/dev/zero").exists() else None
    if done is None:
        pytest.skip("no /dev/zero")
    _one_clean_line(done)
    big = tmp_path / "responder.toml"
    big.write_bytes(b"# " + b"x" * (3 << 20) + b"\n")
    _one_clean_line(run_process("deadline", "--config", big, "--published", "2024-01-05"))


@pytest.mark.skipif(not POSIX, reason="symbolic links")
@pytest.mark.parametrize("command", [("check",), ("returns", "make"), ("validate",), ("status",),
                                     ("deadline",), ("render",)])
def test_a_link_that_loops_to_itself_is_one_line(cli, tmp_path, command):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    extra = ("-o", tmp_path / "form.xlsx") if command == ("returns", "make") else ()
    done = cli(*command, loop, *extra)
    _one_clean_line(done)
    assert "loop" in done.err


@pytest.mark.skipif(not POSIX,
                    reason="needs a file-size limit (POSIX)")
@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_form_made_under_a_file_size_limit_is_one_line(example, tmp_path, suffix):
    import subprocess

    source = example("letter-northmoor")
    out = tmp_path / f"form{suffix}"
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            "resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)); "
            "from responder.cli import run; sys.argv[0] = 'responder'; run()")
    done = subprocess.run([sys.executable, "-c", code, "returns", "make", str(source), "-o",
                           str(out)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, \
        done.stderr
    assert not out.exists()


# ------------------------------ 2: the other voice's withheld words are marked


def test_the_force_interview_marks_the_commissioners_withheld_comment(example, monkeypatch):
    import io

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from responder.drafting.interview import run_interview

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    source = example("small-thornbury")
    text = source.read_text(encoding="utf-8")
    anchor = "    title: Initial response and investigation\n"
    assert anchor in text
    text = text.replace(anchor, anchor + "    commissioner:\n      text: I met the family at "
                        "their home in Ashcombe.\n      withheld:\n"
                        "        reason: personal_safety\n", 1)
    source.write_text(text, encoding="utf-8")
    screen = io.StringIO()
    with create_pipe_input() as keyboard:
        keyboard.send_text("q\r")
        keyboard.close()
        run_interview(source, today=__import__("datetime").date(2024, 3, 1), input=keyboard,
                      output=PlainTextOutput(screen), role="force")
    shown = " ".join(screen.getvalue().split())
    assert "I met the family" in shown
    context = shown[shown.index("For context"):shown.index("Your comment, as the force")]
    assert "withheld" in context.lower(), context


# ------------------------------ 16: smaller things


RAISED = """\
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
      - id: s1-afi1
        kind: area_for_improvement
        text: The force should record decisions about children in its care.
      - id: s1-afi2
        kind: area_for_improvement
        text: The force should improve how it supervises investigations into child abuse.
"""


def test_status_counts_the_warnings_check_gives(cli, tmp_path):
    import re

    for year in ("2021", "2023"):
        (tmp_path / f"testshire-{year}.yaml").write_text(
            RAISED.format(title=f"PEEL {year}", published=f"{year}-03-04"), encoding="utf-8")
    later = tmp_path / "testshire-2023.yaml"
    checked = cli("check", later, "--today", TODAY)
    assert "RECURRING" in checked.out
    errors, warnings = re.search(r"(\d+) errors?, (\d+) warnings?", checked.out).groups()
    status = json.loads(cli("status", "--json", tmp_path, "--today", TODAY).out)
    row = next(r for r in status if r["file"].endswith("testshire-2023.yaml"))
    assert (row["errors"], row["warnings"]) == (int(errors), int(warnings)), row


def test_a_save_writes_no_default_into_an_unchanged_report(cli, example):
    source = example("small-thornbury")
    text = source.read_text(encoding="utf-8").replace("  kind: other\n", "", 1)
    text = text.replace("              status: in_progress\n              rag: amber\n",
                        "              rag: amber\n", 1)  # a tracking without its status
    source.write_text(text, encoding="utf-8")
    done = cli("track", source, "s1-rec1", "--update", "A note.", "--date", "2024-02-20",
               "--today", TODAY)
    assert done.code == 0, done.err
    after = source.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in text.splitlines()]
    assert "kind: peel" not in after and "status: open" not in after
    assert all("A note." in line or "2024-02-20" in line for line in added), added


def test_max_problems_below_one_is_a_mistake_in_the_call(cli, example):
    done = cli("validate", example("small-thornbury"), "--max-problems", "-1")
    _one_clean_line(done)
    assert "--max-problems" in done.err


def test_profile_show_of_a_folder_is_refused(cli, tmp_path):
    done = cli("profile", "--show", "--config", tmp_path)
    _one_clean_line(done)
    assert "folder" in done.err


def test_a_returned_box_with_a_malformed_name_is_named_not_dropped(cli, example, tmp_path):
    import zipfile

    source = example("letter-northmoor")
    form = tmp_path / "form.docx"
    assert cli("returns", "make", source, "-o", form).code == 0
    with zipfile.ZipFile(form) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"]
    assert b"responder:s1.1-afi1:force" in xml
    parts["word/document.xml"] = xml.replace(b"responder:s1.1-afi1:force",
                                             b"responder:s1.1-afi1:forse")
    returned = tmp_path / "returned.docx"
    with zipfile.ZipFile(returned, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    before = source.read_bytes()
    done = cli("returns", "read", source, returned)
    assert done.code == 2, done.out
    assert "responder:s1.1-afi1:forse" in done.err and "Traceback" not in done.err
    assert source.read_bytes() == before


@pytest.mark.parametrize("command", ["validate", "status", "deadline", "check", "track"])
def test_terminal_escapes_in_the_file_are_never_printed(cli, example, command):
    source = example("small-thornbury")
    text = source.read_text(encoding="utf-8")
    old = "  title: 'National child protection inspection: Thornbury Constabulary'\n"
    assert old in text
    text = text.replace(old, '  title: "\\e]2;owned\\a\\e[31mNational child protection '
                        'inspection: Thornbury Constabulary\\x9b"\n')
    text = text.replace("text: Daily strategy discussion", 'text: "\\e[2J\\e[31mDaily strategy '
                        'discussion"\n              # ', 1)
    source.write_text(text, encoding="utf-8")
    args = {"validate": (), "track": ("s2-rec1",)}.get(command, ("--today", TODAY))
    done = cli(command, source, *args)
    assert done.code in (0, 1), done.err
    if command != "check":
        assert "National child protection" in done.out + done.err \
            or "Daily strategy" in done.out + done.err
    for shown in (done.out, done.err):
        assert not any(ch in shown for ch in "\x1b\x07\x9b"), repr(shown[:300])


@pytest.fixture
def full_temp_drive(tmp_path):
    """A 64 KB drive (tmpfs) for TMPDIR: needs root and `mount`; skipped otherwise."""
    import shutil as sh
    import subprocess

    where = tmp_path / "small-drive"
    where.mkdir()
    if not POSIX or os.geteuid() != 0 or not sh.which("mount") or not sh.which("soffice"):
        pytest.skip("needs root, mount and LibreOffice")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small drive here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)


def test_a_pdf_with_the_temporary_drive_full_says_so(example, tmp_path, full_temp_drive):
    source = example("small-thornbury")
    done = run_process("render", source, "--format", "pdf", "-o", tmp_path / "out.pdf",
                       "--today", TODAY, env={"TMPDIR": str(full_temp_drive)}, timeout=180)
    assert done.code == 2
    assert "disk is full" in done.err and "damaged" not in done.err, done.err
    assert "Traceback" not in done.err
