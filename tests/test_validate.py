"""`responder validate`: every kind of bad input gets one clear line, exit 2, and the file untouched."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from conftest import example_files

MINIMAL = """\
responder: 1
body: {name: Office of the Police and Crime Commissioner for Wessex}
force: {name: Wessex Police}
report:
  title: PEEL 2025 – an inspection of Wessex Police
  published: 2025-11-01
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"


def alias_bomb() -> str:
    lines = ["responder: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        name, previous = chr(97 + i), chr(96 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BAD_INPUTS: dict[str, tuple[bytes | str | None, str]] = {
    "empty": ("", "is empty"),
    "blank lines": ("\n\n   \n", "is empty"),
    "not yaml": ("responder: 1\nbody: [unclosed\n  name: x\n",
                 ":2: body: '[' starts a list that is never closed with ']'; body holds indented "
                 "key: value lines"),
    "not yaml at all": ("responder: 1\nbody:\n  name: x\n y: 2\n", ":4:2: not valid YAML"),
    "prose": ("Dear Home Secretary, thank you for your letter.\n", "not a response"),
    "list": ("- a\n- b\n", "holds a list, not a response"),
    "binary": (b"PK\x03\x04\x00\x00\x08\x00binary", "is a binary file"),
    "not utf-8": (b"responder: 1\nbody:\n  name: Caf\xe9\n", ":3: is not UTF-8 text"),
    "no version": ("body: {name: B}\n", "no 'responder: 1' line"),
    "newer version": ("responder: 7\n", "newer version of responder"),
    "impossible date": (
        MINIMAL.replace("2025-11-01", "2019-02-31"),
        ":6:3: report.published: '2019-02-31' is not a real date",
    ),
    "words for a date": (
        MINIMAL.replace("2025-11-01", "last Tuesday"),
        "report.published: 'last Tuesday' is not a real date",
    ),
    "unknown key": (
        MINIMAL.replace("published:", "publshed:"),
        ":6:3: report.publshed: unknown key 'publshed' (did you mean 'published'?)",
    ),
    "unknown top-level key": (MINIMAL + "sectoins: []\n", "did you mean 'sections'?"),
    "wrong enum": (
        MINIMAL + "sections:\n  - title: A\n  - title: B\n  - title: C\n    findings:\n"
        "      - kind: opinion\n        text: x\n",
        "sections[2].findings[0].kind: 'opinion' is not one of area_for_improvement, "
        "recommendation, cause_of_concern",
    ),
    "grade in lower case": (
        MINIMAL + "sections:\n  - title: A\n    grade: good\n", "(did you mean 'Good'?)"
    ),
    "missing title": (MINIMAL.replace("  title: PEEL 2025 – an inspection of Wessex Police\n", ""),
                      "report.title: 'title' is required"),
    "duplicate ids": (
        MINIMAL + "sections:\n  - id: s1\n    title: A\n  - id: s1\n    title: B\n",
        "the id 's1' is used twice",
    ),
    "recommendations under an AFI": (
        MINIMAL + "sections:\n  - title: A\n    findings:\n      - kind: area_for_improvement\n"
        "        text: x\n        recommendations:\n          - {kind: recommendation, text: y}\n",
        "only a cause_of_concern can group recommendations",
    ),
    "alias bomb": (alias_bomb(), "YAML aliases (*a) are not allowed"),
    "deep nesting": ("responder: 1\nbody: " + "[" * 100_000 + "]" * 100_000 + "\n",
                     "nested more than 64 levels deep"),
    "deep mapping": ("responder: 1\nbody:\n" + "".join("  " * i + "a:\n" for i in range(1, 200)),
                     "nested more than 64 levels deep"),
    "very large": ("responder: 1\n" + "# padding\n" * 1_000_000, "too large to be a response file"),
    "missing": (None, "no such file"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_gets_one_clear_line_and_exit_2(case, tmp_path, cli):
    content, expected = BAD_INPUTS[case]
    path = tmp_path / "west.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    before = digest(path) if content is not None else None

    started = time.perf_counter()
    result = cli("validate", path)
    elapsed = time.perf_counter() - started

    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert 1 <= len(lines) <= 5, result.err
    assert "Traceback" not in result.err
    assert "west.yaml" in lines[0]
    assert expected in result.err, result.err
    assert (digest(path) if content is not None else None) == before
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    assert elapsed < 30  # refused, not hung: a generous bound only to fail a hang


def test_a_folder_instead_of_a_file(tmp_path, cli):
    folder = tmp_path / "responses.yaml"
    folder.mkdir()
    # validate reads folders, like check and status; an empty one is a mistake in the call.
    result = cli("validate", folder)
    assert result.code == 2
    assert f"no response files (*.yaml, *.yml) in '{folder}'" in result.err


def test_many_problems_are_listed_then_counted(tmp_path, cli):
    findings = "".join(f"      - kind: opinion{i}\n        text: x\n" for i in range(9))
    path = tmp_path / "many.yaml"
    path.write_text(MINIMAL + "sections:\n  - title: A\n    findings:\n" + findings, encoding="utf-8")
    result = cli("validate", path)
    lines = result.err.strip().splitlines()
    assert result.code == 2
    assert len(lines) == 6
    assert lines[-1].endswith("… and 4 more problems")


def test_one_bad_file_does_not_hide_the_good_ones(tmp_path, cli):
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a\n", encoding="utf-8")
    result = cli("validate", bad, good)
    assert result.code == 2
    assert "good.yaml: valid" in result.out
    assert "bad.yaml" in result.err


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_is_valid(path, cli):
    result = cli("validate", path)
    assert result.code == 0, result.err
    assert "valid —" in result.out


def test_there_are_examples_of_both_shapes():
    from responder.response.reading import read

    shapes = {"letter" if read(p).letter else "statement" for p in example_files()}
    assert shapes == {"letter", "statement"}


def test_debug_shows_the_traceback(tmp_path, process):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n", encoding="utf-8")
    plain = process("validate", path)
    assert plain.code == 2 and "Traceback" not in plain.err
    # validate reports per file rather than raising, so use `new` to reach the handler
    result = process("--debug", "new", tmp_path / "x.yaml")
    assert "Traceback" in result.err
