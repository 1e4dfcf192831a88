"""The gate in front of every ``/_sandbox/`` route: only the user's own tools on this machine may drive it.

The control routes need no key (they move the clock, inject faults, wipe the data), so being on loopback is not
enough: a web page the user opens can send a "simple" cross-site request (``text/plain``, no preflight) to
127.0.0.1, and a DNS-rebinding page reaches it under its own host name. So, as the MCP SDK's HTTP transport does
for a loopback bind:

- the client must be on loopback (127.0.0.0/8 or ::1);
- ``Host`` must name loopback (``127.0.0.1``, ``localhost`` or ``[::1]``, any port);
- ``Origin``, when a browser sends one, must be a loopback origin;
- a request that changes something (any method but GET/HEAD) must say ``Content-Type: application/json``, which a
  page cannot send cross-site without a CORS preflight, and the sandbox answers no preflight.

The API under ``/api/`` is not affected: its key is its guard.
"""

from __future__ import annotations

import ipaddress
import json
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

PREFIX = "/_sandbox/"
#: methods that carry no body here; DELETE is never a "simple" request, so a browser must preflight it
_BODYLESS = {"GET", "HEAD", "DELETE"}


def is_loopback(host: str | None) -> bool:
    """An address or host name that can only mean this machine."""
    if not host:
        return False
    name = host.strip("[]").split("%", 1)[0]
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_name(value: str) -> str:
    """``127.0.0.1:8765`` -> ``127.0.0.1``; ``[::1]:8765`` -> ``::1``; malformed -> ``""``."""
    try:
        return urlsplit(f"//{value}").hostname or ""
    except ValueError:
        return ""


def refusal(scope: Scope) -> tuple[int, str] | None:
    """Why a control request must be refused (status, message), or None when it may go on."""
    client = scope.get("client")
    if not is_loopback(client[0] if client else None):
        return 403, "Sandbox control endpoints are only reachable from loopback"
    headers = Headers(scope=scope)
    if not is_loopback(_host_name(headers.get("host", ""))):
        return 403, "Sandbox control endpoints answer only to a loopback Host (127.0.0.1, localhost or [::1])"
    origin = headers.get("origin")
    if origin is not None and not (
        urlsplit(origin).scheme in ("http", "https") and is_loopback(_host_name(urlsplit(origin).netloc))
    ):
        return 403, "Sandbox control endpoints refuse requests from a web page of another origin"
    if str(scope["method"]).upper() not in _BODYLESS:
        media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            return 415, "Sandbox control endpoints take Content-Type: application/json"
    return None


class ControlGuard:
    """Refuses ``/_sandbox/`` requests that do not come from this machine's own tools (see the module doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope["path"]).startswith(PREFIX):
            refused = refusal(scope)
            if refused is not None:
                status, message = refused
                payload = json.dumps({"error": message}).encode()
                headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": payload})
                return
        await self.app(scope, receive, send)
