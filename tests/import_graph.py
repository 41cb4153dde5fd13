"""The package's import graph, read from the source (nothing is imported).

Every ``import`` of a package module counts — at the top of a file, inside a function, or under
``TYPE_CHECKING`` — because each one is a dependency a reader has to know about, wherever it is
written. ``python -m tests.import_graph`` prints modules and lines per layer, the import floors
(the longest chain of imports below each module) and any cycle; the tests assert on the same data.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = "translate_summarize"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name → file, for every ``.py`` file of the package."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _top_level(tree: ast.Module) -> list[ast.stmt]:
    """Statements run when the module is imported: the body and its ``if``/``try`` blocks,
    except an ``if TYPE_CHECKING:`` block."""
    found, todo = [], list(tree.body)
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
            todo += node.body + node.orelse
        elif isinstance(node, ast.Try):
            todo += node.body + node.orelse + node.finalbody
            todo += [stmt for handler in node.handlers for stmt in handler.body]
    return found


def imports(name: str, path: Path, known: set[str], anywhere: bool = True) -> set[str]:
    """The package modules ``name`` imports: anywhere in its file, or (``anywhere=False``) only
    at import time."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree) if anywhere else _top_level(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                targets.add(child if child in known else base)
    return {t for t in targets if t in known}  # a module importing itself is a cycle too


def graph(root: Path = ROOT, anywhere: bool = True) -> dict[str, set[str]]:
    """Module → the package modules it imports (see :func:`imports` for ``anywhere``)."""
    found = modules(root)
    return {name: imports(name, path, set(found), anywhere) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def floors(edges: dict[str, set[str]]) -> dict[str, int]:
    """Each module's floor: 0 for one importing nothing of the package, else one above the
    highest module it imports (modules in a cycle share a floor)."""
    group_of = {m: tuple(g) for g in cycles(edges) for m in g}
    memo: dict[str, int] = {}

    def floor(node: str, seen: frozenset[str]) -> int:
        if node in memo:
            return memo[node]
        group = set(group_of.get(node, (node,)))
        below = {t for m in group for t in edges[m]} - group
        value = max((floor(t, seen | group) + 1 for t in below if t not in seen), default=0)
        for member in group:
            memo[member] = value
        return value

    return {node: floor(node, frozenset()) for node in edges}


LAYERS = [
    ("core", {"version", "errors", "config", "record"}),
    ("text", {"text"}),
    ("reading", {"reading"}),
    ("translation", {"translation"}),
    ("summary", {"summary"}),
    ("output", {"output"}),
    ("engine", {"engine"}),
    ("cli", {"cli", "__main__"}),
    ("api", {""}),
]
"""The layers from the bottom up; a module may import its own layer and the ones below."""


def layer(name: str) -> str:
    """The layer of a module: ``core`` for the plain-data modules at the top level, else its
    subpackage (``api`` is the package's ``__init__``)."""
    first = name.split(".")[1] if "." in name else ""
    return next((layer for layer, members in LAYERS if first in members), f"(flat) {first}")


def rank(name: str) -> int:
    """How high a module's layer is (0 = core); a module outside the layers ranks last."""
    names = [layer for layer, _ in LAYERS]
    return names.index(layer(name)) if layer(name) in names else len(names)


def upward(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports that run up: from a module to one in a higher layer."""
    return sorted((a, b) for a, targets in edges.items() for b in targets if rank(b) > rank(a))


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def report(root: Path = ROOT) -> str:
    """Modules and lines per layer, the number of floors, and the cycles, as text."""
    edges, found = graph(root), modules(root)
    per_layer: dict[str, list[str]] = defaultdict(list)
    for name in found:
        per_layer[layer(name)].append(name)
    height = floors(edges)
    lines = [f"{'layer':<36} {'modules':>7} {'lines':>6} {'floor':>5}"]
    for name, members in sorted(per_layer.items(), key=lambda kv: (rank(kv[1][0]), kv[0])):
        total = sum(line_count(found[m]) for m in members)
        top = max(height[m] for m in members)
        lines.append(f"{name:<36} {len(members):>7} {total:>6} {top:>5}")
    total_lines = sum(line_count(p) for p in found.values())
    lines.append(f"{'total':<36} {len(found):>7} {total_lines:>6} {max(height.values()) + 1:>5}")
    groups = cycles(edges)
    at_import = floors(graph(root, anywhere=False))
    lines.append(
        f"import floors: {max(height.values()) + 1} (counting only imports run at import "
        f"time: {max(at_import.values()) + 1}); cycles: {len(groups)}; "
        f"imports running up a layer: {len(upward(edges))}"
    )
    lines += [f"  modules importing each other: {', '.join(group)}" for group in groups]
    lines += [f"  import running up a layer: {a} -> {b}" for a, b in upward(edges)]
    return "\n".join(lines)


if __name__ == "__main__":
    # python -m tests.import_graph [PACKAGE_FOLDER]: another tree, e.g. an older checkout's.
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))
