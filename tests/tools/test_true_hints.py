"""Every next step the server suggests exists: each tool name mentioned in the instructions, tool descriptions,
parameter descriptions, prompts and resources is a tool offered in that configuration, and each `name=value` a
tool's own text suggests is a parameter of that tool. Error hints, written as constants across the source, name
only real tools."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import TextContent, TextResourceContents
from starlette.applications import Starlette

from late_mcp.tools import TOOLS

from .conftest import make_server

SRC = Path(__file__).resolve().parents[2] / "src" / "late_mcp"
AREAS = sorted({spec.name.split("_")[0] for spec in TOOLS if "_" in spec.name} - {"account"} | {"account_groups"})
#: a word shaped like one of our tools: an area, an underscore, a verb
TOOL_WORD = re.compile(rf"\b(?:{'|'.join(AREAS)})_[a-z_]*[a-z]\b")
#: words of that shape that are not tools: parameters, fields, settings
NOT_TOOLS = {
    "media_urls", "media_items", "posts_count", "account_groups", "media_tools", "queue_id", "profiles_count",
    "analytics_addon", "accounts_count", "team_id", "media_type", "media_url", "connect_url", "posts_per_day",
    "media_format", "media_required", "media_dirs", "analytics_addon_required", "connect_token", "profiles_limit",
    "profiles_used", "profiles_missing",
}  # fmt: skip
ALL_TOOLS = {spec.name for spec in TOOLS} | {"toolsets"}
PARAM_HINT = re.compile(r"\b([a-z][a-z_]+)=(?:true|false|\d|'|\")")


def tool_words(text: str) -> set[str]:
    return {w for w in TOOL_WORD.findall(text) if w not in NOT_TOOLS}


def _literals() -> dict[str, set[str]]:
    """file -> tool-shaped words in its string literals (the sandbox is an independent fake and not scanned)."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if "sandbox" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = tool_words(node.value)
                if words:
                    found.setdefault(str(path.relative_to(SRC)), set()).update(words)
    return found


def test_every_tool_named_in_the_source_exists() -> None:
    found = _literals()
    assert found, "the scan must see the hints"
    unknown = {file: sorted(words - ALL_TOOLS) for file, words in found.items() if words - ALL_TOOLS}
    assert unknown == {}


@pytest.mark.parametrize(
    "settings",
    [{}, {"toolsets": ("all",)}, {"read_only": True}, {"dynamic_toolsets": False}, {"toolsets": ("core", "queue")}],
    ids=["default", "all", "read-only", "no-dynamic", "core+queue"],
)
async def test_what_the_model_reads_names_only_offered_tools(app: Starlette, settings: dict[str, Any]) -> None:
    server = make_server(app, **settings)
    async with Client(server, mode="legacy") as client:
        listed = (await client.list_tools()).tools
        offered = {t.name for t in listed}
        texts: dict[str, str] = {"instructions": client.instructions or ""}
        for tool in listed:
            params = tool.input_schema.get("properties", {})
            texts[f"tool {tool.name}"] = " ".join(
                [tool.description or "", *(str(p.get("description", "")) for p in params.values())]
            )
            for name in PARAM_HINT.findall(texts[f"tool {tool.name}"]):
                assert name in params or name in offered, f"{tool.name} suggests {name}=, not one of its parameters"
        for prompt in (await client.list_prompts()).prompts:
            args = {a.name: "x" for a in prompt.arguments or []}
            got = await client.get_prompt(prompt.name, args)
            texts[f"prompt {prompt.name}"] = " ".join(
                m.content.text for m in got.messages if isinstance(m.content, TextContent)
            )
        for resource in (await client.list_resources()).resources:
            read = await client.read_resource(str(resource.uri))
            texts[f"resource {resource.uri}"] = " ".join(
                c.text for c in read.contents if isinstance(c, TextResourceContents)
            )
    wrong = {where: sorted(tool_words(text) - offered) for where, text in texts.items() if tool_words(text) - offered}
    assert wrong == {}, f"names tools not offered here ({sorted(offered)})"
