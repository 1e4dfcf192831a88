"""Streamable HTTP for many users: stateless, JSON responses, the Late key from each request's bearer header.

    late-mcp --transport streamable-http [--host 127.0.0.1] [--port 8000]
    LATE_STATE_KEYS=<secret> uvicorn --factory late_mcp.http_app:create_app --host 127.0.0.1 --port 8000 --workers 4

Each HTTP request stands alone (no MCP session is kept), so any worker or instance can answer any request and no
sticky sessions are needed behind a load balancer; the one thing they share is LATE_STATE_KEYS, which seals the
state a confirmation carries between the rounds of one tool call (`request_state`).

The key. In this mode the server never uses a key from its own environment: every request to ``/mcp`` must carry
``Authorization: Bearer <the user's Late key>``, or it is refused with 401 before the MCP layer sees it. The key is
put in a context variable for the life of that one request; every call the request makes to the Late API goes
through :class:`PerRequestKeyTransport`, which writes *that* key into the outgoing ``Authorization`` header at the
last moment. All users share one ``httpx.AsyncClient`` and its connection pool (connections carry no user state:
auth is per request, not per connection), and the transport drops cookies both ways so nothing a response sets can
follow another user's request. A request without a key in its context cannot reach the API at all.

Heavy imports (Starlette, the MCP SDK, uvicorn) happen inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from . import __version__
from .config import DEFAULT_HOST, PLACEHOLDER_KEYS, HttpOptions, Settings, env_value, is_loopback
from .errors import MissingKeyError
from .redaction import request_key

if TYPE_CHECKING:
    from mcp.server.context import ServerRequestContext
    from mcp.server.request_state import RequestStateSecurity
    from mcp.server.transport_security import TransportSecuritySettings
    from starlette.applications import Starlette
    from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("late_mcp.http")

MCP_PATH = "/mcp"
HEALTH_PATH = "/healthz"

#: Stands in for the key in the shared client's settings, so the client is "configured"; the transport replaces
#: it on every request and refuses to send a request without a real one, so it never reaches the network.
PLACEHOLDER_KEY = "per-request-key-from-authorization-header"

#: The Late key of the HTTP request being served; None outside a request. The same variable tells `redaction`
#: which key to take out of that request's results and logs.
_request_key = request_key

# A bearer token: visible ASCII without spaces or quotes (a header value we can pass on unchanged).
_TOKEN = re.compile(r"^[A-Za-z0-9._~+/=:-]{8,512}$")


def bearer_key(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of the first ``Authorization: Bearer`` header, if it looks like one; else None."""
    for name, value in headers:
        if name.lower() != b"authorization":
            continue
        scheme, _, token = value.decode("latin-1").strip().partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and _TOKEN.match(token):
            return token
        return None
    return None


class PerRequestKeyTransport(httpx.AsyncBaseTransport):
    """Sends each request with the key of the MCP request that caused it, over one shared connection pool.

    The shared client's placeholder ``Authorization`` header is replaced by the current request's key, and only
    on the API's own origin: a request elsewhere (a presigned upload URL, say) goes without one, and a request
    the client sends without auth stays without. Cookies are dropped in both directions.
    """

    def __init__(self, base_url: str, inner: httpx.AsyncBaseTransport | None = None) -> None:
        parts = urlsplit(base_url)
        self._origin = (parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        self._inner = inner or httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50)
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers.pop("cookie", None)
        url = request.url
        origin = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        if "authorization" in request.headers:  # the client means to authenticate this one
            if origin != self._origin:
                request.headers.pop("authorization")
            else:
                key = _request_key.get()
                if not key:
                    # Unreachable through the app (401 comes first); no code path may send the placeholder.
                    raise MissingKeyError("No Late API key came with this request (Authorization: Bearer sk_...).")
                request.headers["authorization"] = f"Bearer {key}"
        response = await self._inner.handle_async_request(request)
        response.headers.pop("set-cookie", None)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class BearerKeyMiddleware:
    """401 for MCP requests without a bearer key; otherwise the key lives in a context variable for the request.

    ``GET`` is 405 first: in stateless JSON mode there is no session whose messages a stream could carry, and the
    SDK would otherwise hold an event stream open forever for anyone with a well-formed bearer (the transport spec
    lets a server answer 405 instead).
    """

    def __init__(self, app: ASGIApp, *, path: str = MCP_PATH) -> None:
        self.app = app
        self.path = path.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope["path"]).rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET":
            await _no_stream(scope, receive, send)
            return
        key = bearer_key(scope["headers"])
        if key is None or key in PLACEHOLDER_KEYS:  # a placeholder is no key: never sent on
            await _unauthorized(scope, receive, send, placeholder=key is not None)
            return
        token = _request_key.set(key)
        try:
            await self.app(scope, receive, send)
        finally:
            _request_key.reset(token)


async def _unauthorized(scope: Scope, receive: Receive, send: Send, *, placeholder: bool = False) -> None:
    from starlette.responses import JSONResponse

    said = "the key sent is still the placeholder of a generated config, not a key; " if placeholder else ""
    body = {
        "jsonrpc": "2.0",
        "id": None,
        "error": {
            "code": -32001,
            "message": f"Unauthorized: {said}send your Late API key as 'Authorization: Bearer sk_...'. "
            "This server uses each request's own key and never a key of its own.",
        },
    }
    response = JSONResponse(body, status_code=401, headers={"WWW-Authenticate": 'Bearer realm="late-mcp"'})
    await response(scope, receive, send)


async def _no_stream(scope: Scope, receive: Receive, send: Send) -> None:
    from starlette.responses import JSONResponse

    body = {
        "jsonrpc": "2.0",
        "id": None,
        "error": {
            "code": -32000,
            "message": "Method Not Allowed: this server is stateless and answers each POST in its response; "
            "it opens no event stream, so send requests with POST.",
        },
    }
    await JSONResponse(body, status_code=405, headers={"Allow": "POST"})(scope, receive, send)


def security_for(
    host: str, allowed_hosts: list[str] | None = None, allowed_origins: list[str] | None = None
) -> TransportSecuritySettings:
    """DNS-rebinding protection: on for loopback binds (only loopback Host/Origin accepted) or given host lists."""
    from mcp.server.transport_security import TransportSecuritySettings

    if allowed_hosts or allowed_origins:
        return TransportSecuritySettings(
            enable_dns_rebinding_protection=True,
            allowed_hosts=list(allowed_hosts or []),
            allowed_origins=list(allowed_origins or []),
        )
    if is_loopback(host):
        names = ["127.0.0.1", "localhost", "[::1]"]
        return TransportSecuritySettings(
            enable_dns_rebinding_protection=True,
            allowed_hosts=[*names, *(f"{n}:*" for n in names)],
            allowed_origins=[
                f"{scheme}://{n}{port}" for scheme in ("http", "https") for n in names for port in ("", ":*")
            ],
        )
    # A public bind sits behind a proxy whose Host we cannot know; the per-request key is the gate there.
    return TransportSecuritySettings(enable_dns_rebinding_protection=False)


def request_state(settings: Settings) -> RequestStateSecurity:
    """How a confirmation's state travels between the rounds of a tool call (2026 protocol): sealed under
    LATE_STATE_KEYS, which every process behind one address shares so any can take the answer to a question
    another asked (else under a key of this process alone), and bound to the request's Late key, so one user's
    state (a question asked, an answer given) stands for nothing in another user's call."""
    from mcp.server.request_state import RequestStateSecurity

    return RequestStateSecurity(keys=list(settings.state_keys) or [os.urandom(32)], bind_principal=_principal)


def _principal(_: ServerRequestContext[Any, Any]) -> str | None:
    key = _request_key.get()
    return hashlib.sha256(key.encode()).hexdigest() if key else None


def create_app(
    settings: Settings | None = None,
    *,
    host: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    allowed_hosts: list[str] | None = None,
    allowed_origins: list[str] | None = None,
) -> Starlette:
    """The ASGI app: ``POST /mcp`` (MCP, stateless, JSON responses) and ``GET /healthz``.

    With no arguments (``uvicorn --factory late_mcp.http_app:create_app``) settings come from the environment,
    minus any API key, and the bind host for DNS-rebinding protection from LATE_HOST (default loopback).
    Tools that read local paths are offered only when LATE_MEDIA_DIRS names the directories they may read.
    `transport` replaces the network under the shared connection pool (tests).
    """
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from .server import build_server

    if settings is None:
        settings = Settings.from_env()
    if settings.api_key and not settings.sandbox:
        log.warning("LATE_API_KEY is ignored with the streamable-http transport: each request brings its own key.")
    host = host or env_value(os.environ, "LATE_HOST") or DEFAULT_HOST
    # Stateless: no journal on this machine (one file would mix every user's writes under the placeholder key).
    # Each created post is stamped in its own metadata instead, so any replica can find what it created.
    shared = settings.with_overrides(api_key=PLACEHOLDER_KEY, journal="", stamp_posts=True)
    if not settings.media_dirs:
        # Over HTTP "local files" are the server's, not the user's: without an explicit allow-list any user could
        # read files on the server's disk through a tool that takes a path. Offer those only where LATE_MEDIA_DIRS
        # says which directories they may read. (posts_bulk_upload is offered: it refuses only its path.)
        from .tools import TOOLS

        local = tuple(spec.name for spec in TOOLS if spec.local_files and spec.name not in settings.exclude_tools)
        shared = shared.with_overrides(exclude_tools=(*settings.exclude_tools, *local))
    server = build_server(
        shared,
        transport=PerRequestKeyTransport(settings.base_url, transport),
        stateless=True,
        request_state=request_state(settings),
    )
    app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        transport_security=security_for(host, allowed_hosts, allowed_origins),
        host=host,
    )

    async def health(_: Request) -> JSONResponse:
        return JSONResponse(
            {
                "status": "ok",
                "name": "late-mcp",
                "version": __version__,
                "transport": "streamable-http",
                "stateless": True,
            }
        )

    app.router.routes.append(Route(HEALTH_PATH, health, methods=["GET"]))
    app.add_middleware(BearerKeyMiddleware, path=MCP_PATH)
    return app


def serve(settings: Settings, options: HttpOptions) -> int:
    """Serve until interrupted (``late-mcp --transport streamable-http``). Logs go to stderr."""
    import uvicorn

    app = create_app(settings, host=options.host)
    if not is_loopback(options.host):
        log.warning(
            "Serving MCP on %s:%s: reachable from other machines. Put it behind HTTPS (a reverse proxy); "
            "every request must bring its own Late key.",
            options.host,
            options.port,
        )
    where = f"[{options.host}]" if ":" in options.host else options.host
    print(
        f"late-mcp {__version__}: streamable HTTP (stateless) on http://{where}:{options.port}{MCP_PATH}, "
        f"health at {HEALTH_PATH}. Each request must send 'Authorization: Bearer <Late API key>'.",
        file=sys.stderr,
        flush=True,
    )
    config = uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        log_config=None,  # our logging: stderr only
        log_level=settings.log_level.lower(),
        access_log=settings.log_level == "DEBUG",
        timeout_graceful_shutdown=5,
    )
    uvicorn.Server(config).run()
    return 0
