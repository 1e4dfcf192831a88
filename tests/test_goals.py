"""scripts/goals.py: its import graph, cycle finder and body measures, and the cycles this package must not have."""

from __future__ import annotations

import ast
import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "goals.py"


@pytest.fixture(scope="module")
def goals() -> ModuleType:
    spec = importlib.util.spec_from_file_location("goals_script", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "late_mcp" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_cycles_through_relative_function_level_and_by_name_imports(goals: ModuleType, tmp_path: Path) -> None:
    src = write_package(
        tmp_path,
        {
            "__init__.py": "",
            "pkg/__init__.py": "from . import a\n",  # a package importing its submodule: no cycle by itself
            "pkg/a.py": "def f():\n    from .b import thing\n",
            "pkg/b.py": "from .. import top\nthing = 1\n",
            # imports by name, from a table
            "top.py": "import importlib\nTABLE = {'x': 'late_mcp.pkg.a'}\n"
            "run = lambda: importlib.import_module(TABLE['x'])\n",
            "quiet.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import top\n",
            "logs.py": "import logging, importlib\nlogging.getLogger('late_mcp.top')\n"
            "importlib.import_module('json')\n",
        },
    )
    modules = goals.module_files(src)
    graph = goals.import_graph(modules)
    assert graph["late_mcp.pkg"] == {"late_mcp.pkg.a"}
    assert graph["late_mcp.pkg.b"] == {"late_mcp.top"}
    assert graph["late_mcp.quiet"] == set()  # TYPE_CHECKING imports do not run
    assert graph["late_mcp.logs"] == set()  # a logger's name is not an import
    assert goals.cycles(graph) == [["late_mcp.pkg.a", "late_mcp.pkg.b", "late_mcp.top"]]
    assert goals.shortest_loop("late_mcp.top", graph) == [
        "late_mcp.top",
        "late_mcp.pkg.a",
        "late_mcp.pkg.b",
        "late_mcp.top",
    ]


def test_an_acyclic_package_has_no_cycle(goals: ModuleType, tmp_path: Path) -> None:
    src = write_package(tmp_path, {"__init__.py": "", "a.py": "from . import b\n", "b.py": "import os\n"})
    assert goals.cycles(goals.import_graph(goals.module_files(src))) == []


def test_body_lines_leave_out_the_docstring_blanks_and_comments(goals: ModuleType) -> None:
    source = textwrap.dedent(
        '''
        async def tool(x: int) -> int:
            """A docstring
            on two lines."""
            # a comment
            y = x + 1

            try:
                return y
            except ValueError:
                return 0
        '''
    )
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.AsyncFunctionDef)
    assert goals.body_lines(node, source.splitlines()) == 5
    assert goals.has_try(node)


def test_a_try_inside_a_nested_function_is_not_the_tools(goals: ModuleType) -> None:
    source = "def tool():\n    def inner():\n        try:\n            pass\n        finally:\n            pass\n"
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    assert not goals.has_try(node)


def test_duplicates_rows_marked_boilerplate_do_not_count(goals: ModuleType) -> None:
    output = (
        "3 pairs of places (9 files read)\n"
        "D1 a.py:1-9 ~ b.py:1-9 shape\n"
        "D2 a.py:20-29 ~ c.py:3-12\n"
        "D3 a.py:40-45 ~ d.py:1-6 shape boilerplate\n"
        "incomplete: time ran out\n"
    )
    assert goals.count_duplicates(output) == (2, 3, ["incomplete: time ran out"])


def test_no_cycle_through_the_sandbox_the_command_line_or_the_settings(goals: ModuleType) -> None:
    """The loops this package had: sandbox store -> seed -> posts -> store, cli <-> commands."""
    modules = goals.module_files()
    graph = goals.import_graph(modules)
    mine = {"sandbox", "cli", "commands", "startup", "config", "timeutil", "zones"}
    involved = [cycle for cycle in goals.cycles(graph) if any(m.split(".")[1] in mine for m in cycle)]
    assert involved == []
    assert "late_mcp.sandbox.seed" not in graph["late_mcp.sandbox.store"]
    assert {name for name, deps in graph.items() if "late_mcp.cli" in deps} == {"late_mcp.__main__"}


def test_the_commands_and_timeutil_import_neither_cli_nor_config(goals: ModuleType) -> None:
    graph = goals.import_graph(goals.module_files())
    for name, deps in graph.items():
        if name.startswith("late_mcp.commands"):
            assert "late_mcp.cli" not in deps, name
    assert "late_mcp.config" not in graph["late_mcp.timeutil"]


def test_a_missed_target_is_printed_but_does_not_fail_the_run(
    goals: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missed = goals.Goal("duplicates", False, "25 pairs", gate=False)
    monkeypatch.setattr(goals, "run_all", lambda: [goals.Goal("cycles", True, "0"), missed])
    assert goals.main() == 0
    out = capsys.readouterr().out
    assert "MISS  duplicates" in out
    assert "1 target(s) not met" in out
    monkeypatch.setattr(goals, "run_all", lambda: [goals.Goal("cycles", False, "1 cycle"), missed])
    assert goals.main() == 1
