"""Telegram: 4096 characters as text, 1024 as a caption; albums of up to 10 images and videos."""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

from late_mcp.rules.formats import GIF, JPEG, MOV, MP4, PNG, WEBP
from late_mcp.rules.model import MB, PlatformRules
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform, TargetCheck, TextLimit


class TelegramOptions(CamelOptions):
    """Platform Settings, Telegram."""

    parse_mode: Literal["HTML", "Markdown", "MarkdownV2"] | None = None
    disable_web_page_preview: bool | None = None
    disable_notification: bool | None = None
    protect_content: bool | None = None


class Telegram(Platform):
    rules = PlatformRules(
        platform="telegram",
        name="Telegram",
        max_chars=4096,  # Telegram guide, "Character Limits": Text-only messages 4096 characters
        # Telegram guide, "Character Limits": Media captions 1024 characters
        max_chars_by_type={"text": 4096, "caption": 1024},
        max_images=10,  # Telegram guide, "Media Requirements": Max Images 10 per album
        max_videos=10,  # Telegram guide, "Media Requirements": Max Videos 10 per album
        # Telegram guide, "Media Album": "Images and videos can be mixed in the same album."
        allows_mixed_media=True,
        # Telegram guide: images JPEG, PNG, GIF, WebP; videos MP4, MOV. No documents listed.
        allowed_types=frozenset({"image", "video", "gif"}),
        max_image_bytes=10 * MB,  # Telegram guide, "Images": Max File Size 10 MB
        max_video_bytes=50 * MB,  # Telegram guide, "Videos": Max File Size 50 MB
        gif_counts_as="image",  # GIF is one of the guide's image formats
        # Telegram guide, "Media Album": "Media albums support up to 10 items."
        max_media_items=10,
        allowed_formats=JPEG | PNG | GIF | WEBP | MP4 | MOV,
        notes=("With media the text is a caption (caption limit); the text limit is for text-only messages.",),
    )
    sources = MappingProxyType(
        {
            "telegram.max_chars": 'Telegram guide, "Character Limits": text-only messages 4096 characters',
            "telegram.max_caption_chars": 'Telegram guide, "Character Limits": media captions 1024 characters',
            "telegram.max_images": 'Telegram guide, "Media Requirements": max 10 images per album',
            "telegram.max_videos": 'Telegram guide, "Media Requirements": max 10 videos per album',
            "telegram.max_media_items": 'Telegram guide: "Media albums support up to 10 items"',
            "telegram.media_type": "Telegram guide: images, GIFs and videos only",
            "telegram.media_format": "Telegram guide: JPEG, PNG, GIF, WebP; MP4, MOV",
            "telegram.max_image_bytes": 'Telegram guide, "Images": max file size 10 MB',
            "telegram.max_video_bytes": 'Telegram guide, "Videos": max file size 50 MB',
        }
    )
    options = TelegramOptions

    def text_limit(self, check: TargetCheck, has_media: bool) -> TextLimit | None:
        if not has_media:
            return super().text_limit(check, has_media)
        return TextLimit(
            self.rules.max_chars_by_type["caption"],
            "telegram.max_caption_chars",
            "Telegram media captions",
            "Shorten the caption, or post the text as a text-only message (up to 4096 characters).",
        )


PLATFORM = Telegram()
