"""The tool registry: every tool's expected failures reach the model as text (the error handling is applied once,
at registration, to every tool), and a server starts without importing the toolsets it does not offer."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import httpx
import pytest
from mcp import Client

from late_mcp.config import Settings
from late_mcp.server import build_server
from late_mcp.tools import TOOL_NAMES, TOOLS, TOOLSETS, owner_offering, select_tools, toolset

from ..conftest import text_of

#: arguments that make a tool fail without the network where the generated ones would not
FAILING = {"now": {"timezone": "Mars/Olympus"}}
#: tools that call no API and have no argument that can be wrong
NEVER_FAIL = {"posts_history"}


def _value(schema: dict[str, Any]) -> Any:
    """A plain valid value for one input property."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type") or next((s.get("type") for s in schema.get("anyOf", []) if s.get("type")), "string")
    return {"string": "x", "integer": schema.get("minimum", 1), "number": 1, "boolean": False, "array": ["x"]}.get(
        kind, {}
    )


def _refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


async def test_every_tools_failure_reaches_the_model_as_text() -> None:
    """With the API unreachable, every tool fails with a message the model can act on."""
    settings = Settings(api_key="sk_" + "1" * 64, toolsets=("all",), max_retries=0)
    server = build_server(settings, transport=httpx.MockTransport(_refuse))
    async with Client(server) as client:
        listed = (await client.list_tools()).tools
        assert len(listed) == len(TOOLS)
        for tool in (t for t in listed if t.name not in NEVER_FAIL):
            schema = tool.input_schema
            args = {name: _value(schema["properties"][name]) for name in schema.get("required", [])}
            result = await client.call_tool(tool.name, {**args, **FAILING.get(tool.name, {})})
            text = text_of(result)
            assert result.is_error, f"{tool.name} did not fail: {result.structured_content}"
            # The SDK keeps an error's own text only for a ToolError, which only the error handling raises; any
            # other failure is withheld, leaving the bare prefix.
            assert text.strip() != f"Error executing tool {tool.name}", f"{tool.name}: the model is told nothing"
            assert "validation error" not in text, f"{tool.name}: the generated arguments are wrong: {text}"


def test_the_tables_hold_the_functions_themselves_undecorated() -> None:
    for name in TOOLSETS:
        for spec in toolset(name):
            assert spec.toolset == name
            assert spec.fn.__module__.startswith("late_mcp.tools."), spec.name
            assert not hasattr(spec.fn, "__wrapped__"), f"{spec.name} is decorated where it is defined"
    assert [spec.name for spec in TOOLS] == [spec.name for name in TOOLSETS for spec in toolset(name)]


def test_a_default_server_does_not_import_the_toolsets_it_does_not_offer() -> None:
    """What keeps the start fast: only the core toolset's modules (and the client areas they use) are imported."""
    code = (
        "import sys\n"
        "from late_mcp.config import Settings\n"
        "from late_mcp.server import build_server\n"
        "build_server(Settings(api_key='k'))\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('late_mcp.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "late_mcp.tools.core" in loaded
    assert "late_mcp.tools.posts.send" in loaded
    for optional in ("queue", "analytics", "logs", "connect", "webhooks", "team", "media_tools", "posts.bulk"):
        assert f"late_mcp.tools.{optional}" not in loaded, optional
    for area in ("queue", "analytics", "logs", "connect", "webhooks", "team", "media_tools"):
        assert f"late_mcp.client.{area}" not in loaded, area


def test_the_static_names_are_the_tables() -> None:
    """TOOL_NAMES lets a message name a tool's toolset without importing its table: it must say what they say."""
    assert {name: tuple(spec.name for spec in toolset(name)) for name in TOOLSETS} == TOOL_NAMES


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"read_only": True},
        {"exclude_tools": ("queue_create", "posts_review", "posts_list")},
        {"toolsets": ("core", "queue"), "read_only": True, "exclude_tools": ("logs_list",)},
    ],
)
def test_owner_offering_agrees_with_select_tools(settings: dict[str, Any]) -> None:
    chosen = Settings(api_key="k", **settings)
    for spec in TOOLS:
        offered = spec.name in {s.name for s in select_tools(chosen, more=(spec.toolset,))}
        assert owner_offering(chosen, spec.name) == (spec.toolset if offered else None), spec.name
    assert owner_offering(chosen, "no_such_tool") is None


def test_naming_a_tool_of_a_toolset_that_is_off_imports_no_table() -> None:
    """A next step that names another toolset's tool (the server's Reach) costs no import of that toolset."""
    code = (
        "import sys\n"
        "from late_mcp.config import Settings\n"
        "from late_mcp.server import build_server\n"
        "from late_mcp.server_tools import Reach, Toolsets\n"
        "settings = Settings(api_key='k')\n"
        "build_server(settings)\n"
        "switch = Toolsets(settings, stateless=False)\n"
        "reach = Reach(settings, switch, switch.offered)\n"
        "print(reach(None, 'posts_review'), reach(None, 'posts_calendar'), sep='|')\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('late_mcp.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    said, loaded = done.stdout.splitlines()
    assert (
        said == "the live toolset (the toolsets tool turns it on)|the planner toolset (the toolsets tool turns it on)"
    )
    assert not {"late_mcp.tools.live", "late_mcp.tools.planner"} & set(loaded.split())
