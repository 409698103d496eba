"""The house rules of docs/architecture.md, read from the source: ndsh's modules import one
another without a cycle (imports inside functions count), and the arrows that must never exist
do not. The checker is tested on a planted back-import too, so it cannot pass by seeing nothing.
"""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ndsh"
FRONT_ENDS = ("ndsh.cli", "ndsh.cli_app", "ndsh.cli_run", "ndsh.cli_routing", "ndsh.__main__",
              "ndsh.repl", "ndsh.kernel")
ONLY_BACKEND_IMPORTS = ("cupy", "cupyx", "dask", "distributed")
UI_PACKAGES = ("rich", "prompt_toolkit", "typer", "pygments", "IPython", "ipykernel")
# MXNet's libraries over the engine: Gluon, mx.image / mx.io, mx.contrib.text, mx.sym, mx.np,
# mx.metric
LIBRARIES = ("ndsh.gluon", "ndsh.image", "ndsh.contrib_text", "ndsh.symbol", "ndsh.mxnp",
             "ndsh.metric")


def module_names(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package at `root`."""
    names = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _imported_names(module: str, is_package: bool, tree: ast.AST):
    """Every absolute name an import statement (or import_module("...")) in the tree names,
    skipping `if TYPE_CHECKING:` blocks (they never run)."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[:len(package) - node.level + 1]
                base = ".".join(package + ([base] if base else []))
            # `from pkg import name`: the submodule pkg.name if there is one, else pkg itself
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)) \
                and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                    "import_module", "__import__") \
                and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            yield node.args[0].value


def import_graph(root: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(edges between ndsh's modules, the outside top-level packages each module imports)."""
    modules = module_names(root)
    edges: dict[str, set[str]] = {}
    outside: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        targets, others = set(), set()
        for name in _imported_names(module, path.name == "__init__.py", tree):
            if name.split(".")[0] != root.name:
                others.add(name.split(".")[0])
                continue
            while name not in modules and "." in name:  # `from pkg import attribute`
                name = name.rsplit(".", 1)[0]
            if name in modules and name != module:
                targets.add(name)
        edges[module], outside[module] = targets, others
    return edges, outside


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
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
                    found.append(sorted(component))
    return found


def _within(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def forbidden_arrows(edges, outside) -> list[str]:
    """Each import that breaks a house rule, as 'a -> b: the rule'."""
    broken = []
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            rule = None
            if _within(module, "ndsh.engine") and not _within(target, "ndsh.engine"):
                rule = "the engine imports nothing outside engine/"
            elif module == "ndsh.engine.registry":
                rule = "the op table imports nothing of the engine"
            elif _within(module, "ndsh.tools") and _within(target, *FRONT_ENDS):
                rule = "tools are called by the front ends, never reach into them"
            elif _within(module, *FRONT_ENDS) and _within(target, "ndsh.engine.backend",
                                                          "ndsh.engine.context"):
                rule = "front ends reach contexts and devices through the Session"
            elif _within(module, *LIBRARIES) and _within(
                    target, *FRONT_ENDS, "ndsh.session", "ndsh.tools", "ndsh.display", "ndsh.doc"):
                rule = "MXNet's libraries (Gluon, image, text, sym, np, metric) stand on the engine"
            if rule:
                broken.append(f"{module} -> {target}: {rule}")
    for module, packages in sorted(outside.items()):
        for package in sorted(packages & set(ONLY_BACKEND_IMPORTS)):
            if module != "ndsh.engine.backend":
                broken.append(f"{module} -> {package}: only engine/backend.py imports {package}")
        if _within(module, "ndsh.engine"):
            for package in sorted(packages & set(UI_PACKAGES)):
                broken.append(f"{module} -> {package}: the engine draws on no terminal")
    return broken


def test_no_import_cycle_among_ndshs_modules():
    edges, _ = import_graph(PACKAGE)
    assert len(edges) > 80          # it read the whole package
    assert cycles(edges) == []


def test_no_forbidden_import_arrow():
    assert forbidden_arrows(*import_graph(PACKAGE)) == []


def _planted(tmp_path: Path, plants: dict[str, str]) -> Path:
    """A copy of the package with each line appended, inside a function, to its module."""
    root = tmp_path / "ndsh"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    for path, line in plants.items():
        target = root / path
        target.write_text(target.read_text() + f"\n\ndef _planted():\n    {line}\n")
    return root


def test_a_planted_back_import_is_caught(tmp_path):
    root = _planted(tmp_path, {"engine/registry.py": "from ndsh.engine import invoke"})
    edges, outside = import_graph(root)
    found = cycles(edges)
    assert any({"ndsh.engine.registry", "ndsh.engine.invoke"} <= set(c) for c in found), found
    assert "ndsh.engine.registry -> ndsh.engine.invoke: the op table imports nothing of the " \
           "engine" in forbidden_arrows(edges, outside)


def test_planted_arrows_that_must_never_exist_are_caught(tmp_path):
    plants = {
        "engine/ops/nn.py": ("import ndsh.display.console",
                             "ndsh.engine.ops.nn -> ndsh.display.console"),
        "tools/graphs.py": ("from ndsh.repl import app", "ndsh.tools.graphs -> ndsh.repl.app"),
        "cli.py": ("from ndsh.engine.context import cpu", "ndsh.cli -> ndsh.engine.context"),
        "engine/invoke.py": ("import cupy", "ndsh.engine.invoke -> cupy"),
        "engine/graph.py": ("import rich", "ndsh.engine.graph -> rich"),
        "image/image.py": ("from ndsh import session", "ndsh.image.image -> ndsh.session"),
        "mxnp/array.py": ("import ndsh.tools.graphs", "ndsh.mxnp.array -> ndsh.tools.graphs"),
    }
    # one copy holds every plant (each adds its own arrow; reading the package is the cost)
    broken = forbidden_arrows(*import_graph(_planted(
        tmp_path, {path: line for path, (line, _) in plants.items()})))
    for _, arrow in plants.values():
        assert any(b.startswith(arrow + ":") for b in broken), (arrow, broken)
