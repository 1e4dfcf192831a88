"""Every pre-flight rule: one failing and one passing case each, named by rule id.

The numbers here are typed in from the guides, not read from the table, so a wrong table entry fails a test.
A failing case must produce exactly its rule (nothing else); a passing case must produce no problem at all.
"""

from __future__ import annotations

from typing import Any

import pytest

from late_mcp.rules import RULE_SOURCES, TargetDraft, check_post
from late_mcp.rules.platforms import PUBLISH_TIME_RULES

from ._helpers import GB, MB, doc, gif, img, pin, t, tiktok, vid

STORY: dict[str, Any] = {"contentType": "story"}
X = "x"


def case(rule: str, fail: TargetDraft, ok: TargetDraft, variant: str = "") -> object:
    """One row: the rule id, a target breaking it, a near-identical target that passes."""
    return pytest.param(rule, fail, ok, id=rule + (f"[{variant}]" if variant else ""))


CASES = [
    # -- generic --------------------------------------------------------------------------------------------
    case("platform.unknown", t("myspace"), t("bluesky")),
    case("post.content_required", t("linkedin", ""), t("linkedin", "hi")),
    case("post.content_required", t("twitter", "   "), t("twitter", "", img()), "whitespace-vs-media"),
    # -- Twitter/X ------------------------------------------------------------------------------------------
    case("twitter.max_chars", t("twitter", X * 281), t("twitter", X * 280)),
    case("twitter.max_images", t("twitter", m=img(5)), t("twitter", m=img(4))),
    case("twitter.max_videos", t("twitter", m=vid(2)), t("twitter", m=vid(1))),
    case("twitter.no_mixed_media", t("twitter", m=img() + vid()), t("twitter", m=img(4))),
    case("twitter.gif_alone", t("twitter", m=gif() + img()), t("twitter", m=gif())),
    case("twitter.gif_alone", t("twitter", m=gif(2)), t("twitter", m=img(2)), "two-gifs"),
    case("twitter.media_type", t("twitter", m=doc()), t("twitter", m=img())),
    case("twitter.media_format", t("twitter", m=img(ct="image/bmp")), t("twitter", m=img(ct="image/webp"))),
    case("twitter.max_gif_bytes", t("twitter", m=gif(size=15 * MB + 1)), t("twitter", m=gif(size=15 * MB))),
    case("twitter.max_video_bytes", t("twitter", m=vid(size=512 * MB + 1)), t("twitter", m=vid(size=512 * MB))),
    # -- Instagram ------------------------------------------------------------------------------------------
    case("instagram.max_chars", t("instagram", X * 2201, img()), t("instagram", X * 2200, img())),
    case("instagram.media_required", t("instagram"), t("instagram", m=img())),
    case("instagram.max_media_items", t("instagram", m=img(6) + vid(5)), t("instagram", m=img(5) + vid(5))),
    case("instagram.story_single_media", t("instagram", m=img(2), **STORY), t("instagram", m=img(1), **STORY)),
    case("instagram.media_type", t("instagram", m=gif()), t("instagram", m=img())),
    case("instagram.media_format", t("instagram", m=img(ct="image/webp")), t("instagram", m=img(ct="image/png"))),
    case(
        "instagram.max_collaborators",
        t("instagram", m=img(), collaborators=["a", "b", "c", "d"]),
        t("instagram", m=img(), collaborators=["a", "b", "c"]),
    ),
    case(
        "instagram.trial_reels_video_only",
        t("instagram", m=img(), trialParams={"graduationStrategy": "MANUAL"}),
        t("instagram", m=vid(), trialParams={"graduationStrategy": "MANUAL"}),
    ),
    # -- Facebook -------------------------------------------------------------------------------------------
    case("facebook.max_chars", t("facebook", X * 63_207), t("facebook", X * 63_206)),
    case("facebook.max_images", t("facebook", m=img(11)), t("facebook", m=img(10))),
    case("facebook.max_videos", t("facebook", m=vid(2)), t("facebook", m=vid(1))),
    case("facebook.no_mixed_media", t("facebook", m=img() + vid()), t("facebook", m=img(2))),
    case("facebook.no_mixed_media", t("facebook", m=img() + gif()), t("facebook", m=gif()), "gif-is-video"),
    case("facebook.story_media_required", t("facebook", **STORY), t("facebook", m=img(), **STORY)),
    case("facebook.story_single_media", t("facebook", m=img(2), **STORY), t("facebook", m=vid(), **STORY)),
    case("facebook.media_type", t("facebook", m=doc()), t("facebook", m=img())),
    case(
        "facebook.media_format",
        t("facebook", m=img(ct="image/webp"), **STORY),
        t("facebook", m=img(ct="image/webp")),
        "story-jpeg-png-only",
    ),
    case("facebook.media_format", t("facebook", m=img(ct="image/bmp")), t("facebook", m=img(ct="image/gif")), "feed"),
    case("facebook.max_image_bytes", t("facebook", m=img(size=10 * MB + 1)), t("facebook", m=img(size=10 * MB))),
    case("facebook.max_video_bytes", t("facebook", m=vid(size=4 * GB + 1)), t("facebook", m=vid(size=4 * GB))),
    case(
        "facebook.first_comment_story",
        t("facebook", m=img(), firstComment="link", **STORY),
        t("facebook", m=img(), firstComment="link"),
    ),
    # -- LinkedIn -------------------------------------------------------------------------------------------
    case("linkedin.max_chars", t("linkedin", X * 3001), t("linkedin", X * 3000)),
    case("linkedin.max_images", t("linkedin", m=img(21)), t("linkedin", m=img(20))),
    case("linkedin.max_videos", t("linkedin", m=vid(2)), t("linkedin", m=vid(1))),
    case("linkedin.max_videos", t("linkedin", m=vid() + gif()), t("linkedin", m=gif()), "gif-counts-as-video"),
    case("linkedin.max_documents", t("linkedin", m=doc(2)), t("linkedin", m=doc(1))),
    case("linkedin.no_mixed_media", t("linkedin", m=doc() + img()), t("linkedin", m=doc())),
    case("linkedin.no_mixed_media", t("linkedin", m=img() + vid()), t("linkedin", m=img(3)), "image-video"),
    case(
        "linkedin.media_format",
        t("linkedin", m=doc(ct="application/zip")),
        t("linkedin", m=doc(ct="application/pdf")),
    ),
    case("linkedin.max_image_bytes", t("linkedin", m=img(size=8 * MB + 1)), t("linkedin", m=img(size=8 * MB))),
    case("linkedin.max_video_bytes", t("linkedin", m=vid(size=5 * GB + 1)), t("linkedin", m=vid(size=5 * GB))),
    case(
        "linkedin.max_document_bytes",
        t("linkedin", m=doc(size=100 * MB + 1)),
        t("linkedin", m=doc(size=100 * MB)),
    ),
    # -- TikTok ---------------------------------------------------------------------------------------------
    case("tiktok.media_required", tiktok(m=()), tiktok()),
    case("tiktok.max_chars", tiktok(X * 2201), tiktok(X * 2200)),
    case("tiktok.max_description_chars", tiktok(m=img(), description=X * 4001), tiktok(m=img(), description=X * 4000)),
    case("tiktok.max_images", tiktok(m=img(36)), tiktok(m=img(35))),
    case("tiktok.max_videos", tiktok(m=vid(2)), tiktok(m=vid(1))),
    case("tiktok.no_mixed_media", tiktok(m=img() + vid()), tiktok(m=vid())),
    case("tiktok.media_type", tiktok(m=gif()), tiktok(m=img())),
    case("tiktok.media_format", tiktok(m=vid(ct="video/x-msvideo")), tiktok(m=vid(ct="video/webm"))),
    case("tiktok.max_image_bytes", tiktok(m=img(size=20 * MB + 1)), tiktok(m=img(size=20 * MB))),
    case("tiktok.max_video_bytes", tiktok(m=vid(size=4 * GB + 1)), tiktok(m=vid(size=4 * GB))),
    case("tiktok.consent_required", tiktok(expressConsentGiven=False), tiktok(expressConsentGiven=True)),
    case(
        "tiktok.consent_required",
        tiktok(contentPreviewConfirmed=None),
        tiktok(contentPreviewConfirmed=True),
        "missing",
    ),
    case("tiktok.settings_required", tiktok(privacyLevel=None), tiktok(privacyLevel="PUBLIC_TO_EVERYONE")),
    case(
        "tiktok.settings_required",
        tiktok(allowDuet=None, allowStitch=None),
        tiktok(m=img(), allowDuet=None, allowStitch=None),
        "duet-stitch-videos-only",
    ),
    case(
        "tiktok.privacy_level",
        tiktok(m=img(), privacyLevel="FOLLOWER_OF_CREATOR", offered=("PUBLIC_TO_EVERYONE", "SELF_ONLY")),
        tiktok(m=img(), privacyLevel="SELF_ONLY", offered=("PUBLIC_TO_EVERYONE", "SELF_ONLY")),
    ),
    case("tiktok.video_public_only", tiktok(privacyLevel="SELF_ONLY"), tiktok(privacyLevel="SELF_ONLY", draft=True)),
    case("tiktok.location_name", tiktok(locationId="1"), tiktok(locationId="1", locationName="Berlin")),
    # -- YouTube --------------------------------------------------------------------------------------------
    case("youtube.video_required", t("youtube"), t("youtube", m=vid())),
    case("youtube.max_chars", t("youtube", X * 5001, vid()), t("youtube", X * 5000, vid())),
    case(
        "youtube.max_title_chars",
        t("youtube", m=vid(), post_title=X * 101),
        t("youtube", m=vid(), post_title=X * 100),
    ),
    case(
        "youtube.max_title_chars",
        t("youtube", m=vid(), title=X * 101),
        t("youtube", m=vid(), title=X * 100),
        "platformSpecificData.title",
    ),
    case(
        "youtube.max_tag_chars",
        t("youtube", m=vid(), post_tags=(X * 101,)),
        t("youtube", m=vid(), post_tags=(X * 100,)),
    ),
    case(
        "youtube.max_tags_total_chars",
        t("youtube", m=vid(), post_tags=tuple(c * 100 for c in "abcdef")),
        t("youtube", m=vid(), post_tags=tuple(c * 100 for c in "abcde")),
    ),
    case(
        "youtube.max_tags_total_chars",
        t("youtube", m=vid(), post_tags=tuple(c * 100 for c in "abcdef")),
        t("youtube", m=vid(), post_tags=("a" * 100,) * 6),
        "duplicates-removed",
    ),
    case(
        "youtube.max_first_comment_chars",
        t("youtube", m=vid(), firstComment=X * 10_001),
        t("youtube", m=vid(), firstComment=X * 10_000),
    ),
    case("youtube.max_videos", t("youtube", m=vid(2)), t("youtube", m=vid(1))),
    case("youtube.media_type", t("youtube", m=vid() + img()), t("youtube", m=vid())),
    case("youtube.media_format", t("youtube", m=vid(ct="video/x-matroska")), t("youtube", m=vid(ct="video/3gpp"))),
    case("youtube.max_video_bytes", t("youtube", m=vid(size=256 * GB + 1)), t("youtube", m=vid(size=256 * GB))),
    # -- Pinterest ------------------------------------------------------------------------------------------
    case("pinterest.media_required", pin(m=()), pin()),
    case("pinterest.max_images", pin(m=img(2)), pin(m=img(1))),
    case("pinterest.max_videos", pin(m=vid(2)), pin(m=vid(1))),
    case("pinterest.no_mixed_media", pin(m=img() + vid()), pin(m=vid())),
    case("pinterest.board_required", t("pinterest", m=img()), pin()),
    case("pinterest.board_required", pin(boardId="  "), pin(boardId="b"), "blank"),
    case("pinterest.max_title_chars", pin(title=X * 101), pin(title=X * 100)),
    case(
        "pinterest.max_title_chars",
        t("pinterest", m=img(), boardId="b", post_title=X * 101),
        t("pinterest", m=img(), boardId="b", post_title=X * 100),
        "post-title",
    ),
    case("pinterest.media_type", pin(m=doc()), pin(m=gif())),
    case("pinterest.media_format", pin(m=img(ct="image/bmp")), pin(m=img(ct="image/webp"))),
    case("pinterest.max_image_bytes", pin(m=img(size=32 * MB + 1)), pin(m=img(size=32 * MB))),
    case("pinterest.max_image_bytes", pin(m=gif(size=32 * MB + 1)), pin(m=gif(size=32 * MB)), "gif-as-image"),
    case("pinterest.max_video_bytes", pin(m=vid(size=2 * GB + 1)), pin(m=vid(size=2 * GB))),
    # -- Reddit ---------------------------------------------------------------------------------------------
    case("reddit.max_chars", t("reddit", X * 40_001), t("reddit", X * 40_000)),
    case("reddit.max_images", t("reddit", m=img(2)), t("reddit", m=img(1))),
    case("reddit.max_videos", t("reddit", m=vid(2)), t("reddit", m=vid(1))),
    case("reddit.no_mixed_media", t("reddit", m=img() + vid()), t("reddit", m=vid())),
    case("reddit.media_type", t("reddit", m=doc()), t("reddit", m=gif())),
    case("reddit.media_format", t("reddit", m=img(ct="image/webp")), t("reddit", m=img(ct="image/gif"))),
    case("reddit.max_image_bytes", t("reddit", m=img(size=20 * MB + 1)), t("reddit", m=img(size=20 * MB))),
    case("reddit.max_title_chars", t("reddit", title=X * 301), t("reddit", title=X * 300)),
    case("reddit.max_title_chars", t("reddit", post_title=X * 301), t("reddit", post_title=X * 300), "post-title"),
    # -- Bluesky --------------------------------------------------------------------------------------------
    case("bluesky.max_chars", t("bluesky", X * 301), t("bluesky", X * 300)),
    case("bluesky.max_images", t("bluesky", m=img(5)), t("bluesky", m=img(4))),
    case("bluesky.max_videos", t("bluesky", m=vid(2)), t("bluesky", m=vid(1))),
    case("bluesky.no_mixed_media", t("bluesky", m=img() + vid()), t("bluesky", m=img(4))),
    case("bluesky.media_type", t("bluesky", m=doc()), t("bluesky", m=img())),
    case("bluesky.media_format", t("bluesky", m=vid(ct="video/quicktime")), t("bluesky", m=vid(ct="video/mp4"))),
    case("bluesky.max_video_bytes", t("bluesky", m=vid(size=50 * MB + 1)), t("bluesky", m=vid(size=50 * MB))),
    # -- Threads --------------------------------------------------------------------------------------------
    case("threads.max_chars", t("threads", X * 501), t("threads", X * 500)),
    case("threads.max_images", t("threads", m=img(11)), t("threads", m=img(10))),
    case("threads.max_videos", t("threads", m=vid(2)), t("threads", m=vid(1))),
    case("threads.no_mixed_media", t("threads", m=img() + vid()), t("threads", m=vid())),
    case("threads.media_type", t("threads", m=doc()), t("threads", m=gif())),
    case("threads.media_format", t("threads", m=img(ct="image/bmp")), t("threads", m=img(ct="image/webp"))),
    case("threads.max_image_bytes", t("threads", m=img(size=8 * MB + 1)), t("threads", m=img(size=8 * MB))),
    case("threads.max_video_bytes", t("threads", m=vid(size=1 * GB + 1)), t("threads", m=vid(size=1 * GB))),
    # -- Google Business ------------------------------------------------------------------------------------
    case("googlebusiness.max_chars", t("googlebusiness", X * 1501), t("googlebusiness", X * 1500)),
    case("googlebusiness.max_images", t("googlebusiness", m=img(2)), t("googlebusiness", m=img(1))),
    case("googlebusiness.media_type", t("googlebusiness", m=vid()), t("googlebusiness", m=img())),
    case(
        "googlebusiness.media_format",
        t("googlebusiness", m=img(ct="image/webp")),
        t("googlebusiness", m=img(ct="image/jpeg")),
    ),
    case(
        "googlebusiness.max_image_bytes",
        t("googlebusiness", m=img(size=5 * MB + 1)),
        t("googlebusiness", m=img(size=5 * MB)),
    ),
    case(
        "googlebusiness.https_media",
        t("googlebusiness", m=img(url="http://example.com/image.jpg")),
        t("googlebusiness", m=img(url="https://example.com/image.jpg")),
    ),
    # -- Telegram -------------------------------------------------------------------------------------------
    case("telegram.max_chars", t("telegram", X * 4097), t("telegram", X * 4096)),
    case("telegram.max_caption_chars", t("telegram", X * 1025, img()), t("telegram", X * 1024, img())),
    case("telegram.max_images", t("telegram", m=img(11)), t("telegram", m=img(10))),
    case("telegram.max_videos", t("telegram", m=vid(11)), t("telegram", m=vid(10))),
    case("telegram.max_media_items", t("telegram", m=img(6) + vid(5)), t("telegram", m=img(5) + vid(5))),
    case("telegram.media_type", t("telegram", m=doc()), t("telegram", m=img())),
    case("telegram.media_format", t("telegram", m=vid(ct="video/webm")), t("telegram", m=vid(ct="video/quicktime"))),
    case("telegram.max_image_bytes", t("telegram", m=img(size=10 * MB + 1)), t("telegram", m=img(size=10 * MB))),
    case("telegram.max_video_bytes", t("telegram", m=vid(size=50 * MB + 1)), t("telegram", m=vid(size=50 * MB))),
    # -- Snapchat -------------------------------------------------------------------------------------------
    case("snapchat.media_required", t("snapchat"), t("snapchat", m=img())),
    case("snapchat.max_media_items", t("snapchat", m=img(2)), t("snapchat", m=img(1))),
    case("snapchat.max_media_items", t("snapchat", m=img() + vid()), t("snapchat", m=vid()), "image-and-video"),
    case(
        "snapchat.max_saved_story_chars",
        t("snapchat", X * 46, img(), contentType="saved_story"),
        t("snapchat", X * 45, img(), contentType="saved_story"),
    ),
    case(
        "snapchat.max_spotlight_chars",
        t("snapchat", X * 161, vid(), contentType="spotlight"),
        t("snapchat", X * 160, vid(), contentType="spotlight"),
    ),
    case(
        "snapchat.max_spotlight_chars",
        t("snapchat", X * 161, vid(), contentType="spotlight"),
        t("snapchat", X * 500, vid()),
        "story-has-no-caption",
    ),
    case(
        "snapchat.spotlight_video",
        t("snapchat", m=img(), contentType="spotlight"),
        t("snapchat", m=vid(), contentType="spotlight"),
    ),
    case("snapchat.media_type", t("snapchat", m=gif()), t("snapchat", m=img())),
    case("snapchat.media_format", t("snapchat", m=vid(ct="video/quicktime")), t("snapchat", m=vid(ct="video/mp4"))),
    case("snapchat.max_image_bytes", t("snapchat", m=img(size=20 * MB + 1)), t("snapchat", m=img(size=20 * MB))),
    case("snapchat.max_video_bytes", t("snapchat", m=vid(size=500 * MB + 1)), t("snapchat", m=vid(size=500 * MB))),
]


@pytest.mark.parametrize(("rule", "fail", "ok"), CASES)
def test_failing_case(rule: str, fail: TargetDraft, ok: TargetDraft) -> None:
    problems = check_post([fail])
    assert [p.rule for p in problems] == [rule], problems
    (problem,) = problems
    assert problem.platform == fail.platform
    assert problem.field
    assert problem.message.endswith(".")


@pytest.mark.parametrize(("rule", "fail", "ok"), CASES)
def test_passing_case(rule: str, fail: TargetDraft, ok: TargetDraft) -> None:
    assert check_post([ok]) == []


@pytest.mark.parametrize(("rule", "fail", "ok"), CASES)
def test_draft_skips_only_publish_time_rules(rule: str, fail: TargetDraft, ok: TargetDraft) -> None:
    expected = [] if rule in PUBLISH_TIME_RULES else [rule]
    assert [p.rule for p in check_post([fail], draft=True)] == expected


def test_every_rule_has_cases() -> None:
    covered = {p.values[0] for p in CASES}  # type: ignore[attr-defined]
    assert covered == set(RULE_SOURCES)
    assert set(PUBLISH_TIME_RULES) <= set(RULE_SOURCES)
