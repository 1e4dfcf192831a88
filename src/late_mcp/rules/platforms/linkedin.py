"""LinkedIn: up to 20 images, or 1 video (a GIF counts), or 1 document; never mixed."""

from __future__ import annotations

from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from late_mcp.rules.formats import AVI, DOC, DOCX, GIF, JPEG, MOV, MP4, PDF, PNG, PPT, PPTX
from late_mcp.rules.model import GB, MB, PlatformRules
from late_mcp.rules.options import CamelOptions, GeoRestriction
from late_mcp.rules.spec import Platform


class LinkedInPoll(CamelOptions):
    question: str = Field(min_length=1, max_length=140)
    options: list[str] = Field(min_length=2, max_length=4)
    duration: Literal["ONE_DAY", "THREE_DAYS", "SEVEN_DAYS", "FOURTEEN_DAYS"] | None = None


def _organization_urn(value: Any) -> Any:
    """An organization as the API lists it (GET .../linkedin-organizations gives its bare numeric id): the URN that
    organizationUrn takes."""
    text = value.strip() if isinstance(value, str) else value
    return f"urn:li:organization:{text}" if isinstance(text, str) and text.isdigit() else value


class LinkedInOptions(CamelOptions):
    """LinkedInPlatformData (late-sdk 1.4.1385); multi-organization posting (POST /v1/posts): organizationUrn."""

    first_comment: str | None = None
    disable_link_preview: bool | None = None
    organization_urn: Annotated[str | None, BeforeValidator(_organization_urn)] = None
    document_title: str | None = None
    audience: dict[str, Any] | None = None
    reshare_url: str | None = None
    geo_restriction: GeoRestriction | None = None
    poll: LinkedInPoll | None = None


class LinkedIn(Platform):
    rules = PlatformRules(
        platform="linkedin",
        name="LinkedIn",
        # The LinkedIn guide states no text limit; the official SDK (late-sdk 1.4.1385) gives LinkedIn 3000
        # (CrossPosterPipeline.CHAR_LIMITS), LinkedIn's own limit for a post's commentary.
        max_chars=3000,
        max_images=20,  # LinkedIn guide, "Image Requirements": Max Images 20 per post (POST /v1/posts agrees)
        max_videos=1,  # LinkedIn guide, "Video Requirements": Max Videos 1 per post
        max_documents=1,  # LinkedIn guide, "Document Posts": Max Documents 1 per post
        # LinkedIn guide, "Common Issues": "doesn't allow images + videos or images + documents";
        # POST /v1/posts: single PDF "cannot mix with other media"
        allows_mixed_media=False,
        allowed_types=frozenset({"image", "video", "gif", "document"}),
        max_image_bytes=8 * MB,  # LinkedIn guide, "Image Requirements": Max File Size 8 MB per image
        max_video_bytes=5 * GB,  # LinkedIn guide, "Video Requirements": Max File Size 5 GB
        max_document_bytes=100 * MB,  # LinkedIn guide, "Document Posts": Max File Size 100 MB
        # LinkedIn guide, "GIF Support": "Counts as video (1 per post limit)"
        gif_counts_as="video",
        # LinkedIn guide: images JPEG, PNG, GIF; videos MP4, MOV, AVI; documents PDF, PPT, PPTX, DOC, DOCX
        allowed_formats=JPEG | PNG | GIF | MP4 | MOV | AVI | PDF | PPT | PPTX | DOC | DOCX,
        notes=("Documents up to 300 pages (only LinkedIn takes documents).",),
    )
    sources = MappingProxyType(
        {
            "linkedin.max_chars": "Late SDK, CrossPosterPipeline.CHAR_LIMITS: LinkedIn 3000 (the guide gives none)",
            "linkedin.max_images": 'LinkedIn guide, "Image Requirements": max 20 images per post',
            "linkedin.max_videos": 'LinkedIn guide, "Video Requirements" / "GIF Support": 1 video (a GIF counts)',
            "linkedin.max_documents": 'LinkedIn guide, "Document Posts": max 1 document per post',
            "linkedin.no_mixed_media": 'LinkedIn guide "Common Issues"; '
            'POST /v1/posts: PDF "cannot mix with other media"',
            "linkedin.media_format": "LinkedIn guide: JPEG, PNG, GIF; MP4, MOV, AVI; PDF, PPT, PPTX, DOC, DOCX",
            "linkedin.max_image_bytes": 'LinkedIn guide, "Image Requirements": 8 MB per image',
            "linkedin.max_video_bytes": 'LinkedIn guide, "Video Requirements": max file size 5 GB',
            "linkedin.max_document_bytes": 'LinkedIn guide, "Document Posts": max file size 100 MB',
        }
    )
    options = LinkedInOptions


PLATFORM = LinkedIn()
