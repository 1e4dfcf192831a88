"""Showing tool results and tool listings to a person: indented YAML-like text, not a JSON dump."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .calendar_table import calendar_table

if TYPE_CHECKING:
    from mcp.types import CallToolResult, Tool


#: tools whose results read better as their own table than as the indented tree
TABLES: dict[str, Callable[[Mapping[str, Any]], str]] = {"posts_calendar": calendar_table}


def render_result(tool: str, value: Any) -> str:
    """A tool's structured result for people: its own table where it has one, else the indented tree."""
    table = TABLES.get(tool)
    return table(value) if table is not None and isinstance(value, dict) else render(value)


def render(value: Any) -> str:
    """Indented, YAML-like text for people: nulls left out, multi-line strings as blocks."""
    return "\n".join(_lines(value, 0)) or "(empty result)"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value.strip() and value == value.strip() else json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)


def _lines(value: Any, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                continue
            yield from _entry(f"{pad}{key}:", item, indent)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                inner = list(_lines(item, indent + 2))
                yield pad + "- " + inner[0].lstrip() if inner else pad + "- {}"
                yield from inner[1:]
            else:
                yield from _entry(f"{pad}-", item, indent)
    else:
        yield pad + _scalar(value)


def _entry(head: str, item: Any, indent: int) -> Iterator[str]:
    if isinstance(item, (dict, list)) and item:
        yield head
        yield from _lines(item, indent + 2)
    elif isinstance(item, str) and "\n" in item:
        yield head + " |"
        for line in item.splitlines():
            yield " " * (indent + 2) + line
    else:
        yield f"{head} {_scalar(item) if item != {} else '{}'}"


def result_text(result: CallToolResult) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content).strip()


def marker(tool: Tool) -> str:
    hints = tool.annotations
    if hints is not None and hints.read_only_hint:
        return "read-only"
    if hints is not None and hints.destructive_hint:
        return "destructive"
    return "writes"


def describe_type(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return "|".join(str(v) for v in schema["enum"])
    options = [o for o in (schema.get("anyOf") or []) if isinstance(o, Mapping)]
    if options:
        return " or ".join(describe_type(o) for o in options if o.get("type") != "null")
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {describe_type(schema.get('items') or {})}"
    return str(kind)
