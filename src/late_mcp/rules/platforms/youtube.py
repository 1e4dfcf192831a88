"""YouTube: one video (required), title, description, tags and first comment limits."""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

from pydantic import Field

from late_mcp.rules.formats import AVI, FLV, MOV, MP4, MPEG, THREE_GP, WEBM, WMV
from late_mcp.rules.model import GB, PlatformRules
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform, TargetCheck

#: where YouTube's tags go: the post's root `tags` ("Tags/keywords. YouTube constraints...", POST /v1/posts)
_TAGS = "tags"


class YouTubeOptions(CamelOptions):
    """YouTubePlatformData (late-sdk 1.4.1385): title ≤ 100, visibility, firstComment ≤ 10,000, labels, category,
    playlist. It has no tags: a `tags` option given here is taken off and sent as the post's root `tags`
    (see `root_tags`)."""

    title: str | None = Field(None, max_length=100)
    visibility: Literal["public", "private", "unlisted"] | None = None
    first_comment: str | None = Field(None, max_length=10_000)
    contains_synthetic_media: bool | None = None
    made_for_kids: bool | None = None
    notify_subscribers: bool | None = None
    category_id: str | None = None
    playlist_id: str | None = None


class YouTube(Platform):
    rules = PlatformRules(
        platform="youtube",
        name="YouTube",
        # YouTube guide, "Title and Description": Description 5000 characters (the content is the description)
        max_chars=5000,
        max_chars_by_type={
            "description": 5000,
            "title": 100,  # YouTube guide, "Title and Description": Title 100 characters
            "tag": 100,  # Platform Settings, YouTube: "Each tag must be ≤ 100 characters"
            "tags_total": 500,  # Platform Settings, YouTube: "Combined total across all tags ≤ 500 characters"
            "first_comment": 10_000,  # YouTube guide, "First Comment": Max 10,000 characters
        },
        # POST /v1/posts: "YouTube requires a video in mediaItems"
        media_required=True,
        # The guides give no count, but a post is one YouTube video (its title, description and thumbnail); the
        # official SDK's YouTubePlatformData speaks of "the video" throughout, and the sandbox allows one.
        max_videos=1,
        # YouTube guide, "Video Requirements" / "Supported Formats": videos only (thumbnails go in
        # MediaItem.thumbnail, not as an image item).
        allowed_types=frozenset({"video"}),
        max_video_bytes=256 * GB,  # YouTube guide, "Video Requirements": Max File Size 256 GB
        # YouTube guide, "Supported Formats": MP4, MOV, AVI, WMV, FLV, 3GP, WebM, MPEG-PS
        allowed_formats=MP4 | MOV | AVI | WMV | FLV | THREE_GP | WEBM | MPEG,
        notes=(
            "A video of <= 3 min becomes a Short.",
            "The content is the description. Title: platformSpecificData.title or the post title, defaults to "
            "the first line of content.",
            "Tags go in the post's tags (options.tags is moved there): tag limits each one, tags_total all "
            "together. first_comment is platformSpecificData.firstComment.",
        ),
    )
    sources = MappingProxyType(
        {
            "youtube.video_required": 'POST /v1/posts: "YouTube requires a video in mediaItems"',
            "youtube.max_chars": 'YouTube guide, "Title and Description": description 5000 characters',
            "youtube.max_title_chars": 'YouTube guide, "Title and Description": title 100 characters',
            "youtube.max_tag_chars": 'Platform Settings, YouTube: "Each tag must be ≤ 100 characters"',
            "youtube.max_tags_total_chars": 'Platform Settings, YouTube: "Combined total across all tags ≤ 500"',
            "youtube.max_first_comment_chars": 'YouTube guide, "First Comment": max 10,000 characters',
            "youtube.max_videos": "Late SDK, YouTubePlatformData: a post uploads one video (its title and description)",
            "youtube.media_type": 'YouTube guide, "Video Requirements": videos only',
            "youtube.media_format": 'YouTube guide, "Supported Formats"',
            "youtube.max_video_bytes": 'YouTube guide, "Video Requirements": max file size 256 GB',
        }
    )
    publish_time = frozenset({"youtube.video_required"})
    options = YouTubeOptions
    aliases = ("yt",)
    text_what = "YouTube descriptions (the post text)"

    def required_media(self, check: TargetCheck) -> None:
        if not any(m.type == "video" for m in check.t.media):
            check.add(
                "youtube.video_required",
                "media",
                "YouTube needs a video: attach one video or leave YouTube out of this post.",
                upload=True,
            )

    def check_options(self, check: TargetCheck) -> None:
        self.check_title(check)
        by = self.rules.max_chars_by_type
        tags = check.t.tags
        if tags:
            texts = [str(tag) for tag in tags]
            long = [tag for tag in texts if len(tag) > by["tag"]]
            if long:
                check.add(
                    "youtube.max_tag_chars",
                    _TAGS,
                    f"YouTube tags can be at most "
                    f"{by['tag']} characters each; {len(long)} tag(s) are longer (first: {long[0][:30]!r}..., "
                    f"{len(long[0])} characters). Shorten or drop them.",
                )
            total = sum(len(tag) for tag in dict.fromkeys(texts))  # duplicates are removed by the API
            if total > by["tags_total"]:
                check.add(
                    "youtube.max_tags_total_chars",
                    _TAGS,
                    f"YouTube tags together can be "
                    f"at most {by['tags_total']} characters; these total {total}. Drop "
                    f"{total - by['tags_total']}+ characters of tags.",
                )
        comment = check.opts.get("firstComment")
        if isinstance(comment, str) and len(comment) > by["first_comment"]:
            check.add(
                "youtube.max_first_comment_chars",
                "platformSpecificData.firstComment",
                f"YouTube first "
                f"comments can be at most {by['first_comment']} characters; this one has {len(comment)}. "
                "Shorten it.",
            )


PLATFORM = YouTube()
