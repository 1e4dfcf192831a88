"""What every route needs: the store, the fault rules, the settings and the rate limiter."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from starlette.requests import Request

from late_mcp.sandbox.faults import Faults
from late_mcp.sandbox.idempotency import KeysInFlight
from late_mcp.sandbox.settings import SandboxSettings
from late_mcp.sandbox.store import Store


class RateLimiter:
    """Fixed one-minute windows per API key, on the sandbox clock (so moving the clock also resets windows)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def hit(self, key: str, now: datetime, limit: int) -> tuple[int, int, bool]:
        """Count one request; returns (remaining, reset unix seconds, allowed)."""
        window = int(now.timestamp()) // 60 * 60
        with self._lock:
            start, count = self._windows.get(key, (window, 0))
            if start != window:
                start, count = window, 0
            count += 1
            self._windows[key] = (start, count)
        return max(0, limit - count), start + 60, count <= limit

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()


@dataclass
class Sandbox:
    store: Store
    faults: Faults
    settings: SandboxSettings = field(default_factory=SandboxSettings)
    limiter: RateLimiter = field(default_factory=RateLimiter)
    keys: KeysInFlight = field(default_factory=KeysInFlight)


def sandbox_of(request: Request) -> Sandbox:
    sandbox = request.app.state.sandbox
    assert isinstance(sandbox, Sandbox)
    return sandbox


def root_url(request: Request) -> str:
    """The sandbox's own origin as the client reached it (``http://127.0.0.1:PORT``)."""
    return f"{request.url.scheme}://{request.url.netloc}"
