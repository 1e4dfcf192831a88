"""The fault suite's world: a real sandbox on a loopback port (so a dropped connection is a real one), its fault
rules, and an in-process MCP client over `build_server`.

The servers take shorter pauses than a real one (injected, see `SHORT_WAITS`): the backoff between retries (up
to 0.1, 0.2, 0.4 s; after a 409 "key in flight" exactly those) and the pauses between the looks for a post whose
create is still in progress. The decisions stay as they are (how many retries, which requests, Retry-After waited
in full), and the suite runs in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp import server
from late_mcp.config import Settings
from late_mcp.sandbox.runner import RunningSandbox
from late_mcp.state import Waits


async def _short_sleep(seconds: float) -> None:
    await anyio.sleep(seconds / 40)  # the 2 s between looks for a create in progress: 0.05 s


SHORT_WAITS = Waits(backoff=(0.1, 0.4), sleep=_short_sleep)


def build_server(settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None) -> MCPServer[Any]:
    """The server under test, with the short pauses."""
    return server.build_server(settings, transport=transport, waits=SHORT_WAITS)


class Control:
    """The sandbox's loopback control endpoints, and counting through its API."""

    def __init__(self, sandbox: RunningSandbox) -> None:
        self.sandbox = sandbox
        self.http = httpx.Client(base_url=sandbox.root_url, timeout=30)
        self.api = httpx.Client(
            base_url=sandbox.base_url + "/", headers={"Authorization": f"Bearer {sandbox.api_key}"}, timeout=30
        )

    def fault(self, **rule: Any) -> int:
        response = self.http.post("/_sandbox/faults", json=rule)
        response.raise_for_status()
        return int(response.json()["rules"][0]["id"])

    def clear(self) -> None:
        self.http.delete("/_sandbox/faults").raise_for_status()

    def hits(self, rule_id: int) -> int:
        rules = self.http.get("/_sandbox/faults").json()["rules"]
        return int(next(r["hits"] for r in rules if r["id"] == rule_id))

    def settings(self, **values: Any) -> None:
        self.http.post("/_sandbox/settings", json=values).raise_for_status()

    def account(self, account_id: str, **state: Any) -> None:
        self.http.post(f"/_sandbox/accounts/{account_id}", json=state).raise_for_status()

    def posts(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.api.get("v1/posts", params={"page": page, "limit": 100}).json()
            out += body["posts"]
            if page >= body["pagination"]["pages"]:
                return out
            page += 1

    def with_content(self, content: str) -> list[dict[str, Any]]:
        return [p for p in self.posts() if p.get("content") == content]

    def account_id(self, platform: str) -> str:
        accounts = self.api.get("v1/accounts").json()["accounts"]
        return str(next(a["_id"] for a in accounts if a["platform"] == platform))

    def close(self) -> None:
        self.http.close()
        self.api.close()


@pytest.fixture
def sandbox(live_sandbox: RunningSandbox) -> RunningSandbox:
    return live_sandbox


@pytest.fixture
def control(sandbox: RunningSandbox) -> Iterator[Control]:
    ctl = Control(sandbox)
    ctl.settings(rate_limit_per_minute=1_000_000)
    try:
        yield ctl
    finally:
        ctl.close()


def settings_for(sandbox: RunningSandbox, **overrides: Any) -> Settings:
    base = Settings(api_key=sandbox.api_key, base_url=sandbox.base_url, timezone="UTC", timeout=5, publish_timeout=5)
    return base.with_overrides(**overrides) if overrides else base


def text_of(result: Any) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)
