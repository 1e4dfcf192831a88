"""The per-platform rules table, taken from the platform guides in seed 002.

Every number cites its source: "<Platform> guide" is the `# <Platform> API` section of
`seeds/002_*.txt`, "Platform Settings" its `# Platform Settings` section, and "POST /v1/posts" the
"Platform constraints" list of the create-post endpoint (same text in seed 001). Where a guide states no
number the limit is `None` and nothing is enforced; the comment says so. Where sources disagree the comment
says which one wins and why.

Not enforced on purpose: limits Late says it fixes itself (Instagram, Bluesky and X images are
"auto-compressed" / "Late will attempt automatic compression"), recommendations ("25 MB recommended"),
and what needs the file itself (duration, dimensions, aspect ratio, page count).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from late_mcp.rules.model import GB, MB, PLATFORMS, PlatformRules

# MIME types of the formats the guides name.
JPEG = frozenset({"image/jpeg", "image/jpg"})
PNG = frozenset({"image/png"})
WEBP = frozenset({"image/webp"})
GIF = frozenset({"image/gif"})
MP4 = frozenset({"video/mp4", "video/x-m4v"})  # M4V is the MP4 container (the API's presign accepts it)
MOV = frozenset({"video/quicktime"})
WEBM = frozenset({"video/webm"})
AVI = frozenset({"video/avi", "video/x-msvideo"})
WMV = frozenset({"video/x-ms-wmv"})
FLV = frozenset({"video/x-flv"})
THREE_GP = frozenset({"video/3gpp"})
MPEG = frozenset({"video/mpeg"})
PDF = frozenset({"application/pdf"})
PPT = frozenset({"application/vnd.ms-powerpoint"})
PPTX = frozenset({"application/vnd.openxmlformats-officedocument.presentationml.presentation"})
DOC = frozenset({"application/msword"})
DOCX = frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"})

FORMAT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        mime: label
        for label, mimes in (
            ("JPEG", JPEG),
            ("PNG", PNG),
            ("WebP", WEBP),
            ("GIF", GIF),
            ("MP4", MP4),
            ("MOV", MOV),
            ("WebM", WEBM),
            ("AVI", AVI),
            ("WMV", WMV),
            ("FLV", FLV),
            ("3GP", THREE_GP),
            ("MPEG", MPEG),
            ("PDF", PDF),
            ("PPT", PPT),
            ("PPTX", PPTX),
            ("DOC", DOC),
            ("DOCX", DOCX),
        )
        for mime in mimes
    }
)

# Facebook guide, "Image Requirements": Story formats JPEG, PNG ("Video Requirements": Story MP4, MOV).
FACEBOOK_STORY_FORMATS = JPEG | PNG | MP4 | MOV

# Platforms whose platformSpecificData takes `threadItems` (Platform Settings: Twitter/X, Threads; Bluesky
# per issue 4, checked the same way if sent).
THREAD_PLATFORMS = frozenset({"twitter", "threads", "bluesky"})

_RULES: dict[str, PlatformRules] = {
    "twitter": PlatformRules(
        platform="twitter",
        name="Twitter/X",
        # The Twitter/X guide states no text limit. 280 is X's widely documented limit for standard
        # (non-Premium) accounts; enforced as such (Premium accounts may post longer).
        max_chars=280,
        max_chars_by_type={},
        media_required=False,
        max_images=4,  # Twitter/X guide, "Image Requirements": Max Images 4 per post
        max_videos=1,  # Twitter/X guide, "Video Requirements": Max Videos 1 per post
        # The guide does not say whether images and a video may share a tweet: not enforced.
        allows_mixed_media=True,
        # Twitter/X guide: images, videos and GIFs; no documents.
        allowed_types=frozenset({"image", "video", "gif"}),
        # Twitter/X guide, "Image Requirements": 5 MB images, but "Late will attempt automatic compression"
        # ("Common Issues"): not enforced.
        max_image_bytes=None,
        max_video_bytes=512 * MB,  # Twitter/X guide, "Video Requirements": Max File Size 512 MB
        max_gif_bytes=15 * MB,  # Twitter/X guide, "GIF Support": Max file size 15 MB
        # Twitter/X guide, "GIF Support": Only 1 GIF per post (counts as all 4 image slots)
        gif_counts_as="image",
        # Twitter/X guide: images JPEG, PNG, WebP, GIF; videos MP4, MOV
        allowed_formats=JPEG | PNG | WEBP | GIF | MP4 | MOV,
        required_options=(),
        notes=(
            "Text: 280 characters for standard accounts (X's documented limit; the guide gives none).",
            "Up to 4 images, or 1 video, or 1 GIF alone (Twitter/X guide).",
            "Images over 5 MB are compressed by Late; GIFs up to 15 MB; videos up to 512 MB, 140 s.",
            "Threads: platformSpecificData.threadItems, each item a tweet with the same limits.",
        ),
    ),
    "instagram": PlatformRules(
        platform="instagram",
        name="Instagram",
        max_chars=None,  # The Instagram guide states no caption limit: not enforced.
        max_chars_by_type={},
        # Instagram guide: "Instagram requires media for all posts. Text-only posts are not supported."
        media_required=True,
        max_images=None,
        max_videos=None,
        # Instagram guide, "Carousel Posts": "Mix of images and videos is allowed"
        allows_mixed_media=True,
        # Instagram guide: images (JPEG, PNG) and videos (MP4, MOV); no GIFs, no documents.
        allowed_types=frozenset({"image", "video"}),
        # Instagram guide, "Automatic Compression": images > 8 MB and videos > 300 MB (Stories 100 MB) are
        # auto-compressed: not enforced.
        max_image_bytes=None,
        max_video_bytes=None,
        # POST /v1/posts: "Instagram carousels support up to 10 items" (Instagram guide "Carousel": up to 10)
        max_media_items=10,
        allowed_formats=JPEG | PNG | MP4 | MOV,
        required_options=(),
        notes=(
            "Media required: text-only posts are not supported (Instagram guide).",
            "Feed post or carousel of up to 10 images/videos, mixing allowed (POST /v1/posts).",
            "Story (contentType 'story'): one image or video, caption not shown.",
            "Images JPEG/PNG; over 8 MB (videos over 300 MB, stories 100 MB) are auto-compressed by Late.",
            "Feed aspect ratio 0.8 to 1.91; 9:16 must be a story. Up to 3 collaborators.",
        ),
    ),
    "facebook": PlatformRules(
        platform="facebook",
        name="Facebook",
        max_chars=None,  # The Facebook guide states no text limit: not enforced.
        max_chars_by_type={},
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
        required_options=(),
        notes=(
            "Feed: up to 10 images or 1 video, never both; GIFs count as video (Facebook guide).",
            "Story (contentType 'story'): exactly one JPEG/PNG image or MP4/MOV video; text is not shown.",
            "First comments don't work with Stories. Images up to 10 MB, videos up to 4 GB.",
        ),
    ),
    "linkedin": PlatformRules(
        platform="linkedin",
        name="LinkedIn",
        max_chars=None,  # The LinkedIn guide states no text limit: not enforced.
        max_chars_by_type={},
        media_required=False,
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
        required_options=(),
        notes=(
            "Up to 20 images, or 1 video (a GIF counts as the video), or 1 document; never mixed.",
            "Documents: PDF, PPT, PPTX, DOC, DOCX up to 100 MB, 300 pages (only LinkedIn takes documents).",
            "Images up to 8 MB, videos up to 5 GB (LinkedIn guide).",
        ),
    ),
    "tiktok": PlatformRules(
        platform="tiktok",
        name="TikTok",
        # TikTok guide, "Title/Caption Limits": Video 2200 chars (full content used as title).
        max_chars=2200,
        max_chars_by_type={
            "video": 2200,
            # TikTok guide: photo titles 90 chars, "Auto-truncated": not an error, not enforced.
            "photo_title": 90,
            # Platform Settings, TikTok: `description` "Long-form description for photo posts (max 4000 chars)"
            "photo_description": 4000,
        },
        # POST /v1/posts: "Instagram and TikTok require media"
        media_required=True,
        max_images=35,  # TikTok guide, "Content Types": Photo Carousel max 35
        max_videos=1,  # TikTok guide, "Content Types": Video, single video post, max 1
        # TikTok guide: "You cannot mix photos and videos in the same post."
        allows_mixed_media=False,
        # TikTok guide: photos JPEG, PNG, WebP; videos MP4, MOV, WebM. No GIFs, no documents.
        allowed_types=frozenset({"image", "video"}),
        max_image_bytes=20 * MB,  # TikTok guide, "Photo Carousel Requirements": 20 MB per image
        max_video_bytes=4 * GB,  # TikTok guide, "Video Requirements": Max File Size 4 GB
        allowed_formats=JPEG | PNG | WEBP | MP4 | MOV | WEBM,
        # TikTok guide, "Required TikTok Settings" / Platform Settings (nested in tiktokSettings):
        # privacy_level, allow_comment (all); allow_duet, allow_stitch (videos);
        # content_preview_confirmed and express_consent_given must be true.
        required_options=(
            "tiktokSettings.privacy_level",
            "tiktokSettings.allow_comment",
            "tiktokSettings.allow_duet (videos)",
            "tiktokSettings.allow_stitch (videos)",
            "tiktokSettings.content_preview_confirmed = true",
            "tiktokSettings.express_consent_given = true",
        ),
        notes=(
            "Media required: 1 video, or a carousel of up to 35 photos; never mixed (TikTok guide).",
            "Caption up to 2200 characters for videos; photo titles are cut to 90 "
            "(use tiktokSettings.description, max 4000).",
            "Required in platformSpecificData.tiktokSettings: privacy_level (from the account's options), "
            "allow_comment, allow_duet and allow_stitch (videos), content_preview_confirmed=true, "
            "express_consent_given=true.",
            "Videos up to 4 GB, 3 s to 10 min; photos JPEG/PNG/WebP up to 20 MB.",
        ),
    ),
    "youtube": PlatformRules(
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
        max_images=None,
        max_videos=None,  # The guides do not state a video count: not enforced.
        allows_mixed_media=True,
        # YouTube guide, "Video Requirements" / "Supported Formats": videos only (thumbnails go in
        # MediaItem.thumbnail, not as an image item).
        allowed_types=frozenset({"video"}),
        max_image_bytes=None,
        max_video_bytes=256 * GB,  # YouTube guide, "Video Requirements": Max File Size 256 GB
        # YouTube guide, "Supported Formats": MP4, MOV, AVI, WMV, FLV, 3GP, WebM, MPEG-PS
        allowed_formats=MP4 | MOV | AVI | WMV | FLV | THREE_GP | WEBM | MPEG,
        required_options=(),
        notes=(
            "A video is required (POST /v1/posts); <= 3 min becomes a Short.",
            "Title (platformSpecificData.title or the post title) up to 100 characters, defaults to the first "
            "line of content; description (content) up to 5000.",
            "Tags: each <= 100 characters, all together <= 500. First comment <= 10,000 characters.",
        ),
    ),
    "pinterest": PlatformRules(
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
            "One image or one video per Pin, required (POST /v1/posts).",
            "platformSpecificData.boardId is required (POST /v1/posts); list boards for the account to choose.",
            "Title up to 100 characters (defaults to the first line). Images up to 32 MB, videos up to 2 GB.",
        ),
    ),
    "reddit": PlatformRules(
        platform="reddit",
        name="Reddit",
        # The Reddit guide states no limit for the text or the title: not enforced.
        max_chars=None,
        max_chars_by_type={},
        media_required=False,
        max_images=1,  # Reddit guide, "Image Requirements": Max Images 1 per post
        max_videos=None,
        allows_mixed_media=False,
        # Reddit guide, "Overview": "Video posts (not supported via API)"; images JPEG, PNG, GIF
        allowed_types=frozenset({"image", "gif"}),
        max_image_bytes=20 * MB,  # Reddit guide, "Image Requirements": Max File Size 20 MB (GIFs "Max 20 MB")
        max_video_bytes=None,
        gif_counts_as="image",
        allowed_formats=JPEG | PNG | GIF,
        required_options=(),
        notes=(
            "Text, link or single-image posts; videos are not supported by Reddit's API (Reddit guide).",
            "Images JPEG/PNG/GIF up to 20 MB. With a link, the content becomes the post title.",
        ),
    ),
    "bluesky": PlatformRules(
        platform="bluesky",
        name="Bluesky",
        max_chars=300,  # Bluesky guide, "Character Limits": Post text 300 characters
        max_chars_by_type={},
        media_required=False,
        max_images=4,  # Bluesky guide, "Image Requirements": Max Images 4 per post (POST /v1/posts agrees)
        max_videos=1,  # Bluesky guide, "Video Requirements": Max Videos 1 per post
        # The guide does not say whether images and a video may share a post: not enforced.
        allows_mixed_media=True,
        # Bluesky guide: images JPEG, PNG, WebP, GIF; video MP4
        allowed_types=frozenset({"image", "video", "gif"}),
        # Bluesky guide: 1 MB per image, but Late recompresses larger images (Platform Settings): not enforced.
        max_image_bytes=None,
        max_video_bytes=50 * MB,  # Bluesky guide, "Video Requirements": Max File Size 50 MB
        gif_counts_as="image",
        allowed_formats=JPEG | PNG | WEBP | GIF | MP4,
        required_options=(),
        notes=(
            "Text up to 300 characters; up to 4 images or 1 video (Bluesky guide).",
            "Images over ~1 MB are recompressed by Late; videos MP4 up to 50 MB, 60 s.",
        ),
    ),
    "threads": PlatformRules(
        platform="threads",
        name="Threads",
        max_chars=500,  # Threads guide, "Text Limits": Post text 500 characters
        max_chars_by_type={},
        media_required=False,
        # POST /v1/posts: "Threads carousels support up to 10 images". (The Threads guide says 20; the create
        # endpoint's own rule is the stricter one and the sandbox enforces it too.)
        max_images=10,
        max_videos=1,  # Threads guide, "Video Requirements": Max Videos 1 per post
        # POST /v1/posts: "no videos in carousels; single posts support one image or video"
        allows_mixed_media=False,
        allowed_types=frozenset({"image", "video", "gif"}),
        max_image_bytes=8 * MB,  # Threads guide, "Image Requirements": 8 MB per image (GIFs "Max 8 MB")
        max_video_bytes=1 * GB,  # Threads guide, "Video Requirements": Max File Size 1 GB
        # Threads guide, "GIF Support": "Counts toward image limit"
        gif_counts_as="image",
        # Threads guide: images JPEG, PNG, WebP, GIF; videos MP4, MOV
        allowed_formats=JPEG | PNG | WEBP | GIF | MP4 | MOV,
        required_options=(),
        notes=(
            "Text up to 500 characters (Threads guide).",
            "One video alone, or up to 10 images (POST /v1/posts; the guide says 20).",
            "Thread sequences: platformSpecificData.threadItems, each item with the same limits.",
        ),
    ),
    "googlebusiness": PlatformRules(
        platform="googlebusiness",
        name="Google Business",
        max_chars=1500,  # Google Business guide, "Character Limits": Post text 1500 characters
        max_chars_by_type={},
        media_required=False,  # Google Business guide, "Post Without Image": text-only posts are supported
        max_images=1,  # Google Business guide, "Image Requirements": Max Images 1 per post
        max_videos=None,
        allows_mixed_media=False,
        # Google Business guide, "Video Limitations": video posts are not supported; images JPEG, PNG
        # ("WebP and GIF not supported").
        allowed_types=frozenset({"image"}),
        max_image_bytes=5 * MB,  # Google Business guide, "Image Requirements": Max File Size 5 MB
        max_video_bytes=None,
        allowed_formats=JPEG | PNG,
        required_options=(),
        notes=(
            "Text up to 1500 characters plus at most one JPEG/PNG image up to 5 MB; no videos (Google Business guide).",
            "Image URLs must be public HTTPS, without redirects or auth.",
        ),
    ),
    "telegram": PlatformRules(
        platform="telegram",
        name="Telegram",
        max_chars=4096,  # Telegram guide, "Character Limits": Text-only messages 4096 characters
        # Telegram guide, "Character Limits": Media captions 1024 characters
        max_chars_by_type={"text": 4096, "caption": 1024},
        media_required=False,
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
        required_options=(),
        notes=(
            "Text-only messages up to 4096 characters; with media the caption is limited to 1024 (Telegram guide).",
            "Albums of up to 10 items, images and videos mixed. Images up to 10 MB, videos up to 50 MB.",
        ),
    ),
    "snapchat": PlatformRules(
        platform="snapchat",
        name="Snapchat",
        # Snapchat guide, "Content Types": story has no caption (content is ignored), so no default limit.
        max_chars=None,
        max_chars_by_type={
            "saved_story": 45,  # Snapchat guide, "Caption/Title Limits": Saved Story title 45 characters
            "spotlight": 160,  # Snapchat guide, "Caption/Title Limits": Spotlight description 160 characters
        },
        # Snapchat guide, "Media Requirements": "Media is required for all Snapchat posts."
        media_required=True,
        max_images=None,
        max_videos=None,
        allows_mixed_media=False,
        # Snapchat guide: images JPEG, PNG; video MP4. No GIFs, no documents.
        allowed_types=frozenset({"image", "video"}),
        max_image_bytes=20 * MB,  # Snapchat guide, "Images": Max File Size 20 MB
        max_video_bytes=500 * MB,  # Snapchat guide, "Videos": Max File Size 500 MB
        # Platform Settings, Snapchat: "Only one media item per post"
        max_media_items=1,
        allowed_formats=JPEG | PNG | MP4,
        required_options=(),
        notes=(
            "Exactly one image or video, required (Snapchat guide).",
            "contentType story (default, no caption), saved_story (content = title, 45 chars), "
            "spotlight (video only, description 160 chars).",
            "Images JPEG/PNG up to 20 MB; videos MP4 up to 500 MB, 5-60 s, 9:16.",
        ),
    ),
}

RULES: Mapping[str, PlatformRules] = MappingProxyType({p: _RULES[p] for p in PLATFORMS})

# Every rule id `check_post` can emit, with the source it comes from. Tests assert each one has a passing and
# a failing case; the report of issue 4 is generated from it.
RULE_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "platform.unknown": "Late API overview: the 13 platforms",
        "post.content_required": 'POST /v1/posts "Content/Caption requirements": text-only posts require content',
        # Twitter/X
        "twitter.max_chars": "280 for standard accounts: X's documented limit (the Twitter/X guide gives none)",
        "twitter.max_images": 'Twitter/X guide, "Image Requirements": Max Images 4 per post',
        "twitter.max_videos": 'Twitter/X guide, "Video Requirements": Max Videos 1 per post',
        "twitter.gif_alone": 'Twitter/X guide, "GIF Support": only 1 GIF per post (counts as all 4 image slots)',
        "twitter.media_type": "Twitter/X guide: images, videos and GIFs only",
        "twitter.media_format": "Twitter/X guide: JPEG, PNG, WebP, GIF; MP4, MOV",
        "twitter.max_gif_bytes": 'Twitter/X guide, "GIF Support": max file size 15 MB',
        "twitter.max_video_bytes": 'Twitter/X guide, "Video Requirements": max file size 512 MB',
        # Instagram
        "instagram.media_required": 'Instagram guide: "Instagram requires media for all posts"',
        "instagram.max_media_items": 'POST /v1/posts: "Instagram carousels support up to 10 items"',
        "instagram.story_single_media": 'Instagram guide, "Image Requirements": Story max 1',
        "instagram.reel_video": 'Instagram guide, "Content Types": Reel requires a video',
        "instagram.media_type": "Instagram guide: images and videos only",
        "instagram.media_format": "Instagram guide: JPEG, PNG; MP4, MOV",
        "instagram.max_collaborators": 'Instagram guide, "Collaborators": up to 3',
        "instagram.trial_reels_video_only": 'Instagram guide, "Trial Reels": video posts (Reels) only',
        # Facebook
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
        # LinkedIn
        "linkedin.max_images": 'LinkedIn guide, "Image Requirements": max 20 images per post',
        "linkedin.max_videos": 'LinkedIn guide, "Video Requirements" / "GIF Support": 1 video (a GIF counts)',
        "linkedin.max_documents": 'LinkedIn guide, "Document Posts": max 1 document per post',
        "linkedin.no_mixed_media": 'LinkedIn guide "Common Issues"; POST /v1/posts: PDF "cannot mix with other media"',
        "linkedin.media_format": "LinkedIn guide: JPEG, PNG, GIF; MP4, MOV, AVI; PDF, PPT, PPTX, DOC, DOCX",
        "linkedin.max_image_bytes": 'LinkedIn guide, "Image Requirements": 8 MB per image',
        "linkedin.max_video_bytes": 'LinkedIn guide, "Video Requirements": max file size 5 GB',
        "linkedin.max_document_bytes": 'LinkedIn guide, "Document Posts": max file size 100 MB',
        # TikTok
        "tiktok.media_required": 'POST /v1/posts: "Instagram and TikTok require media"',
        "tiktok.max_chars": 'TikTok guide, "Title/Caption Limits": video 2200 chars',
        "tiktok.max_description_chars": "Platform Settings, TikTok: description max 4000 chars",
        "tiktok.max_images": 'TikTok guide, "Content Types": photo carousel max 35',
        "tiktok.max_videos": 'TikTok guide, "Content Types": video max 1',
        "tiktok.no_mixed_media": 'TikTok guide: "You cannot mix photos and videos in the same post"',
        "tiktok.media_type": "TikTok guide: photos (JPEG, PNG, WebP) and videos only",
        "tiktok.media_format": "TikTok guide: JPEG, PNG, WebP; MP4, MOV, WebM",
        "tiktok.max_image_bytes": 'TikTok guide, "Photo Carousel Requirements": 20 MB per image',
        "tiktok.max_video_bytes": 'TikTok guide, "Video Requirements": max file size 4 GB',
        "tiktok.consent_required": "TikTok guide / Platform Settings: content_preview_confirmed and "
        "express_consent_given must be true",
        "tiktok.settings_required": 'TikTok guide, "Required TikTok Settings": privacy_level, allow_comment; '
        "allow_duet, allow_stitch for videos",
        # YouTube
        "youtube.video_required": 'POST /v1/posts: "YouTube requires a video in mediaItems"',
        "youtube.max_chars": 'YouTube guide, "Title and Description": description 5000 characters',
        "youtube.max_title_chars": 'YouTube guide, "Title and Description": title 100 characters',
        "youtube.max_tag_chars": 'Platform Settings, YouTube: "Each tag must be ≤ 100 characters"',
        "youtube.max_tags_total_chars": 'Platform Settings, YouTube: "Combined total across all tags ≤ 500"',
        "youtube.max_first_comment_chars": 'YouTube guide, "First Comment": max 10,000 characters',
        "youtube.media_type": 'YouTube guide, "Video Requirements": videos only',
        "youtube.media_format": 'YouTube guide, "Supported Formats"',
        "youtube.max_video_bytes": 'YouTube guide, "Video Requirements": max file size 256 GB',
        # Pinterest
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
        # Reddit
        "reddit.max_images": 'Reddit guide, "Image Requirements": max 1 image per post',
        "reddit.media_type": 'Reddit guide, "Video Limitations": no video uploads via the API',
        "reddit.media_format": "Reddit guide: JPEG, PNG, GIF",
        "reddit.max_image_bytes": 'Reddit guide, "Image Requirements" / "GIF Support": max 20 MB',
        # Bluesky
        "bluesky.max_chars": 'Bluesky guide, "Character Limits": post text 300 characters',
        "bluesky.max_images": 'Bluesky guide, "Image Requirements": max 4 images per post',
        "bluesky.max_videos": 'Bluesky guide, "Video Requirements": max 1 video per post',
        "bluesky.media_type": "Bluesky guide: images and videos only",
        "bluesky.media_format": "Bluesky guide: JPEG, PNG, WebP, GIF; MP4",
        "bluesky.max_video_bytes": 'Bluesky guide, "Video Requirements": max file size 50 MB',
        # Threads
        "threads.max_chars": 'Threads guide, "Text Limits": post text 500 characters',
        "threads.max_images": 'POST /v1/posts: "Threads carousels support up to 10 images"',
        "threads.max_videos": 'Threads guide, "Video Requirements": max 1 video per post',
        "threads.no_mixed_media": 'POST /v1/posts: "no videos in carousels; single posts support one image or video"',
        "threads.media_type": "Threads guide: images, GIFs and videos only",
        "threads.media_format": "Threads guide: JPEG, PNG, WebP, GIF; MP4, MOV",
        "threads.max_image_bytes": 'Threads guide, "Image Requirements" / "GIF Support": 8 MB',
        "threads.max_video_bytes": 'Threads guide, "Video Requirements": max file size 1 GB',
        # Google Business
        "googlebusiness.max_chars": 'Google Business guide, "Character Limits": post text 1500 characters',
        "googlebusiness.max_images": 'Google Business guide, "Image Requirements": max 1 image per post',
        "googlebusiness.media_type": 'Google Business guide, "Video Limitations": no videos',
        "googlebusiness.media_format": 'Google Business guide: JPEG, PNG only ("WebP and GIF not supported")',
        "googlebusiness.max_image_bytes": 'Google Business guide, "Image Requirements": max file size 5 MB',
        "googlebusiness.https_media": 'Google Business guide, "Image URL Requirements": HTTPS only',
        # Telegram
        "telegram.max_chars": 'Telegram guide, "Character Limits": text-only messages 4096 characters',
        "telegram.max_caption_chars": 'Telegram guide, "Character Limits": media captions 1024 characters',
        "telegram.max_images": 'Telegram guide, "Media Requirements": max 10 images per album',
        "telegram.max_videos": 'Telegram guide, "Media Requirements": max 10 videos per album',
        "telegram.max_media_items": 'Telegram guide: "Media albums support up to 10 items"',
        "telegram.media_type": "Telegram guide: images, GIFs and videos only",
        "telegram.media_format": "Telegram guide: JPEG, PNG, GIF, WebP; MP4, MOV",
        "telegram.max_image_bytes": 'Telegram guide, "Images": max file size 10 MB',
        "telegram.max_video_bytes": 'Telegram guide, "Videos": max file size 50 MB',
        # Snapchat
        "snapchat.media_required": 'Snapchat guide: "Media is required for all Snapchat posts"',
        "snapchat.max_media_items": 'Platform Settings, Snapchat: "Only one media item per post"',
        "snapchat.max_saved_story_chars": 'Snapchat guide, "Caption/Title Limits": saved story title 45 characters',
        "snapchat.max_spotlight_chars": 'Snapchat guide, "Caption/Title Limits": spotlight description 160 characters',
        "snapchat.spotlight_video": 'Snapchat guide, "Spotlight Posts": "Only video content is supported"',
        "snapchat.media_type": "Snapchat guide: images and videos only",
        "snapchat.media_format": "Snapchat guide: JPEG, PNG; MP4",
        "snapchat.max_image_bytes": 'Snapchat guide, "Images": max file size 20 MB',
        "snapchat.max_video_bytes": 'Snapchat guide, "Videos": max file size 500 MB',
    }
)

# Rules skipped for drafts: the API enforces them only when a post is published ("drafts may omit media
# until finalized", GET /v1/posts notes); a draft can be completed later.
PUBLISH_TIME_RULES: frozenset[str] = frozenset(
    {
        "post.content_required",
        "instagram.media_required",
        "facebook.story_media_required",
        "tiktok.media_required",
        "tiktok.consent_required",
        "tiktok.settings_required",
        "youtube.video_required",
        "pinterest.media_required",
        "pinterest.board_required",
        "snapchat.media_required",
    }
)


def rules_for(platform: str) -> PlatformRules:
    """Return one platform's rules; the KeyError names the valid platforms so a caller can say them."""
    try:
        return RULES[platform]
    except KeyError:
        raise KeyError(f"unknown platform {platform!r}; valid: {', '.join(PLATFORMS)}") from None


def format_bytes(size: int) -> str:
    """Human-readable size in the guides' units ("50 MB", "4 GB", "61.2 MB")."""
    if size >= GB and size % GB == 0:
        return f"{size // GB} GB"
    if size >= GB:
        return f"{size / GB:.1f} GB"
    if size % MB == 0:
        return f"{size // MB} MB"
    if size >= MB // 10:
        return f"{size / MB:.1f} MB"
    return f"{size} bytes"


def format_labels(mimes: frozenset[str]) -> str:
    """The guide's names for a set of MIME types ("JPEG, PNG, MP4"), in a stable order."""
    order = list(dict.fromkeys(FORMAT_LABELS.values()))
    present = {FORMAT_LABELS[m] for m in mimes if m in FORMAT_LABELS}
    return ", ".join(label for label in order if label in present)


def _limit(value: int | None, unit: str) -> str:
    return "no documented limit" if value is None else f"max {value} {unit}"


def describe(platform: str) -> str:
    """A compact plain-text summary of one platform's rules, for the model to read before composing."""
    r = rules_for(platform)
    kinds = ", ".join(k for k in ("image", "gif", "video", "document") if k in r.allowed_types)
    lines = [f"{r.name} ({r.platform})"]
    text = _limit(r.max_chars, "characters")
    if r.max_chars_by_type:
        text += "; " + ", ".join(f"{k} {v}" for k, v in r.max_chars_by_type.items())
    lines.append(f"- text: {text}")
    media = [f"types {kinds}", "required" if r.media_required else "optional"]
    for limit, kind in ((r.max_images, "image"), (r.max_videos, "video"), (r.max_documents, "document")):
        if limit is not None:
            media.append(f"max {limit} {kind}{'' if limit == 1 else 's'}")
    if r.max_media_items is not None:
        media.append(f"max {r.max_media_items} items in all")
    media.append("mixing allowed" if r.allows_mixed_media else "no mixing of kinds")
    lines.append("- media: " + ", ".join(media))
    sizes = [
        f"{label} {format_bytes(size)}"
        for label, size in (
            ("image", r.max_image_bytes),
            ("GIF", r.max_gif_bytes),
            ("video", r.max_video_bytes),
            ("document", r.max_document_bytes),
        )
        if size is not None
    ]
    if sizes:
        lines.append("- max file size: " + ", ".join(sizes))
    if r.allowed_formats:
        lines.append("- formats: " + format_labels(r.allowed_formats))
    if r.required_options:
        lines.append("- required platformSpecificData: " + ", ".join(r.required_options))
    lines.extend(f"- {note}" for note in r.notes)
    return "\n".join(lines)
