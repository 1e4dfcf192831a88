"""Responses become tolerant models: populated refs or bare ids, unknown fields and platforms, aware UTC times."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx

from .conftest import FakeAPI, MakeClient, R


def assert_utc(value: datetime | None, expected: datetime) -> None:
    assert value is not None
    assert value.tzinfo is not None
    assert value.utcoffset() == timedelta(0)
    assert value == expected


async def test_accounts_populated_profile_bare_profile_and_unknown_platform(make_client: MakeClient) -> None:
    body = {
        "accounts": [
            {
                "_id": "acc_1",
                "platform": "twitter",
                "username": "brand",
                "displayName": "The Brand",
                "profileId": {"_id": "prof_1", "name": "Main brand", "color": "#fff"},
                "isActive": True,
                "followersCount": 1200,
            },
            {"_id": "acc_2", "platform": "linkedin", "profileId": "prof_2", "isActive": False},
            {"id": "acc_3", "platform": "mastodon", "profileId": {"id": "prof_3"}, "brandNewField": {"x": [1]}},
        ],
        "hasAnalyticsAccess": False,
    }
    client = make_client(FakeAPI(R(200, body)))

    first, second, third = await client.accounts.list()

    assert (first.id, first.platform, first.username, first.display_name) == ("acc_1", "twitter", "brand", "The Brand")
    assert (first.profile_id, first.profile_name, first.is_active) == ("prof_1", "Main brand", True)
    assert (second.id, second.profile_id, second.profile_name, second.is_active) == ("acc_2", "prof_2", None, False)
    assert (third.id, third.platform, third.profile_id, third.is_active) == ("acc_3", "mastodon", "prof_3", True)
    assert first.model_extra is not None
    assert first.model_extra["followersCount"] == 1200


async def test_accounts_missing_list_is_empty(make_client: MakeClient) -> None:
    client = make_client(FakeAPI(R(200, {})))
    assert await client.accounts.list() == []


async def test_account_health_summary(make_client: MakeClient) -> None:
    body = {
        "summary": {"total": 2, "healthy": 1, "warning": 0, "error": 1, "needsReconnect": 1},
        "accounts": [
            {
                "accountId": "acc_1",
                "platform": "instagram",
                "username": "brand",
                "status": "error",
                "canPost": False,
                "needsReconnect": True,
                "issues": ["Token expired"],
                "tokenExpiresAt": "2026-01-01T00:00:00Z",
            },
            {"accountId": "acc_2", "platform": "snapchat-next", "status": "healthy", "canPost": True},
        ],
    }
    client = make_client(FakeAPI(R(200, body)))

    broken, fine = await client.accounts.health()

    assert (broken.account_id, broken.can_post, broken.needs_reconnect) == ("acc_1", False, True)
    assert broken.issues == ["Token expired"]
    assert (fine.account_id, fine.platform, fine.can_post, fine.issues) == ("acc_2", "snapchat-next", True, [])


async def test_single_account_health_is_returned_as_sent(make_client: MakeClient) -> None:
    body = {"accountId": "acc_1", "status": "warning", "recommendations": ["Reconnect soon"]}
    client = make_client(FakeAPI(R(200, body)))
    assert await client.accounts.account_health("acc_1") == body


async def test_post_with_populated_accounts_errors_and_times(make_client: MakeClient) -> None:
    body = {
        "post": {
            "_id": "post_1",
            "title": "Launch",
            "content": "We launched",
            "status": "partial",
            "mediaItems": [{"type": "image", "url": "https://cdn.example/a.png", "size": 10}, {"url": "https://x/y"}],
            "platforms": [
                {
                    "platform": "twitter",
                    "accountId": {"_id": "acc_1", "username": "brand", "platform": "twitter"},
                    "status": "published",
                    "platformPostId": "1789",
                    "platformPostUrl": "https://x.com/brand/status/1789",
                    "publishedAt": "2026-03-01T10:00:05+02:00",
                },
                {"platform": "linkedin", "accountId": "acc_2", "status": "failed", "errorMessage": "Token expired"},
                {"platform": "fediverse", "accountId": "acc_3", "status": "failed", "error": {"message": "Nope"}},
            ],
            "scheduledFor": "2026-03-01T08:00:00.000Z",
            "timezone": "Europe/Berlin",
            "publishedAt": "2026-03-01T08:00:05Z",
            "createdAt": "2026-02-28T12:00:00",
            "updatedAt": "not a date",
            "analytics": {"likes": 3},
        }
    }
    client = make_client(FakeAPI(R(200, body)))

    post = await client.posts.get("post_1")

    assert (post.id, post.title, post.content, post.status) == ("post_1", "Launch", "We launched", "partial")
    assert [(m.type, m.url) for m in post.media_items] == [
        ("image", "https://cdn.example/a.png"),
        (None, "https://x/y"),
    ]
    twitter, linkedin, fedi = post.platforms
    assert (twitter.account_id, twitter.account_username) == ("acc_1", "brand")
    assert twitter.platform_post_url == "https://x.com/brand/status/1789"
    assert_utc(twitter.published_at, datetime(2026, 3, 1, 8, 0, 5, tzinfo=timezone.utc))
    assert (linkedin.account_id, linkedin.account_username, linkedin.error_message) == ("acc_2", None, "Token expired")
    assert (fedi.platform, fedi.error_message) == ("fediverse", "Nope")
    assert_utc(post.scheduled_for, datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc))
    assert_utc(post.published_at, datetime(2026, 3, 1, 8, 0, 5, tzinfo=timezone.utc))
    # a timestamp without an offset is the API's UTC
    assert_utc(post.created_at, datetime(2026, 2, 28, 12, 0, tzinfo=timezone.utc))
    assert post.updated_at is None
    assert post.model_extra is not None
    assert post.model_extra["analytics"] == {"likes": 3}


async def test_post_body_without_wrapper_and_with_id_key(make_client: MakeClient) -> None:
    client = make_client(FakeAPI(R(200, {"id": "post_9", "status": "draft"})))
    post = await client.posts.get("post_9")
    assert (post.id, post.status, post.platforms, post.scheduled_for) == ("post_9", "draft", [], None)


async def test_create_returns_the_post_inside_the_message(make_client: MakeClient) -> None:
    body = {"message": "Post scheduled successfully", "post": {"_id": "post_2", "status": "scheduled"}}
    client = make_client(FakeAPI(R(201, body)))
    post = await client.posts.create({"content": "x"})
    assert (post.id, post.status) == ("post_2", "scheduled")


async def test_list_page_and_pagination(make_client: MakeClient) -> None:
    body = {
        "posts": [{"_id": "p1", "status": "scheduled"}, {"_id": "p2", "status": "brand-new-status"}],
        "pagination": {"page": 2, "limit": 2, "total": 7, "pages": 4},
        "cursor": "ignored",
    }
    client = make_client(FakeAPI(R(200, body)))

    page = await client.posts.list(page=2, limit=2)

    assert [p.id for p in page.posts] == ["p1", "p2"]
    assert page.posts[1].status == "brand-new-status"
    assert (page.pagination.page, page.pagination.limit, page.pagination.total, page.pagination.pages) == (2, 2, 7, 4)


async def test_delete_accepts_an_empty_204(make_client: MakeClient) -> None:
    api = FakeAPI(R(204))
    client = make_client(api)
    assert await client.posts.delete("post_1") is None
    assert await client.profiles.delete("prof_1") is None
    assert api.calls == 2


async def test_profiles(make_client: MakeClient) -> None:
    body = {
        "profiles": [
            {"_id": "prof_1", "name": "Main", "isDefault": True, "color": "#4ade80", "accountsCount": 3},
            {"id": "prof_2", "name": "Client", "description": "Agency client"},
        ]
    }
    client = make_client(FakeAPI(R(200, body)))

    main, other = await client.profiles.list()

    assert (main.id, main.name, main.is_default, main.color) == ("prof_1", "Main", True, "#4ade80")
    assert (other.id, other.description, other.is_default) == ("prof_2", "Agency client", False)


async def test_upload_token_status_with_files(make_client: MakeClient) -> None:
    body = {
        "token": "tok_1",
        "status": "completed",
        "files": [
            {
                "url": "https://cdn.example/v.mp4",
                "filename": "v.mp4",
                "mimeType": "video/mp4",  # UploadedFile.mimeType
                "size": 1048576,
                "type": "video",
                "thumbnail": "https://cdn.example/v.jpg",
            }
        ],
        "createdAt": "2026-03-01T08:00:00.000Z",
        "expiresAt": "2026-03-01T09:00:00.000Z",
        "completedAt": "2026-03-01T08:05:00+01:00",
    }
    client = make_client(FakeAPI(R(200, body)))

    token = await client.media.upload_token_status("tok_1")

    assert (token.token, token.status) == ("tok_1", "completed")
    (file,) = token.files
    assert (file.url, file.content_type, file.size, file.type) == (
        "https://cdn.example/v.mp4",
        "video/mp4",
        1048576,
        "video",
    )
    assert_utc(token.expires_at, datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc))
    assert_utc(token.completed_at, datetime(2026, 3, 1, 7, 5, tzinfo=timezone.utc))


async def test_new_upload_token(make_client: MakeClient) -> None:
    body = {
        "token": "tok_2",
        "uploadUrl": "https://getlate.dev/upload/tok_2",
        "expiresAt": "2026-03-01T09:00:00Z",
        "status": "pending",
    }
    client = make_client(FakeAPI(R(200, body)))

    token = await client.media.create_upload_token()

    assert (token.token, token.upload_url, token.status, token.files) == (
        "tok_2",
        "https://getlate.dev/upload/tok_2",
        "pending",
        [],
    )
    assert_utc(token.expires_at, datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc))


async def test_presign(make_client: MakeClient) -> None:
    body = {
        "uploadUrl": "https://s3.example/put?sig=1",
        "publicUrl": "https://cdn.example/a.png",
        "key": "k",
        "type": "image",
    }
    client = make_client(FakeAPI(R(200, body)))
    upload = await client.media.presign(filename="a.png", content_type="image/png")
    assert (upload.upload_url, upload.public_url, upload.key, upload.type) == (
        "https://s3.example/put?sig=1",
        "https://cdn.example/a.png",
        "k",
        "image",
    )


async def test_usage_stats_seed_example(make_client: MakeClient) -> None:
    body = {
        "planName": "Professional",
        "billingPeriod": "yearly",
        "limits": {"uploads": -1, "profiles": 50, "postsPerDayPerAccount": 8},
        "usage": {"uploads": 847, "profiles": 12, "lastReset": "2024-01-01T00:00:00.000Z"},
        "canUpload": True,
        "canCreateProfile": True,
    }
    client = make_client(FakeAPI(R(200, body)))

    stats = await client.usage.stats()

    assert (stats.plan_name, stats.billing_period) == ("Professional", "yearly")
    assert stats.limits["profiles"] == 50
    assert stats.usage["uploads"] == 847
    assert stats.model_extra is not None
    assert stats.model_extra["canUpload"] is True


async def test_iterate_walks_every_page(make_client: MakeClient) -> None:
    def pages(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        ids = {1: ["a", "b"], 2: ["c", "d"], 3: ["e"]}[page]
        body = {"posts": [{"_id": i} for i in ids], "pagination": {"page": page, "limit": 2, "total": 5, "pages": 3}}
        return httpx.Response(200, json=body)

    api = FakeAPI(pages)
    client = make_client(api)

    ids = [post.id async for post in client.posts.iterate(status="failed", page_size=2)]

    assert ids == ["a", "b", "c", "d", "e"]
    assert [dict(r.url.params) for r in api.requests] == [
        {"page": str(n), "limit": "2", "status": "failed"} for n in (1, 2, 3)
    ]


async def test_iterate_uses_the_largest_page_by_default(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, {"posts": [{"_id": "a"}], "pagination": {"page": 1, "limit": 100, "total": 1, "pages": 1}}))
    client = make_client(api)

    ids = [post.id async for post in client.posts.iterate()]

    assert ids == ["a"]
    assert api.calls == 1
    assert dict(api.last.url.params) == {"page": "1", "limit": "100"}


async def test_iterate_stops_on_an_empty_page_even_if_pages_says_more(make_client: MakeClient) -> None:
    api = FakeAPI(
        R(200, {"posts": [{"_id": "a"}], "pagination": {"page": 1, "pages": 9}}),
        R(200, {"posts": [], "pagination": {"page": 2, "pages": 9}}),
        R(200, {"posts": [{"_id": "never"}], "pagination": {"page": 3, "pages": 9}}),
    )
    client = make_client(api)

    ids = [post.id async for post in client.posts.iterate()]

    assert ids == ["a"]
    assert api.calls == 2


async def test_iterate_without_pagination_reads_one_page(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, {"posts": [{"_id": "a"}, {"_id": "b"}]}))
    client = make_client(api)
    assert [post.id async for post in client.posts.iterate()] == ["a", "b"]
    assert api.calls == 1


def test_a_team_owner_is_read_from_the_role() -> None:
    # UserModel has no isRoot: today's answer names the owner only by its role
    from late_mcp.models.team import User, UserOut

    owner = User.model_validate({"_id": "u1", "email": "jane@acme.example", "name": "Jane", "role": "owner"})
    member = User.model_validate({"_id": "u2", "email": "sam@acme.example", "name": "Sam", "role": "member"})
    assert (UserOut.of(owner).owner, UserOut.of(member).owner) == (True, False)
