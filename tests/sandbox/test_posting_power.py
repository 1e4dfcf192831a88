"""Posting features against the sandbox's API: per-target content and media, threads, platformSpecificData validation,
multi-page/multi-location posting, queue slots, presigned uploads of images and PDFs.

Sources: the API docs' Posts page (POST /v1/posts: content rules, "Multi-page/multi-location posting",
queuedFromProfile), "Platform Settings", "Posts API Reference", "Media API Reference", "Queue API Reference".
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from late_mcp.sandbox.seed import (
    FACEBOOK_PAGES,
    LINKEDIN_ORGANIZATIONS,
    PINTEREST_BOARD,
    PROFILE_MAIN,
    PROFILE_PERSONAL,
    QUEUE_MAIN,
)

from .helpers import IMG, ROOT, VIDEO, acc, advance, create, future, target

PAGE_A, PAGE_B = (page["id"] for page in FACEBOOK_PAGES)
ORG_A, ORG_B = (org["urn"] for org in LINKEDIN_ORGANIZATIONS)
# TikTokPlatformData: flat keys of platformSpecificData, camelCase (snake_case is accepted too).
CONSENT: dict[str, Any] = {
    "privacyLevel": "PUBLIC_TO_EVERYONE",
    "allowComment": True,
    "allowDuet": False,
    "allowStitch": False,
    "contentPreviewConfirmed": True,
    "expressConsentGiven": True,
}


def images(n: int) -> list[dict[str, str]]:
    return [{"type": "image", "url": f"https://cdn.example.com/p{i}.jpg"} for i in range(n)]


async def error_of(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    body: dict[str, Any] = response.json()
    return body


async def connect(client: httpx.AsyncClient, platform: str, username: str, **extra: Any) -> str:
    """Connect an account on a platform the seed has none of (loopback control endpoint)."""
    response = await client.post(
        f"{ROOT}/_sandbox/accounts", json={"platform": platform, "username": username, **extra}
    )
    assert response.status_code == 201, response.text
    account_id: str = response.json()["account"]["_id"]
    return account_id


# threads ----------------------------------------------------------------------------------------------------


async def test_x_thread_publishes_every_item_in_order(client: httpx.AsyncClient) -> None:
    items: list[dict[str, Any]] = [
        {"content": "1/ Starting a thread about API design", "mediaItems": [IMG]},
        {"content": "2/ Use proper HTTP methods"},
        {"content": "3/ Version from day one /end"},
    ]
    response = await create(
        client, platforms=[target("twitter", platformSpecificData={"threadItems": items})], publishNow=True
    )
    assert response.status_code == 201, response.text
    [entry] = response.json()["post"]["platforms"]
    assert entry["status"] == "published"
    thread = entry["threadPosts"]
    assert [t["index"] for t in thread] == [0, 1, 2]
    assert thread[0]["platformPostId"] == entry["platformPostId"]
    assert thread[0]["platformPostUrl"] == entry["platformPostUrl"]
    assert len({t["platformPostId"] for t in thread}) == 3
    assert all(t["platformPostUrl"].startswith("https://sandbox.invalid/x.com/acmestudio/status/") for t in thread)
    stored = (await client.get(f"/v1/posts/{response.json()['post']['_id']}")).json()["post"]
    assert stored["platforms"][0]["platformSpecificData"]["threadItems"] == items
    log = (await client.get(f"/v1/posts/{stored['_id']}/logs")).json()["logs"][0]
    assert log["request"]["contentPreview"] == items[0]["content"]  # the root is what opens the thread


async def test_thread_items_are_checked_one_by_one_with_the_per_post_limits(client: httpx.AsyncClient) -> None:
    long_item = [{"content": "ok"}, {"content": "x" * 281}]
    body = await error_of(
        await create(
            client,
            platforms=[target("twitter", platformSpecificData={"threadItems": long_item})],
            scheduledFor=future(),
        )
    )
    assert body["details"]["field"] == "platformSpecificData.threadItems[1].content"
    assert body["error"].startswith("Thread item 2:")
    five = [{"content": "pics", "mediaItems": images(5)}]
    body = await error_of(
        await create(
            client, platforms=[target("bluesky", platformSpecificData={"threadItems": five})], scheduledFor=future()
        )
    )
    assert body["details"]["field"] == "platformSpecificData.threadItems[0].mediaItems"
    for bad in ([], "not a list", [{"content": 5}], [{"content": ""}]):
        response = await create(
            client, platforms=[target("threads", platformSpecificData={"threadItems": bad})], scheduledFor=future()
        )
        assert response.status_code == 400, (bad, response.text)


async def test_a_thread_replaces_the_post_text_on_that_platform(client: httpx.AsyncClient) -> None:
    # The items are what gets posted (the first is the root), so a long shared text does not count on X.
    items = [{"content": "Short root"}, {"content": "Short reply"}]
    response = await create(
        client,
        content="L" * 1000,
        platforms=[target("twitter", platformSpecificData={"threadItems": items}), target("linkedin")],
        scheduledFor=future(),
    )
    assert response.status_code == 201, response.text


# per-target text and media -----------------------------------------------------------------------------------


async def test_custom_content_and_media_are_what_each_platform_gets(client: httpx.AsyncClient) -> None:
    shared = "A long LinkedIn write-up. " * 40  # ~1000 characters: too long for X and Bluesky
    assert (
        await create(client, content=shared, platforms=[target("twitter")], scheduledFor=future())
    ).status_code == 400
    response = await create(
        client,
        content=shared,
        mediaItems=images(6),  # too many for Bluesky and X
        platforms=[
            target("linkedin"),
            target("twitter", customContent="Short for X", customMedia=images(1)),
            target("bluesky", customContent="Short for Bluesky", customMedia=images(4)),
        ],
        publishNow=True,
    )
    assert response.status_code == 201, response.text
    post = response.json()["post"]
    assert [e["customContent"] for e in post["platforms"]] == [None, "Short for X", "Short for Bluesky"]
    logs = {log["platform"]: log for log in (await client.get(f"/v1/posts/{post['_id']}/logs")).json()["logs"]}
    assert logs["twitter"]["request"]["contentPreview"] == "Short for X"
    assert logs["twitter"]["request"]["mediaCount"] == 1
    assert logs["bluesky"]["request"]["mediaCount"] == 4
    assert logs["linkedin"]["request"]["mediaCount"] == 6


async def test_custom_media_is_validated_for_its_platform(client: httpx.AsyncClient) -> None:
    body = await error_of(
        await create(
            client,
            content="hi",
            platforms=[target("linkedin"), target("bluesky", customMedia=images(5))],
            scheduledFor=future(),
        )
    )
    assert body["details"]["platform"] == "bluesky"
    assert body["details"]["index"] == 1


# platformSpecificData ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "specific", "media", "field"),
    [
        ("tiktok", {}, [VIDEO], "platformSpecificData.privacyLevel"),
        # the old nested shape is not TikTokPlatformData: its keys are not read, so the settings are missing
        ("tiktok", {"tiktokSettings": CONSENT}, [VIDEO], "platformSpecificData.privacyLevel"),
        ("tiktok", {**CONSENT, "expressConsentGiven": False}, [VIDEO], "platformSpecificData.expressConsentGiven"),
        (
            "tiktok",
            {k: v for k, v in CONSENT.items() if k != "contentPreviewConfirmed"},
            [VIDEO],
            "platformSpecificData.contentPreviewConfirmed",
        ),
        # offered for photos, but a TikTok for Business video is public only unless it is a TikTok draft
        ("tiktok", {**CONSENT, "privacyLevel": "SELF_ONLY"}, [VIDEO], "platformSpecificData.privacyLevel"),
        ("tiktok", {**CONSENT, "allowComment": "yes"}, [VIDEO], "platformSpecificData.allowComment"),
        ("tiktok", {**CONSENT, "locationId": "123"}, [VIDEO], "platformSpecificData.locationName"),
        ("instagram", {"contentType": "reels"}, [VIDEO], "platformSpecificData.contentType"),
        ("pinterest", {"boardId": "board-someone-else"}, [IMG], "platformSpecificData.boardId"),
        ("pinterest", {"boardId": PINTEREST_BOARD, "link": "not a url"}, [IMG], "platformSpecificData.link"),
        ("youtube", {"visibility": "friends"}, [VIDEO], "platformSpecificData.visibility"),
        ("youtube", {"title": "t" * 101}, [VIDEO], "platformSpecificData.title"),
        ("youtube", {"containsSyntheticMedia": "no"}, [VIDEO], "platformSpecificData.containsSyntheticMedia"),
        ("instagram", {"collaborators": ["a", "b", "c", "d"]}, [IMG], "platformSpecificData.collaborators"),
        (
            "instagram",
            {"userTags": [{"username": "friend", "x": 1.5, "y": 0.5}]},
            [IMG],
            "platformSpecificData.userTags[0].x",
        ),
        ("instagram", {"trialParams": {"graduationStrategy": "MANUAL"}}, [IMG], "platformSpecificData.trialParams"),
        ("instagram", {"trialParams": {"graduationStrategy": "AUTO"}}, [VIDEO], "platformSpecificData.trialParams"),
        ("facebook", {"contentType": "carousel"}, [IMG], "platformSpecificData.contentType"),
        ("facebook", {"pageId": "999"}, [IMG], "platformSpecificData.pageId"),
        ("linkedin", {"organizationUrn": "urn:li:organization:1"}, [], "platformSpecificData.organizationUrn"),
        ("linkedin", {"disableLinkPreview": "true"}, [], "platformSpecificData.disableLinkPreview"),
        ("linkedin_personal", {"organizationUrn": ORG_A}, [], "platformSpecificData.organizationUrn"),
    ],
)
async def test_platform_options_are_checked(
    client: httpx.AsyncClient, key: str, specific: dict[str, Any], media: list[dict[str, str]], field: str
) -> None:
    body = await error_of(
        await create(
            client,
            content=f"options for {key}",
            mediaItems=media,
            platforms=[target(key, platformSpecificData=specific)],
            scheduledFor=future(),
        )
    )
    assert body["details"]["field"].startswith(field), body
    assert body["details"]["platform"] == target(key)["platform"]


async def test_tiktok_rules_in_detail(client: httpx.AsyncClient) -> None:
    photo_settings = {k: v for k, v in CONSENT.items() if k not in ("allowDuet", "allowStitch")}
    photo = await create(
        client,
        content="Photo carousel",
        mediaItems=images(3),
        platforms=[target("tiktok", platformSpecificData={**photo_settings, "privacyLevel": "SELF_ONLY"})],
        scheduledFor=future(),
    )
    assert photo.status_code == 201, photo.text  # duet/stitch are for videos only; photos keep every level
    video = await error_of(
        await create(
            client,
            content="Video",
            mediaItems=[VIDEO],
            platforms=[target("tiktok", platformSpecificData=photo_settings)],
            scheduledFor=future(),
        )
    )
    assert video["details"]["missing"] == ["allowDuet", "allowStitch"]
    offered = await error_of(
        await create(
            client,
            content="Followers only",
            mediaItems=[VIDEO],
            platforms=[target("tiktok", platformSpecificData={**CONSENT, "privacyLevel": "X"})],
            scheduledFor=future(),
        )
    )
    assert "PUBLIC_TO_EVERYONE" in offered["error"]  # the message lists the creator's own options
    inbox = await create(
        client,
        content="Private video to the inbox",
        mediaItems=[VIDEO],
        platforms=[target("tiktok", platformSpecificData={**CONSENT, "privacyLevel": "SELF_ONLY", "draft": True})],
        scheduledFor=future(),
    )
    assert inbox.status_code == 201, inbox.text  # a TikTok draft may keep a non-public level
    snake = {"privacy_level": "PUBLIC_TO_EVERYONE", "allow_comment": True, "allow_duet": False, "allow_stitch": False}
    snake |= {"content_preview_confirmed": True, "express_consent_given": True}
    spelled = await create(
        client,
        content="snake_case is accepted too",
        mediaItems=[VIDEO],
        platforms=[target("tiktok", platformSpecificData=snake)],
        scheduledFor=future(),
    )
    assert spelled.status_code == 201, spelled.text
    draft = await create(client, content="later", platforms=[target("tiktok")], isDraft=True)
    assert draft.status_code == 201, draft.text  # a draft may be finished later
    root = await create(
        client,
        content="Root-level settings",
        mediaItems=[VIDEO],
        tiktokSettings=CONSENT,  # POST /v1/posts: merged into each TikTok target's platformSpecificData
        platforms=[target("tiktok", platformSpecificData={"allowComment": False})],
        scheduledFor=future(),
    )
    assert root.status_code == 201, root.text
    assert root.json()["post"]["platforms"][0]["platformSpecificData"] == {**CONSENT, "allowComment": False}


async def test_documented_options_are_accepted_and_stored(client: httpx.AsyncClient) -> None:
    cases: list[tuple[str, dict[str, Any], list[dict[str, str]]]] = [
        ("pinterest", {"title": "10 tips", "boardId": PINTEREST_BOARD, "link": "https://example.com/tips"}, [IMG]),
        ("youtube", {"title": "How to", "visibility": "unlisted", "firstComment": "Thanks!"}, [VIDEO]),
        ("tiktok", {**CONSENT, "commercialContentType": "none", "musicSoundInfo": {"musicSoundId": "m1"}}, [VIDEO]),
        (
            "instagram",
            {
                "firstComment": "Link in bio",
                "collaborators": ["brandpartner"],
                "userTags": [{"username": "@friend", "x": 0.5, "y": 0.5}, {"username": "reel_friend"}],
            },
            [IMG],
        ),
        ("instagram", {"trialParams": {"graduationStrategy": "SS_PERFORMANCE"}}, [VIDEO]),
        ("instagram", {"contentType": "story"}, [VIDEO]),
        ("linkedin", {"firstComment": "What do you think?", "disableLinkPreview": True}, []),
        ("threads", {"threadItems": [{"content": "root"}, {"content": "reply", "mediaItems": [IMG]}]}, []),
    ]
    for number, (key, specific, media) in enumerate(cases):
        response = await create(
            client,
            content=f"documented options for {key} {number}",
            mediaItems=media,
            platforms=[target(key, platformSpecificData=specific)],
            scheduledFor=future(),
        )
        assert response.status_code == 201, (key, response.text)
        assert response.json()["post"]["platforms"][0]["platformSpecificData"] == specific


async def test_youtube_tags_are_the_posts_root_tags(client: httpx.AsyncClient) -> None:
    # POST /v1/posts `tags`: "YouTube constraints: each tag max 100 chars, combined max 500 chars"; YouTubePlatformData
    # has no tags, so a tags key there is not read.
    ok = await create(
        client,
        content="tagged",
        mediaItems=[VIDEO],
        tags=["api", "howto"],
        platforms=[target("youtube")],
        scheduledFor=future(),
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["post"]["tags"] == ["api", "howto"]
    long_tag = await error_of(
        await create(
            client,
            content="long tag",
            mediaItems=[VIDEO],
            tags=["t" * 101],
            platforms=[target("youtube")],
            scheduledFor=future(),
        )
    )
    assert long_tag["details"]["field"] == "tags"
    ignored = await create(
        client,
        content="tags in the options",
        mediaItems=[VIDEO],
        platforms=[target("youtube", platformSpecificData={"tags": ["t" * 101]})],
        scheduledFor=future(),
    )
    assert ignored.status_code == 201, ignored.text


async def test_google_business_telegram_snapchat_options(client: httpx.AsyncClient) -> None:
    gbp = await connect(client, "googlebusiness", "acme-berlin")
    locations = (await client.get(f"{ROOT}/_sandbox/accounts/{gbp}/choices")).json()["locations"]
    assert len(locations) == 2
    bad_cta = {
        "platform": "googlebusiness",
        "accountId": gbp,
        "platformSpecificData": {"callToAction": {"type": "BUY"}},
    }
    body = await error_of(await create(client, content="Sale", platforms=[bad_cta], scheduledFor=future()))
    assert body["details"]["field"] == "platformSpecificData.callToAction.type"
    no_type = {
        "platform": "googlebusiness",
        "accountId": gbp,
        "platformSpecificData": {"callToAction": {"url": "https://a.b"}},
    }
    assert (await create(client, content="x", platforms=[no_type], scheduledFor=future())).status_code == 400
    no_url = {**no_type, "platformSpecificData": {"callToAction": {"type": "CALL"}}}
    body = await error_of(await create(client, content="Call us", platforms=[no_url], scheduledFor=future()))
    assert body["details"]["field"] == "platformSpecificData.callToAction.url"  # type and url are both required
    two = [
        {
            "platform": "googlebusiness",
            "accountId": gbp,
            "platformSpecificData": {"locationId": loc["id"], "callToAction": {"type": "SHOP", "url": "https://a.b/s"}},
        }
        for loc in locations
    ]
    response = await create(client, content="Open on Sunday", platforms=two, publishNow=True)
    assert response.status_code == 201, response.text
    assert [e["status"] for e in response.json()["post"]["platforms"]] == ["published", "published"]
    unknown = [{"platform": "googlebusiness", "accountId": gbp, "platformSpecificData": {"locationId": "locations/1"}}]
    body = await error_of(await create(client, content="Where?", platforms=unknown, scheduledFor=future()))
    assert locations[0]["id"] in body["error"]

    telegram = await connect(client, "telegram", "acmechannel")
    bad_mode = {"platform": "telegram", "accountId": telegram, "platformSpecificData": {"parseMode": "BBCode"}}
    body = await error_of(await create(client, content="hi", platforms=[bad_mode], scheduledFor=future()))
    assert body["details"]["field"] == "platformSpecificData.parseMode"
    good_mode = {
        "platform": "telegram",
        "accountId": telegram,
        "platformSpecificData": {"parseMode": "MarkdownV2", "disableNotification": True, "protectContent": True},
    }
    assert (await create(client, content="hi", platforms=[good_mode], scheduledFor=future())).status_code == 201

    snap = await connect(client, "snapchat", "acmesnaps")
    bad_type = {"platform": "snapchat", "accountId": snap, "platformSpecificData": {"contentType": "reel"}}
    body = await error_of(await create(client, mediaItems=[VIDEO], platforms=[bad_type], scheduledFor=future()))
    assert body["details"]["field"] == "platformSpecificData.contentType"


# multi-page / multi-location posting ----------------------------------------------------------------------------


async def test_one_facebook_connection_posts_to_two_pages(client: httpx.AsyncClient) -> None:
    await client.post(f"{ROOT}/_sandbox/accounts/{acc('facebook')}", json={"needsReconnect": False})
    pages = [target("facebook", platformSpecificData={"pageId": page}) for page in (PAGE_A, PAGE_B)]
    response = await create(client, content="Open day on Saturday", platforms=pages, publishNow=True)
    assert response.status_code == 201, response.text
    entries = response.json()["post"]["platforms"]
    assert [e["status"] for e in entries] == ["published", "published"]
    assert entries[0]["platformPostUrl"].startswith(f"https://sandbox.invalid/www.facebook.com/{PAGE_A}/posts/")
    assert entries[1]["platformPostUrl"].startswith(f"https://sandbox.invalid/www.facebook.com/{PAGE_B}/posts/")
    # Same text again to page A within 24 h is a duplicate; to a page it did not go to yet, it is not.
    again = await create(client, content="Open day on Saturday", platforms=pages[:1], scheduledFor=future())
    assert again.status_code == 409
    assert again.json()["details"]["existingPostId"] == response.json()["post"]["_id"]


async def test_duplicate_content_is_judged_per_page(client: httpx.AsyncClient) -> None:
    page_a = [target("facebook", platformSpecificData={"pageId": PAGE_A})]
    page_b = [target("facebook", platformSpecificData={"pageId": PAGE_B})]
    assert (await create(client, content="Same words", platforms=page_a, scheduledFor=future())).status_code == 201
    assert (await create(client, content="Same words", platforms=page_b, scheduledFor=future())).status_code == 201
    assert (await create(client, content="Same words", platforms=page_a, scheduledFor=future())).status_code == 409


async def test_the_same_target_twice_is_refused(client: httpx.AsyncClient) -> None:
    twice = [target("facebook", platformSpecificData={"pageId": PAGE_A})] * 2
    body = await error_of(await create(client, content="twice", platforms=twice, scheduledFor=future()))
    assert body["details"]["field"] == "platforms[1]"
    assert body["details"]["duplicateOf"] == "platforms[0]"
    plain = await create(
        client, content="twice", platforms=[target("twitter"), target("twitter")], scheduledFor=future()
    )
    assert plain.status_code == 400


async def test_linkedin_organizations_and_subreddits(client: httpx.AsyncClient) -> None:
    orgs = [target("linkedin", platformSpecificData={"organizationUrn": urn}) for urn in (ORG_A, ORG_B)]
    response = await create(client, content="We're hiring", platforms=[*orgs, target("linkedin")], publishNow=True)
    assert response.status_code == 201, response.text
    assert [e["status"] for e in response.json()["post"]["platforms"]] == ["published"] * 3

    reddit = await connect(client, "reddit", "acme_dev")
    subs = [
        {"platform": "reddit", "accountId": reddit, "platformSpecificData": {"subreddit": name, "title": "Our API"}}
        for name in ("webdev", "r/programming")
    ]
    response = await create(client, content="We wrote up our API design", platforms=subs, publishNow=True)
    assert response.status_code == 201, response.text
    urls = [e["platformPostUrl"] for e in response.json()["post"]["platforms"]]
    assert urls[0].startswith("https://sandbox.invalid/www.reddit.com/r/webdev/comments/")
    assert urls[1].startswith("https://sandbox.invalid/www.reddit.com/r/programming/comments/")
    same = [subs[0], {**subs[0], "platformSpecificData": {"subreddit": "r/WebDev"}}]
    assert (await create(client, content="again", platforms=same, scheduledFor=future())).status_code == 400
    bad = [{"platform": "reddit", "accountId": reddit, "platformSpecificData": {"subreddit": "no spaces"}}]
    assert (await create(client, content="bad", platforms=bad, scheduledFor=future())).status_code == 400


async def test_a_failed_multi_page_post_retries_every_page(client: httpx.AsyncClient) -> None:
    pages = [target("facebook", platformSpecificData={"pageId": page}) for page in (PAGE_A, PAGE_B)]
    failed = await create(client, content="Both pages", platforms=pages, publishNow=True)
    post = failed.json()["post"]
    assert post["status"] == "failed"  # the seeded Facebook token has expired
    await client.post(f"{ROOT}/_sandbox/accounts/{acc('facebook')}", json={"needsReconnect": False})
    retried = (await client.post(f"/v1/posts/{post['_id']}/retry")).json()["post"]
    assert [e["status"] for e in retried["platforms"]] == ["published", "published"]


# queue ---------------------------------------------------------------------------------------------------------


async def test_queued_posts_take_the_next_free_slots_in_order(client: httpx.AsyncClient) -> None:
    preview = (await client.get("/v1/queue/preview", params={"profileId": PROFILE_MAIN, "count": 3})).json()["slots"]
    first = await create(client, content="Queued one", platforms=[target("twitter")], queuedFromProfile=PROFILE_MAIN)
    assert first.status_code == 201, first.text
    assert first.json()["post"]["scheduledFor"] == preview[0]
    assert first.json()["post"]["queueId"] == QUEUE_MAIN
    second = await create(
        client, content="Queued two", platforms=[target("linkedin")], queuedFromProfile=PROFILE_MAIN, queueId=QUEUE_MAIN
    )
    assert second.json()["post"]["scheduledFor"] == preview[1]
    after = (await client.get("/v1/queue/preview", params={"profileId": PROFILE_MAIN, "count": 1})).json()["slots"]
    assert after == [preview[2]]
    other = await create(
        client,
        content="Wrong queue",
        platforms=[target("twitter")],
        queuedFromProfile=PROFILE_PERSONAL,
        queueId=QUEUE_MAIN,
    )
    assert other.status_code == 400  # POST /v1/posts documents 400 (validation error), no 404
    # the queue asked for is not the profile's: the answer names it, not "this profile has no queue"
    assert other.json()["error"] == f"Queue not found for this profile: {QUEUE_MAIN}"
    assert other.json()["details"] == {"field": "queueId"}
    none = await create(client, content="No queue", platforms=[target("twitter")], queuedFromProfile=PROFILE_PERSONAL)
    assert none.status_code == 400
    assert "has no queue" in none.json()["error"]


# media ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content_type", "data", "kind"),
    [
        ("brochure.pdf", "application/pdf", b"%PDF-1.7\n" + b"%" * 300 + b"\n%%EOF\n", "document"),
        ("photo.jpg", "image/jpeg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "image"),
    ],
)
async def test_presigned_upload_is_served_at_its_public_url(
    client: httpx.AsyncClient, filename: str, content_type: str, data: bytes, kind: str
) -> None:
    presigned = (
        await client.post(
            "/v1/media/presign", json={"filename": filename, "contentType": content_type, "size": len(data)}
        )
    ).json()
    assert presigned["type"] == kind
    assert presigned["publicUrl"].endswith(filename.rsplit(".", 1)[1])  # a post can tell the type from the URL
    put = await client.put(presigned["uploadUrl"], content=data, headers={"Content-Type": content_type})
    assert put.status_code == 200
    served = await client.get(presigned["publicUrl"])
    assert served.status_code == 200
    assert served.content == data
    assert served.headers["content-type"].startswith(content_type)
    post = await create(
        client,
        content="With the upload",
        mediaItems=[{"type": kind, "url": presigned["publicUrl"]}],
        platforms=[target("linkedin")],
        scheduledFor=future(),
    )
    assert post.status_code == 201, post.text


# the control endpoint -------------------------------------------------------------------------------------------


async def test_connecting_an_account_through_the_control_endpoint(client: httpx.AsyncClient) -> None:
    account_id = await connect(
        client, "pinterest", "acme-two", choices={"boards": [{"id": "b-1", "name": "One"}]}, profileId=PROFILE_PERSONAL
    )
    listed = (await client.get("/v1/accounts", params={"profileId": PROFILE_PERSONAL})).json()["accounts"]
    mine = next(a for a in listed if a["_id"] == account_id)
    assert mine["platform"] == "pinterest"
    assert not any(key.startswith("__") for key in mine)
    pin = {"platform": "pinterest", "accountId": account_id, "platformSpecificData": {"boardId": "b-1"}}
    assert (await create(client, mediaItems=[IMG], platforms=[pin], scheduledFor=future())).status_code == 201
    bad = await client.post(f"{ROOT}/_sandbox/accounts", json={"platform": "myspace", "username": "x"})
    assert bad.status_code == 400


async def test_a_post_without_page_goes_to_the_selected_page(client: httpx.AsyncClient) -> None:
    listed = (await client.get(f"/v1/accounts/{acc('facebook')}/facebook-page")).json()
    assert [p["id"] for p in listed["pages"]] == [PAGE_A, PAGE_B]
    assert listed["selectedPageId"] == PAGE_A
    assert (await client.get(f"/v1/accounts/{acc('twitter')}/facebook-page")).status_code == 400
    # No pageId means the selected page, so naming that page again is the same target twice.
    same = [target("facebook"), target("facebook", platformSpecificData={"pageId": PAGE_A})]
    assert (await create(client, content="twice", platforms=same, scheduledFor=future())).status_code == 400
    await client.post(f"{ROOT}/_sandbox/accounts/{acc('facebook')}", json={"needsReconnect": False})
    health = (await client.get(f"/v1/accounts/{acc('facebook')}/health")).json()
    assert health["canPost"] is True  # reconnecting granted a fresh token
    other = [target("facebook"), target("facebook", platformSpecificData={"pageId": PAGE_B})]
    response = await create(client, content="Both pages", platforms=other, publishNow=True)
    urls = [e["platformPostUrl"] for e in response.json()["post"]["platforms"]]
    assert urls[0].startswith(f"https://sandbox.invalid/www.facebook.com/{PAGE_A}/posts/")
    assert urls[1].startswith(f"https://sandbox.invalid/www.facebook.com/{PAGE_B}/posts/")


async def test_google_business_locations_are_listed(client: httpx.AsyncClient) -> None:
    gbp = await connect(client, "googlebusiness", "acme-hamburg")
    listed = (await client.get(f"/v1/accounts/{gbp}/gmb-locations")).json()
    assert len(listed["locations"]) == 2
    assert set(listed["locations"][0]) >= {"id", "name", "address"}
    assert listed["selectedLocationId"] == listed["locations"][0]["id"]
    assert (await client.get(f"/v1/accounts/{acc('linkedin')}/gmb-locations")).status_code == 400
    assert (await client.get("/v1/accounts/000000000000000000000000/gmb-locations")).status_code == 404


async def test_a_scheduled_thread_publishes_at_its_time(client: httpx.AsyncClient) -> None:
    items = [{"content": "Root"}, {"content": "Reply one"}, {"content": "Reply two"}, {"content": "Reply three"}]
    created = await create(
        client, platforms=[target("threads", platformSpecificData={"threadItems": items})], scheduledFor=future(1)
    )
    assert created.status_code == 201, created.text
    assert "threadPosts" not in created.json()["post"]["platforms"][0]
    await advance(client, 2 * 3600)
    post = (await client.get(f"/v1/posts/{created.json()['post']['_id']}")).json()["post"]
    assert post["status"] == "published"
    assert [t["index"] for t in post["platforms"][0]["threadPosts"]] == [0, 1, 2, 3]


async def test_updates_are_checked_like_creates(client: httpx.AsyncClient) -> None:
    pin = [target("pinterest", platformSpecificData={"boardId": PINTEREST_BOARD})]
    created = await create(client, content="Pin", mediaItems=[IMG], platforms=pin, scheduledFor=future())
    post_id = created.json()["post"]["_id"]
    moved = [target("pinterest", platformSpecificData={"boardId": "board-acme-launches"})]
    assert (await client.put(f"/v1/posts/{post_id}", json={"platforms": moved})).status_code == 200
    wrong = [target("pinterest", platformSpecificData={"boardId": "nope"})]
    body = await error_of(await client.put(f"/v1/posts/{post_id}", json={"platforms": wrong}))
    assert body["details"]["field"] == "platformSpecificData.boardId"
    stored = (await client.get(f"/v1/posts/{post_id}")).json()["post"]
    assert stored["platforms"][0]["platformSpecificData"] == {"boardId": "board-acme-launches"}
