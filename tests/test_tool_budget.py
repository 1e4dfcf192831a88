"""What a host puts in front of the model, in bytes: the budgets, printed and enforced.

Counted per tool as name + title + description + inputSchema + annotations, serialized compactly (what
`tools/list` carries minus `outputSchema`); output schemas are counted apart, since hosts use them to check
results rather than show them to the model. Run with `-s` (or see the assertion message) for the table.
"""

from __future__ import annotations

import json
from typing import Any

from mcp import Client

from late_mcp.config import Settings
from late_mcp.server import build_server
from late_mcp.tools import TOOLS, toolset_names

DEFAULT_BUDGET = 17_000
ALL_BUDGET = 48_000
DEFAULT_OUTPUT_BUDGET = 24_000
#: a description longer than this is more than "about three short lines"
DESCRIPTION_CHARS = 300


async def measure(toolsets: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """tool name -> (bytes shown to the model, bytes of its output schema)."""
    async with Client(build_server(Settings(api_key="k", toolsets=toolsets))) as client:
        listed = (await client.list_tools()).tools
    sizes: dict[str, tuple[int, int]] = {}
    for tool in listed:
        dumped: dict[str, Any] = tool.model_dump(by_alias=True, exclude_none=True, mode="json")
        output = dumped.pop("outputSchema", None)
        sizes[tool.name] = (_size(dumped), _size(output) if output is not None else 0)
    return sizes


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def table(sizes: dict[str, tuple[int, int]]) -> str:
    by_set = {spec.name: spec.toolset for spec in TOOLS}
    lines = [f"{'toolset':<12} {'tools':>5} {'listed B':>9} {'output B':>9}"]
    for name in toolset_names():
        rows = [v for k, v in sizes.items() if by_set[k] == name]
        lines.append(f"{name:<12} {len(rows):>5} {sum(r[0] for r in rows):>9} {sum(r[1] for r in rows):>9}")
    lines.append(
        f"{'total':<12} {len(sizes):>5} {sum(r[0] for r in sizes.values()):>9} {sum(r[1] for r in sizes.values()):>9}"
    )
    return "\n".join(lines)


async def test_tool_list_budgets() -> None:
    default = await measure(("core",))
    everything = await measure(("all",))
    listed_default = sum(v[0] for v in default.values())
    output_default = sum(v[1] for v in default.values())
    listed_all = sum(v[0] for v in everything.values())
    report = (
        f"\n{table(everything)}\n"
        f"default toolsets: {len(default)} tools, {listed_default} B listed (budget {DEFAULT_BUDGET}), "
        f"{output_default} B output schemas (budget {DEFAULT_OUTPUT_BUDGET})\n"
        f"all toolsets: {len(everything)} tools, {listed_all} B listed (budget {ALL_BUDGET})"
    )
    print(report)
    assert listed_default < DEFAULT_BUDGET, report
    assert output_default < DEFAULT_OUTPUT_BUDGET, report
    assert listed_all < ALL_BUDGET, report


async def test_every_tool_is_lean_and_named_by_area() -> None:
    async with Client(build_server(Settings(api_key="k", toolsets=("all",)))) as client:
        listed = (await client.list_tools()).tools
    assert len({t.name for t in listed}) == len(listed) == len(TOOLS)
    for tool in listed:
        assert len(tool.name) <= 40, tool.name
        assert tool.name == tool.name.lower(), tool.name
        assert "_" in tool.name or tool.name == "now", f"{tool.name}: name tools {{area}}_{{verb}}"
        assert tool.description, tool.name
        assert len(tool.description) <= DESCRIPTION_CHARS, (tool.name, len(tool.description))
        assert tool.annotations is not None, tool.name
        assert tool.annotations.read_only_hint is not None, tool.name
        assert tool.annotations.open_world_hint is not None, tool.name
        if not tool.annotations.read_only_hint:
            assert tool.annotations.destructive_hint is not None, tool.name
        assert tool.output_schema is not None, tool.name
        for name, prop in tool.input_schema.get("properties", {}).items():
            assert prop.get("type") in ("string", "integer", "boolean", "number", "array", "object") or (
                "anyOf" in prop or "enum" in prop or "$ref" in prop
            ), f"{tool.name}.{name} is not flat and typed: {prop}"
