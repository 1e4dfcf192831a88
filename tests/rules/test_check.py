"""check_post as a whole: all problems at once, threads, drafts, the message, and the table's consistency."""

from __future__ import annotations

import itertools

import pytest

from late_mcp.rules import (
    PLATFORMS,
    RULE_SOURCES,
    RULES,
    MediaRef,
    Problem,
    check_post,
    format_problems,
    rules_for,
)
from late_mcp.rules.formats import FORMAT_LABELS
from late_mcp.rules.platforms import PUBLISH_TIME_RULES

from ._helpers import TIKTOK_OK, doc, gif, img, pin, t, tiktok, vid


def rules_of(problems: list[Problem]) -> list[str]:
    return [p.rule for p in problems]


# -- every problem at once ------------------------------------------------------------------------------------


def test_all_problems_of_all_platforms_at_once() -> None:
    """Rules: bluesky.max_chars, bluesky.max_images, youtube.video_required, youtube.max_title_chars,
    tiktok.consent_required, pinterest.board_required, platform.unknown."""
    problems = check_post(
        [
            t("bluesky", "x" * 301, img(5)),
            t("youtube", "description", post_title="t" * 101),
            tiktok(expressConsentGiven=None, contentPreviewConfirmed=False),
            t("pinterest", "pin", img()),
            t("myspace"),
            t("linkedin", "fine"),
        ]
    )
    assert rules_of(problems) == [
        "bluesky.max_chars",
        "bluesky.max_images",
        "youtube.video_required",
        "youtube.max_title_chars",
        "tiktok.consent_required",
        "pinterest.board_required",
        "platform.unknown",
    ]
    assert [p.platform for p in problems] == [
        "bluesky",
        "bluesky",
        "youtube",
        "youtube",
        "tiktok",
        "pinterest",
        "myspace",
    ]


def test_several_problems_on_one_target() -> None:
    """Rules: telegram.max_caption_chars, telegram.media_type, telegram.max_image_bytes, telegram.media_format."""
    big = MediaRef("https://cdn.example.com/a.png", "image", size=11 * 1024 * 1024, content_type="image/png")
    bmp = MediaRef("https://cdn.example.com/b.bmp", "image", content_type="image/bmp")
    problems = check_post([t("telegram", "x" * 1025, (big, bmp, *doc()))])
    assert sorted(rules_of(problems)) == sorted(
        ["telegram.max_caption_chars", "telegram.media_type", "telegram.max_image_bytes", "telegram.media_format"]
    )
    fields = {p.rule: p.field for p in problems}
    assert fields["telegram.max_image_bytes"] == "media[0]"
    assert fields["telegram.media_format"] == "media[1]"


def test_messages_carry_the_numbers_and_the_fix() -> None:
    """Rule bluesky.max_images: the message says the limit, the count and what to do."""
    (problem,) = check_post([t("bluesky", m=img(5))])
    assert problem.message == "Bluesky allows at most 4 images per post; this post has 5. Remove 1, or split the post."
    assert problem.field == "media"


def test_end_to_end_scenarios_refused_locally() -> None:
    """The end-to-end cases: a TikTok post missing consent, a Bluesky post with 5 images (rules
    tiktok.consent_required, bluesky.max_images)."""
    missing = {k: v for k, v in TIKTOK_OK.items() if k not in ("contentPreviewConfirmed", "expressConsentGiven")}
    problems = check_post([t("tiktok", "clip", vid(), **missing), t("bluesky", "pics", img(5))])
    assert rules_of(problems) == ["tiktok.consent_required", "bluesky.max_images"]
    assert "contentPreviewConfirmed and expressConsentGiven" in problems[0].message


# -- unknown platform ---------------------------------------------------------------------------------------


def test_unknown_platform_is_a_problem_not_an_exception() -> None:
    """Rule platform.unknown lists every valid platform."""
    (problem,) = check_post([t("X")])
    assert problem == Problem(platform="X", field="platform", message=problem.message, rule="platform.unknown")
    for name in PLATFORMS:
        assert name in problem.message


def test_rules_for_unknown_raises_with_the_valid_names() -> None:
    with pytest.raises(KeyError, match="googlebusiness"):
        rules_for("gmb")


# -- draft mode ---------------------------------------------------------------------------------------------


def test_draft_keeps_hard_limits_and_skips_publish_time_rules() -> None:
    """Rules: instagram.media_required, pinterest.board_required, tiktok.* required (skipped);
    bluesky.max_chars, snapchat.max_spotlight_chars (kept)."""
    targets = [
        t("instagram", "caption later"),
        t("pinterest", "pin"),
        t("tiktok", "later"),
        t("bluesky", "x" * 301),
        t("snapchat", "x" * 161, contentType="spotlight"),
    ]
    assert rules_of(check_post(targets, draft=True)) == ["bluesky.max_chars", "snapchat.max_spotlight_chars"]
    published = rules_of(check_post(targets))
    assert {"instagram.media_required", "pinterest.media_required", "pinterest.board_required"} <= set(published)
    assert {"tiktok.media_required", "tiktok.settings_required", "tiktok.consent_required"} <= set(published)


# -- threads ------------------------------------------------------------------------------------------------


def test_twitter_thread_items_checked_one_by_one() -> None:
    """Rules twitter.max_chars and twitter.max_images per thread item; the field names the item."""
    items = [
        {"content": "1/ fine", "mediaItems": [{"url": "https://x.example/a.jpg"}]},
        {"content": "x" * 281},
        {"content": "3/", "mediaItems": [{"url": f"https://x.example/{i}.png", "type": "image"} for i in range(5)]},
    ]
    problems = check_post([t("twitter", "", threadItems=items)])
    assert [(p.rule, p.field) for p in problems] == [
        ("twitter.max_chars", "platformSpecificData.threadItems[1].content"),
        ("twitter.max_images", "platformSpecificData.threadItems[2].mediaItems"),
    ]
    assert "thread item 2 has 281" in problems[0].message


def test_threads_and_bluesky_thread_items() -> None:
    """Rules threads.no_mixed_media, threads.max_chars, bluesky.max_chars inside threadItems."""
    threads_items = [
        {"content": "root", "mediaItems": [{"url": "https://x.example/a.jpg"}, {"url": "https://x.example/v.mp4"}]},
        {"content": "y" * 501},
    ]
    bluesky_items = [{"content": "ok"}, {"content": "z" * 301}]
    problems = check_post([t("threads", threadItems=threads_items), t("bluesky", threadItems=bluesky_items)])
    assert rules_of(problems) == ["threads.no_mixed_media", "threads.max_chars", "bluesky.max_chars"]


def test_thread_root_replaces_the_shared_text() -> None:
    """With threadItems the items are what is posted: a long shared text is not checked against the per-post limit."""
    assert check_post([t("twitter", "x" * 1000, threadItems=[{"content": "short"}, {"content": "reply"}])]) == []


def test_thread_item_media_type_inferred_from_url() -> None:
    """Rule twitter.max_videos: items without `type` are typed from the URL, as the API does."""
    items = [
        {"content": "clips", "mediaItems": [{"url": "https://x.example/a.mp4"}, {"url": "https://x.example/b.MOV?x=1"}]}
    ]
    assert rules_of(check_post([t("twitter", threadItems=items)])) == ["twitter.max_videos"]


def test_thread_items_ignored_where_the_platform_has_none() -> None:
    """LinkedIn has no threadItems: its own text and media are checked as usual."""
    assert rules_of(check_post([t("linkedin", "", threadItems=[{"content": "x"}])])) == ["post.content_required"]


# -- content types ------------------------------------------------------------------------------------------


def test_tiktok_photo_caption_is_truncated_not_refused() -> None:
    """TikTok guide: photo titles are auto-truncated to 90, so tiktok.max_chars applies to videos only."""
    assert check_post([tiktok("x" * 2201, img(3))]) == []
    assert rules_of(check_post([tiktok("x" * 2201, vid())])) == ["tiktok.max_chars"]


def test_tiktok_media_type_override_selects_photo_rules() -> None:
    """mediaType='photo' means allowDuet/allowStitch are not required (tiktok.settings_required)."""
    assert check_post([tiktok(m=img(), mediaType="photo", allowDuet=None, allowStitch=None)]) == []


def test_tiktok_settings_are_flat() -> None:
    """TikTokPlatformData: the settings are platformSpecificData's own keys; a nested tiktokSettings is not read."""
    problems = check_post([t("tiktok", "x", vid(), tiktokSettings=TIKTOK_OK)])
    assert rules_of(problems) == ["tiktok.settings_required", "tiktok.consent_required"]
    assert all(p.field == "platformSpecificData" for p in problems)


def test_tiktok_messages_name_the_levels_the_account_offers() -> None:
    """tiktok.settings_required and tiktok.privacy_level show creator-info's levels when the account gave them."""
    offered = ("PUBLIC_TO_EVERYONE", "SELF_ONLY")
    (missing,) = check_post([tiktok(privacyLevel=None, offered=offered)])
    assert "PUBLIC_TO_EVERYONE, SELF_ONLY" in missing.message
    (wrong,) = check_post([tiktok(m=img(), privacyLevel="FRIENDS", offered=offered)])
    assert "it offers PUBLIC_TO_EVERYONE, SELF_ONLY" in wrong.message


def test_instagram_has_no_reel_content_type() -> None:
    """InstagramPlatformData.contentType is "story" only: a single video without it is a Reel, never refused."""
    assert check_post([t("instagram", m=vid())]) == []


def test_snapchat_story_ignores_text() -> None:
    """Snapchat stories take no caption: any text length passes."""
    assert check_post([t("snapchat", "x" * 5000, img(), contentType="story")]) == []


def test_youtube_title_option_wins_over_post_title() -> None:
    """Rule youtube.max_title_chars checks platformSpecificData.title when set, else the post title."""
    ok = t("youtube", m=vid(), post_title="t" * 150, title="short")
    assert check_post([ok]) == []
    (problem,) = check_post([t("youtube", m=vid(), post_title="short", title="t" * 101)])
    assert (problem.rule, problem.field) == ("youtube.max_title_chars", "platformSpecificData.title")
    (problem,) = check_post([t("youtube", m=vid(), post_title="t" * 101)])
    assert (problem.rule, problem.field) == ("youtube.max_title_chars", "title")


def test_content_type_unknown_mime_parameters_ignored() -> None:
    """MIME parameters and case do not matter for the format rules."""
    m = MediaRef("https://cdn.example.com/a.jpg", "image", content_type="IMAGE/JPEG; charset=binary")
    assert check_post([t("googlebusiness", m=(m,))]) == []


# -- format_problems ----------------------------------------------------------------------------------------


def test_format_problems_groups_per_platform() -> None:
    problems = [
        Problem("bluesky", "content", "Too long.", "bluesky.max_chars"),
        Problem("youtube", "media", "Needs a video.", "youtube.video_required"),
        Problem("bluesky", "media", "Too many images.", "bluesky.max_images"),
    ]
    assert format_problems(problems) == (
        "This post would fail (3 problems on 2 platforms):\n"
        "- bluesky: Too long.\n"
        "- bluesky: Too many images.\n"
        "- youtube: Needs a video."
    )


def test_format_problems_singular_and_empty() -> None:
    one = [Problem("reddit", "media", "No videos.", "reddit.media_type")]
    assert format_problems(one) == "This post would fail (1 problem on 1 platform):\n- reddit: No videos."
    assert format_problems([]).startswith("No problems found")


# -- the table ----------------------------------------------------------------------------------------------


def test_table_has_the_13_platforms() -> None:
    assert tuple(RULES) == PLATFORMS
    assert len(PLATFORMS) == 13
    for name, rules in RULES.items():
        assert rules.platform == name
        assert rules.name
        assert rules.allowed_formats <= set(FORMAT_LABELS)
        assert ("gif" in rules.allowed_types) == (rules.gif_counts_as is not None)


def test_documents_only_on_linkedin() -> None:
    assert [name for name, r in RULES.items() if "document" in r.allowed_types] == ["linkedin"]


def test_rule_ids_are_platform_scoped() -> None:
    for rule in RULE_SOURCES:
        scope = rule.split(".", 1)[0]
        assert scope in (*PLATFORMS, "post", "platform"), rule
    assert set(PUBLISH_TIME_RULES) <= set(RULE_SOURCES)


# -- exhaustive sweep -----------------------------------------------------------------------------------------

_CONTENT_TYPES = (None, "story", "reels", "saved_story", "spotlight")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_media_combination_yields_known_rules(platform: str) -> None:
    """Up to 2 of each media kind, every content type, draft or not: never an exception, only known rule ids,
    and a rule id's scope is the platform checked."""
    seen: set[str] = set()
    for counts in itertools.product(range(3), repeat=4):
        media = img(counts[0]) + vid(counts[1]) + gif(counts[2]) + doc(counts[3])
        for content_type, draft in itertools.product(_CONTENT_TYPES, (False, True)):
            options = {} if content_type is None else {"contentType": content_type}
            for target in (t(platform, "", media, **options), t(platform, "x" * 6000, media, **options)):
                for problem in check_post([target], draft=draft):
                    assert problem.rule in RULE_SOURCES, problem
                    assert problem.rule.split(".")[0] in (platform, "post")
                    assert problem.message
                    seen.add(problem.rule)
    assert seen  # every platform has at least one rule a bad combination trips


def test_pinterest_helper_is_valid() -> None:
    """Sanity check of the test helpers used by the case table."""
    assert check_post([pin(), tiktok()]) == []
