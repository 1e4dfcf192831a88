"""The streamable HTTP app in process: 401, health, DNS-rebinding protection, the per-request key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from late_mcp.config import ConfigError, Settings, http_options
from late_mcp.errors import MissingKeyError
from late_mcp.http_app import (
    PerRequestKeyTransport,
    _request_key,
    bearer_key,
    create_app,
    is_loopback,
    security_for,
)
from late_mcp.sandbox.app import create_app as create_sandbox_app
from late_mcp.sandbox.seed import seeded_store
from late_mcp.sandbox.store import Store

BASE = "http://sandbox.test/api"
ORIGIN = "http://127.0.0.1:8000"
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    yield opened
    opened.close()


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    # A key in the server's own settings, to prove it is never used in this mode.
    settings = Settings(api_key=store.api_key, base_url=BASE, timezone="UTC")
    app = create_app(settings, host="127.0.0.1", transport=httpx.ASGITransport(app=create_sandbox_app(store)))
    with TestClient(app, base_url=ORIGIN) as test_client:
        yield test_client


def rpc(client: TestClient, method: str, params: dict[str, Any] | None = None, **headers: str) -> httpx.Response:
    body: dict[str, Any] = {"jsonrpc": "2.0", "id": 1, "method": method}
    if params is not None:
        body["params"] = params
    return client.post("/mcp", content=json.dumps(body), headers={**HEADERS, **headers})


def test_health_needs_no_key(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["stateless"] is True


@pytest.mark.parametrize(
    "auth",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token sk_abc", "Bearer has spaces in it", 'Bearer "q"'],
)
def test_requests_without_a_bearer_key_get_401(client: TestClient, auth: str | None) -> None:
    headers = {} if auth is None else {"Authorization": auth}
    response = rpc(client, "tools/list", **headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["error"]["message"]


@pytest.mark.parametrize("placeholder", ["sk_your_key_here", "your-api-key"])
def test_the_placeholder_of_a_generated_config_gets_401_in_those_words(client: TestClient, placeholder: str) -> None:
    """Never passed on to Late (whose 401 would say "invalid key", not "never filled in")."""
    response = rpc(client, "tools/list", Authorization=f"Bearer {placeholder}")
    assert response.status_code == 401
    assert "still the placeholder of a generated config, not a key" in response.json()["error"]["message"]


def test_the_servers_own_key_is_never_used(client: TestClient, store: Store) -> None:
    """The settings carry the sandbox's valid key; a request with another key must fail with that key's 401."""
    wrong = "sk_" + "0" * 64
    response = rpc(client, "tools/call", {"name": "accounts_list", "arguments": {}}, Authorization=f"Bearer {wrong}")
    assert response.status_code == 200
    result = response.json()["result"]
    assert result["isError"] is True
    assert "401" in result["content"][0]["text"]
    assert store.api_key not in response.text


def test_a_request_with_the_users_key_works(client: TestClient, store: Store) -> None:
    auth = {"Authorization": f"Bearer {store.api_key}"}
    listed = rpc(client, "tools/list", **auth)
    assert listed.status_code == 200
    assert listed.headers["content-type"].startswith("application/json")
    assert "mcp-session-id" not in listed.headers  # stateless: no session to stick to
    names = {tool["name"] for tool in listed.json()["result"]["tools"]}
    assert "accounts_list" in names
    called = rpc(client, "tools/call", {"name": "accounts_list", "arguments": {}}, **auth)
    result = called.json()["result"]
    assert result["isError"] is False, result
    assert result["structuredContent"]["count"] >= 1


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "evil.example"}, 421),
        ({"Host": "evil.example:8000"}, 421),
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "http://localhost:5173"}, 200),
        ({"Host": "localhost:8000"}, 200),
    ],
)
def test_dns_rebinding_protection_on_loopback(
    client: TestClient, store: Store, headers: dict[str, str], status: int
) -> None:
    response = rpc(client, "tools/list", Authorization=f"Bearer {store.api_key}", **headers)
    assert response.status_code == status


def test_security_settings_by_bind() -> None:
    assert security_for("127.0.0.1").enable_dns_rebinding_protection
    assert security_for("::1").enable_dns_rebinding_protection
    assert security_for("localhost").enable_dns_rebinding_protection
    assert not security_for("0.0.0.0").enable_dns_rebinding_protection
    explicit = security_for("0.0.0.0", ["mcp.example.com"])
    assert explicit.enable_dns_rebinding_protection
    assert explicit.allowed_hosts == ["mcp.example.com"]
    assert is_loopback("[::1]")
    assert not is_loopback("10.0.0.1")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"Bearer sk_" + b"a" * 64, "sk_" + "a" * 64),
        (b"bearer   sk_" + b"b" * 64 + b"  ", "sk_" + "b" * 64),
        (b"Bearer short", None),
        (b"Bearer sk_abc\x00def", None),
        (b"Basic sk_" + b"a" * 64, None),
        (b"Bearer " + b"x" * 600, None),
    ],
)
def test_bearer_key(raw: bytes, expected: str | None) -> None:
    assert bearer_key([(b"authorization", raw)]) == expected


# --- the transport that puts each request's key on the wire -----------------------------------------------------------


class Inner(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={}, headers={"Set-Cookie": "session=abc"})


async def test_transport_refuses_to_send_without_a_key() -> None:
    inner = Inner()
    async with httpx.AsyncClient(transport=PerRequestKeyTransport(BASE, inner)) as http:
        with pytest.raises(MissingKeyError):
            await http.get(BASE + "/v1/accounts", headers={"Authorization": "Bearer placeholder"})
    assert inner.requests == []


async def test_transport_writes_the_current_key_and_drops_cookies() -> None:
    inner = Inner()
    token = _request_key.set("sk_" + "1" * 64)
    try:
        async with httpx.AsyncClient(
            transport=PerRequestKeyTransport(BASE, inner), headers={"Authorization": "Bearer placeholder"}
        ) as http:
            response = await http.get(BASE + "/v1/accounts", headers={"Cookie": "other=user"})
            assert "set-cookie" not in response.headers
            await http.get(BASE + "/v1/accounts")
            await http.put("https://storage.example.com/upload?sig=x", content=b"bytes")
        async with httpx.AsyncClient(transport=PerRequestKeyTransport(BASE, inner)) as bare:
            await bare.put(BASE + "/v1/uploads/presigned", content=b"bytes")
    finally:
        _request_key.reset(token)
    first, second, upload, unauthenticated = inner.requests
    assert first.headers["authorization"] == "Bearer " + "sk_" + "1" * 64
    assert "cookie" not in first.headers
    assert "cookie" not in second.headers  # nothing the first response set follows the next request
    assert "authorization" not in upload.headers  # the key never leaves for another origin
    assert "authorization" not in unauthenticated.headers  # nor is it added where the client sent none


def test_http_options() -> None:
    assert http_options(None, None, None, env={}) is None
    assert http_options("stdio", None, None, env={"LATE_TRANSPORT": "streamable-http"}) is None
    opts = http_options(None, None, None, env={"LATE_TRANSPORT": "streamable-http", "LATE_PORT": "9001"})
    assert opts is not None
    assert (opts.host, opts.port) == ("127.0.0.1", 9001)
    opts = http_options("streamable-http", "0.0.0.0", 8080, env={"LATE_HOST": "::1", "LATE_PORT": "1"})
    assert opts is not None
    assert (opts.host, opts.port) == ("0.0.0.0", 8080)
    with pytest.raises(ConfigError, match="LATE_TRANSPORT"):
        http_options(None, None, None, env={"LATE_TRANSPORT": "sse"})
    with pytest.raises(ConfigError, match="LATE_PORT"):
        http_options("streamable-http", None, None, env={"LATE_PORT": "eighty"})
    with pytest.raises(ConfigError, match="--port"):
        http_options("streamable-http", None, 70000, env={})
    with pytest.raises(ConfigError, match="--host"):
        http_options("stdio", "0.0.0.0", None, env={})
    with pytest.raises(ConfigError, match="--port"):
        http_options(None, None, 8000, env={})
    assert http_options(None, None, None, env={"LATE_HOST": "0.0.0.0"}) is None  # env alone: ignored by stdio


def test_resources_use_the_requests_key_too(client: TestClient, store: Store) -> None:
    ok = rpc(client, "resources/read", {"uri": "late://accounts"}, Authorization=f"Bearer {store.api_key}")
    assert ok.status_code == 200
    assert "result" in ok.json(), ok.text
    wrong = rpc(client, "resources/read", {"uri": "late://accounts"}, Authorization="Bearer sk_" + "0" * 64)
    assert "error" in wrong.json()
    assert "401" in wrong.json()["error"]["message"]


def test_the_servers_own_files_are_not_offered_without_an_allow_list(store: Store, tmp_path: Any) -> None:
    def tool_names(settings: Settings) -> set[str]:
        app = create_app(settings, host="127.0.0.1", transport=httpx.ASGITransport(app=create_sandbox_app(store)))
        with TestClient(app, base_url=ORIGIN) as test_client:
            listed = rpc(test_client, "tools/list", Authorization=f"Bearer {store.api_key}")
        return {tool["name"] for tool in listed.json()["result"]["tools"]}

    base = Settings(base_url=BASE, timezone="UTC", toolsets=("core", "queue"))
    assert "media_upload_file" not in tool_names(base)  # it takes nothing but paths
    assert "posts_bulk_upload" in tool_names(base)  # its csv and rows need no file (its path is refused)
    assert "media_upload_file" in tool_names(base.with_overrides(media_dirs=(str(tmp_path),)))


@pytest.mark.parametrize("auth", [True, False])
def test_get_is_405_not_an_event_stream_that_never_ends(client: TestClient, store: Store, auth: bool) -> None:
    """Stateless JSON mode has nothing to push: GET /mcp is refused (the transport spec allows 405) at once."""
    headers = {"Accept": "text/event-stream", **({"Authorization": f"Bearer {store.api_key}"} if auth else {})}
    with client.stream("GET", "/mcp", headers=headers) as response:
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert response.headers["content-type"].startswith("application/json")
        body = json.loads(response.read())
    assert body["error"]["code"] == -32000
    assert "POST" in body["error"]["message"]
    assert rpc(client, "tools/list", Authorization=f"Bearer {store.api_key}").status_code == 200


def test_state_keys_are_read_checked_and_never_shown() -> None:
    keys = ("k" * 40, "o" * 32)
    settings = Settings.from_env({"LATE_STATE_KEYS": f" {keys[0]} , {keys[1]},", "LATE_TIMEZONE": "UTC"})
    assert settings.state_keys == keys
    assert keys[0] not in repr(settings)
    with pytest.raises(ConfigError, match="LATE_STATE_KEYS: secret 2 is under 32") as refused:
        Settings.from_env({"LATE_STATE_KEYS": f"{keys[0]},short-secret", "LATE_TIMEZONE": "UTC"})
    assert "short-secret" not in str(refused.value)


def test_a_request_may_ask_for_all_toolsets_as_the_flag_does(client: TestClient, store: Store) -> None:
    """`?toolsets=all` (or the header) is what `--toolsets all` is: every toolset the server's settings allow."""
    from late_mcp.tools import toolset_names

    def listed(query: str, **headers: str) -> set[str]:
        body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
        auth = {**HEADERS, "Authorization": f"Bearer {store.api_key}", **headers}
        answer = client.post(f"/mcp{query}", content=json.dumps(body), headers=auth)
        return {tool["name"] for tool in answer.json()["result"]["tools"]}

    every = listed("?toolsets=" + ",".join(toolset_names()))
    assert len(every) > len(listed(""))
    assert listed("?toolsets=all") == every
    assert listed("", **{"X-Late-Toolsets": "ALL"}) == every


@pytest.mark.parametrize(
    ("method", "body", "content_type", "status"),
    [
        ("DELETE", b"", "application/json", 405),  # no session to end
        ("PUT", b"{}", "application/json", 405),
        ("POST", b'{"jsonrpc":', "application/json", 400),  # a JSON-RPC parse error
        ("POST", json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}).encode(), "text/plain", 400),
        ("POST", b'{"x": "' + b"a" * (4 * 1024 * 1024) + b'"}', "application/json", 413),
    ],
)
def test_what_is_not_an_mcp_request_is_refused_as_documented(
    client: TestClient, store: Store, method: str, body: bytes, content_type: str, status: int
) -> None:
    headers = {**HEADERS, "Content-Type": content_type, "Authorization": f"Bearer {store.api_key}"}
    answer = client.request(method, "/mcp", content=body, headers=headers)
    assert answer.status_code == status
    assert store.api_key not in answer.text
    if status == 400 and content_type == "application/json":
        assert answer.json()["error"]["code"] == -32700
