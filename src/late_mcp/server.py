"""build_server(settings) -> MCPServer. The only module that touches the SDK's server classes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import pydantic
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.tools import Tool
from mcp.shared.exceptions import MCPError
from mcp.types import INTERNAL_ERROR

from . import __version__
from .config import Settings
from .prompts import register_prompts
from .redaction import protect, redact, redact_value
from .resources import register_resources
from .state import DEFAULT_WAITS, AppState, Waits
from .tools import select_tools
from .tools._errors import reports_errors
from .tools._safety import safe

if TYPE_CHECKING:
    import httpx

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


def build_server(
    settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None, waits: Waits = DEFAULT_WAITS
) -> MCPServer[AppState]:
    """An MCP server whose tools talk to the Late API described by `settings`.

    `transport` replaces the network (tests pass the sandbox's ASGI app or a mock); `waits` shortens the pauses
    the server picks itself (tests only).
    """

    @asynccontextmanager
    async def lifespan(_: MCPServer[AppState]) -> AsyncIterator[AppState]:
        app = AppState(settings=settings, transport=transport, waits=waits)
        try:
            yield app
        finally:
            await app.aclose()

    # Every tool reports its expected failures the same way: the decorator is applied here, once, for all; `safe`
    # asks the person before writes that go live and names the tool for the write journal.
    tools = [
        Tool.from_function(
            reports_errors(safe(spec)),
            name=spec.name,
            title=spec.title,
            description=(spec.fn.__doc__ or "").strip(),
            annotations=spec.annotations,
            structured_output=True,
        )
        for spec in select_tools(settings)
    ]
    for tool in tools:
        _lean(tool)
    server = MCPServer(
        "late-mcp",
        title="Late social media",
        version=__version__,
        instructions=INSTRUCTIONS.format(zone=settings.timezone),
        lifespan=lifespan,
        log_level=settings.log_level,  # type: ignore[arg-type]
        tools=tools,
    )
    register_resources(server, settings, transport=transport)
    register_prompts(server)
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


def _lean(tool: Tool) -> None:
    """Drop pydantic's generated titles ("Post Id" for post_id): every byte of the list costs context.

    Optional inputs that default to null lose the `anyOf: [..., null]` wrapper: leaving them out is the same.
    """
    _strip_titles(tool.parameters)
    for prop in tool.parameters.get("properties", {}).values():
        variants = prop.get("anyOf")
        if prop.get("default", 0) is None and isinstance(variants, list):
            rest = [v for v in variants if v != {"type": "null"}]
            if len(rest) == 1:
                del prop["anyOf"], prop["default"]
                prop.update(rest[0])
    if tool.fn_metadata.output_schema is not None:
        _strip_titles(tool.fn_metadata.output_schema)


def _strip_titles(node: Any) -> None:
    if not isinstance(node, dict):
        return
    if isinstance(node.get("title"), str):
        del node["title"]
    for key in ("properties", "$defs", "definitions"):
        for child in (node.get(key) or {}).values():
            _strip_titles(child)
    for key in ("items", "additionalProperties", "not"):
        _strip_titles(node.get(key))
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for child in node.get(key) or []:
            _strip_titles(child)
