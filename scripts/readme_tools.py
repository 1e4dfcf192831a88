"""Write the README's tool reference from the live tool list, so the two cannot drift apart.

Run: uv run python scripts/readme_tools.py        (rewrites README.md between the markers)
     uv run python scripts/readme_tools.py --check (exit 1 if README.md is out of date; the tests do this)
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from mcp import Client

from late_mcp.config import Settings
from late_mcp.server import build_server
from late_mcp.tools import TOOLS

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- tool-reference:start -->", "<!-- tool-reference:end -->"


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" if v != "" else '`""`' for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    return str(schema.get("type", "any"))


async def render() -> str:
    toolsets = {spec.name: spec.toolset for spec in TOOLS}
    settings = Settings(api_key="unused", toolsets=("all",))
    async with Client(build_server(settings)) as client:
        tools = (await client.list_tools()).tools
    out: list[str] = []
    current = None
    for tool in tools:
        toolset = toolsets[tool.name]
        if toolset != current:
            default = " (default)" if toolset == "core" else ""
            out.append(f"### Toolset `{toolset}`{default}\n")
            current = toolset
        ann = tool.annotations
        kind = (
            "read-only" if ann and ann.read_only_hint else "destructive" if ann and ann.destructive_hint else "writes"
        )
        out.append(f"#### `{tool.name}` ({kind})\n\n{tool.description}\n")
        props: dict[str, Any] = tool.input_schema.get("properties", {})
        required = set(tool.input_schema.get("required", []))
        if props:
            out.append("| Parameter | Type | Default | Description |\n|---|---|---|---|")
            for name, schema in props.items():
                default = "required" if name in required else f"`{json.dumps(schema.get('default'))}`"
                description = schema.get("description", "").replace("|", "\\|")
                out.append(f"| `{name}` | {_type(schema)} | {default} | {description} |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    updated = f"{head}{START}\n{asyncio.run(render())}{END}{tail}"
    if "--check" in sys.argv:
        if updated != text:
            print("README.md's tool reference is out of date: run uv run python scripts/readme_tools.py")
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
