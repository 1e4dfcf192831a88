"""/v1/tools: downloads from seven platforms, YouTube transcripts, the Instagram hashtag checker.

Paid plans only (403 on Free) and rate-limited per day by plan.
"""

from __future__ import annotations

from typing import Literal, get_args

from ..models.media_tools import Download, HashtagCheck, Transcript
from ._ops import operation
from ._transport import HTTP, seg

DownloadPlatform = Literal["youtube", "instagram", "tiktok", "twitter", "facebook", "linkedin", "bluesky"]
DOWNLOAD_PLATFORMS: tuple[str, ...] = get_args(DownloadPlatform)
#: platforms whose download endpoint can list formats and take a format id
WITH_FORMATS = frozenset({"youtube", "tiktok", "twitter"})


class MediaTools:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation(*(f"GET /v1/tools/{p}/download" for p in DOWNLOAD_PLATFORMS))
    async def download(
        self, platform: str, url: str, *, list_formats: bool = False, format_id: str | None = None
    ) -> Download:
        """A direct download URL (or the available formats) for a post's video on `platform`."""
        if platform not in DOWNLOAD_PLATFORMS:
            raise ValueError(f"no download endpoint for {platform!r}")
        params: dict[str, str | None] = {"url": url}
        if platform in WITH_FORMATS:
            params["action"] = "formats" if list_formats else ("download" if platform == "youtube" else None)
            params["formatId"] = format_id
        return await self._http.parsed(Download, "GET", f"v1/tools/{seg(platform)}/download", params=params)

    @operation("GET /v1/tools/youtube/transcript")
    async def youtube_transcript(self, url: str, *, lang: str | None = None) -> Transcript:
        return await self._http.parsed(
            Transcript, "GET", "v1/tools/youtube/transcript", params={"url": url, "lang": lang}
        )

    @operation("POST /v1/tools/instagram/hashtag-checker")
    async def check_hashtags(self, hashtags: list[str]) -> HashtagCheck:
        return await self._http.parsed(
            HashtagCheck, "POST", "v1/tools/instagram/hashtag-checker", json={"hashtags": hashtags}
        )
