"""Creates whose answer is lost, one fault at a time: sent again under their Idempotency-Key, made exactly once,
and answered with the truth about what exists."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from mcp import Client

from late_mcp.sandbox.runner import RunningSandbox

from .conftest import Control, build_server, settings_for, text_of

#: faults on POST /v1/posts, each failing once: name -> (rule fields, whether the API carried the create out)
CREATE_FAULTS: dict[str, tuple[dict[str, Any], bool]] = {
    "carried out, connection dropped": ({"drop": True, "after": True}, True),
    "carried out, 500": ({"status": 500, "after": True}, True),
    "carried out, 502": ({"status": 502, "after": True}, True),
    "carried out, answered too late": ({"timeout": True, "timeout_s": 1.5, "after": True}, True),
    "refused, connection dropped": ({"drop": True}, False),
    "refused, 500": ({"status": 500}, False),
    "refused, 503": ({"status": 503}, False),
    "refused, 504": ({"status": 504}, False),
    "refused, timeout": ({"timeout": True, "timeout_s": 1.5}, False),
    "refused, 429": ({"status": 429, "retry_after": 0}, False),
}


def verdict(result: Any) -> str:
    """What the tool told the model about the post."""
    data = result.structured_content or {}
    if not result.is_error:
        return "already posted" if data.get("already_posted") else "created"
    text = text_of(result)
    if "Not created" in text or "Nothing was created" in text:
        return "not created"
    if "Still in progress" in text:
        return "in progress"
    if "could not be asked" in text or "too many posts to check" in text:
        return "unknown"
    return f"other: {text[:300]}"


def draft(content: str, platform: str = "threads") -> dict[str, Any]:
    return {"content": content, "platform": platform, "is_draft": True}


@pytest.mark.parametrize("name", list(CREATE_FAULTS))
async def test_a_create_under_one_fault_is_made_once_and_said_to_be_created(
    sandbox: RunningSandbox, control: Control, name: str
) -> None:
    fields, _ = CREATE_FAULTS[name]
    rule = control.fault(path="/v1/posts", method="POST", fail_count=1, **fields)
    content = f"one fault: {name}"
    async with Client(build_server(settings_for(sandbox, timeout=1, publish_timeout=1))) as client:
        result = await client.call_tool("posts_create", draft(content))
    await asyncio.sleep(fields.get("timeout_s", 0))  # let a stalled request finish (or not)
    assert verdict(result) == "created", text_of(result)
    data = result.structured_content or {}
    assert [p["_id"] for p in control.with_content(content)] == [data["post_id"]]
    assert control.hits(rule) == 2  # the failed attempt, then the same request under the same key
    if name != "refused, 429":  # refused unprocessed: not a lost answer
        assert data["summary"].startswith("The first answer was lost; the post was created once.")


async def test_a_create_whose_answer_is_lost_every_time_after_it_was_made_is_found(
    sandbox: RunningSandbox, control: Control
) -> None:
    rule = control.fault(path="/v1/posts", method="POST", status=502, after=True)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("posts_create", draft("made, never confirmed"))
    assert verdict(result) == "created", text_of(result)
    assert len(control.with_content("made, never confirmed")) == 1
    assert control.hits(rule) == 4  # 1 + max_retries, each replayed by the API and each answer lost


async def test_a_create_refused_every_time_is_not_created(sandbox: RunningSandbox, control: Control) -> None:
    control.fault(path="/v1/posts", method="POST", status=503)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("posts_create", draft("never made"))
    assert verdict(result) == "not created", text_of(result)
    assert "4 attempts under one Idempotency-Key" in text_of(result)
    assert "x-request-id" in text_of(result)
    assert control.with_content("never made") == []


async def test_a_slow_create_whose_key_is_in_flight_is_waited_for(sandbox: RunningSandbox, control: Control) -> None:
    """The first attempt times out while the API is still working on it; the retry finds the key in flight (409),
    waits, and gets the post replayed."""
    rule = control.fault(path="/v1/posts", method="POST", processing_ms=600)
    async with Client(build_server(settings_for(sandbox, timeout=0.3, publish_timeout=0.3))) as client:
        result = await client.call_tool("posts_publish_now", {"content": "slow to publish", "platform": "threads"})
    assert verdict(result) == "created", text_of(result)
    assert [p["_id"] for p in control.with_content("slow to publish")] == [(result.structured_content or {})["post_id"]]
    assert control.hits(rule) >= 3  # timed out, in flight, replayed


async def test_publish_now_with_a_dropped_answer_reports_the_live_post(
    sandbox: RunningSandbox, control: Control
) -> None:
    control.fault(path="/v1/posts", method="POST", fail_count=1, drop=True, after=True)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("posts_publish_now", {"content": "live, answer lost", "platform": "threads"})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert data["status"] == "published"
    assert [p["_id"] for p in control.with_content("live, answer lost")] == [data["post_id"]]


async def test_a_profile_whose_answer_is_lost_is_made_once(sandbox: RunningSandbox, control: Control) -> None:
    rule = control.fault(path="/v1/profiles", method="POST", fail_count=1, drop=True, after=True)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("profiles_create", {"name": "Made once"})
    assert not result.is_error, text_of(result)
    names = [p["name"] for p in control.api.get("v1/profiles").json()["profiles"]]
    assert names.count("Made once") == 1
    assert control.hits(rule) == 2


async def test_a_profile_whose_every_answer_is_lost_is_found_by_name_and_reported_created(
    sandbox: RunningSandbox, control: Control
) -> None:
    """Carried out, then every answer (the replays under the key too) lost: the lookup by name finds it."""
    rule = control.fault(path="/v1/profiles", method="POST", drop=True, after=True)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("profiles_create", {"name": "Every answer lost"})
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert data["created"] is True
    assert "answer was lost" in data["note"]
    made = [p for p in control.api.get("v1/profiles").json()["profiles"] if p["name"] == "Every answer lost"]
    assert [p["_id"] for p in made] == [data["id"]]
    assert control.hits(rule) > 1


async def test_a_profile_refused_every_time_is_reported_not_created(sandbox: RunningSandbox, control: Control) -> None:
    control.fault(path="/v1/profiles", method="POST", drop=True)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("profiles_create", {"name": "Never made"})
    assert result.is_error
    assert "Not created" in text_of(result)
    names = [p["name"] for p in control.api.get("v1/profiles").json()["profiles"]]
    assert "Never made" not in names


async def test_a_409_duplicate_is_an_already_posted_result_pointing_at_the_existing_post(
    sandbox: RunningSandbox, control: Control
) -> None:
    args = {"content": "the same words twice", "platform": "threads", "schedule_minutes": 90}
    async with Client(build_server(settings_for(sandbox))) as client:
        first = await client.call_tool("posts_create", args)
        assert not first.is_error, text_of(first)
        second = await client.call_tool("posts_create", args)
    assert not second.is_error, text_of(second)
    data = second.structured_content or {}
    assert data["already_posted"] is True
    assert data["post_id"] == (first.structured_content or {})["post_id"]
    assert "nothing new was created" in data["summary"].lower()
    assert len(control.with_content("the same words twice")) == 1


# --- a post with the same text already exists (a lost create reported as created when an older post matched) ---


@pytest.mark.parametrize("fault", [{"drop": True}, {"status": 500}])
async def test_a_lost_publish_is_not_reported_as_an_older_draft_with_the_same_text(
    sandbox: RunningSandbox, control: Control, fault: dict[str, Any]
) -> None:
    """Repro: save a draft, drop every POST after it, publish the same text now. Not "created. Draft saved"."""
    account = control.account_id("twitter")
    body = {"content": "Repro draft 42", "platforms": [{"platform": "twitter", "accountId": account}], "isDraft": True}
    draft_id = control.api.post("v1/posts", json=body).json()["post"]["_id"]
    control.fault(path="/v1/posts", method="POST", **fault)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool(
            "posts_publish_now", {"content": "Repro draft 42", "platform": "twitter", "account_id": account}
        )
    assert verdict(result) == "not created", text_of(result)
    assert [p["_id"] for p in control.with_content("Repro draft 42")] == [draft_id]


async def test_a_lost_scheduled_cross_post_is_not_an_older_one_with_the_same_text(
    sandbox: RunningSandbox, control: Control
) -> None:
    linkedin = control.account_id("linkedin")
    threads = control.account_id("threads")
    targets = [{"platform": "threads", "accountId": threads}, {"platform": "linkedin", "accountId": linkedin}]
    older = control.api.post("v1/posts", json={"content": "same words", "platforms": targets, "isDraft": True})
    control.fault(path="/v1/posts", method="POST", status=500)
    args = {"content": "same words", "platforms": "threads,linkedin", "account_ids": linkedin, "schedule_minutes": 60}
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("posts_cross_post", args)
    assert verdict(result) == "not created", text_of(result)
    assert [p["_id"] for p in control.with_content("same words")] == [older.json()["post"]["_id"]]
    control.clear()
    async with Client(build_server(settings_for(sandbox))) as client:
        control.fault(path="/v1/posts", method="POST", fail_count=1, drop=True)
        again = await client.call_tool("posts_cross_post", args)
    assert verdict(again) == "created", text_of(again)
    made = (again.structured_content or {})["post_id"]
    assert made != older.json()["post"]["_id"]
    assert len(control.with_content("same words")) == 2  # the draft, and the scheduled post made once


# --- the answer was lost after a delete -----------------------------------------------------------------------


@pytest.mark.parametrize("fault", [{"drop": True, "after": True}, {"status": 502, "after": True}])
async def test_a_delete_whose_answer_was_lost_is_deleted_not_not_found(
    sandbox: RunningSandbox, control: Control, fault: dict[str, Any]
) -> None:
    account = control.account_id("threads")
    later = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
    body = {"content": "to delete", "platforms": [{"platform": "threads", "accountId": account}], "scheduledFor": later}
    post_id = control.api.post("v1/posts", json=body).json()["post"]["_id"]
    rule = control.fault(path=f"/v1/posts/{post_id}", method="DELETE", fail_count=1, **fault)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("posts_delete", {"post_id": post_id})
    assert not result.is_error, text_of(result)
    assert (result.structured_content or {})["deleted"] is True
    assert control.with_content("to delete") == []
    assert control.hits(rule) == 2


async def test_a_lost_answer_is_found_even_behind_many_scheduled_posts(
    sandbox: RunningSandbox, control: Control
) -> None:
    account = control.account_id("threads")
    later = (datetime.now(timezone.utc) + timedelta(days=3)).isoformat()
    for i in range(55):
        body = {"content": f"filler {i}", "platforms": [{"platform": "threads", "accountId": account}],
                "scheduledFor": later}  # fmt: skip
        control.api.post("v1/posts", json=body).raise_for_status()
    control.fault(path="/v1/posts", method="POST", drop=True, after=True)  # every answer lost
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("posts_create", draft("behind the crowd"))
    assert len(control.with_content("behind the crowd")) == 1
    assert verdict(result) == "created", text_of(result)


class SlowToArrive(httpx.AsyncBaseTransport):
    """The first create reaches the API only after the client gave up on it (a slow network path); the client's
    retry under the same key arrives first. Whichever arrives second must be a replay."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.pending: list[asyncio.Task[None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/v1/posts") and not self.pending:
            copy = httpx.Request(request.method, request.url, headers=request.headers, content=request.content)

            async def arrive_later() -> None:
                await asyncio.sleep(0.5)
                response = await self.inner.handle_async_request(copy)
                await response.aread()
                assert response.headers.get("idempotent-replayed") == "true"

            self.pending.append(asyncio.ensure_future(arrive_later()))
            raise httpx.ReadTimeout("timed out", request=request)
        return await self.inner.handle_async_request(request)


async def test_a_create_that_reaches_the_api_late_is_made_once(sandbox: RunningSandbox, control: Control) -> None:
    slow = SlowToArrive()
    async with Client(build_server(settings_for(sandbox), transport=slow)) as client:
        result = await client.call_tool("posts_publish_now", {"content": "late arrival", "platform": "threads"})
    await asyncio.gather(*slow.pending)
    await slow.inner.aclose()
    found = control.with_content("late arrival")
    assert verdict(result) == "created", text_of(result)
    assert [p["_id"] for p in found] == [(result.structured_content or {})["post_id"]]
