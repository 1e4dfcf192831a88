"""Facebook: feed posts of up to 10 images or 1 video, never mixed; stories of exactly one item."""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

from pydantic import Field

from late_mcp.rules.formats import GIF, JPEG, MOV, MP4, PNG, WEBP
from late_mcp.rules.model import GB, MB, PlatformRules
from late_mcp.rules.options import CamelOptions, GeoRestriction
from late_mcp.rules.spec import Platform, TargetCheck

# Facebook guide, "Image Requirements": Story formats JPEG, PNG ("Video Requirements": Story MP4, MOV).
STORY_FORMATS = JPEG | PNG | MP4 | MOV


class CarouselCard(CamelOptions):
    link: str
    name: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=255)


class FacebookSettings(CamelOptions):
    """FacebookSettings: a Page draft, link carousels and a text format preset."""

    draft: bool | None = None
    carousel_cards: list[CarouselCard] | None = None
    carousel_link: str | None = None
    text_format_preset_id: str | None = Field(None, pattern=r"^\d+$")


class FacebookOptions(CamelOptions):
    """FacebookPlatformData (late-sdk 1.4.1385); Facebook guide: Pages, Stories, Reels."""

    content_type: Literal["story", "reel"] | None = None
    title: str | None = None  # a Reel's title
    first_comment: str | None = None
    page_id: str | None = None
    geo_restriction: GeoRestriction | None = None
    facebook_settings: FacebookSettings | None = None


class Facebook(Platform):
    rules = PlatformRules(
        platform="facebook",
        name="Facebook",
        # The Facebook guide states no text limit; the official SDK (late-sdk 1.4.1385) gives Facebook 63206
        # (CrossPosterPipeline.CHAR_LIMITS), Facebook's own post limit.
        max_chars=63206,
        media_required=False,  # feed posts may be text-only; stories require media (see checks)
        max_images=10,  # Facebook guide, "Image Requirements": Feed Post Max Images 10
        max_videos=1,  # Facebook guide, "Video Requirements": Feed Video Max Videos 1
        # Facebook guide, "Multi-Image Posts": "You cannot mix images and videos in the same post."
        allows_mixed_media=False,
        allowed_types=frozenset({"image", "video", "gif"}),
        max_image_bytes=10 * MB,  # Facebook guide, "Image Requirements": Max File Size 10 MB
        max_video_bytes=4 * GB,  # Facebook guide, "Video Requirements": Max File Size 4 GB
        # Facebook guide, "GIF Support": "Treated as videos internally" ("Max 25 MB recommended": not enforced)
        gif_counts_as="video",
        # Facebook guide: feed images JPEG, PNG, GIF, WebP; videos MP4, MOV
        allowed_formats=JPEG | PNG | GIF | WEBP | MP4 | MOV,
        notes=(
            "Limits above are for feed posts. A story (contentType 'story') takes exactly one JPEG/PNG image or "
            "MP4/MOV video; its text is not shown.",
            "First comments don't work with Stories.",
        ),
    )
    sources = MappingProxyType(
        {
            "facebook.max_chars": "Late SDK, CrossPosterPipeline.CHAR_LIMITS: Facebook 63206 (the guide gives none)",
            "facebook.max_images": 'Facebook guide, "Image Requirements": feed max 10 images',
            "facebook.max_videos": 'Facebook guide, "Video Requirements": max 1 video',
            "facebook.no_mixed_media": 'Facebook guide: "You cannot mix images and videos in the same post"',
            "facebook.story_media_required": 'POST /v1/posts: "Facebook Stories require media"',
            "facebook.story_single_media": 'POST /v1/posts: Stories take a "single image or video"',
            "facebook.media_type": "Facebook guide: images, videos and GIFs only",
            "facebook.media_format": "Facebook guide: feed JPEG, PNG, GIF, WebP; story JPEG, PNG; MP4, MOV",
            "facebook.max_image_bytes": 'Facebook guide, "Image Requirements": max file size 10 MB',
            "facebook.max_video_bytes": 'Facebook guide, "Video Requirements": max file size 4 GB',
            "facebook.first_comment_story": 'Facebook guide, "First Comment": first comments don\'t work with Stories',
        }
    )
    publish_time = frozenset({"facebook.story_media_required"})
    options = FacebookOptions
    aliases = ("fb",)

    def variant(self, check: TargetCheck) -> str:
        return "story" if check.opts.get("contentType") == "story" else "feed"

    def media_cap(self, check: TargetCheck) -> tuple[int | None, str, str]:
        return self.story_cap(check)

    def formats(self, check: TargetCheck) -> tuple[frozenset[str], str]:
        if check.variant == "story":
            return STORY_FORMATS, "Facebook stories accept"
        return super().formats(check)

    def required_media(self, check: TargetCheck) -> None:
        if check.variant != "story":
            super().required_media(check)
        elif not check.t.media:
            check.add(
                "facebook.story_media_required",
                "media",
                "A Facebook story needs one image or video; "
                "attach one, or drop contentType 'story' to make a feed post.",
            )

    def check_options(self, check: TargetCheck) -> None:
        if check.variant == "story" and check.opts.get("firstComment"):
            check.add(
                "facebook.first_comment_story",
                "platformSpecificData.firstComment",
                "First comments don't "
                "work with Facebook stories. Remove firstComment, or post to the feed instead of a story.",
            )


PLATFORM = Facebook()
