"""Google Business Profile: 1500 characters and at most one JPEG/PNG image from an HTTPS URL."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Literal

from late_mcp.rules.formats import JPEG, PNG
from late_mcp.rules.model import MB, MediaRef, PlatformRules
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform, TargetCheck


class CallToAction(CamelOptions):
    """GoogleBusinessPlatformData.callToAction: type and url are both required."""

    type: Literal["LEARN_MORE", "BOOK", "ORDER", "SHOP", "SIGN_UP", "CALL"]
    url: str


class GoogleBusinessOptions(CamelOptions):
    """GoogleBusinessPlatformData (late-sdk 1.4.1385); multi-location posting (POST /v1/posts): locationId."""

    call_to_action: CallToAction | None = None
    location_id: str | None = None
    language_code: str | None = None
    topic_type: Literal["STANDARD", "EVENT", "OFFER"] | None = None
    event: dict[str, Any] | None = None
    offer: dict[str, Any] | None = None


class GoogleBusiness(Platform):
    rules = PlatformRules(
        platform="googlebusiness",
        name="Google Business",
        max_chars=1500,  # Google Business guide, "Character Limits": Post text 1500 characters
        media_required=False,  # Google Business guide, "Post Without Image": text-only posts are supported
        max_images=1,  # Google Business guide, "Image Requirements": Max Images 1 per post
        allows_mixed_media=False,
        # Google Business guide, "Video Limitations": video posts are not supported; images JPEG, PNG
        # ("WebP and GIF not supported").
        allowed_types=frozenset({"image"}),
        max_image_bytes=5 * MB,  # Google Business guide, "Image Requirements": Max File Size 5 MB
        allowed_formats=JPEG | PNG,
        notes=("Image URLs must be public HTTPS, without redirects or auth.",),
    )
    sources = MappingProxyType(
        {
            "googlebusiness.max_chars": 'Google Business guide, "Character Limits": post text 1500 characters',
            "googlebusiness.max_images": 'Google Business guide, "Image Requirements": max 1 image per post',
            "googlebusiness.media_type": 'Google Business guide, "Video Limitations": no videos',
            "googlebusiness.media_format": 'Google Business guide: JPEG, PNG only ("WebP and GIF not supported")',
            "googlebusiness.max_image_bytes": 'Google Business guide, "Image Requirements": max file size 5 MB',
            "googlebusiness.https_media": 'Google Business guide, "Image URL Requirements": HTTPS only',
        }
    )
    options = GoogleBusinessOptions
    aliases = ("google business", "google_business", "google-business", "gmb")

    def check_item(self, check: TargetCheck, item: MediaRef, label: str, field: str) -> None:
        if not item.url.lower().startswith("https://"):
            check.add(
                "googlebusiness.https_media",
                field,
                f"Google Business only loads images from public HTTPS "
                f"URLs; {label} is not HTTPS ({item.url[:80]}). Host it at an https:// URL.",
                upload=True,
            )


PLATFORM = GoogleBusiness()
