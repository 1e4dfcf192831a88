"""Pinterest: one image or one video per Pin, a board, a title of up to 100 characters."""

from __future__ import annotations

from types import MappingProxyType

from pydantic import Field

from late_mcp.rules.formats import GIF, JPEG, MOV, MP4, PNG, WEBP
from late_mcp.rules.model import GB, MB, PlatformRules
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform, TargetCheck


class PinterestOptions(CamelOptions):
    """PinterestPlatformData (late-sdk 1.4.1385): title max 100 chars, board and section, link, cover, AI label."""

    title: str | None = Field(None, max_length=100)
    board_id: str | None = None
    link: str | None = None
    cover_image_url: str | None = None
    cover_image_key_frame_time: int | None = Field(None, ge=0)
    board_section_id: str | None = None
    is_ai_generated: bool | None = None


class Pinterest(Platform):
    rules = PlatformRules(
        platform="pinterest",
        name="Pinterest",
        max_chars=None,  # The Pinterest guide states no description limit: not enforced.
        # Pinterest guide, "Pin Title": Max Length 100 characters (Platform Settings agrees)
        max_chars_by_type={"title": 100},
        # POST /v1/posts: "Pinterest supports single image ... or a single video per Pin"
        media_required=True,
        max_images=1,  # Pinterest guide, "Image Requirements": Max Images 1 per Pin
        max_videos=1,  # Pinterest guide, "Video Requirements": Max Videos 1 per Pin
        # Pinterest guide, "Overview": "either one image OR one video per Pin (not both)"
        allows_mixed_media=False,
        allowed_types=frozenset({"image", "video", "gif"}),
        max_image_bytes=32 * MB,  # Pinterest guide, "Image Requirements": Max File Size 32 MB (GIFs "Max 32 MB")
        max_video_bytes=2 * GB,  # Pinterest guide, "Video Requirements": Max File Size 2 GB
        # Pinterest guide, "GIF Support": "Treated as image (not video)"
        gif_counts_as="image",
        # Pinterest guide: images JPEG, PNG, WebP, GIF; videos MP4, MOV
        allowed_formats=JPEG | PNG | WEBP | GIF | MP4 | MOV,
        # POST /v1/posts: "boardId is required". (The Pinterest guide and Platform Settings say the first board
        # is used if omitted; the endpoint's own rule wins so the Pin never lands on an unintended board.)
        required_options=("boardId",),
        notes=(
            "For boardId, list the account's boards to choose one.",
            "The title defaults to the first line.",
        ),
    )
    sources = MappingProxyType(
        {
            "pinterest.media_required": "POST /v1/posts: single image or single video per Pin",
            "pinterest.max_images": 'Pinterest guide, "Image Requirements": max 1 image per Pin',
            "pinterest.max_videos": 'Pinterest guide, "Video Requirements": max 1 video per Pin',
            "pinterest.no_mixed_media": 'Pinterest guide, "Overview": one image OR one video (not both)',
            "pinterest.board_required": 'POST /v1/posts: "boardId is required"',
            "pinterest.max_title_chars": 'Pinterest guide, "Pin Title": max length 100 characters',
            "pinterest.media_type": "Pinterest guide: images, GIFs and videos only",
            "pinterest.media_format": "Pinterest guide: JPEG, PNG, WebP, GIF; MP4, MOV",
            "pinterest.max_image_bytes": 'Pinterest guide, "Image Requirements" / "GIF Support": max 32 MB',
            "pinterest.max_video_bytes": 'Pinterest guide, "Video Requirements": max file size 2 GB',
        }
    )
    publish_time = frozenset({"pinterest.media_required", "pinterest.board_required"})
    options = PinterestOptions
    media_needed = "one image or one video"

    def check_options(self, check: TargetCheck) -> None:
        self.check_title(check)
        board = check.opts.get("boardId")
        if not (isinstance(board, str) and board.strip()):
            check.add(
                "pinterest.board_required",
                "platformSpecificData.boardId",
                "Pinterest needs the board to "
                "pin to: set platformSpecificData.boardId (list the account's boards to choose one).",
            )


PLATFORM = Pinterest()
