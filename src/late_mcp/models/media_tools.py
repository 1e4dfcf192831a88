"""The Tools API (paid plans): media downloads, YouTube transcripts, the Instagram hashtag checker."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import APIModel, Result


class Download(APIModel):
    title: str | None = None
    text: str | None = None
    download_url: str | None = Field(None, alias="downloadUrl")
    thumbnail: str | None = None
    formats: list[dict[str, Any]] = Field(default_factory=list)


class Transcript(APIModel):
    video_id: str | None = Field(None, alias="videoId")
    language: str | None = None
    full_text: str | None = Field(None, alias="fullText")
    segments: list[dict[str, Any]] = Field(default_factory=list)


class HashtagResult(APIModel):
    hashtag: str
    status: str | None = None
    reason: str | None = None
    confidence: float | None = None


class HashtagCheck(APIModel):
    results: list[HashtagResult] = Field(default_factory=list)
    summary: dict[str, Any] = Field(default_factory=dict)


# --- tool results -----------------------------------------------------------------------------


class FormatOut(Result):
    id: str
    label: str | None = None
    ext: str | None = None


class DownloadOut(Result):
    platform: str
    title: str | None = None
    download_url: str | None = None
    thumbnail: str | None = None
    formats: list[FormatOut] = Field(default_factory=list, description="Pass an id as format_id")

    @classmethod
    def of(cls, platform: str, found: Download) -> DownloadOut:
        formats = [
            FormatOut(id=str(f["id"]), label=f.get("label"), ext=f.get("ext"))
            for f in found.formats
            if f.get("id") is not None
        ]
        return cls.carry(found, platform=platform, formats=formats)


class TranscriptOut(Result):
    video_id: str | None = None
    language: str | None = None
    text: str
    truncated: bool = False
    chars: int = Field(description="Length of the whole transcript")


class HashtagOut(Result):
    hashtag: str
    status: str | None = Field(None, description="banned, restricted, safe or unknown")
    reason: str | None = None


class HashtagsChecked(Result):
    safe: list[str]
    avoid: list[HashtagOut] = Field(description="Banned or restricted: leave these out")
    unknown: list[str] = Field(default_factory=list)
