"""Resources: what the model (or the user, attaching it) can read before acting.

`late://accounts`, `late://profiles`, `late://usage`, `late://rules` and the templates `late://posts/{post_id}`
and `late://rules/{platform}`. They return the same compact JSON the tools return, from the same functions, so
nothing new to learn.

The SDK hands a `Context` only to template resources. Fixed resources reach the lifespan's client through a
middleware that puts the request's lifespan state in a context variable for `resources/read`; if that hook is
ever missing they fall back to a short-lived client of their own, so reading never breaks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from pydantic import BaseModel

from .config import Settings
from .errors import LateError, NotFoundError, message_for
from .rules import PLATFORMS, describe
from .state import AppState, state
from .timeutil import now_utc
from .tools._hints import via
from .tools.accounts.connected import accounts_out
from .tools.posts.plan import platform_rules
from .tools.posts.read import post_detail
from .tools.profiles import profiles_out
from .tools.usage import usage_report

if TYPE_CHECKING:
    import httpx
    from mcp.server.mcpserver import MCPServer

    from .client import LateClient

JSON = "application/json"
CALENDAR = "late://calendar/{start}/{days}"

_STATE: ContextVar[AppState | None] = ContextVar("late_mcp_resource_state", default=None)


@dataclass(frozen=True)
class Fixed:
    """A resource at a fixed URI whose content is what a tool returns."""

    uri: str
    name: str
    title: str
    description: str
    read: Callable[[LateClient, tzinfo], Awaitable[BaseModel]]


FIXED = (
    Fixed(
        "late://accounts",
        "accounts",
        "Connected accounts",
        "Connected social accounts: id, platform, username, profile, active.",
        lambda client, zone: accounts_out(client, zone),
    ),
    Fixed(
        "late://profiles",
        "profiles",
        "Profiles",
        "Profiles (groups of accounts): id, name, default.",
        lambda client, _: profiles_out(client),
    ),
    Fixed(
        "late://usage",
        "usage",
        "Plan and usage",
        "The Late plan, its limits and this billing period's usage.",
        usage_report,
    ),
)


async def _expose_state(ctx: Any, call_next: Callable[[Any], Awaitable[Any]]) -> Any:
    """Middleware: during `resources/read`, make the lifespan state reachable from fixed resources."""
    if getattr(ctx, "method", None) != "resources/read" or not isinstance(
        getattr(ctx, "lifespan_context", None), AppState
    ):
        return await call_next(ctx)
    token = _STATE.set(ctx.lifespan_context)
    try:
        return await call_next(ctx)
    finally:
        _STATE.reset(token)


def register_resources(
    server: MCPServer[AppState], settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
) -> None:
    """Add every resource to `server` (called by build_server)."""
    middleware = getattr(server, "middleware", None)
    if isinstance(middleware, list):
        middleware.append(_expose_state)

    @asynccontextmanager
    async def app_state() -> AsyncIterator[AppState]:
        current = _STATE.get()
        if current is not None:
            yield current
            return
        app = AppState(settings=settings, transport=transport)
        try:
            yield app
        finally:
            await app.aclose()

    def reader(fixed: Fixed) -> Callable[[], Awaitable[str]]:
        async def read() -> str:
            async with app_state() as app, _readable():
                found = await fixed.read(app.client, app.zone)
            return found.model_dump_json(exclude_none=True)

        return read

    for fixed in FIXED:
        server.resource(fixed.uri, name=fixed.name, title=fixed.title, description=fixed.description, mime_type=JSON)(
            reader(fixed)
        )

    @server.resource(
        "late://posts/{post_id}",
        name="post",
        title="Post",
        description="One post: text, media, schedule (user's zone and UTC), status and URL per platform.",
        mime_type=JSON,
    )
    async def post(post_id: str, ctx: Context[AppState]) -> str:
        app = state(ctx)
        async with _readable():
            found = await post_detail(app.client, post_id, app.zone)
        return found.model_dump_json(exclude_none=True)

    async def calendar(start: str, days: str, ctx: Context[AppState]) -> str:
        """Posts by local day, as posts_calendar shows them (the user's zone)."""
        from .tools.planner.calendar import calendar_of  # here: a server without the planner need not load it

        app = state(ctx)
        async with _readable():
            found = await calendar_of(
                app.client, start, days, app.settings.timezone, now=now_utc(), retry=via(ctx)("posts_retry")
            )
        return found.model_dump_json(exclude_none=True)

    about = "Posts by local day from start (YYYY-MM-DD) for days (1-31), with free queue slots and marks."
    server.resource(CALENDAR, name="calendar", title="Posts calendar", description=about, mime_type=JSON)(calendar)

    @server.resource(
        "late://rules",
        name="rules",
        title="Platform rules",
        description="Every platform's text, media and option rules that the pre-flight checks use.",
        mime_type="text/plain",
    )
    def all_rules() -> str:
        return "\n\n".join(describe(p) for p in PLATFORMS)

    @server.resource(
        "late://rules/{platform}",
        name="platform-rules",
        title="Platform rules",
        description=f"One platform's rules before writing for it; platform is one of {', '.join(PLATFORMS)}.",
        mime_type="text/plain",
    )
    def rules(platform: str) -> str:
        try:
            return platform_rules(platform)
        except LateError as exc:
            raise ResourceNotFoundError(str(exc)) from None


@asynccontextmanager
async def _readable() -> AsyncIterator[None]:
    """API failures as resource errors that carry our message (anything else is withheld by the SDK)."""
    try:
        yield
    except NotFoundError as exc:
        raise ResourceNotFoundError(message_for(exc)) from None
    except LateError as exc:
        raise ResourceError(message_for(exc)) from None
