"""Media: the browser upload-token flow and uploaded files."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AliasChoices, Field

from ._base import APIDateTime, APIModel, Result


class UploadedFile(APIModel):
    url: str
    filename: str | None = None
    #: UploadedFile.mimeType; contentType is what older answers called it
    content_type: str | None = Field(None, validation_alias=AliasChoices("mimeType", "contentType"))
    size: int | None = None
    type: str | None = None


class UploadToken(APIModel):
    token: str
    upload_url: str | None = Field(None, alias="uploadUrl")
    status: str = "pending"
    files: list[UploadedFile] = Field(default_factory=list)
    expires_at: APIDateTime = Field(None, alias="expiresAt")
    completed_at: APIDateTime = Field(None, alias="completedAt")


class PresignedUpload(APIModel):
    upload_url: str = Field(alias="uploadUrl")
    public_url: str = Field(alias="publicUrl")
    key: str | None = None
    type: str | None = None


class FileOut(Result):
    url: str
    type: str | None = Field(None, description="image, video, gif or document")
    filename: str | None = None
    content_type: str | None = None
    size: int | None = Field(None, description="Bytes")


class UploadLink(Result):
    token: str
    upload_url: str
    expires_at: datetime | None = Field(None, description="In the user's time zone")
    next_step: str


class UploadStatus(Result):
    token: str
    status: Literal["pending", "completed", "expired"] | str
    files: list[FileOut] = Field(default_factory=list)
    media_urls: str | None = Field(None, description="Comma-separated, ready for posts_create media_urls")
    expires_at: datetime | None = None
    next_step: str


class LocalUpload(Result):
    path: str
    url: str
    type: str
    content_type: str
    size: int


class LocalUploads(Result):
    files: list[LocalUpload]
    media_urls: str = Field(description="Comma-separated, ready for posts_create media_urls")
    not_uploaded: list[str] | None = Field(None, description="Paths not sent because of `error`: retry only these")
    error: str | None = None
    next_step: str | None = None
