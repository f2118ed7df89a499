"""Pages checked as auditors check them: axe-core in the system's Chromium, driven by Playwright.

The browser itself is the ``browser`` fixture in conftest.py, started once per test
module (per pytest-xdist worker) and shared by the module's tests that check a page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


_AXE: list[str] = []


def axe_script() -> str:
    if not _AXE:
        import axe_playwright_python

        _AXE.append((Path(axe_playwright_python.__file__).parent / "axe.min.js")
                    .read_text(encoding="utf-8"))
    return _AXE[0]


_TABS: dict[int, object] = {}


def axe(browser, page_file: Path) -> dict:
    """axe-core's verdict on one page. One tab per browser is reused for every page (a new
    tab costs a fifth of a second); each page is loaded afresh, and axe with it."""
    page = _TABS.get(id(browser))
    if page is None or page.is_closed():
        page = _TABS[id(browser)] = browser.new_page()
    page.goto(page_file.resolve().as_uri())
    page.evaluate(axe_script())
    return page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations']})", AXE_TAGS)


def describe(violations: list[dict]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {v['help']} — "
                     + ", ".join(n["target"][0] for n in v["nodes"][:3]) for v in violations)
