"""Over stateless HTTP nothing is kept on the machine: each create is stamped in its post's metadata, and another
replica (a second app, sharing only the API) reads history from the stamps and undoes the create."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from late_mcp.config import Settings
from late_mcp.http_app import create_app
from late_mcp.sandbox.app import create_app as create_sandbox_app
from late_mcp.sandbox.seed import ACCOUNT_IDS, seeded_store
from late_mcp.sandbox.store import Store

BASE = "http://sandbox.test/api"
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    yield opened
    opened.close()


def replica(store: Store, **settings: Any) -> TestClient:
    """One server process's app; replicas share nothing but the API."""
    app = create_app(
        Settings(base_url=BASE, timezone="UTC", **settings),
        host="127.0.0.1",
        transport=httpx.ASGITransport(app=create_sandbox_app(store)),
    )
    return TestClient(app, base_url="http://127.0.0.1:8000")


def call(client: TestClient, store: Store, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}}
    headers = {**HEADERS, "Authorization": f"Bearer {store.api_key}"}
    answer = client.post("/mcp", content=json.dumps(body), headers=headers)
    result: dict[str, Any] = answer.json()["result"]
    return result


def test_a_create_is_stamped_and_undone_by_another_replica(store: Store) -> None:
    post = {"content": "Made on replica one", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]}
    with replica(store) as one:
        made = call(one, store, "posts_create", post)["structuredContent"]
    [doc] = [p for p in store.all("posts") if p["_id"] == made["post_id"]]
    assert doc["metadata"]["lateMcp"]["tool"] == "posts_create"
    with replica(store) as two:
        history = call(two, store, "posts_history", {})["structuredContent"]
        undone = call(two, store, "posts_undo", {})
    assert [e["post_id"] for e in history["entries"]] == [made["post_id"]]
    assert history["entries"][0]["id"] == doc["metadata"]["lateMcp"]["journal"]
    assert undone["isError"] is False, undone
    assert made["post_id"] not in {p["_id"] for p in store.all("posts")}


def test_the_daily_cap_counts_the_stamped_posts(store: Store) -> None:
    post = {"content": "one", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]}
    with replica(store, max_posts_per_day=1) as one:
        assert call(one, store, "posts_create", post)["isError"] is False
    with replica(store, max_posts_per_day=1) as two:
        refused = call(two, store, "posts_create", {**post, "content": "two"})
    assert refused["isError"] is True
    assert "LATE_MAX_POSTS_PER_DAY=1" in refused["content"][0]["text"]


def test_a_series_is_one_entry_and_undone_by_another_replica(store: Store) -> None:
    series = {
        "at": "09:00",
        "on": "mon",
        "count": 3,
        "platforms": "twitter",
        "account_ids": ACCOUNT_IDS["twitter"],
        "contents": ["Monday one", "Monday two", "Monday three"],
        "dry_run": False,
    }
    with replica(store, toolsets=("core", "planner")) as one:
        made = call(one, store, "posts_schedule_series", series)["structuredContent"]
    assert made["created"] == 3
    with replica(store) as two:
        [entry] = call(two, store, "posts_history", {})["structuredContent"]["entries"]
        undone = call(two, store, "posts_undo", {})
    assert (entry["action"], entry["what"]) == ("series", "3 post(s) of a series, still there")
    assert undone["isError"] is False, undone
    assert len(undone["structuredContent"]["posts"]) == 3
    assert not set(made["post_ids"]) & {p["_id"] for p in store.all("posts")}


def test_the_daily_cap_counts_each_post_of_a_stamped_series(store: Store) -> None:
    series = {"at": "09:00", "on": "mon", "count": 2, "platforms": "twitter", "account_ids": ACCOUNT_IDS["twitter"],
              "contents": ["Cap one", "Cap two"], "dry_run": False}  # fmt: skip
    with replica(store, toolsets=("core", "planner")) as one:
        assert call(one, store, "posts_schedule_series", series)["structuredContent"]["created"] == 2
    with replica(store, max_posts_per_day=2) as two:
        post = {"content": "three", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]}
        refused = call(two, store, "posts_create", post)
    assert refused["isError"] is True
    assert "LATE_MAX_POSTS_PER_DAY=2" in refused["content"][0]["text"]


def test_history_pages_over_the_stamps(store: Store) -> None:
    """Over stateless HTTP, `older_than` pages the stamped creates as it pages the journal."""
    post = {"content": "one", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]}
    with replica(store) as one:
        made = [
            call(one, store, "posts_create", {**post, "content": f"Post {n}"})["structuredContent"] for n in range(3)
        ]
        first = call(one, store, "posts_history", {"limit": 2})["structuredContent"]
        older_than = first["entries"][1]["id"]
        rest = call(one, store, "posts_history", {"limit": 2, "older_than": older_than})["structuredContent"]
    assert [e["post_id"] for e in first["entries"] + rest["entries"]] == [m["post_id"] for m in reversed(made)]
    assert first["more"] == f"Older entries exist: call again with older_than={older_than}."
    assert "more" not in rest
