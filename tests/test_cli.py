"""The command line as a whole: help, version, module entry point and lean start-up."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from responder import __version__


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
    assert len(json.loads(result.out)) == 3
