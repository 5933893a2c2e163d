"""The stages import one way (docs/architecture.md): the contracts in pyproject.toml
([tool.importlinter]) are kept, and no two modules import each other, directly or through
others, except inside the Terraform expression evaluator (expressions call functions, and
`templatefile()` evaluates the template's expressions)."""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

REPO = Path(__file__).resolve().parents[1]
ALLOWED_CYCLE_PACKAGE = "compliance.resolve.terraform"


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(str(REPO))
    assert lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True) == 0


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
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


def test_no_import_cycles_outside_the_terraform_evaluator():
    sys.path.insert(0, str(REPO))
    try:
        graph = grimp.build_graph("compliance", cache_dir=None)
    finally:
        sys.path.remove(str(REPO))
    cycles = [c for c in _cycles(graph)
              if not all(m.startswith(ALLOWED_CYCLE_PACKAGE + ".") for m in c)]
    assert not cycles, f"import cycles: {cycles}"


def test_the_cycle_finder_finds_a_cycle():
    class Graph:
        modules = {"a", "b", "c", "d"}
        edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

        def find_modules_directly_imported_by(self, module):
            return self.edges.get(module, set())

    assert _cycles(Graph()) == [["a", "b", "c"]]
