"""Real `late-mcp --transport streamable-http` processes, driven by the SDK's streamable HTTP client."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import anyio
import httpx
import httpx2
import pytest
from mcp import Client, types
from mcp.client.session import ClientRequestContext
from mcp.client.streamable_http import streamable_http_client

from late_mcp.sandbox.runner import RunningSandbox

from ._servers import Recorder, fingerprint, make_key, spawn_http_server, start_http_server, wait_ready

pytestmark = pytest.mark.e2e

ENV_KEY = "sk_" + "e" * 64  # set in the servers' environment; must never reach the API
STATE_KEY = "a-request-state-secret-of-at-least-32-bytes"


class RoundRobin(httpx2.AsyncBaseTransport):
    """A load balancer without sticky sessions: every request goes to the next server in turn."""

    def __init__(self, ports: list[int]) -> None:
        self._ports = itertools.cycle(ports)
        self._inner = httpx2.AsyncHTTPTransport()
        self.served: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        port = next(self._ports)
        self.served[port] += 1
        request.url = request.url.copy_with(port=port)
        request.headers["host"] = f"127.0.0.1:{port}"
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_two_servers_behind_a_balancer_without_sticky_sessions(
    sandbox: RunningSandbox, tmp_path: Path, mode: str
) -> None:
    env = {"LATE_STATE_KEYS": STATE_KEY}  # what seals a question's state: the same on every replica
    servers = [spawn_http_server(tmp_path, sandbox.base_url, env=env, name=f"s{i}-{mode}") for i in range(2)]
    asked: list[str] = []

    async def person(context: ClientRequestContext, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params.message)
        return types.ElicitResult(action="accept", content={"confirm": True})

    try:
        wait_ready(*servers)
        ports = [int(s.url.rsplit(":", 1)[1]) for s in servers]
        balancer = RoundRobin(ports)
        http = httpx2.AsyncClient(
            transport=balancer, headers={"Authorization": f"Bearer {sandbox.api_key}"}, timeout=30
        )
        transport = streamable_http_client(servers[0].mcp_url, http_client=http)
        async with http, Client(transport, mode=mode, elicitation_callback=person) as client:
            tools = await client.list_tools()
            assert any(t.name == "posts_create" for t in tools.tools)
            made = await client.call_tool(
                "posts_create", {"content": f"balanced {mode}", "platform": "threads", "is_draft": True}
            )
            assert not made.is_error, made.content
            post_id = (made.structured_content or {})["post_id"]
            for _ in range(3):  # each read may land on either server: both see the same API state
                got = await client.call_tool("posts_get", {"post_id": post_id})
                assert not got.is_error, got.content
                assert (got.structured_content or {})["content"] == f"balanced {mode}"
            # A question asked by one replica is answered through the other (2026 protocol; legacy cannot ask).
            now = await client.call_tool(
                "posts_create", {"content": f"now {mode}", "platform": "threads", "publish_now": True}
            )
            assert not now.is_error, now.content
            assert (now.structured_content or {})["status"] == "published"
            assert len(asked) == (1 if mode == "auto" else 0)
        assert all(balancer.served[p] >= 2 for p in ports), balancer.served
    finally:
        for server in servers:
            server.stop()


async def test_fifty_concurrent_users_each_reach_the_api_with_their_own_key(recorder: Recorder, tmp_path: Path) -> None:
    server = start_http_server(tmp_path, recorder.base_url, env={"LATE_API_KEY": ENV_KEY, "LATE_LOG_LEVEL": "DEBUG"})
    users = 50
    answers: dict[int, list[str]] = {}
    try:

        async def user(i: int) -> None:
            key = make_key(i)
            headers = {"Authorization": f"Bearer {key}"}
            async with (
                httpx2.AsyncClient(headers=headers, timeout=60) as http,
                Client(streamable_http_client(server.mcp_url, http_client=http), mode="legacy") as client,
            ):
                seen = []
                for n in range(2):
                    got = await client.call_tool("posts_get", {"post_id": f"user-{i}-{n}"})
                    assert not got.is_error, got.content
                    seen.append((got.structured_content or {})["content"])
                listed = await client.call_tool("posts_list", {})
                assert not listed.is_error, listed.content
                seen.append((listed.structured_content or {})["posts"][0]["preview"])
                answers[i] = seen

        async with anyio.create_task_group() as tg:
            for i in range(users):
                tg.start_soon(user, i)
    finally:
        server.stop()

    # Every API request carried a key, and the key of the user whose tool call made it.
    assert len(recorder.seen) == users * 3
    keys = {make_key(i) for i in range(users)}
    for key, _method, path in recorder.seen:
        assert key in keys, (key, path)
        if path.startswith("/api/v1/posts/user-"):
            owner = int(path.split("-")[1])
            assert key == make_key(owner), path
    assert Counter(key for key, _, _ in recorder.seen) == {k: 3 for k in keys}
    # ...and every user got back the answer made for their own key.
    for i in range(users):
        assert answers[i] == [f"key:{fingerprint(make_key(i))}"] * 3
    # The key in the server's environment was never used, and no key reached its logs.
    assert ENV_KEY not in {key for key, _, _ in recorder.seen}
    logs = server.stderr() + server.stdout_path.read_text(encoding="utf-8", errors="replace")
    assert "DEBUG" in logs  # the check below means something only if debug logging was on
    for key in [*keys, ENV_KEY]:
        assert key not in logs


def test_the_cli_serves_health_and_refuses_keyless_requests(sandbox: RunningSandbox, tmp_path: Path) -> None:
    env = {"LATE_API_KEY": sandbox.api_key, "LATE_LOG_LEVEL": "DEBUG"}  # DEBUG: uvicorn's access log is on
    server = start_http_server(tmp_path, sandbox.base_url, env=env)
    in_url = make_key(7)  # a user who put their key in the URL (a client that takes only a URL): refused, not logged
    try:
        refused_url = httpx.post(
            f"{server.mcp_url}?api_key={in_url}",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={"Accept": "application/json, text/event-stream"},
        )
        assert refused_url.status_code == 401
        assert in_url not in refused_url.text
        health = httpx.get(server.url + "/healthz")
        assert health.status_code == 200
        assert health.json()["transport"] == "streamable-http"
        refused = httpx.post(
            server.mcp_url,
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={"Accept": "application/json, text/event-stream"},
        )
        assert refused.status_code == 401
        rebound = httpx.post(
            server.mcp_url,
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={
                "Accept": "application/json, text/event-stream",
                "Authorization": f"Bearer {sandbox.api_key}",
                "Host": "attacker.example",
            },
        )
        assert rebound.status_code == 421
    finally:
        server.stop()
    assert server.stdout_path.read_bytes() == b""
    logs = server.stderr()
    assert "uvicorn.access" in logs
    assert "POST /mcp?api_key=" in logs
    assert in_url not in logs
    assert in_url[3:19] not in logs


async def test_a_create_made_through_one_server_process_is_undone_through_another(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    """Stateless HTTP keeps no journal: process B finds what process A created from the post's metadata stamp."""
    servers = [spawn_http_server(tmp_path, sandbox.base_url, name=name) for name in ("maker", "undoer")]
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    try:
        wait_ready(*servers)
        maker, undoer = servers
        async with (
            httpx2.AsyncClient(headers=headers, timeout=60) as http,
            Client(streamable_http_client(maker.mcp_url, http_client=http), mode="legacy") as client,
        ):
            made = await client.call_tool(
                "posts_create", {"content": "made by process A", "platform": "threads", "is_draft": True}
            )
        assert not made.is_error, made.content
        post_id = (made.structured_content or {})["post_id"]
        [doc] = [p for p in sandbox.store.all("posts") if p["_id"] == post_id]
        stamp = doc["metadata"]["lateMcp"]
        assert stamp["tool"] == "posts_create"

        async with (
            httpx2.AsyncClient(headers=headers, timeout=60) as http,
            Client(streamable_http_client(undoer.mcp_url, http_client=http), mode="legacy") as client,
        ):
            history = await client.call_tool("posts_history", {})
            assert not history.is_error, history.content
            entries = (history.structured_content or {})["entries"]
            assert [(e["id"], e["post_id"]) for e in entries] == [(stamp["journal"], post_id)]
            undone = await client.call_tool("posts_undo", {"entry_id": stamp["journal"]})
        assert not undone.is_error, undone.content
        assert post_id not in {p["_id"] for p in sandbox.store.all("posts")}
    finally:
        for server in servers:
            server.stop()
