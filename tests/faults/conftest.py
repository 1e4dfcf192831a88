"""The fault suite's world: a real sandbox on a loopback port (so a dropped connection is a real one), its fault
rules, and an in-process MCP client over `build_server`.

Backoff between retries is shortened (the policy's jittered delays, not its decisions: how many retries, which
requests, Retry-After), and so are the pauses between the looks for a post whose create got no answer, so the
suite runs in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from late_mcp.client import RetryPolicy
from late_mcp.config import Settings
from late_mcp.sandbox.runner import RunningSandbox, start_sandbox
from late_mcp.tools.posts import send as tool_posts


@pytest.fixture(autouse=True)
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt: 0.01)
    # After a create that got no answer the tool looks again a few times; keep its count, shorten the pauses.
    monkeypatch.setattr(tool_posts, "LOOKUP_WAIT", 0.05)


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
def sandbox() -> Iterator[RunningSandbox]:
    running = start_sandbox(data_dir=":memory:")
    try:
        yield running
    finally:
        running.stop()


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
