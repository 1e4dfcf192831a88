"""Sending a post, alone: the client on a mock transport, a fixed clock, a sleep that only records.

A create goes out under one Idempotency-Key and is sent again under it when its answer is lost; the result is
created (with the post) or not created. Where the API does not honour the key, the posts made since the request
was sent are looked up, and only a post created after sending, in the mode asked, on every account asked counts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.errors import DuplicateError, InputError, LateError
from late_mcp.rules import Problem
from late_mcp.tools.posts.lookup import LOOKUP_PAGES
from late_mcp.tools.posts.plan import Plan
from late_mcp.tools.posts.send import LOOKUP_RETRIES, LOOKUP_WAIT, LOST_NOTE, send_post
from late_mcp.tools.posts.when import When

UTC = timezone.utc
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
AT = NOW + timedelta(hours=3)
BASE_URL = "https://late.test/api"
PAYLOAD = {
    "content": "hello",
    "platforms": [{"platform": "twitter", "accountId": "a1"}, {"platform": "linkedin", "accountId": "a2"}],
    "isDraft": True,
}
Create = Callable[[httpx.Request], httpx.Response]


def stored(
    post_id: str,
    *,
    accounts: tuple[str, ...] = ("a1", "a2"),
    created: datetime = NOW,
    status: str = "draft",
    scheduled: datetime | None = None,
) -> dict[str, Any]:
    """A post as the API lists it."""
    platforms = [
        {"platform": "twitter" if a == "a1" else "linkedin", "accountId": a, "status": status} for a in accounts
    ]
    post: dict[str, Any] = {"_id": post_id, "content": "hello", "status": status, "platforms": platforms}
    if scheduled is not None:
        post["scheduledFor"] = scheduled.isoformat().replace("+00:00", "Z")
    return {**post, "createdAt": created.isoformat().replace("+00:00", "Z")}


class FakeAPI:
    """POST /v1/posts plays `creates` in order (the last repeats); GET /v1/posts lists `posts`; GET one by id.

    Every answer carries a Date as the API's does, here in step with this machine's clock. A create that the
    script says was carried out adds its post to `posts`, so a later look finds it.
    """

    def __init__(self, *creates: Create) -> None:
        self.creates = list(creates)
        self.posts: list[dict[str, Any]] = []
        self.requests: list[httpx.Request] = []
        self.looks = 0  # first pages listed: one per look for a lost create
        self.list_status = 200
        #: run before each look (a post the API finishes while we wait)
        self.on_look: Callable[[int], None] = lambda look: None

    @property
    def sent(self) -> int:
        return sum(r.method == "POST" for r in self.requests)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response = self._answer(request)
        response.headers["Date"] = format_datetime(datetime.now(UTC), usegmt=True)  # no skew with this machine
        return response

    def _answer(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v1/")
        if request.method == "POST":
            create = self.creates.pop(0) if len(self.creates) > 1 else self.creates[0]
            return create(request)
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
        posts = self.posts
        if request.url.params.get("sortBy") == "created-desc":  # stable: the API's order for equal times
            posts = sorted(posts, key=lambda p: str(p["createdAt"]), reverse=True)
        pages = max(1, -(-len(posts) // limit))
        chunk = posts[(page - 1) * limit : page * limit]
        pagination = {"page": page, "limit": limit, "total": len(posts), "pages": pages}
        return httpx.Response(200, json={"posts": chunk, "pagination": pagination})


def lost(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("no answer", request=request)


def status(code: int, body: dict[str, Any] | None = None) -> Create:
    return lambda request: httpx.Response(code, json=body or {"error": "server error"})


IN_FLIGHT = status(409, {"error": "still in progress", "code": "idempotency_conflict"})


class Run:
    """send_post with the fake API, the fixed clock and a sleep that records what it was asked to wait."""

    def __init__(self, api: FakeAPI, client: LateClient) -> None:
        self.api = api
        self.client = client
        self.sleeps: list[float] = []
        self.now = NOW

    def made(self, post: dict[str, Any]) -> Create:
        """A create the API carries out: `post` exists from now on, and this is its 201."""

        def create(request: httpx.Request) -> httpx.Response:
            if post not in self.api.posts:
                self.api.posts.append(post)
                return httpx.Response(201, json={"post": post})
            return httpx.Response(201, json={"post": post}, headers={"Idempotent-Replayed": "true"})

        return create

    def made_then_lost(self, post: dict[str, Any]) -> Create:
        """Carried out (or replayed), and the answer lost."""
        create = self.made(post)

        def answer(request: httpx.Request) -> httpx.Response:
            create(request)
            raise httpx.RemoteProtocolError("dropped", request=request)

        return answer

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
async def run() -> AsyncIterator[Callable[..., Run]]:
    clients: list[LateClient] = []

    def make(*creates: Create, dated: bool = True) -> Run:
        api = FakeAPI(*creates)
        client = LateClient(
            api_key="sk_" + "0" * 64,
            base_url=BASE_URL,
            transport=httpx.MockTransport(api),
            retry=RetryPolicy(max_retries=2, base_delay=0, max_delay=0),
        )
        if dated:  # as after the accounts call planning made: the API's clock is known (no skew here)
            client.http.clock_offset = 0.0
        clients.append(client)
        return Run(api, client)

    yield make
    for client in clients:
        await client.aclose()


def keys(send: Run) -> set[str]:
    return {r.headers["idempotency-key"] for r in send.api.requests if r.method == "POST"}


# --- the key does the work --------------------------------------------------------------------------------


async def test_a_create_is_sent_once(run: Callable[..., Run]) -> None:
    send = run()
    send.api.creates = [send.made(stored("new"))]
    result = await send()
    assert (result.post_id, result.already_posted) == ("new", False)
    assert (send.api.sent, send.api.looks) == (1, 0)
    assert not result.summary.startswith(LOST_NOTE)


@pytest.mark.parametrize("first", ["timeout", "dropped after the work", "502", "409 in flight"])
async def test_a_lost_answer_is_sent_again_under_its_key_and_replayed(run: Callable[..., Run], first: str) -> None:
    send = run()
    post = stored("made")
    answers: dict[str, Create] = {
        "timeout": lost,
        "dropped after the work": send.made_then_lost(post),
        "502": status(502),
        "409 in flight": IN_FLIGHT,
    }
    send.api.creates = [answers[first], send.made(post)]
    result = await send()
    assert result.post_id == "made"
    assert result.summary.startswith(LOST_NOTE)
    assert send.api.sent == 2
    assert len(keys(send)) == 1  # one key for both attempts
    assert [p["_id"] for p in send.api.posts] == ["made"]


async def test_each_create_has_its_own_key(run: Callable[..., Run]) -> None:
    send = run()
    send.api.creates = [lambda request: httpx.Response(201, json={"post": stored("x")})]
    await send()
    await send()
    assert len(keys(send)) == 2


async def test_a_fresh_create_after_a_lost_answer_is_checked_to_be_the_only_one(run: Callable[..., Run]) -> None:
    """The lost attempt was refused before it was carried out: the retry made the post, once."""
    send = run()
    send.api.creates = [status(503), send.made(stored("only"))]
    result = await send()
    assert result.post_id == "only"
    assert send.api.looks == 1


async def test_an_api_that_ignores_the_key_and_makes_it_twice_is_reported(run: Callable[..., Run]) -> None:
    send = run()
    first, second = stored("first", created=NOW + timedelta(seconds=1)), stored("second")
    send.api.creates = [send.made_then_lost(first), send.made(second)]
    with pytest.raises(LateError, match=r"created 2 times \(second, first\)") as caught:
        await send()
    assert "did not honour the Idempotency-Key" in str(caught.value)
    assert "delete the others with posts_delete" in caught.value.hint


async def test_a_duplicate_409_on_the_retry_pointing_at_this_requests_post_is_created(
    run: Callable[..., Run],
) -> None:
    """An API that compares content before the key: its 409 names the post the lost attempt made."""
    send = run()
    ours = stored("ours", status="scheduled", scheduled=AT)
    plan = Plan({**PAYLOAD, "isDraft": None, "scheduledFor": "x"}, [], When("scheduled", AT))
    duplicate = status(409, {"error": "Duplicate content", "details": {"existingPostId": "ours"}})
    send.api.creates = [send.made_then_lost(ours), duplicate]
    result = await send(plan)
    assert (result.post_id, result.already_posted) == ("ours", False)
    assert result.summary.startswith(LOST_NOTE)


async def test_a_duplicate_409_on_the_retry_pointing_at_an_older_post_is_already_posted(
    run: Callable[..., Run],
) -> None:
    send = run()
    send.api.posts = [stored("older", created=NOW - timedelta(hours=2), status="scheduled", scheduled=AT)]
    plan = Plan({**PAYLOAD, "isDraft": None, "scheduledFor": "x"}, [], When("scheduled", AT))
    send.api.creates = [lost, status(409, {"error": "Duplicate", "details": {"existingPostId": "older"}})]
    result = await send(plan)
    assert (result.post_id, result.already_posted) == ("older", True)
    assert "nothing new was created" in result.summary


# --- nothing confirmed: the fallback lookup (issue: a lost create reported as created) ----------------------


async def test_no_confirmation_and_no_post_is_not_created(run: Callable[..., Run]) -> None:
    send = run(lost)
    with pytest.raises(LateError, match="Not created: 3 attempts under one Idempotency-Key") as caught:
        await send()
    assert "nothing was posted" in str(caught.value)
    # the last attempt got no answer: looked for again a few times, in case the API was still at it
    assert (send.api.sent, send.api.looks) == (3, 1 + LOOKUP_RETRIES)
    assert "posts_list" in caught.value.hint


async def test_no_confirmation_but_the_post_exists_is_created(run: Callable[..., Run]) -> None:
    send = run()
    send.api.creates = [send.made_then_lost(stored("made"))]  # every answer lost; the first attempt made it
    result = await send()
    assert result.post_id == "made"
    assert send.api.sent == 3


async def test_a_draft_with_the_same_text_is_not_a_published_post(run: Callable[..., Run]) -> None:
    """Repro: a draft with this text exists; publish-now's answers are all lost. Not "created. Draft saved"."""
    send = run(lost)
    send.api.posts = [stored("the-draft", created=NOW - timedelta(seconds=30))]
    with pytest.raises(LateError, match="Not created"):
        await send(Plan({**PAYLOAD, "isDraft": None, "publishNow": True}, [], When("now")))


async def test_a_draft_made_just_now_is_not_a_scheduled_post(run: Callable[..., Run]) -> None:
    send = run(status(500))
    send.api.posts = [stored("a-draft", created=NOW + timedelta(seconds=1))]
    plan = Plan({**PAYLOAD, "isDraft": None, "scheduledFor": "x"}, [], When("scheduled", AT))
    with pytest.raises(LateError, match="Not created"):
        await send(plan)
    send.api.posts.append(stored("other-time", status="scheduled", scheduled=AT + timedelta(hours=1)))
    with pytest.raises(LateError, match="Not created"):
        await send(plan)
    send.api.posts.append(stored("this-one", status="scheduled", scheduled=AT))
    assert (await send(plan)).post_id == "this-one"


async def test_a_post_missing_an_account_is_not_this_one(run: Callable[..., Run]) -> None:
    send = run(lost)
    send.api.posts = [stored("only-twitter", accounts=("a1",))]
    with pytest.raises(LateError, match="Not created"):
        await send()


async def test_only_a_post_created_after_sending_counts(run: Callable[..., Run]) -> None:
    send = run(status(500))
    send.api.posts = [stored("a-minute-ago", created=NOW - timedelta(minutes=1))]
    with pytest.raises(LateError, match="Not created"):
        await send()
    send.api.posts = [stored("just-after", created=NOW + timedelta(seconds=2))]
    assert (await send()).post_id == "just-after"


async def test_without_the_apis_date_the_clock_slack_is_wide(run: Callable[..., Run]) -> None:
    send = run(status(500), dated=False)
    send.api.posts = [stored("nine-minutes", created=NOW - timedelta(minutes=9))]
    assert (await send()).post_id == "nine-minutes"


async def test_still_in_flight_is_looked_for_again_then_said_to_be_in_progress(run: Callable[..., Run]) -> None:
    send = run(lost, IN_FLIGHT)
    with pytest.raises(LateError, match="Still in progress") as caught:
        await send()
    assert "Do not send it again" in caught.value.hint
    assert send.api.looks == 1 + LOOKUP_RETRIES
    assert send.sleeps == [LOOKUP_WAIT] * LOOKUP_RETRIES


async def test_a_post_the_api_finishes_while_we_wait_is_found(run: Callable[..., Run]) -> None:
    send = run(lost, IN_FLIGHT)
    send.api.on_look = lambda look: send.api.posts.append(stored("late")) if look == 3 else None
    assert (await send()).post_id == "late"
    assert send.api.looks == 3


async def test_when_the_api_cannot_be_asked_the_model_is_told_not_to_send_again_yet(run: Callable[..., Run]) -> None:
    send = run(lost)
    send.api.list_status = 500
    with pytest.raises(LateError, match="could not be asked whether the post exists") as caught:
        await send()
    assert "Do not send it again yet" in caught.value.hint


async def test_a_refusal_after_a_lost_answer_is_not_created_even_without_a_listing(run: Callable[..., Run]) -> None:
    send = run(status(503), status(400, {"error": "scheduledFor is in the past"}))
    send.api.list_status = 500
    with pytest.raises(LateError, match="Not created: 2 attempts") as caught:
        await send()
    assert "scheduledFor is in the past" in str(caught.value)


async def test_too_many_posts_to_check_is_an_error_never_not_created(run: Callable[..., Run]) -> None:
    send = run(status(500))
    send.api.posts = [stored(f"p{i}", accounts=("a1",)) for i in range(LOOKUP_PAGES * 100 + 1)]
    with pytest.raises(LateError, match="too many posts to check"):
        await send()


async def test_the_lookup_asks_for_the_accounts_newest_created_posts_and_stops_at_an_older_one(
    run: Callable[..., Run],
) -> None:
    """sortBy=created-desc from fromDate on the first target's account: one page, however long the history."""
    send = run(lost)
    send.api.posts = [stored(f"old{i}", created=NOW - timedelta(days=1 + i)) for i in range(250)]
    with pytest.raises(LateError, match="Not created"):
        await send()
    looks = [r.url.params for r in send.api.requests if r.method == "GET"]
    assert len(looks) == 1 + LOOKUP_RETRIES  # each look (the last attempt may still be running) is one page
    assert {look["page"] for look in looks} == {"1"}
    assert looks[0]["sortBy"] == "created-desc"
    assert looks[0]["accountId"] == "a1"
    assert "fromDate" not in looks[0]  # a draft: the SDK does not say which of a post's times fromDate compares


async def test_a_scheduled_posts_lookup_starts_from_when_it_was_sent(run: Callable[..., Run]) -> None:
    send = run(lost)
    with pytest.raises(LateError, match="Not created"):
        await send(Plan({**PAYLOAD, "isDraft": None, "scheduledFor": "x"}, [], When("scheduled", AT)))
    since = [r.url.params["fromDate"] for r in send.api.requests if r.method == "GET"]
    assert since
    assert all(s.endswith("Z") for s in since)
    assert datetime.fromisoformat(since[0].replace("Z", "+00:00")) <= NOW


# --- a duplicate on the first attempt, and checks before sending -------------------------------------------


async def test_a_duplicate_that_covers_every_account_is_already_posted(run: Callable[..., Run]) -> None:
    send = run(status(409, {"error": "Duplicate content", "details": {"existingPostId": "old"}}))
    send.api.posts = [stored("old", accounts=("a1", "a2", "a3"))]
    result = await send()
    assert (result.post_id, result.already_posted) == ("old", True)
    assert result.summary.startswith("Already posted: post old")
    assert send.api.sent == 1


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
    send = run(status(201))
    plan = Plan({**PAYLOAD, "scheduledFor": "x"}, [], When("scheduled", NOW + timedelta(seconds=30)))
    send.now = NOW + timedelta(minutes=1)
    with pytest.raises(InputError, match="in the past"):
        await send(plan)
    assert send.api.sent == 0


async def test_a_plan_with_problems_is_refused_before_sending(run: Callable[..., Run]) -> None:
    send = run(status(201))
    problem = Problem(platform="twitter", field="content", message="is longer than 280 characters", rule="twitter.x")
    with pytest.raises(InputError, match="280"):
        await send(Plan(dict(PAYLOAD), [problem], When("draft")))
    assert send.api.sent == 0


async def test_a_publish_that_failed_is_an_error_with_each_platforms_reason(run: Callable[..., Run]) -> None:
    failed = stored("f", status="failed")
    failed["platforms"][0]["errorMessage"] = "token expired."  # its own period is not doubled: "expired.; ...)."
    send = run(lambda request: httpx.Response(201, json={"post": failed}))
    with pytest.raises(
        LateError, match=r"was created but publishing failed \(twitter: token expired; linkedin: failed\)\.$"
    ):
        await send(Plan({**PAYLOAD, "publishNow": True}, [], When("now")))
