"""build_server(settings) -> MCPServer. With server_tools, the only module that touches the SDK's server classes."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import pydantic
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.tools import Tool
from mcp.shared.exceptions import MCPError
from mcp.types import INTERNAL_ERROR, ToolAnnotations

from . import __version__
from .config import Settings
from .logcontent import show_content
from .prompts import register_prompts
from .redaction import protect, redact, redact_value
from .resources import register_resources
from .server_tools import Reach, Toolsets, announce_list_changes, build_tool, per_request
from .state import DEFAULT_WAITS, AppState, Waits
from .tools import select_tools, toolset, toolset_names
from .tools._spec import tool
from .tools.toolsets import toolsets

if TYPE_CHECKING:
    import httpx
    from mcp.server.request_state import RequestStateSecurity

log = logging.getLogger("late_mcp.server")

INSTRUCTIONS = """\
late-mcp posts to social media through the Late API for the user.
- Find accounts first (accounts_list / accounts_get). Never guess an account: when a platform has several, ask \
the user which one and pass account_id(s).
- Pick the mode from the user's words: "draft" -> is_draft; "now" -> publish_now or posts_publish_now; \
otherwise scheduled (schedule_minutes, or scheduled_for as an ISO time).
- Times without an offset are read in the user's time zone ({zone}); results show times in that zone and in UTC.
- For the user's own images/videos: media_upload_file with a path on this computer, or \
media_generate_upload_link (the user uploads in a browser) then media_check_upload_status; both give media_urls.
- Per-platform text/options go in options (one platform) or targets (cross-post); posts_validate checks a post \
against every platform's rules without sending it.
- Refusals naming a LATE_* setting, and a person's declined confirmation, are the person's decisions: never look \
for a way round them. posts_history shows this server's writes; posts_undo reverses one.
- Publishing cannot be undone: confirm content and target before posting now. A result with already_posted=true \
means nothing new was created.
"""

#: The toolsets tool changes which tools this session offers, never anything of the user's: read-only in the
#: sense hosts use the hint (safe to run without asking), so read-only mode keeps it.
_SWITCH = ToolAnnotations(title="Toolsets", read_only_hint=True, open_world_hint=False)


def build_server(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    waits: Waits = DEFAULT_WAITS,
    stateless: bool = False,
    request_state: RequestStateSecurity | None = None,
) -> MCPServer[AppState]:
    """An MCP server whose tools talk to the Late API described by `settings`.

    `transport` replaces the network (tests pass the sandbox's ASGI app or a mock); `waits` shortens the pauses
    the server picks itself (tests only); `stateless` is for stateless HTTP, where no request may change what
    the next one sees; `request_state` seals the state a confirmation carries between rounds (the SDK's own
    per-process key when None).
    """
    dynamic = settings.dynamic_toolsets and "all" not in settings.toolsets
    switch = Toolsets(settings, stateless=stateless) if dynamic else None

    start = switch.start if switch else select_tools(settings)
    reach = Reach(settings, switch, {spec.name for spec in start})

    @asynccontextmanager
    async def lifespan(server: MCPServer[AppState]) -> AsyncIterator[AppState]:
        app = AppState(
            settings=settings, transport=transport, waits=waits, toolsets=switch, reach=reach, stateless=stateless
        )
        try:
            yield app
        finally:
            await app.aclose()
            if switch is not None:
                switch.reset(server)

    tools: list[Tool] = [build_tool(spec) for spec in start]
    if switch:
        tools.append(build_tool(tool(toolsets, _SWITCH)))
    server = MCPServer(
        "late-mcp",
        title="Late social media",
        version=__version__,
        instructions=instructions(settings, switch, {t.name for t in tools}),
        lifespan=lifespan,
        log_level=settings.log_level,  # type: ignore[arg-type]
        tools=tools,
        request_state_security=request_state,
    )
    if switch:
        server.middleware.append(per_request(switch) if switch.stateless else announce_list_changes)
    register_resources(server, settings, transport=transport)
    register_prompts(server, {t.name for t in tools})
    show_content(settings.log_content)  # logs name tools, outcomes and error classes, never people's content
    protect(settings.api_key)
    server.middleware.append(_redacting)
    return server


async def _redacting(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """Every result and error the server answers, with the key taken out (see `redaction`): the one gate."""
    try:
        result = await call_next(ctx)
    except MCPError as exc:
        raise MCPError(exc.code, redact(exc.message), redact_value(exc.data)) from None
    except pydantic.ValidationError:
        raise  # the SDK answers "Invalid request parameters" and quotes nothing
    except Exception as exc:
        log.exception("%s failed", ctx.method)
        raise MCPError(INTERNAL_ERROR, redact(str(exc)) or type(exc).__name__) from None
    if isinstance(result, pydantic.BaseModel):  # what the SDK would send for it (its own `_dump_result`)
        result = result.model_dump(by_alias=True, mode="json", exclude_none=True)
    cleaned: HandlerResult = redact_value(result)
    return cleaned


def instructions(settings: Settings, switch: Toolsets | None, offered: set[str]) -> str:
    """The server's instructions, with one line on the toolsets that are off and how to reach them.

    A line that names a tool this server does not offer (read-only mode, --exclude-tools) is left out: every
    step the instructions suggest must exist.
    """
    known = {spec.name for spec in toolset("core")}  # the instructions name core tools; no other table is loaded
    lines = INSTRUCTIONS.format(zone=settings.timezone).splitlines(keepends=True)
    text = "".join(line for line in lines if not (set(re.findall(r"\b[a-z_]+\b", line)) & known) - offered)
    if settings.read_only:
        text += "- Read-only: this server can look but not post, change or delete anything.\n"
    off = [] if "all" in settings.toolsets else [name for name in toolset_names() if name not in settings.toolsets]
    if not off:
        return text
    listed = ", ".join(off)
    if switch is None:
        return text + f"- Not loaded here: the {listed} toolsets (the user adds them with --toolsets).\n"
    if switch.stateless:
        return text + f"- More toolsets ({listed}): the toolsets tool says how a request asks for them.\n"
    return text + f"- More toolsets ({listed}): the toolsets tool lists them and turns one on when asked.\n"
