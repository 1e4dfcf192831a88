"""A tool as the registry knows it: the function itself, its title and annotations, and its toolset.

Each toolset's table is written beside its tools (`TOOLSET = toolset(...)`), so "go to definition" works from a
table entry; `late_mcp.tools` imports only the tables of the toolsets a server offers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from mcp.types import ToolAnnotations

ToolFn = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class ToolSpec:
    """One tool: the function the server registers, what the host shows of it, and where it belongs."""

    fn: ToolFn
    title: str
    annotations: ToolAnnotations
    toolset: str = ""
    #: reads paths on the machine the server runs on (refused over HTTP unless LATE_MEDIA_DIRS is set)
    local_files: bool = False

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def read_only(self) -> bool:
        return bool(self.annotations.read_only_hint)


def read(title: str) -> ToolAnnotations:
    return ToolAnnotations(title=title, read_only_hint=True, open_world_hint=True)


def write(title: str, *, destructive: bool = False, idempotent: bool = False) -> ToolAnnotations:
    return ToolAnnotations(
        title=title,
        read_only_hint=False,
        destructive_hint=destructive,
        idempotent_hint=idempotent,
        open_world_hint=True,
    )


def tool(fn: ToolFn, annotations: ToolAnnotations, *, local_files: bool = False) -> ToolSpec:
    return ToolSpec(fn=fn, title=annotations.title or fn.__name__, annotations=annotations, local_files=local_files)


def toolset(name: str, *tools: ToolSpec) -> tuple[ToolSpec, ...]:
    """A toolset's table, in the order its tools are listed to the host."""
    return tuple(replace(spec, toolset=name) for spec in tools)
