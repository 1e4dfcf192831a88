"""The `toolsets` tool: which toolsets exist, which are on, and turning more on without restarting the host.

The server decides what "on" means where it runs (server_tools.Toolsets): over stdio the session's tool list
grows; over stateless HTTP each request names its toolsets, so this tool says how.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..errors import InputError
from ..models.toolsets import ToolsetLine, ToolsetsReport
from ..state import ToolsetSwitch
from . import ABOUT
from ._args import TextOrList, text_list
from ._context import Ctx, state


async def toolsets(
    ctx: Ctx,
    enable: Annotated[TextOrList, Field(description="Toolsets to turn on, e.g. 'analytics,logs'")] = "",
) -> ToolsetsReport:
    """List the toolsets (what each holds, on or off); enable turns more on in this session, no restart."""
    switch = _switch(state(ctx).toolsets)
    asked = switch.check(text_list(enable, "enable"))
    added = await switch.enable(ctx, asked) if asked and not switch.stateless else []
    return report(switch.on(ctx), asked, added, stateless=switch.stateless)


def _switch(found: ToolsetSwitch | None) -> ToolsetSwitch:
    if found is None:
        raise InputError("This server's tool list is fixed (started with --no-dynamic-toolsets).")
    return found


def report(on: dict[str, bool], asked: list[str], added: list[str], *, stateless: bool) -> ToolsetsReport:
    """Every toolset in one line each, and what happened to the ones asked for."""
    lines = [ToolsetLine(name=name, on=on.get(name, False), about=about) for name, about in ABOUT.items()]
    return ToolsetsReport(toolsets=lines, added=added, note=_note(on, asked, added, stateless=stateless))


def _note(on: dict[str, bool], asked: list[str], added: list[str], *, stateless: bool) -> str | None:
    wanted = ",".join(asked)
    if not asked:
        off = [name for name, is_on in on.items() if not is_on]
        return f"Turn one on with enable, e.g. enable='{off[0]}'." if off else None
    if stateless:
        return (
            "This server runs over stateless HTTP: there is no session to change. Toolsets come with each "
            f"request: ask whoever set it up to add ?toolsets={wanted} to its URL, or the header "
            f"X-Late-Toolsets: {wanted}."
        )
    if added:
        return (
            f"Turned on {wanted}: {', '.join(added)}. The host lists the tools again; if they do not show up, "
            f"it ignores tool-list changes: restart it with --toolsets {','.join(dict.fromkeys(['core', *asked]))}."
        )
    return f"Nothing new: {wanted} {'is' if len(asked) == 1 else 'are'} on already, or offer no tool here."
