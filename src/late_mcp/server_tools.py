"""Tools as the server registers them: strict arguments, lean schemas, compact text copies, and toolsets turned
on while the server runs.

With server.py, the only module that touches the SDK's tool classes. Every tool goes through `build_tool`, at
start and when a toolset is turned on, so each one refuses unknown arguments, explains bad ones in our words
(tools/_validation.py) and returns its text copy as compact JSON.
"""

from __future__ import annotations

import inspect
import json
import re
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import pydantic
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools import Tool
from mcp.types import CallToolResult, TextContent

from .config import ConfigError, Settings, names
from .errors import InputError
from .suggest import did_you_mean
from .tools import ABOUT, OWNER, owner_offering, select_tools, toolset, toolset_names
from .tools._errors import reports_errors
from .tools._hints import named
from .tools._safety import one_round, safe, side_notes
from .tools._validation import coerced, explain, unknown_arguments

if TYPE_CHECKING:
    from mcp.server.mcpserver import Context, MCPServer

    from .state import AppState
    from .tools._spec import ToolSpec

#: how a request to the stateless HTTP server names the toolsets it wants beside the server's own
TOOLSETS_HEADER = "x-late-toolsets"
TOOLSETS_QUERY = "toolsets"
#: the tool that lists and turns on toolsets (registered apart from them)
TOOLSETS_TOOL = "toolsets"


class StrictTool(Tool):
    """A tool that refuses unknown arguments, explains invalid ones, and copies its result as compact JSON (with
    the notes its call left beside it, `side_notes`)."""

    async def run(self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False) -> Any:
        refusal = unknown_arguments(self.name, arguments, self.parameters, partial(named, context))
        if refusal:
            raise ToolError(f"Error executing tool {self.name}: {refusal}")
        notes: list[str] = []
        token = side_notes.set(notes)
        try:
            with one_round(self.name):
                result = await super().run(coerced(arguments, self.parameters), context, convert_result)
        except UnexpectedToolError:
            raise
        except ToolError as exc:
            if isinstance(exc.__cause__, pydantic.ValidationError):  # the SDK's own argument check
                text = explain(self.name, exc.__cause__, self.parameters)
                raise ToolError(f"Error executing tool {self.name}: {text}") from exc.__cause__
            raise
        finally:
            side_notes.reset(token)
        if isinstance(result, CallToolResult) and result.structured_content is not None:
            compact = json.dumps(result.structured_content, ensure_ascii=False, separators=(",", ":"))
            result.content = [TextContent(type="text", text=text) for text in (compact, *notes)]
        return result


def build_tool(spec: ToolSpec) -> Tool:
    """The registered form of a tool: the error decorator and `safe` (confirmation, journal name) applied, strict
    and lean."""
    tool = StrictTool.from_function(
        reports_errors(safe(spec)),
        name=spec.name,
        title=spec.title,
        # one line per paragraph: a docstring's wrapping is the source's, not the model's
        description=re.sub(r"(?<!\n)\n(?!\n)", " ", inspect.cleandoc(spec.fn.__doc__ or "")),
        # the title is the tool's own; a copy in the annotations costs bytes and says nothing more
        annotations=spec.annotations.model_copy(update={"title": None}),
        structured_output=True,
    )
    _lean(tool)
    return tool


def _lean(tool: Tool) -> None:
    """Close the input schema, and drop what costs context without telling the model anything.

    `additionalProperties: false` at the top: a misspelled argument is refused (StrictTool), and the schema says
    so. pydantic's generated titles ("Post Id" for post_id) go; optional inputs that default to null lose the
    `anyOf: [..., null]` wrapper (leaving them out is the same); a free-form object's `additionalProperties:
    true` is JSON Schema's default. A default of "" or false goes too: an input outside `required` is optional,
    and leaving it out means empty or off; defaults that say something (60 minutes, page 1) stay.
    """
    _strip(tool.parameters, empty_defaults=True)
    for prop in tool.parameters.get("properties", {}).values():
        variants = prop.get("anyOf")
        if prop.get("default", 0) is None and isinstance(variants, list):
            rest = [v for v in variants if v != {"type": "null"}]
            if len(rest) == 1:
                del prop["anyOf"], prop["default"]
                prop.update(rest[0])
    tool.parameters["additionalProperties"] = False
    if tool.fn_metadata.output_schema is not None:
        _strip(tool.fn_metadata.output_schema, nullable=True)


def _nullable(node: dict[str, Any]) -> None:
    """An output field's `anyOf: [{type: X}, {type: null}], default: null` as `type: [X, null]`: the same
    contract in a third of the bytes (a default says nothing about a result)."""
    if node.get("default", 0) is None:
        del node["default"]
    variants = node.get("anyOf")
    if not (isinstance(variants, list) and len(variants) == 2 and {"type": "null"} in variants):
        return
    [other] = [v for v in variants if v != {"type": "null"}]
    if isinstance(other.get("type"), str) and not set(other) & set(node) - {"anyOf"}:
        del node["anyOf"]
        node.update(other, type=[other["type"], "null"])


def _strip(node: Any, *, empty_defaults: bool = False, nullable: bool = False) -> None:
    """Titles, JSON Schema's own defaults, and (inputs) empty defaults or (outputs) null wrappers, throughout."""
    if not isinstance(node, dict):
        return
    if nullable:
        _nullable(node)
    if isinstance(node.get("title"), str):
        del node["title"]
    if node.get("additionalProperties") is True:
        del node["additionalProperties"]
    if empty_defaults and (node.get("default") == "" or node.get("default", 0) is False):
        del node["default"]
    for key in ("properties", "$defs", "definitions"):
        for child in (node.get(key) or {}).values():
            _strip(child, empty_defaults=empty_defaults, nullable=nullable)
    for key in ("items", "additionalProperties", "not"):
        _strip(node.get(key), empty_defaults=empty_defaults, nullable=nullable)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for child in node.get(key) or []:
            _strip(child, empty_defaults=empty_defaults, nullable=nullable)


# --- toolsets on demand ---------------------------------------------------------------------------------------


class Toolsets:
    """The toolsets a server offers, and more of them turned on while it runs (the `toolsets` tool).

    Over stdio the process is one person's session: turning a toolset on registers its tools and tells the
    client the list changed. Over stateless HTTP every request stands alone and the server is shared, so nothing
    is registered later: every tool the settings allow is registered at start, and each request sees the
    server's toolsets plus those it names (`X-Late-Toolsets: analytics,logs` or `?toolsets=analytics,logs`).
    """

    def __init__(self, settings: Settings, *, stateless: bool) -> None:
        self.settings = settings
        self.stateless = stateless
        #: every tool the settings allow is registered at start over HTTP; requests choose among them
        self.start = select_tools(settings, more=tuple(toolset_names()) if stateless else ())
        self.offered = {spec.name for spec in self.start}
        self._more: tuple[str, ...] = ()

    def on(self, ctx: Context[Any, Any] | None = None) -> dict[str, bool]:
        visible = self.visible(ctx)
        return {name: any(spec.name in visible for spec in toolset(name)) for name in toolset_names()}

    def visible(self, ctx: Context[Any, Any] | None) -> set[str]:
        """The tools this request may list and call."""
        if not self.stateless:
            return self.offered
        asked = requested_toolsets(getattr(ctx.request_context, "request", None) if ctx else None)
        return {spec.name for spec in select_tools(self.settings, more=asked)}

    def check(self, asked: list[str]) -> list[str]:
        """The toolset names as given, each known ('all': every one, as LATE_TOOLSETS reads it); an error listing
        the known ones otherwise."""
        wanted = [name.strip().lower() for name in asked if name.strip()]
        if "all" in wanted:
            return list(ABOUT)
        unknown = [name for name in wanted if name not in ABOUT]
        if unknown:
            guess = did_you_mean(unknown[0], ABOUT) if len(unknown) == 1 else ""
            raise InputError(f"Unknown toolset(s) {', '.join(unknown)}.{guess} Toolsets: {', '.join(ABOUT)}, or all.")
        return wanted

    async def enable(self, ctx: Context[Any, Any], asked: list[str]) -> list[str]:
        """Register the tools of these toolsets (read-only and exclusions still hold) and tell the client."""
        self._more = tuple(dict.fromkeys((*self._more, *asked)))
        added = [spec for spec in select_tools(self.settings, more=self._more) if spec.name not in self.offered]
        for spec in added:
            _install(ctx.mcp_server, build_tool(spec))
            self.offered.add(spec.name)
        if added:
            await ctx.session.send_tool_list_changed()  # clients of the handshake era
            await ctx.notify_tools_changed()  # clients listening on subscriptions/listen (2026-07-28)
        return [spec.name for spec in added]

    def reset(self, server: MCPServer[AppState]) -> None:
        """Back to the tools the server started with (a session's toolsets end with it)."""
        start = {spec.name for spec in self.start}
        for name in self.offered - start:
            server.remove_tool(name)
        self.offered = start
        self._more = ()


#: tools whose every call publishes at once
_PUBLISH_AT_ONCE = frozenset({"posts_publish_now", "posts_retry", "posts_retry_all_failed"})


class Reach:
    """How a request reaches a tool a message suggests (`state.Reach`), so every next step we name exists here."""

    def __init__(self, settings: Settings, switch: Toolsets | None, offered: set[str]) -> None:
        self.settings = settings
        self.switch = switch
        self.offered = offered  # without a switch the tool list never changes

    def __call__(self, ctx: Context[Any, Any] | None, name: str) -> str | None:
        if name in _PUBLISH_AT_ONCE and not self.settings.allow_publish_now:
            return None  # offered, but LATE_ALLOW_PUBLISH_NOW=false refuses every call of it
        switch = self.switch
        if name in (switch.visible(ctx) if switch else self.offered):
            return name
        owner = owner_offering(self.settings, name)  # no table imported for it (OWNER), but in read-only mode
        if switch is None or owner is None:
            return None  # read-only mode or an exclusion hides it even with its toolset on
        return f"the {owner} toolset (the toolsets tool {'says how to turn' if switch.stateless else 'turns'} it on)"


def _install(server: MCPServer[AppState], tool: Tool) -> None:
    """Register a prebuilt tool while running.

    The SDK's public `add_tool` builds a plain Tool from a function (without StrictTool's checks or the lean
    schema); its tool manager holds prebuilt tools, as the constructor's `tools=` puts them there.
    """
    server._tool_manager._tools[tool.name] = tool


def requested_toolsets(request: Any) -> tuple[str, ...]:
    """The toolsets an HTTP request names in its header or query ('all': every one, as `--toolsets all`); unknown
    names are left out."""
    if request is None:
        return ()
    raw = [str(request.headers.get(TOOLSETS_HEADER, ""))]
    raw += parse_qs(str(getattr(request, "url", "")).partition("?")[2]).get(TOOLSETS_QUERY, [])
    try:
        found = names(",".join(raw))
    except ConfigError:
        return ()
    return tuple(ABOUT) if "all" in found else tuple(name for name in found if name in ABOUT)


def per_request(toolsets: Toolsets) -> Any:
    """Middleware for stateless HTTP: each request lists and calls only its own toolsets' tools."""

    async def middleware(ctx: Any, call_next: Any) -> Any:
        if ctx.method not in ("tools/list", "tools/call"):
            return await call_next(ctx)
        asked = requested_toolsets(getattr(ctx, "request", None))
        visible = {spec.name for spec in select_tools(toolsets.settings, more=asked)} | {TOOLSETS_TOOL}
        if ctx.method == "tools/call":
            name = str((ctx.params or {}).get("name", ""))
            if name in toolsets.offered and name not in visible:
                return _off_here(name)
            return await call_next(ctx)
        result = await call_next(ctx)
        if isinstance(result, dict) and isinstance(result.get("tools"), list):
            result = {**result, "tools": [t for t in result["tools"] if t.get("name") in visible]}
        return result

    return middleware


def _off_here(name: str) -> dict[str, Any]:
    owner = OWNER[name]
    text = (
        f"{name} is in the {owner} toolset, which this request did not ask for. Over HTTP each request names its "
        f"toolsets: add ?{TOOLSETS_QUERY}={owner} to the server URL or send the header X-Late-Toolsets: {owner}."
    )
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True).model_dump(
        by_alias=True, mode="json", exclude_none=True
    )


async def announce_list_changes(ctx: Any, call_next: Any) -> Any:
    """Middleware: the handshake's capabilities say the tool list may change (the SDK leaves it false).

    Clients of the 2026-07-28 protocol learn it from `subscriptions/listen`, which the SDK serves already.
    """
    result = await call_next(ctx)
    if ctx.method == "initialize" and isinstance(result, dict):
        tools = result.get("capabilities", {}).get("tools")
        if isinstance(tools, dict):
            tools["listChanged"] = True
    return result
