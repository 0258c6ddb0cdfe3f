"""The package reads as the pipeline: subpackages in layers, imports only downward.

docs/architecture.md draws the same order; this test keeps the code and the drawing
in step (a new module must sit in a subpackage, and may import only from its own
layer or the layers below it).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kg"

# bottom to top: each layer may import from itself and from the layers before it
LAYERS = ["terms", "core", "knowledge", "text", "chronology", "sources", "entities",
          "linking", "pipeline", "graph", "query", "check", "publish", "web", "cli"]


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The kg modules a file imports, at the top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                out.add(child if child in modules else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("kg"))
    return out


def test_every_module_sits_in_a_layer():
    top_level = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top_level == ["__init__.py"]
    folders = sorted(p.name for p in PACKAGE.iterdir()
                     if p.is_dir() and (p / "__init__.py").is_file())
    assert folders == sorted(LAYERS)


def test_imports_go_only_downward():
    rank = {name: i for i, name in enumerate(LAYERS)}
    modules = _modules()
    upward = []
    for name, path in sorted(modules.items()):
        if name == "kg":
            continue
        layer = name.split(".")[1]
        for target in _imports(path, modules):
            parts = target.split(".")
            if len(parts) > 1 and rank[parts[1]] > rank[layer]:
                upward.append(f"{name} -> {target}")
    assert upward == []


MAX_FUNCTION_LINES = 60


def _long_functions(root: Path) -> list[str]:
    """``path:line name (N lines)`` of every function longer than the limit, docstring and
    nested functions included."""
    out = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    out.append(f"{path.relative_to(root)}:{node.lineno} {node.name} "
                               f"({lines} lines)")
    return out


def test_no_function_is_longer_than_sixty_lines():
    assert _long_functions(PACKAGE) == []


def test_the_length_check_sees_a_long_function(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(60))
    (tmp_path / "m.py").write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}",
                                   encoding="utf-8")
    assert _long_functions(tmp_path) == ["m.py:5 long (61 lines)"]


def test_no_import_cycle_between_modules():
    modules = _modules()
    graph = {m: {t for t in _imports(p, modules) if t in modules and t != m}
             for m, p in modules.items()}
    assert _cycles(graph) == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
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
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_the_checks_see_a_cycle_and_every_kind_of_import(tmp_path):
    """The checks above would catch what they are for (a check that cannot fail is none)."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    a = tmp_path / "a.py"
    a.write_text("from kg.cli.main import main\nfrom kg.web import serve\n"
                 "def f():\n    import kg.query.engine\n", encoding="utf-8")
    assert _imports(a, _modules()) == {"kg.cli.main", "kg.web.serve", "kg.query.engine"}
