"""The sandbox's Starlette application: routes, the API middleware, and JSON errors everywhere."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from late_mcp.sandbox import (
    routes_account_admin,
    routes_accounts,
    routes_analytics,
    routes_best_time,
    routes_connect,
    routes_control,
    routes_insights,
    routes_media,
    routes_posts,
    routes_queue,
    routes_targets,
    routes_team,
    routes_tools,
    routes_webhooks,
)
from late_mcp.sandbox.context import Sandbox
from late_mcp.sandbox.control_guard import ControlGuard
from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.faults import Faults
from late_mcp.sandbox.middleware import ApiMiddleware
from late_mcp.sandbox.settings import SandboxSettings
from late_mcp.sandbox.store import Store


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "Not found", 405: "Method not allowed"}
    return JSONResponse(
        {"error": messages.get(exc.status_code, exc.detail)}, status_code=exc.status_code, headers=exc.headers
    )


async def _server_error(request: Request, exc: Exception) -> Response:
    """A bug in the sandbox still answers in the API's error shape (Starlette re-raises it for the log)."""
    return JSONResponse({"error": "Internal server error", "details": {"type": type(exc).__name__}}, status_code=500)


async def _index(request: Request) -> Response:
    return JSONResponse(
        {
            "name": "late-mcp sandbox",
            "api": f"{request.url.scheme}://{request.url.netloc}/api",
            "docs": "A local implementation of the Late API; authenticate with the demo key.",
        }
    )


def create_app(store: Store, *, faults: Faults | None = None, settings: SandboxSettings | None = None) -> Starlette:
    """Build the app over ``store``. ``faults`` defaults to an empty rule list (add rules at runtime through
    ``POST /_sandbox/faults`` or the returned app's ``state.sandbox.faults``)."""
    from starlette.routing import Route

    sandbox = Sandbox(
        store=store,
        faults=faults if faults is not None else Faults(),
        settings=settings if settings is not None else SandboxSettings(),
    )
    routes: list[BaseRoute] = [Route("/", _index, methods=["GET"])]
    for module in (routes_accounts, routes_posts, routes_media, routes_queue, routes_analytics, routes_control):
        routes.extend(module.routes)
    routes.extend(routes_best_time.routes)  # analytics best-time (the planner)
    routes.extend(routes_targets.routes)  # Facebook Pages and Google Business locations of a connection
    # the rest of the API: account management, account analytics, connect, webhooks, team, the Tools API
    for module in (routes_account_admin, routes_insights, routes_connect, routes_webhooks, routes_team, routes_tools):
        routes.extend(module.routes)
    app = Starlette(
        routes=routes,
        middleware=[Middleware(ControlGuard), Middleware(ApiMiddleware, sandbox=sandbox)],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error, Exception: _server_error},
    )
    app.state.sandbox = sandbox
    return app
