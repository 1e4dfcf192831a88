"""Media tools (paid plans): download a post's video, read a YouTube transcript, vet Instagram hashtags."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlparse

from pydantic import Field

from ..client.media_tools import WITH_FORMATS, DownloadPlatform
from ..errors import InputError
from ..models.media_tools import DownloadOut, HashtagOut, HashtagsChecked, TranscriptOut
from ._args import PLATFORM_WORD, text_list
from ._context import Ctx, state
from ._hints import TOOLS_PLAN, explained
from ._spec import read, tool, toolset

#: a transcript is for the model to read: past this it is cut, and says so
TRANSCRIPT_CHARS = 20_000
_PLAN = {403: TOOLS_PLAN, 429: TOOLS_PLAN}
_LANG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$")


def _url_or_id(value: str, field: str) -> str:
    text = value.strip()
    if not text:
        raise InputError(f"{field} is empty.")
    if "://" in text and not urlparse(text).netloc:
        raise InputError(f"{field} {value!r} is not a valid URL.")
    return text


async def media_download(
    platform: Annotated[DownloadPlatform, PLATFORM_WORD],
    url: Annotated[str, Field(description="The post or video URL (YouTube/TikTok: or the id)")],
    ctx: Ctx,
    list_formats: Annotated[bool, Field(description="YouTube/TikTok/X: list formats instead")] = False,
    format_id: Annotated[str, Field(description="A format id from list_formats")] = "",
) -> DownloadOut:
    """Get a direct download link for a post's video (or its formats) on one of seven platforms."""
    fmt = download_format(platform, list_formats, format_id)
    with explained(ctx, _PLAN):
        found = await state(ctx).client.media_tools.download(
            platform, _url_or_id(url, "url"), list_formats=list_formats, format_id=fmt
        )
    return DownloadOut.of(platform, found)


def download_format(platform: str, list_formats: bool, format_id: str) -> str | None:
    """The format asked for, refused before any call where the platform has no formats (it was dropped)."""
    fmt = format_id.strip() or None
    if (list_formats or fmt) and platform not in WITH_FORMATS:
        raise InputError(
            f"{platform} has one download, no formats: list_formats and format_id are for youtube, tiktok, twitter."
        )
    if list_formats and fmt:
        raise InputError("Give list_formats (to see the formats) or format_id (to download one), not both.")
    return fmt


def language_code(value: str) -> str | None:
    """lang as the API takes it, a language code ("en", "pt-BR"), refused before any call when it is a name."""
    text = value.strip()
    if text and not _LANG.match(text):
        raise InputError(f"lang {value!r} is not a language code: give one such as en, de or pt-BR.")
    return text or None


async def media_youtube_transcript(
    url: Annotated[str, Field(description="YouTube video URL or id")],
    ctx: Ctx,
    lang: Annotated[str, Field(description="Language code, e.g. en")] = "",
) -> TranscriptOut:
    """Read a YouTube video's transcript (to summarise it or turn it into posts)."""
    with explained(ctx, _PLAN):
        found = await state(ctx).client.media_tools.youtube_transcript(_url_or_id(url, "url"), lang=language_code(lang))
    text = found.full_text or " ".join(str(s.get("text", "")) for s in found.segments)
    cut = len(text) > TRANSCRIPT_CHARS
    return TranscriptOut(
        video_id=found.video_id,
        language=found.language,
        text=text[:TRANSCRIPT_CHARS] + ("…" if cut else ""),
        truncated=cut,
        chars=len(text),
    )


async def media_check_hashtags(
    hashtags: Annotated[str | list[str], Field(description="Hashtags, comma-separated or a list (# optional)")],
    ctx: Ctx,
) -> HashtagsChecked:
    """Check Instagram hashtags before posting: which are banned or restricted, and which are safe."""
    tags = list(dict.fromkeys(t.lstrip("#").strip() for t in text_list(hashtags, "hashtags") if t.lstrip("#").strip()))
    if not tags:
        raise InputError("hashtags is empty.")
    if len(tags) > 30:
        raise InputError(f"{len(tags)} hashtags: Instagram allows 30 per post; check at most 30.")
    with explained(ctx, _PLAN):
        found = await state(ctx).client.media_tools.check_hashtags(tags)
    safe = [r.hashtag for r in found.results if r.status == "safe"]
    avoid = [HashtagOut(hashtag=r.hashtag, status=r.status, reason=r.reason) for r in found.results
             if r.status in ("banned", "restricted")]  # fmt: skip
    unknown = [r.hashtag for r in found.results if r.status not in ("safe", "banned", "restricted")]
    return HashtagsChecked(safe=safe, avoid=avoid, unknown=unknown)


TOOLSET = toolset(
    "media_tools",
    tool(media_download, read("Download media")),
    tool(media_youtube_transcript, read("YouTube transcript")),
    # A POST, but it only checks: nothing is created or changed.
    tool(media_check_hashtags, read("Check hashtags")),
)
