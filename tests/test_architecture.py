"""The pipeline's one-way dependency rule and the absence of import cycles, checked on every run.

The contracts live in pyproject.toml ([tool.importlinter]); this test fails when a change imports
the wrong way (a pure stage reaching for the database, the PDF engine or the terminal).
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application.use_cases import SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    configuration.configure()
    kept = lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True)
    assert kept == SUCCESS, capsys.readouterr().out


def _cycles(graph, modules):
    """Every strongly connected group of more than one module (Tarjan), i.e. every import cycle."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(m):
        index[m] = low[m] = counter[0]
        counter[0] += 1
        stack.append(m)
        on.add(m)
        for n in graph.find_modules_directly_imported_by(m):
            if n not in modules:
                continue
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in on:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            group = []
            while True:
                n = stack.pop()
                on.discard(n)
                group.append(n)
                if n == m:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for m in sorted(modules):
        if m not in index:
            visit(m)
    return out


def test_no_import_cycle_anywhere():
    graph = grimp.build_graph("assessor", exclude_type_checking_imports=True, cache_dir=None)
    modules = {m for m in graph.modules if m.startswith("assessor")}
    assert _cycles(graph, modules) == []


@pytest.mark.parametrize("pair", [("assessor.a", "assessor.b")])
def test_the_cycle_finder_finds_a_cycle(pair):
    """The check above can fail: a two-module cycle is found."""

    class Fake:
        def find_modules_directly_imported_by(self, m):
            return {pair[1]} if m == pair[0] else {pair[0]}

    assert _cycles(Fake(), set(pair)) == [sorted(pair)]
