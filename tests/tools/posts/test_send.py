"""Sending a post, alone: the client on a mock transport, a fixed clock, a sleep that only records.

A create is sent once. When its answer is lost the post is looked for (again, after a pause, when the API may
still be working on it) and never sent a second time; a 409 duplicate is "already posted" only when the existing
post covers every account asked for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.errors import DuplicateError, InputError, LateError
from late_mcp.rules import Problem
from late_mcp.tools.posts.plan import Plan
from late_mcp.tools.posts.send import LOOKUP_PAGES, LOOKUP_RETRIES, LOOKUP_WAIT, send_post
from late_mcp.tools.posts.when import When

UTC = timezone.utc
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
BASE_URL = "https://late.test/api"
PAYLOAD = {
    "content": "hello",
    "platforms": [{"platform": "twitter", "accountId": "a1"}, {"platform": "linkedin", "accountId": "a2"}],
    "isDraft": True,
}


def stored(
    post_id: str, *, accounts: tuple[str, ...] = ("a1", "a2"), created: datetime = NOW, **extra: Any
) -> dict[str, Any]:
    """A post as the API lists it."""
    platforms = [
        {"platform": "twitter" if a == "a1" else "linkedin", "accountId": a, "status": "draft"} for a in accounts
    ]
    post = {"_id": post_id, "content": "hello", "status": "draft", "platforms": platforms}
    return {**post, "createdAt": created.isoformat().replace("+00:00", "Z"), **extra}


class FakeAPI:
    """POST /v1/posts answers with `create`; GET /v1/posts lists `posts` (100 a page); GET /v1/posts/{id} one."""

    def __init__(self, create: Callable[[httpx.Request], httpx.Response]) -> None:
        self.create = create
        self.posts: list[dict[str, Any]] = []
        self.creates = 0
        self.looks = 0  # first pages listed: one per look for a lost create
        self.list_status = 200
        #: run before each look (a post the API finishes while we wait)
        self.on_look: Callable[[int], None] = lambda look: None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1/")
        if request.method == "POST":
            self.creates += 1
            return self.create(request)
        if path == "posts":
            return self._list(request)
        found = [p for p in self.posts if p["_id"] == path.removeprefix("posts/")]
        return httpx.Response(200, json={"post": found[0]}) if found else httpx.Response(404, json={"error": "no"})

    def _list(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        if page == 1:
            self.looks += 1
            self.on_look(self.looks)
        if self.list_status != 200:
            return httpx.Response(self.list_status, json={"error": "down"})
        limit = int(request.url.params.get("limit", "100"))
        pages = max(1, -(-len(self.posts) // limit))
        chunk = self.posts[(page - 1) * limit : page * limit]
        pagination = {"page": page, "limit": limit, "total": len(self.posts), "pages": pages}
        return httpx.Response(200, json={"posts": chunk, "pagination": pagination})


def lost(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("no answer", request=request)


def status(code: int, body: dict[str, Any] | None = None) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, json=body or {"error": "server error"})


def created(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, json={"post": stored("new")})


class Run:
    """send_post with the fake API, the fixed clock and a sleep that records what it was asked to wait."""

    def __init__(self, api: FakeAPI, client: LateClient) -> None:
        self.api = api
        self.client = client
        self.sleeps: list[float] = []
        self.now = NOW

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def __call__(self, plan: Plan | None = None) -> Any:
        return await send_post(
            self.client,
            plan or Plan(dict(PAYLOAD), [], When("draft")),
            zone=UTC,
            now=lambda: self.now,
            sleep=self.sleep,
        )


@pytest.fixture
async def run() -> AsyncIterator[Callable[[Callable[[httpx.Request], httpx.Response]], Run]]:
    clients: list[LateClient] = []

    def make(create: Callable[[httpx.Request], httpx.Response]) -> Run:
        api = FakeAPI(create)
        client = LateClient(
            api_key="sk_" + "0" * 64,
            base_url=BASE_URL,
            transport=httpx.MockTransport(api),
            retry=RetryPolicy(max_retries=0),
        )
        clients.append(client)
        return Run(api, client)

    yield make
    for client in clients:
        await client.aclose()


async def test_a_create_is_sent_once(run: Callable[..., Run]) -> None:
    send = run(created)
    result = await send()
    assert (result.post_id, result.already_posted) == ("new", False)
    assert send.api.creates == 1
    assert send.api.looks == 0


async def test_a_lost_answer_whose_post_exists_reports_it_without_sending_again(run: Callable[..., Run]) -> None:
    send = run(lost)
    send.api.posts = [stored("other", accounts=("a1",)), stored("made")]
    result = await send()
    assert result.post_id == "made"
    assert result.summary.startswith("The API's answer was lost, but the post was created.")
    assert (send.api.creates, send.api.looks, send.sleeps) == (1, 1, [])


async def test_a_post_the_api_finishes_late_is_found_on_a_later_look(run: Callable[..., Run]) -> None:
    send = run(lost)
    send.api.on_look = lambda look: send.api.posts.append(stored("late")) if look == 3 else None
    result = await send()
    assert result.post_id == "late"
    assert (send.api.creates, send.api.looks) == (1, 3)
    assert send.sleeps == [LOOKUP_WAIT, LOOKUP_WAIT]


async def test_no_answer_and_no_post_says_it_was_probably_not_created(run: Callable[..., Run]) -> None:
    send = run(lost)
    with pytest.raises(LateError, match="got no answer") as caught:
        await send()
    assert "check posts_list in a minute before sending it again" in caught.value.hint
    assert send.api.creates == 1
    assert send.api.looks == 1 + LOOKUP_RETRIES
    assert send.sleeps == [LOOKUP_WAIT] * LOOKUP_RETRIES


@pytest.mark.parametrize("code", [502, 503, 504])
async def test_a_gateway_error_is_as_unsure_as_no_answer(run: Callable[..., Run], code: int) -> None:
    send = run(status(code))
    with pytest.raises(LateError, match="has not appeared"):
        await send()
    assert (send.api.creates, send.api.looks) == (1, 1 + LOOKUP_RETRIES)


async def test_a_500_with_no_post_is_safe_to_send_again_after_one_look(run: Callable[..., Run]) -> None:
    send = run(status(500))
    with pytest.raises(LateError, match="no such post exists, so nothing was posted") as caught:
        await send()
    assert caught.value.hint == "It is safe to try again."
    assert (send.api.creates, send.api.looks, send.sleeps) == (1, 1, [])


async def test_an_identical_post_from_before_the_send_is_not_taken_for_this_one(run: Callable[..., Run]) -> None:
    send = run(status(500))
    # Made 11 minutes before "now": older than the slack allowed for this machine's clock being behind.
    send.api.posts = [stored("yesterdays", created=NOW - timedelta(minutes=11))]
    with pytest.raises(LateError, match="no such post exists"):
        await send()
    send.api.posts = [stored("just-now", created=NOW - timedelta(minutes=9))]
    assert (await send()).post_id == "just-now"


async def test_when_the_api_cannot_be_asked_the_model_is_told_not_to_send_again_yet(run: Callable[..., Run]) -> None:
    send = run(lost)
    send.api.list_status = 500
    with pytest.raises(LateError, match="could not be asked whether the post exists") as caught:
        await send()
    assert "Do not send it again yet" in caught.value.hint
    assert send.api.creates == 1


async def test_too_many_posts_to_check_is_an_error_never_not_created(run: Callable[..., Run]) -> None:
    send = run(status(500))
    send.api.posts = [stored(f"p{i}", accounts=("a1",)) for i in range(LOOKUP_PAGES * 100)]
    with pytest.raises(LateError, match="too many posts to check"):
        await send()
    assert send.api.creates == 1


async def test_a_duplicate_that_covers_every_account_is_already_posted(run: Callable[..., Run]) -> None:
    send = run(status(409, {"error": "Duplicate content", "details": {"existingPostId": "old"}}))
    send.api.posts = [stored("old", accounts=("a1", "a2", "a3"))]
    result = await send()
    assert (result.post_id, result.already_posted) == ("old", True)
    assert result.summary.startswith("Already posted: post old")
    assert send.api.creates == 1


async def test_a_duplicate_that_misses_an_account_created_nothing_and_says_where(run: Callable[..., Run]) -> None:
    send = run(status(409, {"error": "Duplicate content", "details": {"existingPostId": "old"}}))
    send.api.posts = [stored("old", accounts=("a1",))]
    with pytest.raises(LateError, match="Nothing was created: post old already has this content") as caught:
        await send()
    assert "linkedin did not get it either" in str(caught.value)
    assert "without the targets that already have it" in caught.value.hint


async def test_a_duplicate_whose_post_cannot_be_read_created_nothing(run: Callable[..., Run]) -> None:
    send = run(status(409, {"error": "Duplicate content", "details": {"existingPostId": "gone"}}))
    with pytest.raises(LateError, match="Nothing was created") as caught:
        await send()
    assert "linkedin, twitter did not get it either" in str(caught.value)


async def test_a_duplicate_without_the_existing_post_is_the_apis_own_error(run: Callable[..., Run]) -> None:
    send = run(status(409, {"error": "Duplicate content"}))
    with pytest.raises(DuplicateError):
        await send()


async def test_a_time_that_passed_while_planning_is_refused_before_sending(run: Callable[..., Run]) -> None:
    send = run(created)
    plan = Plan({**PAYLOAD, "scheduledFor": "x"}, [], When("scheduled", NOW + timedelta(seconds=30)))
    send.now = NOW + timedelta(minutes=1)
    with pytest.raises(InputError, match="in the past"):
        await send(plan)
    assert send.api.creates == 0


async def test_a_plan_with_problems_is_refused_before_sending(run: Callable[..., Run]) -> None:
    send = run(created)
    problem = Problem(platform="twitter", field="content", message="is longer than 280 characters", rule="twitter.x")
    with pytest.raises(InputError, match="280"):
        await send(Plan(dict(PAYLOAD), [problem], When("draft")))
    assert send.api.creates == 0


async def test_a_publish_that_failed_is_an_error_with_each_platforms_reason(run: Callable[..., Run]) -> None:
    failed = stored("f", status="failed")
    failed["platforms"][0]["errorMessage"] = "token expired"
    send = run(lambda request: httpx.Response(201, json={"post": failed}))
    with pytest.raises(
        LateError, match=r"was created but publishing failed \(twitter: token expired; linkedin: failed\)"
    ):
        await send(Plan({**PAYLOAD, "publishNow": True}, [], When("now")))
