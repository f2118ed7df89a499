"""Shared fixtures: the examples, the samples (when present), and ways to run the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# Python's bytecode cache, even on a machine that turns it off (PYTHONDONTWRITEBYTECODE):
# without it each worker compiles every test module and the package again (collecting took
# 4.2 s against 1.7 s), and so does each command the tests start as a process. It goes where
# Python always puts it (__pycache__, ignored by git), not under a PYTHONPYCACHEPREFIX: with a
# prefix, Python looks only there, and would compile again every installed library whose
# bytecode pip had already written. Set here, before the workers start, so they and every
# process they start inherit it.
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    """Each test has a cache folder of its own (responder.cache): no test is helped by what
    another kept, and nothing is written to the user's own cache folder."""
    monkeypatch.setenv("RESPONDER_CACHE", str(tmp_path_factory.mktemp("cache")))


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def browser():
    """The system's Chromium, shared by the tests of a module that check pages with
    axe-core (see browser.py). Not one per session: while Playwright's synchronous API is
    open it keeps an event loop running, and the interview's prompts (asyncio.run) fail
    in any later test of the same worker."""
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")
    from browser import chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def samples() -> Path:
    """The real public documents; a user's clone has none, so tests using them skip."""
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not present")
    return SAMPLES


@pytest.fixture
def example(tmp_path: Path):
    """Copy a bundled example into a temporary folder and return its path."""

    def copy(name: str) -> Path:
        matches = sorted(EXAMPLES.glob(f"{name}*.yaml"))
        assert matches, f"no example named {name}*"
        target = tmp_path / matches[0].name
        shutil.copyfile(matches[0], target)
        return target

    return copy


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run the command line in-process, as `responder ARGS`."""
    from responder.cli import main

    def run(*args: str | Path) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_process(*args: str | Path, cwd: Path | None = None, env: dict | None = None,
                input: str | None = None, timeout: float = 60) -> Result:
    """Run `python -m responder ARGS` as a real process (for start-up, imports and exit codes)."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "responder", *map(str, args)],
        cwd=cwd, env=full_env, input=input, capture_output=True, text=True, timeout=timeout,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def process():
    return run_process


def pytest_xdist_auto_num_workers(config):
    """One worker more than the cores (pytest-xdist's -n auto): about a third of the suite's
    time is spent waiting on LibreOffice, Chromium and real terminals, and a third worker
    fills the cores meanwhile (96 s against 105 s on two cores; a fourth is slower again)."""
    return (os.cpu_count() or 1) + 1
