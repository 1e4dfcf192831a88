"""The real `late-mcp` process: stdout carries only JSON-RPC, and the key appears nowhere, across a session that
calls every tool (missing, plausible and junk arguments) and walks every error path: API errors, rate limits,
server errors, dropped connections, a refused key, no key at all, unknown tools and methods, malformed input.
Logs are at DEBUG, so every log line the code can write is written (to stderr) and searched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from late_mcp.sandbox.runner import RunningSandbox

from ._rawstdio import RawSession, clean_env, non_jsonrpc_lines, tool_results

pytestmark = pytest.mark.e2e

WRONG_KEY = "sk_" + "badc0ffee" * 7 + "a"  # well-formed, refused by the sandbox
FAKE_ID = "0" * 24
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
APP_PASSWORD = "abcd-efgh-ijkl-mnop"  # a Bluesky app password handed to connect_bluesky
WEBHOOK_SECRET = "whsec_hygiene_" + "7" * 24


def plausible(name: str, schema: dict[str, Any], ids: dict[str, str], media: Path) -> Any:
    """A value a model might well send for this parameter."""
    named = {
        "post_id": ids["post"], "account_id": ids["account"], "profile_id": ids["profile"], "platform": "threads",
        "platforms": "threads", "content": "hygiene check", "paths": str(media), "url": "https://example.com/x",
        "token": ids.get("token", "tok"), "csv": "content,platforms,scheduledFor\nhello,threads,2031-01-01T09:00:00Z",
        "hashtags": "#launch,#news", "timezone": "UTC", "name": "hygiene", "is_draft": True, "dry_run": True,
        "app_password": APP_PASSWORD, "secret": WEBHOOK_SECRET, "identifier": "someone.bsky.social",
        "wait_seconds": 0, "scheduled_for": "2031-01-01T09:00", "media_urls": "https://cdn.example.com/a.jpg",
    }  # fmt: skip
    if name in named:
        return named[name]
    if name.endswith("_id"):
        return FAKE_ID
    if "enum" in schema:
        return schema["enum"][-1]
    kind = schema.get("type") or (schema.get("anyOf") or [{}])[0].get("type")
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return "x"


async def exercise(session: RawSession, control: httpx.AsyncClient, ids: dict[str, str], media: Path) -> set[str]:
    """Every tool, resource and prompt; every error path. Returns the names of the tools called."""
    listed = (await session.request("tools/list"))["result"]["tools"]
    tools = {t["name"]: t["inputSchema"] for t in listed}
    link = await session.call("media_generate_upload_link", {})
    ids["token"] = (link["result"].get("structuredContent") or {}).get("token", "tok")
    called: set[str] = set()
    for name, schema in tools.items():
        props: dict[str, Any] = schema.get("properties") or {}
        await session.call(name, {})  # required arguments missing
        await session.call(name, {p: plausible(p, s, ids, media) for p, s in props.items()})
        junk = {p: [1, {"nested": [None, "x" * 500]}, "/etc/passwd"] for p in list(props)[:3]}
        await session.call(name, {**junk, "unexpected": {"a": ["b"]}})
        called.add(name)
    await session.request("resources/list")
    await session.request("resources/templates/list")
    for uri in ("late://accounts", "late://profiles", "late://usage", "late://rules", "late://rules/threads",
                f"late://posts/{ids['post']}", f"late://posts/{FAKE_ID}", "late://nope"):  # fmt: skip
        await session.request("resources/read", {"uri": uri})
    for prompt in (await session.request("prompts/list"))["result"]["prompts"]:
        await session.request("prompts/get", {"name": prompt["name"], "arguments": {}})
    # Protocol-level error paths.
    await session.call("no_such_tool", {})
    await session.request("no/such/method", {})
    await session.request("tools/call", {"name": 5, "arguments": []})
    await session.request("ping")
    await session.send_line(b"{this is not json")
    await session.send_line(b'{"jsonrpc": "2.0", "id": "x-1", "method": "tools/list", "params": "wrong"}')
    # API error paths: 404, rate limit beyond the cap, 5xx, dropped connections.
    await session.call("posts_get", {"post_id": FAKE_ID})
    for rule in (
        {"path": "/api/v1/*", "status": 429, "retry_after": 3600},
        {"path": "/api/v1/*", "status": 503},
        {"path": "/api/v1/*", "drop": True},
        {"path": "/api/v1/posts", "method": "POST", "drop": True, "after": True},
    ):
        (await control.post("/_sandbox/faults", json=rule)).raise_for_status()
        await session.call("posts_list", {})
        await session.call("posts_create", {"content": f"under {rule}", "platform": "threads", "is_draft": True})
        (await control.delete("/_sandbox/faults")).raise_for_status()
    await session.request("ping")
    return called


async def test_stdout_is_only_jsonrpc_and_the_key_is_never_written(sandbox: RunningSandbox, tmp_path: Path) -> None:
    media = tmp_path / "photo.jpg"
    media.write_bytes(JPEG)
    stderr_path = tmp_path / "stderr.txt"
    common = {"LATE_BASE_URL": sandbox.base_url, "LATE_LOG_LEVEL": "DEBUG", "LATE_TIMEZONE": "UTC",
              "LATE_MAX_RETRIES": "1", "LATE_MEDIA_DIRS": str(tmp_path)}  # fmt: skip
    auth = {"Authorization": f"Bearer {sandbox.api_key}"}
    async with httpx.AsyncClient(base_url=sandbox.base_url + "/", headers=auth) as api:
        accounts = (await api.get("v1/accounts")).json()["accounts"]
        threads = next(a for a in accounts if a["platform"] == "threads")
        profile = threads["profileId"]
        ids = {
            "account": threads["_id"],
            "profile": profile if isinstance(profile, str) else profile["_id"],
            "post": (await api.get("v1/posts", params={"limit": 1})).json()["posts"][0]["_id"],
        }
    raws: dict[str, bytes] = {}
    async with httpx.AsyncClient(base_url=sandbox.root_url) as control:
        (await control.post("/_sandbox/settings", json={"rate_limit_per_minute": 1_000_000})).raise_for_status()
        session = await RawSession.start(
            ["--toolsets", "all"], clean_env(LATE_API_KEY=sandbox.api_key, **common), stderr_path
        )
        try:
            assert "result" in await session.initialize()
            called = await exercise(session, control, ids, media)
        finally:
            raws["valid key"] = await session.close()
        for label, key in (("refused key", WRONG_KEY), ("no key", "")):
            env = clean_env(**common, **({"LATE_API_KEY": key} if key else {}))
            other = await RawSession.start(["--toolsets", "all"], env, stderr_path)
            try:
                await other.initialize()
                await other.request("tools/list")
                for name in ("accounts_list", "posts_list", "usage_get"):
                    await other.call(name, {})
                await other.call("posts_create", {"content": "x", "platform": "threads", "is_draft": True})
                await other.request("resources/read", {"uri": "late://accounts"})
            finally:
                raws[label] = await other.close()

    assert len(called) >= 19
    results = tool_results(raws["valid key"])
    succeeded = [r for r in results if not r["isError"]]
    print(f"\n{len(results)} tool results, {len(succeeded)} successes, {len(stderr_path.read_bytes())} bytes of logs")
    assert len(succeeded) >= 20, "the session should reach the tools' success paths too"
    assert len(results) - len(succeeded) >= len(called), "...and their error paths"
    for label, raw in raws.items():
        assert non_jsonrpc_lines(raw) == [], f"{label}: stdout carried something that is not JSON-RPC"
    stderr = stderr_path.read_bytes()
    assert b" DEBUG " in stderr  # the logs were really on, and really on stderr
    everything = b"".join(raws.values()) + stderr
    for secret in (sandbox.api_key, WRONG_KEY, APP_PASSWORD, WEBHOOK_SECRET):
        assert secret.encode() not in everything, f"{secret[:6]}... leaked"
