"""The layering the README's map describes, read off the source with ast: who may import whom, who may print."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "selfcheck"


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()}


# The leaves every layer uses: the error type, escaping, and the NamedTuple helper every record is built with.
BASE = {"selfcheck.errors", "selfcheck.escape", "selfcheck.model.records"}


def layer(module: str) -> str:
    """The subpackage a module is in (`engine`, `render`, ...); `base` for errors and escape, which every layer
    uses; `api` for the package itself and `__main__`, which may name anything."""
    if module in BASE:
        return "base"
    inside = MODULES[module].relative_to(PACKAGE).parts
    if len(inside) > 1:
        return inside[0]
    return "api" if inside[0] in ("__init__.py", "__main__.py") else "base"


def imports(module: str) -> dict[str, int]:
    """Every module this one imports (at the top, inside functions, for type checking), with the line of the
    first import; `from selfcheck.pkg import mod` counts as importing the module `mod`."""
    found: dict[str, int] = {}
    for node in ast.walk(TREES[module]):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [
                f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                for alias in node.names
            ]
        for name in names:
            if name != module:
                found.setdefault(name, node.lineno)
    return found


def _where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


# Breaks of the layering that are known and owned (issue 14.3), each to be removed from here when fixed:
# a fix that forgets to, and a new break, both fail.
KNOWN_BREAKS: set[tuple[str, str]] = set()
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_OUTPUT: set[str] = set()

# The layers from the bottom (the README's picture): a module imports only from layers below its own, so
# data flows rulefile -> model -> engine -> ui/render, the analysis reads the model, and cli/ is on top.
RANK = {
    "base": 0,
    "model": 1,
    "rulefile": 2,
    "engine": 3,
    "analysis": 4,
    "interop": 4,
    "cases": 4,
    "render": 5,
    "ui": 6,
    "cli": 7,
    "api": 8,
}


def _above(module: str, target: str) -> bool:
    """Whether target is in a layer above module's (or beside it); `from selfcheck import __version__` is
    allowed anywhere: the package imports nothing eagerly."""
    if target not in MODULES or target == "selfcheck" or layer(target) == layer(module):
        return False
    return RANK[layer(target)] >= RANK[layer(module)]


def test_no_layer_imports_a_layer_above_it() -> None:
    broken = [
        f"{_where(module, line)}: {layer(module)} imports {target} ({layer(target)})"
        for module in MODULES
        for target, line in imports(module).items()
        if _above(module, target) and (module, target) not in KNOWN_BREAKS
    ]
    assert broken == [], "import from a lower layer only (README: How the code is laid out), or pass the value in"
    still = {(m, t) for m, t in KNOWN_BREAKS if t in imports(m)}
    assert still == KNOWN_BREAKS, "a known break is fixed: remove it from KNOWN_BREAKS"


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = _pop_component(stack, on_stack, node)
                if len(component) > 1:
                    found.append(component)
    return found


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> frozenset[str]:
    """The modules on the stack down to the component's root, taken off it."""
    component = set()
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.add(member)
        if member == root:
            return frozenset(component)


def test_the_modules_import_each_other_without_cycles() -> None:
    # Type-only imports count too: a cycle there is still two modules that cannot be read apart.
    graph = {module: {t for t in imports(module) if t in MODULES} for module in MODULES}
    assert {c for c in _cycles(graph)} == KNOWN_CYCLES, "modules that import each other: move what both need into one"


def test_the_cycle_finder_finds_a_cycle_and_only_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]


@pytest.mark.parametrize("library", ["questionary", "prompt_toolkit"])
def test_only_the_runners_import_the_terminal_libraries(library: str) -> None:
    found = [
        _where(module, line)
        for module in MODULES
        for target, line in imports(module).items()
        if target.split(".")[0] == library and layer(module) != "ui"
    ]
    assert found == []


def _output(module: str) -> list[str]:
    """Where a module prints or touches the standard streams."""
    found = []
    for node in ast.walk(TREES[module]):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            found.append(f"{_where(module, node.lineno)}: print(")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in ("stdout", "stderr")
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        ):
            found.append(f"{_where(module, node.lineno)}: sys.{node.attr}")
    return found


def test_nothing_below_the_command_line_and_the_runners_prints() -> None:
    below = [m for m in MODULES if layer(m) not in ("cli", "ui") and m not in KNOWN_OUTPUT]
    printed = [place for module in below for place in _output(module)]
    assert printed == [], "return the text; only cli/ and ui/ write to the standard streams"
    assert {m for m in KNOWN_OUTPUT if _output(m)} == KNOWN_OUTPUT, "fixed: remove it from KNOWN_OUTPUT"


def test_every_package_init_is_a_docstring_only() -> None:
    # An import in a package's __init__ would run for every command that touches the package (start-up).
    # selfcheck.rulefile.schema is data: its __init__ is the module that finds and reads the JSON file.
    eager = [
        str(MODULES[m].relative_to(ROOT))
        for m in MODULES
        if MODULES[m].name == "__init__.py"
        and m not in ("selfcheck", "selfcheck.rulefile.schema")
        and len(TREES[m].body) != 1
    ]
    assert eager == [], "a package's __init__.py is its one-line docstring only (start-up pays for every import)"


def test_every_module_starts_with_a_one_line_summary() -> None:
    missing = []
    for module, tree in TREES.items():
        doc = ast.get_docstring(tree, clean=False)
        lines = (doc or "").split("\n")
        if not lines[0].strip() or (len(lines) > 1 and lines[1].strip()):
            missing.append(str(MODULES[module].relative_to(ROOT)))
    assert missing == [], 'start each module with a one-line summary: """What it holds."""'


def test_the_readme_map_names_every_package_and_module() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## How the code is laid out\n(.*?)^## ", text, re.S | re.M)
    assert section
    named = set(re.findall(r"`(selfcheck/[\w/]+(?:\.py)?)`", section.group(1)))
    wanted = set()
    for path in MODULES.values():
        relative = path.relative_to(ROOT)
        package = path.name == "__init__.py" and path.parent != PACKAGE
        wanted.add(f"{relative.parent}/" if package else str(relative))
    assert sorted(wanted - named) == [], "add a row for each to the README's table under 'How the code is laid out'"
    assert sorted(named - wanted) == [], "the README's map names modules that are gone: remove or rename their rows"
