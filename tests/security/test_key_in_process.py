"""In process: the key is in no log record (any level, with tracebacks), no result, no error text, no repr."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from late_mcp.client import RetryPolicy
from late_mcp.config import Settings
from late_mcp.errors import LateError
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.faults import Faults
from late_mcp.sandbox.seed import seeded_store
from late_mcp.sandbox.settings import SandboxSettings
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server
from late_mcp.state import client_for

BASE = "http://sandbox.test/api"
WRONG_KEY = "sk_" + "5eC2e7" * 10 + "abcd"


@pytest.fixture(autouse=True)
def short_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt: 0.01)


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    yield opened
    opened.close()


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_info and record.exc_info[1] is not None:
            parts.append("".join(traceback.format_exception(*record.exc_info)))
    return "\n".join(parts)


def dump(result: Any) -> str:
    text = " ".join(getattr(b, "text", "") for b in result.content)
    return text + json.dumps(result.structured_content, default=str)


CALLS: list[tuple[str, dict[str, Any]]] = [
    ("accounts_list", {}),
    ("profiles_list", {}),
    ("posts_list", {"limit": 3}),
    ("posts_get", {"post_id": "0" * 24}),  # 404
    ("posts_create", {"content": "leak check", "platform": "threads", "is_draft": True}),
    ("posts_create", {"content": "leak check", "platform": "nowhere"}),  # refused locally
    ("usage_get", {}),
    ("media_generate_upload_link", {}),
    ("webhooks_save", {"url": "https://example.com/hook", "events": ["post.published"], "secret": "whsec_x"}),
]


async def _session(settings: Settings, app: Any) -> list[Any]:
    results = []
    async with Client(build_server(settings, transport=httpx.ASGITransport(app=app))) as client:
        for name, args in CALLS:
            results.append(await client.call_tool(name, args))
        try:
            results.append(await client.read_resource("late://accounts"))
        except MCPError as exc:  # a resource that fails is a protocol error: its text must be clean too
            results.append(exc)
    return results


async def test_no_key_in_logs_results_or_errors(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    faults = Faults()
    app = create_app(store, faults=faults, settings=SandboxSettings(rate_limit_per_minute=10**9))
    good = Settings(api_key=store.api_key, base_url=BASE, timezone="UTC", toolsets=("all",), max_retries=1)
    results = await _session(good, app)
    # The same under faults: 429 beyond the cap, 5xx, dropped connections, lost create answers.
    rules: list[dict[str, Any]] = [
        {"path": "/api/v1/*", "status": 429, "retry_after": 999},
        {"path": "/api/v1/*", "status": 500},
        {"path": "/api/v1/*", "drop": True},
        {"path": "/api/v1/posts", "drop": True, "after": True},
    ]
    for rule in rules:
        faults.clear()
        faults.add(rule)
        results += await _session(good, app)
    faults.clear()
    # And with a key the API refuses.
    bad = good.with_overrides(api_key=WRONG_KEY)
    results += await _session(bad, app)

    assert any(r.is_error for r in results if hasattr(r, "is_error"))
    logged = everything_logged(caplog)
    assert "DEBUG" in {r.levelname for r in caplog.records}
    for key in (store.api_key, WRONG_KEY):
        assert key not in logged
        for result in results:
            if isinstance(result, MCPError):
                shown = f"{result!r} {result}"
            elif hasattr(result, "is_error"):
                shown = dump(result)
            else:
                shown = result.model_dump_json()
            assert key not in shown


async def test_no_key_in_reprs_or_error_texts(store: Store) -> None:
    settings = Settings(api_key=store.api_key, base_url=BASE, timezone="UTC")
    assert store.api_key not in repr(settings)
    assert store.api_key not in str(settings)
    app = create_app(store, settings=SandboxSettings(rate_limit_per_minute=10**9))
    errors: list[BaseException] = []
    for key in (store.api_key, WRONG_KEY):
        client = client_for(settings.with_overrides(api_key=key), transport=httpx.ASGITransport(app))
        for obj in (client, client.http, vars(client.http)):
            assert key not in repr(obj)
        for call in (lambda c: c.posts.get("0" * 24), lambda c: c.accounts.list()):
            try:
                await call(client)
            except LateError as exc:
                errors.append(exc)
        await client.aclose()
    assert errors
    for exc in errors:
        for text in (repr(exc), str(exc), "".join(traceback.format_exception(exc)), repr(vars(exc))):
            assert store.api_key not in text
            assert WRONG_KEY not in text
