"""Reddit: text, link, single-image or single-video posts; a subreddit and a title."""

from __future__ import annotations

from types import MappingProxyType

from pydantic import Field

from late_mcp.rules.formats import GIF, JPEG, MOV, MP4, PNG
from late_mcp.rules.model import MB, PlatformRules
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform, TargetCheck


class RedditOptions(CamelOptions):
    """RedditPlatformData (late-sdk 1.4.1385): the subreddit, title, link or self post, flair and labels."""

    subreddit: str | None = None
    title: str | None = Field(None, max_length=300)
    url: str | None = None
    force_self: bool | None = None
    flair_id: str | None = None
    flair_text: str | None = None
    nsfw: bool | None = None
    spoiler: bool | None = None
    sendreplies: bool | None = None
    native_video: bool | None = None
    videogif: bool | None = None
    video_poster_url: str | None = None


class Reddit(Platform):
    rules = PlatformRules(
        platform="reddit",
        name="Reddit",
        # The Reddit guide states no text limit; 40,000 characters is Reddit's own limit for a self post's body
        # (the sandbox enforces it too).
        max_chars=40_000,
        # RedditPlatformData.title: max_length 300 (also in RedditOptions); checked here for the post's title,
        # which the posting tools send as that option
        max_chars_by_type={"title": 300},
        max_images=1,  # Reddit guide, "Image Requirements": Max Images 1 per post
        # The Reddit guide says "Video posts (not supported via API)", but today's API uploads native video: the
        # official SDK (late-sdk 1.4.1385, RedditPlatformData) "Posts are either link (with URL/media), native
        # video (via nativeVideo), or self (text-only)". So one video, never with an image.
        max_videos=1,
        allows_mixed_media=False,
        allowed_types=frozenset({"image", "gif", "video"}),
        max_image_bytes=20 * MB,  # Reddit guide, "Image Requirements": Max File Size 20 MB (GIFs "Max 20 MB")
        gif_counts_as="image",
        # Reddit guide: images JPEG, PNG, GIF; videos MP4 and MOV, the formats Reddit's own upload takes
        # (the SDK: "Reddit transcodes server-side").
        allowed_formats=JPEG | PNG | GIF | MP4 | MOV,
        notes=(
            "Text, link, single-image or single native video posts (Reddit guide; native video per the Late "
            "SDK's RedditPlatformData).",
            "With a link, the content becomes the post title.",
        ),
    )
    sources = MappingProxyType(
        {
            "reddit.max_chars": "Reddit's own self-post limit, 40,000 characters (the guide gives none)",
            "reddit.max_images": 'Reddit guide, "Image Requirements": max 1 image per post',
            "reddit.max_videos": 'Late SDK, RedditPlatformData: a post is a link, one "native video", or self',
            "reddit.no_mixed_media": 'Late SDK, RedditPlatformData: "link (with URL/media), native video ..., or self"',
            "reddit.media_type": "Reddit guide: images and GIFs; Late SDK RedditPlatformData: native video",
            "reddit.media_format": "Reddit guide: JPEG, PNG, GIF; MP4, MOV for native video",
            "reddit.max_image_bytes": 'Reddit guide, "Image Requirements" / "GIF Support": max 20 MB',
            "reddit.max_title_chars": "Late SDK, RedditPlatformData.title: max 300 characters",
        }
    )
    options = RedditOptions

    def check_options(self, check: TargetCheck) -> None:
        self.check_title(check)


PLATFORM = Reddit()
