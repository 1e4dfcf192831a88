"""Creates whose answer is lost: never sent twice, and the tool's answer is the truth about what exists."""

from __future__ import annotations

import asyncio
import os
import random
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from mcp import Client

from late_mcp.sandbox.runner import RunningSandbox

from .conftest import Control, build_server, settings_for, text_of

NOTHING_POSTED = "nothing was posted"

#: faults on POST /v1/posts: name -> (rule fields, the answer the tool must give)
CREATE_FAULTS: dict[str, tuple[dict[str, Any], str]] = {
    # A 500 is the API's own answer: it did not create the post.
    "500": ({"status": 500}, "not posted"),
    # 502/503/504 may come from a gateway in front of the API, which may still be working on it: like no answer.
    "502": ({"status": 502}, "unknown"),
    "503": ({"status": 503}, "unknown"),
    "504": ({"status": 504}, "unknown"),
    # No answer at all: the API may still be working on it, so "not posted" would be a guess.
    "drop before processing": ({"drop": True}, "unknown"),
    # The sandbox's timeout stalls before reading the body, so a client that gave up leaves nothing behind.
    "timeout": ({"timeout": True, "timeout_s": 1.5}, "unknown"),
    # Processed, then the answer was lost: the tool finds the post and answers with it.
    "drop after processing": ({"drop": True, "after": True}, "created"),
}


def verdict(result: Any) -> str:
    """What the tool told the model about the post."""
    if not result.is_error:
        return "created"
    text = text_of(result)
    if NOTHING_POSTED in text:
        return "not posted"
    if "before sending it again" in text:
        return "unknown"
    if "Do not send it again yet" in text:
        return "could not check"
    return f"other: {text[:300]}"


def draft(content: str, platform: str = "threads") -> dict[str, Any]:
    return {"content": content, "platform": platform, "is_draft": True}


@pytest.mark.parametrize("name", list(CREATE_FAULTS))
async def test_a_create_with_a_lost_answer_is_sent_once_and_answered_truthfully(
    sandbox: RunningSandbox, control: Control, name: str
) -> None:
    fields, expected = CREATE_FAULTS[name]
    rule = control.fault(path="/v1/posts", method="POST", fail_count=1, **fields)
    content = f"lost answer: {name}"
    async with Client(build_server(settings_for(sandbox, timeout=1, publish_timeout=1))) as client:
        result = await client.call_tool("posts_create", draft(content))
    assert control.hits(rule) == 1  # the POST went out once, never replayed
    await asyncio.sleep(fields.get("timeout_s", 0))  # let a stalled request finish (or not)
    found = control.with_content(content)
    assert verdict(result) == expected, text_of(result)
    if expected == "created":
        assert "answer was lost, but the post was created" in (result.structured_content or {})["summary"]
        assert [p["_id"] for p in found] == [(result.structured_content or {})["post_id"]]
    else:
        assert found == []


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


def _trial_examples() -> int:
    return int(os.environ.get("LATE_FAULT_TRIALS", "100"))


async def test_randomized_fault_trials_leave_no_duplicate_post(sandbox: RunningSandbox, control: Control) -> None:
    """Each trial: a random create (draft / scheduled / now, one or two targets) under a random fault, sometimes
    with the follow-up lookup failing too. The test then acts like a careful model: it sends the post again only
    when told nothing was posted, or, when told the outcome is unknown, after checking that it is not there. Every
    answer must be true of the sandbox (created: exactly that post; nothing posted: none), the POST is never
    replayed by the client (but for a 429, refused unprocessed), and no trial ever leaves two posts.
    """
    seed = int(os.environ.get("LATE_FAULT_SEED", "20261122"))
    rng = random.Random(seed)
    linkedin = control.account_id("linkedin")  # two LinkedIn accounts exist: name this one
    kinds = ["none", "429", *CREATE_FAULTS]
    outcomes: Counter[str] = Counter()
    duplicates: list[str] = []
    async with Client(build_server(settings_for(sandbox, timeout=0.2, publish_timeout=0.2))) as client:
        for trial in range(_trial_examples()):
            kind = rng.choice(kinds)
            mode = rng.choice(["draft", "scheduled", "now"])
            content = f"trial {trial} {kind} {mode} {uuid.uuid4().hex[:8]}"
            if rng.random() < 0.5:
                tool, args = "posts_create", {"content": content, "platform": "threads"}
            else:
                tool, args = "posts_cross_post", {"content": content, "platforms": "threads,linkedin",
                                                  "account_ids": linkedin}  # fmt: skip
            if mode == "draft":
                args["is_draft"] = True
            elif mode == "now":
                args["publish_now"] = True
            else:
                args["schedule_minutes"] = rng.randint(5, 600)
            control.clear()
            rule = None
            if kind == "429":
                rule = control.fault(path="/v1/posts", method="POST", fail_count=1, status=429, retry_after=0)
            elif kind == "timeout":  # shorter than the single-fault test's, for a hundred trials
                rule = control.fault(path="/v1/posts", method="POST", fail_count=1, timeout=True, timeout_s=0.3)
            elif kind != "none":
                rule = control.fault(path="/v1/posts", method="POST", fail_count=1, **CREATE_FAULTS[kind][0])
            if rng.random() < 0.15:  # and sometimes the check that follows a lost answer fails too
                control.fault(path="/v1/posts", method="GET", fail_count=rng.randint(1, 5), status=503)
            result = await client.call_tool(tool, args)
            if rule is not None:
                assert control.hits(rule) == (2 if kind == "429" else 1), f"trial {trial}: POST replayed"
            control.clear()
            said = verdict(result)
            outcomes[said] += 1
            found = control.with_content(content)
            if said == "created":
                post_id = (result.structured_content or {})["post_id"]
                assert [p["_id"] for p in found] == [post_id], f"trial {trial} ({kind}): {text_of(result)}"
            elif said == "not posted":
                assert found == [], f"trial {trial} ({kind}) said nothing was posted, but a post exists"
            elif said == "unknown":
                # The careful model checks before sending again (the sandbox finishes nothing late).
                await asyncio.sleep(0.15 if kind == "timeout" else 0)
                found = control.with_content(content)
            else:
                assert said == "could not check", f"trial {trial} ({kind}): {said}"
            if said in ("not posted", "unknown") and not found:
                again = await client.call_tool(tool, args)  # under CI load this may time out too: judged below
                if not again.is_error:
                    post_id = (again.structured_content or {})["post_id"]
                    assert [p["_id"] for p in control.with_content(content)] == [post_id]
            found = control.with_content(content)
            if len(found) > 1:
                duplicates.append(content)
    assert duplicates == [], f"{len(duplicates)} duplicate post(s) in {_trial_examples()} trials: {duplicates}"
    assert {"created", "not posted", "unknown"} <= set(outcomes), outcomes


async def test_a_lost_answer_is_found_even_behind_many_scheduled_posts(
    sandbox: RunningSandbox, control: Control
) -> None:
    account = control.account_id("threads")
    later = (datetime.now(timezone.utc) + timedelta(days=3)).isoformat()
    for i in range(55):
        body = {"content": f"filler {i}", "platforms": [{"platform": "threads", "accountId": account}],
                "scheduledFor": later}  # fmt: skip
        control.api.post("v1/posts", json=body).raise_for_status()
    control.fault(path="/v1/posts", method="POST", fail_count=1, drop=True, after=True)
    async with Client(build_server(settings_for(sandbox))) as client:
        result = await client.call_tool("posts_create", draft("behind the crowd"))
    assert len(control.with_content("behind the crowd")) == 1
    assert not result.is_error, text_of(result)


class SlowPublish(httpx.AsyncBaseTransport):
    """The API gets the create, but publishing takes longer than the client waits: the client times out, and the
    post appears a moment later (publish-now is synchronous and slow on the real API)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.pending: list[asyncio.Task[None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/v1/posts"):
            copy = httpx.Request(request.method, request.url, headers=request.headers, content=request.content)

            async def finish_later() -> None:
                await asyncio.sleep(0.5)
                response = await self.inner.handle_async_request(copy)
                await response.aread()

            self.pending.append(asyncio.ensure_future(finish_later()))
            raise httpx.ReadTimeout("timed out", request=request)
        return await self.inner.handle_async_request(request)


async def test_a_timed_out_create_is_never_reported_as_not_posted_while_the_api_may_finish_it(
    sandbox: RunningSandbox, control: Control
) -> None:
    slow = SlowPublish()
    async with Client(build_server(settings_for(sandbox), transport=slow)) as client:
        result = await client.call_tool("posts_publish_now", {"content": "slow to publish", "platform": "threads"})
    await asyncio.gather(*slow.pending)
    await slow.inner.aclose()
    found = control.with_content("slow to publish")
    assert len(found) == 1  # the API did publish it
    said = verdict(result)
    assert said in ("created", "unknown"), said  # never "nothing was posted"
    if said == "created":
        assert found[0]["_id"] == (result.structured_content or {})["post_id"]
