"""Issue 23, hardening: each test here failed before the fix it guards.

The probe that found these (benchmarks/probe.py) runs the same bad inputs against the real
command line and counts clean refusals, tracebacks, hangs, leaks and lost changes."""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path

import pytest

from conftest import run_process

TODAY = "2024-03-01"
POSIX = os.name == "posix"


# ---------------------------------------------------------------- 11: no cache that unpickles


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
