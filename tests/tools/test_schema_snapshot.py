"""The tool contract, frozen: every tool's name, title, description, input and output schema and annotations
are compared with a committed snapshot, so an accidental change fails here; and the 19 documented tools keep
the parameter names, types and defaults of the Late API docs' "Social Media MCP" page.

Those documented parameters are committed too (snapshots/documented.json), so the tools are held to them on every
checkout; only the check that the file still says what the docs page says needs the seeds (tests/reference.py).

After an intended change, refresh the snapshots with `LATE_UPDATE_SNAPSHOTS=1 uv run pytest
tests/tools/test_schema_snapshot.py` and review their diff (documented.json is rewritten from the seeds).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from late_mcp.config import Settings
from late_mcp.server import build_server

from ..reference import reference_text

SNAPSHOT = Path(__file__).parent / "snapshots" / "tools.json"
DOCUMENTED = Path(__file__).parent / "snapshots" / "documented.json"

_TOOL = re.compile(r"^#### `([a-z_]+)`$")
_ROW = re.compile(r"^\| `([a-z_]+)` \| `([a-z]+)` \| .* \| (Yes|No) \| (.+?) \|$")
_TYPES = {"string": "string", "integer": "integer", "boolean": "boolean"}


async def current() -> dict[str, Any]:
    async with Client(build_server(Settings(api_key="k", toolsets=("all",)))) as client:
        listed = (await client.list_tools()).tools
    return {
        tool.name: tool.model_dump(by_alias=True, exclude_none=True, mode="json", exclude={"name"}) for tool in listed
    }


async def test_tool_schemas_match_the_snapshot() -> None:
    tools = await current()
    if os.environ.get("LATE_UPDATE_SNAPSHOTS"):  # never on its own: a missing snapshot fails, it is not made anew
        SNAPSHOT.write_text(json.dumps(tools, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    frozen: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    added = sorted(set(tools) - set(frozen))
    removed = sorted(set(frozen) - set(tools))
    changed = sorted(name for name in set(tools) & set(frozen) if tools[name] != frozen[name])
    message = (
        f"tool contract changed: added {added}, removed {removed}, changed {changed}. If intended, run "
        "LATE_UPDATE_SNAPSHOTS=1 uv run pytest tests/tools/test_schema_snapshot.py and review the diff."
    )
    assert [*added, *removed, *changed] == [], message


def parse_documented(text: str) -> dict[str, dict[str, tuple[str, bool, str]]]:
    """tool -> parameter -> (type, required, default text) from the Tool Reference tables of the docs' MCP page."""
    section = text[text.index("# Social Media MCP") :]
    section = section[section.index("## Tool Reference") : section.index("## Uploading Images")]
    out: dict[str, dict[str, tuple[str, bool, str]]] = {}
    tool = ""
    for line in section.splitlines():
        if found := _TOOL.match(line.strip()):
            tool = found.group(1)
            out[tool] = {}
        elif (row := _ROW.match(line.strip())) and tool:
            out[tool][row.group(1)] = (row.group(2), row.group(3) == "Yes", row.group(4).strip("`"))
    return out


def documented() -> dict[str, dict[str, tuple[str, bool, str]]]:
    """The committed copy of the docs' tables (test_the_documented_parameters_are_the_docs_own keeps it true)."""
    stored: dict[str, dict[str, list[Any]]] = json.loads(DOCUMENTED.read_text(encoding="utf-8"))
    return {tool: {p: (kind, required, default) for p, (kind, required, default) in params.items()}
            for tool, params in stored.items()}  # fmt: skip


def test_the_documented_parameters_are_the_docs_own() -> None:
    update = bool(os.environ.get("LATE_UPDATE_SNAPSHOTS"))
    parsed = parse_documented(reference_text(required=update))
    if update:
        DOCUMENTED.write_text(json.dumps(parsed, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert parsed == documented(), "snapshots/documented.json is not what the docs' MCP page says: " + (
        "LATE_UPDATE_SNAPSHOTS=1 uv run pytest tests/tools/test_schema_snapshot.py, and review the diff"
    )


def _types(prop: dict[str, Any]) -> set[str]:
    found = {prop["type"]} if "type" in prop else set()
    for variant in prop.get("anyOf", []):
        found |= _types(variant)
    return found


def _default(text: str) -> Any:
    return json.loads(text) if text != "-" else None


async def test_documented_tools_keep_their_parameters() -> None:
    docs = documented()
    assert len(docs) == 19, sorted(docs)
    tools = await current()
    for name, params in docs.items():
        schema = tools[name]["inputSchema"]
        props, required = schema.get("properties", {}), set(schema.get("required", []))
        for param, (kind, is_required, default) in params.items():
            assert param in props, f"{name}: documented parameter {param} is gone"
            assert _TYPES[kind] in _types(props[param]), f"{name}.{param} no longer takes a {kind}"
            if is_required:
                continue  # still required, or optional now: old calls work either way
            assert param not in required, f"{name}.{param} was optional and is now required"
            # an empty or false default is left out of the schema (server_tools._lean): omitting it means the same
            expected = _default(default)
            shown = props[param].get("default", expected if expected in ("", False) else None)
            assert (shown, type(shown)) == (expected, type(expected)), f"{name}.{param} default changed"
        for extra in required - set(params):
            pytest.fail(f"{name}: new parameter {extra} must be optional")
