"""The command line as a whole: help, version, module entry point and lean start-up."""

from __future__ import annotations

import argparse
import datetime as dt
import json

import pytest

from conftest import EXAMPLES
from responder import __version__
from responder.cli import COMMANDS, build_parser


def test_version_and_help(process):
    version = process("--version")
    assert version.code == 0 and version.out.strip() == f"responder {__version__}"
    helped = process("--help")
    assert helped.code == 0
    for command in ("new", "validate"):
        assert command in helped.out


def test_no_command_prints_help_and_exits_2(process):
    result = process()
    assert result.code == 2
    assert "usage: responder" in result.out


def test_an_unknown_command_is_one_line_with_a_suggestion(process):
    result = process("rendr", "x.yaml")
    assert result.code == 2
    assert result.err == "responder: no command 'rendr' (did you mean 'render'?); " \
        "'responder --help' lists them\n"


def test_a_mistake_in_a_call_is_one_line_not_the_usage(process):
    result = process("check", "--today", "31/02/2025", "x.yaml")
    assert result.code == 2
    assert result.err.count("\n") == 1, result.err
    assert "'31/02/2025' is not a real date" in result.err


def test_help_loads_no_command_module():
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys; from responder.cli import build_parser; build_parser(None); "
            "print(sorted(m for m in sys.modules if m.startswith('responder.cli.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**__import__('os').environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert done.stdout.strip() == "[]"


IMPORTS = """
import json, sys
from responder.cli import main
code = main(sys.argv[1:])
heavy = [m for m in ("docx", "questionary", "jinja2", "prompt_toolkit", "lxml") if m in sys.modules]
print(json.dumps(heavy), file=sys.stderr)
"""


def test_validate_does_not_load_heavy_modules(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    example = sorted(EXAMPLES.glob("*.yaml"))[0]
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS, "validate", str(example)], capture_output=True, text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True,
    )
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_output_cut_short_by_the_reader_is_not_an_error(tmp_path):
    """`responder validate … | head -1`: no traceback when the pipe closes early."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    files = [str(p) for p in sorted(EXAMPLES.glob("*.yaml"))] * 200
    with subprocess.Popen([sys.executable, "-m", "responder", "validate", *files],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, PYTHONPATH=str(ROOT))) as child:
        first = child.stdout.readline()
        child.stdout.close()  # the reader goes away
        err = child.stderr.read().decode()
        child.wait(timeout=60)
    assert b"valid" in first
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert child.returncode == 0


def test_the_console_entry_point_flushes_everything_before_leaving(process):
    """run() leaves with os._exit: what was printed must still all arrive."""
    result = process("status", EXAMPLES, "--json", "--today", "2024-02-20")
    assert result.code == 0
    assert len(json.loads(result.out)) == 4  # with examples/welsh/


# ---------------------------------------------------------------- dates and help on every command


def date_options() -> list[tuple[str, str]]:
    """(command, option) for every option of every command that takes a date."""
    found = []
    for name in COMMANDS:
        sub = build_parser(name)._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr]
        for action in sub._actions:
            if not action.option_strings:
                continue  # a positional DATE (record's) is read by its command: test_record.py
            if action.metavar == "DATE" or "--today" in action.option_strings \
                    or "--published" in action.option_strings:
                found.append((name, action.option_strings[-1]))
    return found


DATE_OPTIONS = date_options()


def test_the_date_options_are_found():
    assert ("deadline", "--published") in DATE_OPTIONS and ("deadline", "--today") in DATE_OPTIONS
    assert ("new", "--published") in DATE_OPTIONS and ("check", "--today") in DATE_OPTIONS
    assert len(DATE_OPTIONS) >= 7


@pytest.mark.parametrize(("command", "option"), DATE_OPTIONS)
def test_every_date_option_shows_its_format_and_reads_it_day_first(command, option):
    sub = build_parser(command)._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    action = next(a for a in sub._actions if option in a.option_strings)
    assert "e.g. 2025-11-01, 01/11/2025 or 1 November 2025; day first" in action.help
    assert action.metavar == "DATE"
    for typed in ("2025-11-01", "01/11/2025", "1.11.2025", "1 November 2025", "1 Nov 2025"):
        assert action.type(typed) == dt.date(2025, 11, 1), typed
    with pytest.raises(argparse.ArgumentTypeError, match="not a real date"):
        action.type("2025-02-29")


@pytest.mark.parametrize(("command", "option"), DATE_OPTIONS)
def test_a_bad_date_on_any_command_is_one_line(command, option, cli, tmp_path):
    args = {"new": [tmp_path / "x.yaml"], "templates": ["export", tmp_path]}.get(
        command, [EXAMPLES])
    if command in ("render", "interview"):
        args = [EXAMPLES / "small-thornbury-child-protection-2024.yaml"]
    result = cli(command, *args, option, "2025-02-29")
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1, result.err
    assert "'2025-02-29' is not a real date" in result.err


def help_of(process, command: str) -> str:
    result = process(command, "--help")
    assert result.code == 0
    return " ".join(result.out.split())


def test_help_texts_say_what_the_commands_take(process):
    assert "--kind {peel,thematic,joint,other} what sort of inspection" in help_of(process, "new")
    assert "FILE|FOLDER" in help_of(process, "check")
    assert "FILE|FOLDER" in help_of(process, "validate")
    status = help_of(process, "status")
    for column in ("'Publish by', the last working day", "'When'", "'Force' and 'Comm.'",
                   "'Actions'", "'Check'"):
        assert column in status


def test_interview_names_a_missing_file_even_without_a_terminal(process, tmp_path):
    result = process("interview", tmp_path / "nothere.yaml", input="")
    assert result.code == 2
    assert result.err.strip() == f"{tmp_path / 'nothere.yaml'}: no such file"


def test_interview_on_a_report_suggests_import(process, tmp_path):
    report = tmp_path / "peel report.pdf"
    report.write_bytes(b"%PDF-1.7\n%binary\n")
    result = process("interview", report, input="")
    assert result.code == 2
    assert result.err.strip() == (f"{report}: is a report or document, not a response file; to "
                                  f"read an inspection report in, run: responder import "
                                  f"\"{report}\"")


def test_a_folder_is_named_as_typed(process, tmp_path):
    (tmp_path / "responses").mkdir()
    result = process("interview", "responses/", cwd=tmp_path, input="")
    assert result.err.strip() == "responses: is a folder, not a response file"
    result = process("status", "./responses/", cwd=tmp_path)
    assert result.err.strip() == "responder: no response files (*.yaml, *.yml) in './responses/'"
