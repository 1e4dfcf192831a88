"""Each platform's options (a target's platformSpecificData) against its *PlatformData model in the SDK.

Our option models forbid unknown keys, so a field we lack is refused before any call: the names must be the SDK's,
all of them. A sample setting every field goes through the same parsing the tools use, and what would be sent
validates with the SDK's model with extras forbidden.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from pydantic import BaseModel

from late_mcp.rules import PLATFORMS
from late_mcp.tools.posts.targets import target_options, youtube_tags

from ._table import PLATFORM_DATA

# One sample per platform setting every field of its *PlatformData (camelCase, as the API names them).
SAMPLES: dict[str, dict[str, Any]] = {
    "twitter": {
        "threadItems": [{"content": "One"}, {"content": "Two"}],
        "article": None,
        "replyToTweetId": "1790000000000000000",
        "quoteTweetId": "1790000000000000001",
        "replySettings": "following",
        "poll": {"options": ["Yes", "No"], "duration_minutes": 60},
        "longVideo": False,
        "geoRestriction": {"countries": ["US", "DE"]},
        "paidPartnership": False,
        "madeWithAi": False,
        "sensitiveMedia": {"adultContent": False},
        "mediaTaggedUsers": ["@acme"],
    },
    "instagram": {
        "contentType": "story",
        "shareToFeed": True,
        "collaborators": ["friend"],
        "firstComment": "First!",
        "trialParams": {"graduationStrategy": "MANUAL"},
        "userTags": [{"username": "friend", "x": 0.5, "y": 0.5, "mediaIndex": 0}],
        "audioName": "Original audio",
        "audioConfiguration": {"audioId": "123", "audioVolume": 50, "videoVolume": 50},
        "muteAudio": False,
        "thumbOffset": 1500,
        "instagramThumbnail": "https://cdn.example.com/thumb.jpg",
        "reelCover": "https://cdn.example.com/cover.jpg",
        "isAiGenerated": False,
        "isPaidPartnership": False,
        "brandedContentSponsors": ["sponsor"],
        "commentsEnabled": True,
        "locationId": "123456",
    },
    "facebook": {
        "contentType": "reel",
        "title": "Reel title",
        "firstComment": "First!",
        "pageId": "page-1",
        "geoRestriction": {"countries": ["US"]},
        "facebookSettings": {"draft": False, "carouselLink": "https://acme.example/"},
    },
    "linkedin": {
        "documentTitle": "Deck",
        "organizationUrn": "urn:li:organization:1",
        "firstComment": "First!",
        "disableLinkPreview": True,
        "audience": {"countries": ["US"]},
        "reshareUrl": "https://www.linkedin.com/feed/update/urn:li:share:1",
        "geoRestriction": {"countries": ["US"]},
        "poll": {"question": "Which?", "options": ["A", "B"]},
    },
    "tiktok": {
        "draft": False,
        "privacyLevel": "PUBLIC_TO_EVERYONE",
        "allowComment": True,
        "allowDuet": False,
        "allowStitch": False,
        "commercialContentType": "none",
        "brandPartnerPromote": False,
        "isBrandOrganicPost": False,
        "contentPreviewConfirmed": True,
        "expressConsentGiven": True,
        "mediaType": "video",
        "videoCoverTimestampMs": 1000,
        "videoCoverImageUrl": "https://cdn.example.com/cover.jpg",
        "photoCoverIndex": 0,
        "autoAddMusic": False,
        "musicSoundInfo": {"musicSoundId": "m1", "musicSoundVolume": 50},
        "videoOriginalSoundVolume": 80,
        "videoMadeWithAi": False,
        "locationId": "loc-1",
        "locationName": "Berlin",
        "isAdsOnly": False,
        "description": "Long description",
    },
    "youtube": {
        "title": "Video title",
        "visibility": "unlisted",
        "madeForKids": False,
        "firstComment": "Thanks!",
        "containsSyntheticMedia": False,
        "notifySubscribers": True,
        "categoryId": "22",
        "playlistId": "PL123",
    },
    "pinterest": {
        "title": "Pin title",
        "boardId": "board-acme-inspiration",
        "boardSectionId": "section-1",
        "link": "https://acme.example/",
        "coverImageUrl": "https://cdn.example.com/cover.jpg",
        "coverImageKeyFrameTime": 2,
        "isAiGenerated": False,
    },
    "reddit": {
        "subreddit": "test",
        "title": "Reddit title",
        "url": "https://acme.example/",
        "forceSelf": False,
        "flairId": "f1",
        "flairText": "News",
        "nsfw": False,
        "spoiler": False,
        "sendreplies": True,
        "nativeVideo": True,
        "videogif": False,
        "videoPosterUrl": "https://cdn.example.com/poster.jpg",
    },
    "bluesky": {"threadItems": [{"content": "One"}], "langs": ["en"]},
    "threads": {"threadItems": [{"content": "One"}], "topic_tag": "design", "firstComment": "First!"},
    "googlebusiness": {
        "locationId": "locations/123",
        "languageCode": "en",
        "topicType": "EVENT",
        "callToAction": {"type": "LEARN_MORE", "url": "https://acme.example/"},
        "event": {
            "title": "Open day",
            "schedule": {
                "startDate": {"year": 2099, "month": 1, "day": 1},
                "endDate": {"year": 2099, "month": 1, "day": 2},
            },
        },
        "offer": {"couponCode": "SAVE10"},
    },
    "telegram": {
        "parseMode": "HTML",
        "disableWebPagePreview": True,
        "disableNotification": False,
        "protectContent": False,
    },
    "snapchat": {"contentType": "spotlight"},
}


def _names(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


def test_every_platform_has_its_sdk_model() -> None:
    assert set(PLATFORM_DATA) == set(PLATFORMS) == set(SAMPLES)


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_our_option_names_are_the_sdk_fields(platform: str) -> None:
    ours = importlib.import_module(f"late_mcp.rules.platforms.{platform}").PLATFORM.options
    assert _names(ours) == _names(PLATFORM_DATA[platform])


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_a_sample_of_every_field_is_sent_as_the_sdk_reads_it(platform: str) -> None:
    sample = {k: v for k, v in SAMPLES[platform].items() if v is not None}
    sent = target_options(platform, sample, title="")
    model = PLATFORM_DATA[platform]
    model.model_validate(sent, extra="forbid")
    # every field the model has was exercised (the article of X is an object of its own, left out here)
    assert _names(model) - set(sent) <= ({"article"} if platform == "twitter" else set())


def test_youtube_tags_go_to_the_post_root() -> None:
    # YouTubePlatformData has no tags: given among the options, they leave platformSpecificData for the root `tags`
    raw = {"title": "T", "tags": ["studio", "tour"]}
    sent = target_options("youtube", raw, title="")
    assert "tags" not in sent
    PLATFORM_DATA["youtube"].model_validate(sent, extra="forbid")
    assert youtube_tags("youtube", raw) == ("studio", "tour")


@pytest.mark.parametrize("platform", ["youtube", "pinterest", "reddit"])
def test_the_title_asked_for_is_the_platforms_own_title(platform: str) -> None:
    # the post's root title is "stored ... for reference/display only" (Post.title); these platforms read
    # platformSpecificData.title, each "defaults to the first line of content" without it
    sent = target_options(platform, {}, title="Desks")
    assert sent == {"title": "Desks"}
    PLATFORM_DATA[platform].model_validate(sent, extra="forbid")
    assert target_options(platform, {"title": "Own"}, title="Desks")["title"] == "Own"
    assert "title" not in target_options("linkedin", {}, title="Desks")


def test_tiktok_older_nested_settings_are_sent_flat() -> None:
    nested = {"tiktokSettings": {"privacy_level": "SELF_ONLY", "allow_comment": True}}
    sent = target_options("tiktok", nested, title="")
    assert sent == {"privacyLevel": "SELF_ONLY", "allowComment": True}
    PLATFORM_DATA["tiktok"].model_validate(sent, extra="forbid")
