"""Posts: create modes, validation rules, pagination and filters, edit/delete/retry rules, duplicates, quota."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from late_mcp.sandbox.seed import ACCOUNT_IDS, PINTEREST_BOARD, PROFILE_MAIN, PROFILE_PERSONAL, oid
from late_mcp.sandbox.store import Store

from .helpers import IMG, PDF, ROOT, VIDEO, create, future, target


async def test_create_draft_scheduled_and_publish_now(client: httpx.AsyncClient) -> None:
    draft = await create(client, content="later", platforms=[target("linkedin")], isDraft=True)
    assert draft.status_code == 201
    assert draft.json()["post"]["status"] == "draft"

    when = future(5)
    scheduled = await create(client, content="soon", platforms=[target("twitter")], scheduledFor=when)
    assert scheduled.status_code == 201
    body = scheduled.json()
    assert body["message"] == "Post scheduled successfully"
    post = body["post"]
    assert post["status"] == "scheduled"
    assert post["scheduledFor"].endswith("Z")
    entry = post["platforms"][0]
    assert entry["status"] == "pending"
    assert entry["accountId"] == {
        "_id": ACCOUNT_IDS["twitter"],
        "platform": "twitter",
        "profileId": PROFILE_MAIN,
        "username": "acmestudio",
        "displayName": "Acme Studio",
        "isActive": True,
    }

    now = await create(client, content="now!", platforms=[target("twitter"), target("bluesky")], publishNow=True)
    assert now.status_code == 201
    published = now.json()["post"]
    assert published["status"] == "published"
    # Post has no post-level publishedAt: each platform entry carries its own.
    assert "publishedAt" not in published
    assert all(p["publishedAt"].endswith("Z") for p in published["platforms"])
    urls = [p["platformPostUrl"] for p in published["platforms"]]
    assert urls[0].startswith("https://sandbox.invalid/x.com/acmestudio/status/")
    assert urls[1].startswith("https://sandbox.invalid/bsky.app/profile/acmestudio.bsky.social/post/")

    fetched = await client.get(f"/v1/posts/{published['_id']}")
    assert fetched.json()["post"] == published


async def test_scheduled_for_wall_clock_time_uses_timezone(client: httpx.AsyncClient) -> None:
    response = await create(
        client,
        content="tz",
        platforms=[target("twitter")],
        scheduledFor="2099-07-01T09:00:00",
        timezone="Europe/Berlin",
    )
    assert response.status_code == 201
    assert response.json()["post"]["scheduledFor"] == "2099-07-01T07:00:00.000Z"
    assert response.json()["post"]["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"content": "x", "platforms": [target("twitter")], "isDraft": True, "publishNow": True}, "only one"),
        ({"content": "x", "platforms": [target("twitter")], "scheduledFor": "next tuesday"}, "ISO 8601"),
        (
            {
                "content": "x",
                "platforms": [target("twitter")],
                "scheduledFor": "2099-01-01T00:00:00",
                "timezone": "Mars/Olympus",
            },
            "timezone",
        ),
        (  # longer than a file name: zoneinfo's lookup raises OSError, which was a 500
            {
                "content": "x",
                "platforms": [target("twitter")],
                "scheduledFor": "2099-01-01T00:00",
                "timezone": "Q" * 300,
            },
            "timezone",
        ),
        ({"content": "x", "platforms": [], "publishNow": True}, "platform"),
    ],
)
async def test_scheduling_mistakes_are_400(client: httpx.AsyncClient, body: dict[str, Any], fragment: str) -> None:
    response = await create(client, **body)
    assert response.status_code == 400, response.text
    assert fragment in response.json()["error"]


async def test_no_time_is_a_draft_and_a_past_time_publishes_at_once(client: httpx.AsyncClient) -> None:
    # POST /v1/posts: "When none of scheduledFor, publishNow, or queuedFromProfile are provided, the post defaults
    # to draft automatically"; "A value already in the past is published synchronously in the same request".
    untimed = await create(client, content="no time", platforms=[target("twitter")])
    assert untimed.status_code == 201
    assert untimed.json()["post"]["status"] == "draft"
    past = await create(client, content="past", platforms=[target("twitter")], scheduledFor="2001-01-01T00:00:00Z")
    assert past.status_code == 201
    assert past.json()["post"]["status"] == "published"


async def test_per_platform_times_publish_each_entry_at_its_own_time(client: httpx.AsyncClient) -> None:
    early, late = future(1), future(3)
    body = {
        "content": "staggered",
        "platforms": [target("twitter", scheduledFor=early), target("bluesky", scheduledFor=late)],
    }
    post = (await create(client, **body)).json()["post"]
    assert post["status"] == "scheduled"
    assert post["scheduledFor"][:16] == early[:16]  # the root time is the earliest entry's
    await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 2 * 3600})
    half = (await client.get(f"/v1/posts/{post['_id']}")).json()["post"]
    assert [e["status"] for e in half["platforms"]] == ["published", "pending"]
    assert half["status"] == "scheduled"
    await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 2 * 3600})
    done = (await client.get(f"/v1/posts/{post['_id']}")).json()["post"]
    assert done["status"] == "published"


async def test_approval_review_and_unpublish(client: httpx.AsyncClient) -> None:
    pending = await create(
        client, content="needs a yes", platforms=[target("twitter")], scheduledFor=future(), requiresApproval=True
    )
    post = pending.json()["post"]
    assert post["status"] == "pending_approval"
    listed = (await client.get("/v1/posts", params={"status": "pending_approval"})).json()["posts"]
    assert [p["_id"] for p in listed] == [post["_id"]]
    refused = await create(client, content="x", platforms=[target("twitter")], isDraft=True, requiresApproval=True)
    assert refused.status_code == 400
    approved = await client.post(f"/v1/posts/{post['_id']}/review", json={"decision": "approve"})
    assert approved.json()["post"]["status"] == "scheduled"
    again = await client.post(f"/v1/posts/{post['_id']}/review", json={"decision": "approve"})
    assert again.status_code == 409

    live = (await create(client, content="gone soon", platforms=[target("twitter")], publishNow=True)).json()["post"]
    assert (await client.post(f"/v1/posts/{live['_id']}/unpublish", json={"platform": "instagram"})).status_code == 400
    gone = await client.post(f"/v1/posts/{live['_id']}/unpublish", json={"platform": "twitter"})
    assert gone.json()["post"]["status"] == "cancelled"
    assert gone.json()["post"]["platforms"][0]["status"] == "cancelled"
    # "cancelled posts can be edited and rescheduled like drafts"
    edited = await client.put(f"/v1/posts/{live['_id']}", json={"content": "back again", "scheduledFor": future()})
    assert edited.status_code == 200, edited.text
    assert edited.json()["post"]["status"] == "scheduled"


async def test_list_refuses_unknown_parameters_and_reads_the_current_names(client: httpx.AsyncClient) -> None:
    unknown = await client.get("/v1/posts", params={"dateFrom": "2001-01-01", "colour": "red"})
    assert unknown.status_code == 400
    assert "colour" in unknown.json()["error"]
    everything = (await client.get("/v1/posts", params={"limit": 100})).json()["pagination"]["total"]
    none = await client.get("/v1/posts", params={"fromDate": "2100-01-01"})
    assert none.json()["pagination"]["total"] == 0
    alias = await client.get("/v1/posts", params={"dateFrom": "2100-01-01"})
    assert alias.json()["pagination"]["total"] == 0
    assert (await client.get("/v1/posts", params={"toDate": "2100-01-01"})).json()["pagination"]["total"] == everything


async def test_unknown_mismatched_and_inactive_accounts_are_400(client: httpx.AsyncClient, store: Store) -> None:
    unknown = await create(
        client, content="x", platforms=[{"platform": "twitter", "accountId": "f" * 24}], publishNow=True
    )
    assert unknown.status_code == 400
    assert unknown.json()["details"]["accountId"] == "f" * 24

    mismatch = await create(
        client, content="x", platforms=[{"platform": "bluesky", "accountId": ACCOUNT_IDS["twitter"]}], publishNow=True
    )
    assert mismatch.status_code == 400
    assert "twitter account" in mismatch.json()["error"]

    await client.post(f"{ROOT}/_sandbox/accounts/{ACCOUNT_IDS['threads']}", json={"isActive": False})
    inactive = await create(client, content="x", platforms=[target("threads")], publishNow=True)
    assert inactive.status_code == 400
    assert "disconnected" in inactive.json()["error"]


async def test_platform_is_inferred_from_the_account(client: httpx.AsyncClient) -> None:
    response = await create(
        client, content="inferred", platforms=[{"accountId": ACCOUNT_IDS["linkedin"]}], isDraft=True
    )
    assert response.status_code == 201
    assert response.json()["post"]["platforms"][0]["platform"] == "linkedin"


# (account, extra body, passes?) pairs: every rule has a passing and a failing case.
# TikTok's required settings (TikTokPlatformData, flat) and a board the seeded Pinterest account has.
TIKTOK_PHOTO: dict[str, Any] = {
    "privacyLevel": "PUBLIC_TO_EVERYONE",
    "allowComment": True,
    "contentPreviewConfirmed": True,
    "expressConsentGiven": True,
}
TIKTOK_VIDEO: dict[str, Any] = {**TIKTOK_PHOTO, "allowDuet": False, "allowStitch": False}
BOARD = PINTEREST_BOARD
RULES: list[tuple[str, str, dict[str, Any], bool]] = [
    ("text-only needs content", "twitter", {"content": ""}, False),
    ("text-only with content", "twitter", {"content": "hi"}, True),
    ("media-only needs no content", "twitter", {"content": "", "mediaItems": [IMG]}, True),
    ("customContent counts as content", "twitter", {"content": "", "customContent": "per platform"}, True),
    ("twitter 280 ok", "twitter", {"content": "a" * 280}, True),
    ("twitter 281 too long", "twitter", {"content": "a" * 281}, False),
    ("twitter 4 images", "twitter", {"mediaItems": [IMG] * 4}, True),
    ("twitter 5 images", "twitter", {"mediaItems": [IMG] * 5}, False),
    ("bluesky 300 ok", "bluesky", {"content": "b" * 300}, True),
    ("bluesky 301 too long", "bluesky", {"content": "b" * 301}, False),
    ("bluesky 4 images", "bluesky", {"mediaItems": [IMG] * 4}, True),
    ("bluesky 5 images", "bluesky", {"mediaItems": [IMG] * 5}, False),
    ("threads 500 ok", "threads", {"content": "t" * 500}, True),
    ("threads 501 too long", "threads", {"content": "t" * 501}, False),
    ("threads 10-image carousel", "threads", {"mediaItems": [IMG] * 10}, True),
    ("threads 11-image carousel", "threads", {"mediaItems": [IMG] * 11}, False),
    ("threads single video", "threads", {"mediaItems": [VIDEO]}, True),
    ("threads video in carousel", "threads", {"mediaItems": [IMG, VIDEO]}, False),
    ("linkedin 3000 ok", "linkedin", {"content": "l" * 3000}, True),
    ("linkedin 3001 too long", "linkedin", {"content": "l" * 3001}, False),
    ("linkedin single pdf", "linkedin", {"mediaItems": [PDF]}, True),
    ("linkedin pdf mixed", "linkedin", {"mediaItems": [PDF, IMG]}, False),
    ("instagram image", "instagram", {"mediaItems": [IMG]}, True),
    ("instagram needs media", "instagram", {}, False),
    ("instagram 10-item carousel", "instagram", {"mediaItems": [IMG] * 5 + [VIDEO] * 5}, True),
    ("instagram 11-item carousel", "instagram", {"mediaItems": [IMG] * 11}, False),
    ("instagram 2200 caption", "instagram", {"content": "i" * 2200, "mediaItems": [IMG]}, True),
    ("instagram 2201 caption", "instagram", {"content": "i" * 2201, "mediaItems": [IMG]}, False),
    ("tiktok video", "tiktok", {"mediaItems": [VIDEO], "platformSpecificData": TIKTOK_VIDEO}, True),
    ("tiktok photos", "tiktok", {"mediaItems": [IMG, IMG], "platformSpecificData": TIKTOK_PHOTO}, True),
    ("tiktok needs media", "tiktok", {"platformSpecificData": TIKTOK_VIDEO}, False),
    ("tiktok mixes media", "tiktok", {"mediaItems": [IMG, VIDEO], "platformSpecificData": TIKTOK_VIDEO}, False),
    ("youtube video", "youtube", {"mediaItems": [VIDEO], "content": ""}, True),
    ("youtube needs a video", "youtube", {"mediaItems": [IMG]}, False),
    ("youtube title 100", "youtube", {"mediaItems": [VIDEO], "title": "y" * 100}, True),
    ("youtube title 101", "youtube", {"mediaItems": [VIDEO], "title": "y" * 101}, False),
    ("pinterest with board", "pinterest", {"mediaItems": [IMG], "platformSpecificData": {"boardId": BOARD}}, True),
    ("pinterest without board", "pinterest", {"mediaItems": [IMG]}, False),
    ("pinterest two images", "pinterest", {"mediaItems": [IMG] * 2, "platformSpecificData": {"boardId": BOARD}}, False),
    ("media type inferred from url", "youtube", {"mediaItems": [{"url": "https://cdn.example.com/v.mp4"}]}, True),
    ("unknown media type", "twitter", {"mediaItems": [{"type": "hologram", "url": "https://x/y"}]}, False),
]


@pytest.mark.parametrize(("name", "key", "extra", "passes"), RULES, ids=[r[0] for r in RULES])
async def test_platform_rules(
    client: httpx.AsyncClient, name: str, key: str, extra: dict[str, Any], passes: bool
) -> None:
    extra = dict(extra)
    platform_fields = {k: extra.pop(k) for k in ("customContent", "platformSpecificData") if k in extra}
    body: dict[str, Any] = {
        "content": f"{name} {key}",
        **extra,
        "platforms": [target(key, **platform_fields)],
        "scheduledFor": future(),
    }
    response = await create(client, **body)
    if passes:
        assert response.status_code == 201, response.text
    else:
        assert response.status_code == 400, response.text
        error = response.json()
        assert error["error"]
        if name == "unknown media type":
            assert error["details"]["field"] == "mediaItems[0].type"
        else:
            assert error["details"]["platform"] == target(key)["platform"]


async def test_drafts_may_omit_media_until_finalised(client: httpx.AsyncClient) -> None:
    draft = await create(client, content="reel soon", platforms=[target("instagram")], isDraft=True)
    assert draft.status_code == 201
    post_id = draft.json()["post"]["_id"]
    refused = await client.put(f"/v1/posts/{post_id}", json={"scheduledFor": future(), "isDraft": False})
    assert refused.status_code == 400
    assert "Instagram" in refused.json()["error"]
    kept = await client.put(f"/v1/posts/{post_id}", json={"scheduledFor": future(), "mediaItems": [IMG]})
    assert kept.status_code == 200, kept.text
    assert kept.json()["post"]["status"] == "draft"  # isDraft omitted: "the post remains a draft"
    promoted = await client.put(f"/v1/posts/{post_id}", json={"scheduledFor": future(), "isDraft": False})
    assert promoted.json()["post"]["status"] == "scheduled"


async def test_list_pagination_and_order(client: httpx.AsyncClient, store: Store) -> None:
    total = len(store.all("posts"))
    first = (await client.get("/v1/posts", params={"limit": 5})).json()
    assert first["pagination"] == {"page": 1, "limit": 5, "total": total, "pages": -(-total // 5)}
    assert len(first["posts"]) == 5
    seen = [p["_id"] for p in first["posts"]]
    for page in range(2, first["pagination"]["pages"] + 1):
        more = (await client.get("/v1/posts", params={"limit": 5, "page": page})).json()
        seen += [p["_id"] for p in more["posts"]]
    assert len(seen) == len(set(seen)) == total
    dates = [p.get("scheduledFor") or p["createdAt"] for p in first["posts"]]
    assert dates == sorted(dates, reverse=True)
    default = (await client.get("/v1/posts")).json()
    assert default["pagination"]["limit"] == 10
    assert (await client.get("/v1/posts", params={"limit": 101})).status_code == 400
    assert (await client.get("/v1/posts", params={"page": 0})).status_code == 400


async def test_list_filters(client: httpx.AsyncClient) -> None:
    failed = (await client.get("/v1/posts", params={"status": "failed"})).json()["posts"]
    assert failed
    assert all(p["status"] == "failed" for p in failed)
    pins = (await client.get("/v1/posts", params={"platform": "pinterest"})).json()["posts"]
    assert pins
    assert all(any(e["platform"] == "pinterest" for e in p["platforms"]) for p in pins)
    personal = (await client.get("/v1/posts", params={"profileId": PROFILE_PERSONAL, "limit": 100})).json()
    personal_ids = {ACCOUNT_IDS[k] for k in ("twitter_personal", "bluesky_personal", "linkedin_personal")}
    assert personal["posts"]
    for post in personal["posts"]:
        assert any(e["accountId"]["_id"] in personal_ids for e in post["platforms"])
    window = (await client.get("/v1/posts", params={"dateFrom": "2000-01-01", "dateTo": "2000-01-02"})).json()
    assert window["posts"] == []
    assert (await client.get("/v1/posts", params={"status": "bogus"})).status_code == 400


async def test_scheduled_post_publishes_when_the_clock_passes(client: httpx.AsyncClient) -> None:
    post = (
        await create(
            client, content="clockwork", platforms=[target("twitter"), target("facebook")], scheduledFor=future(1)
        )
    ).json()["post"]
    still = (await client.get(f"/v1/posts/{post['_id']}")).json()["post"]
    assert still["status"] == "scheduled"
    await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 2 * 3600})
    done = (await client.get(f"/v1/posts/{post['_id']}")).json()["post"]
    assert done["status"] == "partial"
    twitter, facebook = done["platforms"]
    assert twitter["status"] == "published"
    assert twitter["platformPostUrl"].startswith("https://sandbox.invalid/x.com/acmestudio/status/")
    assert twitter["publishedAt"]
    assert facebook["status"] == "failed"
    assert "Reconnect" in facebook["errorMessage"]
    logs = (await client.get(f"/v1/posts/{post['_id']}/logs")).json()
    assert logs["count"] == 2
    assert {(log["platform"], log["status"]) for log in logs["logs"]} == {
        ("twitter", "success"),
        ("facebook", "failed"),
    }


async def test_publish_now_to_account_needing_reconnect_fails(client: httpx.AsyncClient) -> None:
    response = await create(client, content="fb only", platforms=[target("facebook")], publishNow=True)
    # PostPublishIncompleteResponse: 207 when the inline publish did not fully succeed, `error` when none did.
    assert response.status_code == 207
    post = response.json()["post"]
    assert post["status"] == "failed"
    assert post["platforms"][0]["errorMessage"]
    assert response.json()["error"]
    assert response.json()["platformResults"][0]["status"] == "failed"
    partial = await create(client, content="mixed", platforms=[target("twitter"), target("facebook")], publishNow=True)
    assert partial.status_code == 207
    assert partial.json()["post"]["status"] == "partial"


async def test_update_rules(client: httpx.AsyncClient) -> None:
    published = oid("post:published-launch")
    refused = await client.put(f"/v1/posts/{published}", json={"content": "edit"})
    assert refused.status_code == 400
    assert "published" in refused.json()["error"]

    scheduled = oid("post:scheduled-webinar")
    edited = await client.put(f"/v1/posts/{scheduled}", json={"content": "Updated webinar copy"})
    assert edited.status_code == 200
    assert edited.json()["message"] == "Post updated successfully"
    assert edited.json()["post"]["content"] == "Updated webinar copy"
    assert edited.json()["post"]["status"] == "scheduled"

    moved = await client.put(f"/v1/posts/{scheduled}", json={"scheduledFor": "2099-01-01T12:00:00Z"})
    assert moved.json()["post"]["scheduledFor"] == "2099-01-01T12:00:00.000Z"
    past = await client.put(f"/v1/posts/{scheduled}", json={"scheduledFor": "2001-01-01T12:00:00Z"})
    assert past.status_code == 400

    too_long = await client.put(f"/v1/posts/{scheduled}", json={"content": "x" * 281})
    assert too_long.status_code == 400

    draft = oid("post:draft-newsletter")
    no_time = await client.put(f"/v1/posts/{draft}", json={"isDraft": False})
    assert no_time.status_code == 400
    still_draft = await client.put(f"/v1/posts/{draft}", json={"scheduledFor": future(3)})
    assert still_draft.json()["post"]["status"] == "draft"
    scheduled_now = await client.put(f"/v1/posts/{draft}", json={"scheduledFor": future(3), "isDraft": False})
    assert scheduled_now.json()["post"]["status"] == "scheduled"
    back = await client.put(f"/v1/posts/{draft}", json={"isDraft": True})
    assert back.json()["post"]["status"] == "draft"

    assert (await client.put("/v1/posts/" + "f" * 24, json={"content": "x"})).status_code == 404


async def test_delete_rules(client: httpx.AsyncClient) -> None:
    published = oid("post:published-launch")
    refused = await client.delete(f"/v1/posts/{published}")
    assert refused.status_code == 400
    for name in ("scheduled-webinar", "draft-newsletter", "failed-facebook", "partial-event"):
        post_id = oid(f"post:{name}")
        response = await client.delete(f"/v1/posts/{post_id}")
        assert response.status_code == 200, name
        assert response.json() == {"message": "Post deleted successfully"}
        assert (await client.get(f"/v1/posts/{post_id}")).status_code == 404
    assert (await client.delete(f"/v1/posts/{oid('post:draft-newsletter')}")).status_code == 404


async def test_retry_rules(client: httpx.AsyncClient) -> None:
    for name in ("published-launch", "scheduled-webinar", "draft-newsletter"):
        response = await client.post(f"/v1/posts/{oid('post:' + name)}/retry")
        assert response.status_code == 400, name

    transient = oid("post:failed-ratelimit")
    retried = await client.post(f"/v1/posts/{transient}/retry")
    assert retried.status_code == 200
    post = retried.json()["post"]
    assert post["status"] == "published"
    assert post["platforms"][0]["platformPostUrl"]
    logs = (await client.get(f"/v1/posts/{transient}/logs")).json()["logs"]
    assert [(log["action"], log["attemptNumber"]) for log in logs] == [("retry", 2), ("publish", 1)]

    broken = oid("post:failed-facebook")
    again = await client.post(f"/v1/posts/{broken}/retry")
    assert again.json()["post"]["status"] == "failed"
    await client.post(f"{ROOT}/_sandbox/accounts/{ACCOUNT_IDS['facebook']}", json={"needsReconnect": False})
    fixed = await client.post(f"/v1/posts/{broken}/retry")
    assert fixed.json()["post"]["status"] == "published"

    partial = oid("post:partial-event")
    finished = await client.post(f"/v1/posts/{partial}/retry")
    assert finished.json()["post"]["status"] == "published"


async def test_retry_while_publishing_is_409(client: httpx.AsyncClient, store: Store) -> None:
    post_id = oid("post:failed-ratelimit")
    with store.transaction():
        post = store.get("posts", post_id)
        assert post is not None
        post["status"] = "publishing"
        store.put("posts", post)
    response = await client.post(f"/v1/posts/{post_id}/retry")
    assert response.status_code == 409


async def test_duplicate_content_within_24h_is_409(client: httpx.AsyncClient) -> None:
    text = "Join our live demo on Thursday: building a content calendar in 15 minutes. Free, no signup wall. 🗓️"
    dup = await create(client, content=text, platforms=[target("twitter")], publishNow=True)
    assert dup.status_code == 409
    details = dup.json()["details"]
    assert details == {
        "accountId": ACCOUNT_IDS["twitter"],
        "platform": "twitter",
        "existingPostId": oid("post:scheduled-webinar"),
    }
    other_account = await create(client, content=text, platforms=[target("twitter_personal")], publishNow=True)
    assert other_account.status_code == 201
    assert (await create(client, content=text, platforms=[target("twitter")], isDraft=True)).status_code == 201

    first = await create(client, content="once a day", platforms=[target("bluesky")], publishNow=True)
    assert first.status_code == 201
    assert (
        await create(client, content="once a day", platforms=[target("bluesky")], scheduledFor=future())
    ).status_code == 409
    await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 25 * 3600})
    assert (
        await create(client, content="once a day", platforms=[target("bluesky")], publishNow=True)
    ).status_code == 201


async def test_upload_limit_is_403_with_plan_body(client: httpx.AsyncClient) -> None:
    await client.post(f"{ROOT}/_sandbox/plan", json={"plan": "free", "uploadsUsed": 9})
    ok = await create(client, content="tenth", platforms=[target("twitter")], scheduledFor=future())
    assert ok.status_code == 201
    draft = await create(client, content="drafts are free", platforms=[target("twitter")], isDraft=True)
    assert draft.status_code == 201
    over = await create(client, content="eleventh", platforms=[target("twitter")], scheduledFor=future())
    assert over.status_code == 403
    assert over.json() == {
        "error": "Upload limit reached. Your Free plan allows 10 uploads per month. You have used 10.",
        "planName": "Free",
        "limit": 10,
        "current": 10,
        "billingPeriod": "monthly",
    }
    refund = await client.delete(f"/v1/posts/{ok.json()['post']['_id']}")
    assert refund.status_code == 200
    usage = (await client.get("/v1/usage-stats")).json()
    assert usage["usage"]["uploads"] == 9
    assert usage["usage"]["uploads"] < usage["limits"]["uploads"]


async def test_queued_post_takes_the_next_free_slot(client: httpx.AsyncClient) -> None:
    from late_mcp.sandbox.seed import PROFILE_MAIN, QUEUE_MAIN

    nxt = (await client.get("/v1/queue/next-slot", params={"profileId": PROFILE_MAIN})).json()
    first = (
        await create(client, content="queued one", platforms=[target("twitter")], queuedFromProfile=PROFILE_MAIN)
    ).json()["post"]
    assert first["scheduledFor"] == nxt["nextSlot"]
    assert first["queueId"] == QUEUE_MAIN
    assert first["queuedFromProfile"] == PROFILE_MAIN
    second = (
        await create(
            client,
            content="queued two",
            platforms=[target("linkedin")],
            queuedFromProfile=PROFILE_MAIN,
            queueId=QUEUE_MAIN,
        )
    ).json()["post"]
    assert second["scheduledFor"] > first["scheduledFor"]
    no_queue = await create(
        client, content="q", platforms=[target("twitter_personal")], queuedFromProfile=PROFILE_PERSONAL
    )
    assert no_queue.status_code == 400
