"""What the `toolsets` tool answers: every toolset, on or off, and what a call turned on."""

from __future__ import annotations

from pydantic import Field

from ._base import Result


class ToolsetLine(Result):
    name: str
    on: bool
    about: str


class ToolsetsReport(Result):
    toolsets: list[ToolsetLine]
    added: list[str] = Field(default_factory=list, description="Tools this call turned on")
    note: str | None = None
