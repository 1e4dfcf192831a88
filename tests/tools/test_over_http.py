"""Every optional toolset once more, over real HTTP: the sandbox served by uvicorn on a loopback port, the
server's LateClient on the real network stack, an MCP client in process. Webhook test deliveries really arrive,
signed, at the sandbox's sink."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from urllib.parse import urlparse

import httpx
import pytest
from mcp import Client

from late_mcp.config import Settings
from late_mcp.sandbox.runner import RunningSandbox, start_sandbox
from late_mcp.sandbox.seed import ACCOUNT_IDS, oid
from late_mcp.server import build_server

from ..conftest import tools


@pytest.fixture
def running() -> Iterator[RunningSandbox]:
    sandbox = start_sandbox(data_dir=":memory:")
    try:
        yield sandbox
    finally:
        sandbox.stop()


async def test_toolsets_resources_and_prompts_over_http(running: RunningSandbox) -> None:
    settings = Settings(api_key=running.api_key, base_url=running.base_url, timezone="Europe/Berlin", toolsets=("all",))
    server = build_server(settings)
    async with tools(server) as t:
        # queue
        queues = await t.ok("queue_list")
        assert queues["queues"][0]["name"] == "Weekday mornings"
        assert (await t.ok("queue_preview", {"count": 2}))["next_free"]
        # analytics and logs
        assert (await t.ok("analytics_get", {"kind": "post", "post_id": oid("post:published-photo")}))["rows"]
        failed = await t.ok("logs_list", {"status": "failed", "limit": 5})
        detail = await t.ok("logs_get", {"log_id": failed["logs"][0]["id"]})
        assert detail["response_body"]
        # accounts
        assert (await t.ok("accounts_choices", {"account_id": ACCOUNT_IDS["pinterest"]}))["choices"]
        # connect: the user's browser follows the link over HTTP and lands on our redirect URL
        link = await t.ok(
            "connect_start",
            {"platform": "facebook", "headless": True, "redirect_url": "https://app.example.com/cb"},
        )
        assert urlparse(link["url"]).netloc == urlparse(running.root_url).netloc
        async with httpx.AsyncClient(follow_redirects=False) as browser:
            landed = (await browser.get(link["url"])).headers["location"]
        options = await t.ok("connect_options", {"callback_url": landed})
        done = await t.ok("connect_select", {"callback_url": landed, "selection_id": options["options"][0]["id"]})
        assert done["status"] == "connected"
        # webhooks: a real, signed delivery to the sandbox's sink
        sink = f"{running.root_url}/_sandbox/webhook-sink"
        hook = (await t.ok("webhooks_save", {"url": sink, "secret": "s3cret"}))["webhook"]
        assert (await t.ok("webhooks_test", {"webhook_id": hook["id"]}))["delivered"] is True
        async with httpx.AsyncClient() as http:
            [received] = (await http.get(sink)).json()["received"]
        body = received["body"].encode()
        assert json.loads(body)["event"] == "webhook.test"
        assert received["headers"]["x-zernio-signature"] == hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        assert (await t.ok("webhooks_logs"))["deliveries"][0]["code"] == 200
        # team and media tools
        assert (await t.ok("team_users_list"))["count"] == 2
        assert (await t.ok("media_check_hashtags", {"hashtags": "travel"}))["safe"] == ["travel"]
        # core additions
        assert (await t.ok("accounts_health"))["needs_reconnect"] == 1
        assert (await t.ok("now"))["timezone"] == "Europe/Berlin"
        assert (await t.ok("usage_get"))["plan"] == "Basic"

    async with Client(server) as client:
        result = await client.read_resource("late://accounts")
        assert json.loads(result.contents[0].text)["count"] >= 12  # type: ignore[union-attr]
        prompt = await client.get_prompt("weekly_report", {})
        assert prompt.messages
