"""The layout docs/architecture.md draws: the layers, the arrows allowed between them, no import cycle,
no module past 600 lines, and few modules at the top of the package.

Read from the code's own imports (every ``import`` and ``from … import``, those inside functions
included), so a change that breaks the rule fails here before a reader is misled by the page.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "responder"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Lowest first. A module may import from its own part and from any part below it, never above.
LAYERS = ("ground", "response", "law", "importing", "compliance", "render", "returns", "translation",
          "drafting", "after", "folders", "site", "cli")
MAX_LINES = 600
MAX_TOP_LEVEL = 12


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The responder modules ``name`` imports, anywhere in its text."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("responder"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith("responder"):
                continue
            for alias in node.names:
                whole = f"{source}.{alias.name}"
                found.add(whole if whole in known else source)
    found.discard(name)
    return found


def part(name: str) -> str:
    """The layer a module belongs to: its package under responder, or 'ground' for the few
    modules at the top (errors, dates, config, cache, screen)."""
    parts = name.split(".")
    if len(parts) == 1 or (PACKAGE / f"{parts[1]}.py").exists():
        return "ground"
    return parts[1]


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    every = modules()
    return {name: imports(name, path, set(every)) for name, path in every.items()}


def test_every_package_is_a_layer_the_page_describes():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages <= set(LAYERS), packages - set(LAYERS)
    page = ARCHITECTURE.read_text(encoding="utf-8")
    for name in packages:
        assert f"`{name}/`" in page, f"docs/architecture.md does not describe {name}/"


def test_no_module_imports_a_layer_above_its_own(graph):
    upward = []
    for name, targets in graph.items():
        if name == "responder.__main__":
            continue  # the entry point: it runs the command line
        for target in targets:
            if LAYERS.index(part(target)) > LAYERS.index(part(name)):
                upward.append(f"{name} -> {target}")
    assert not upward, "imports that run up a layer:\n" + "\n".join(sorted(upward))


def test_no_import_cycle_between_modules(graph):
    # Tarjan's strongly connected components: any with two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            # A package's __init__ importing its own modules is not a cycle of ideas.
            component = [m for m in component if not any(
                other != m and other.startswith(m + ".") for other in component)]
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert not cycles, cycles


def test_no_module_is_longer_than_a_few_screens():
    long = {module_name(path): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_few_modules_sit_at_the_top():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL, top


def test_the_page_names_every_top_module_and_command():
    page = ARCHITECTURE.read_text(encoding="utf-8")
    for path in PACKAGE.glob("*.py"):
        if path.stem not in ("__init__", "__main__"):
            assert f"`{path.stem}`" in page or f"`{path.name}`" in page, path.name
    table = (PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8")
    for command in re.findall(r'^\s*"([a-z]+)": *Command\(', table, re.MULTILINE):
        assert f"`{command}`" in page, f"docs/architecture.md does not place `{command}`"
