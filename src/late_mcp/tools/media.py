"""Media tools (browser upload link, status) and the reading of `media_urls` into typed media items."""

from __future__ import annotations

import json
import posixpath
from typing import Annotated, Any
from urllib.parse import unquote, urlparse

from pydantic import Field

from ..errors import InputError
from ..models.media import FileOut, UploadLink, UploadStatus
from ..models.posts import MediaItem
from ._args import TextOrList
from ._context import Ctx, state
from ._errors import reports_errors

#: file extension -> the API's mediaItems type; only types the API accepts (presign's content types)
EXTENSION_TYPES: dict[str, str] = {
    "jpg": "image", "jpeg": "image", "png": "image", "webp": "image",
    "gif": "gif",
    "mp4": "video", "m4v": "video", "mov": "video", "webm": "video", "avi": "video", "mpeg": "video", "mpg": "video",
    "pdf": "document",
}  # fmt: skip
MEDIA_TYPES = ("image", "video", "gif", "document")

MediaUrlsArg = Annotated[TextOrList, Field(description="Comma-separated URLs; type from the file extension")]


def _http_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"Media URL {url!r} must be an http(s) URL.")
    return parsed.path


def media_type_of(url: str) -> str:
    """The media type from the URL path's extension (never a substring test on the whole URL)."""
    path = _http_url(url)
    ext = posixpath.splitext(unquote(path))[1].lower().lstrip(".")
    kind = EXTENSION_TYPES.get(ext)
    if kind is None:
        shown = f".{ext}" if ext else "no extension"
        raise InputError(
            f"Cannot tell the media type of {url} ({shown}). Use a URL ending in .jpg, .png, .webp, .gif, "
            '.mp4, .mov, .webm or .pdf, or pass media_urls as JSON: [{"url": "...", "type": "image"}].'
        )
    return kind


def media_items(value: str | list[Any]) -> list[MediaItem]:
    """`media_urls` as the API's mediaItems: comma-separated text, a list, or JSON with explicit types."""
    raw: list[Any]
    if isinstance(value, list):
        raw = value
    else:
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                raise InputError("media_urls looks like JSON but does not parse.") from None
            raw = parsed if isinstance(parsed, list) else [parsed]
        else:
            raw = text.split(",")
    items: list[MediaItem] = []
    for entry in raw:
        if isinstance(entry, dict):
            url = str(entry.get("url", "")).strip()
            kind = entry.get("type")
            if kind not in MEDIA_TYPES:
                kind = media_type_of(url)
            else:
                _http_url(url)
            items.append(MediaItem(type=kind, url=url))
        elif isinstance(entry, str):
            if entry.strip():
                items.append(MediaItem(type=media_type_of(entry.strip()), url=entry.strip()))
        else:
            raise InputError(f"media_urls entries must be URLs, got {type(entry).__name__}.")
    return items


@reports_errors
async def media_generate_upload_link(ctx: Ctx) -> UploadLink:
    """Get a browser link where the user uploads images/videos/PDFs for a post; then media_check_upload_status."""
    app = state(ctx)
    token = await app.client.media.create_upload_token()
    if not token.upload_url:
        raise InputError("The API returned no upload URL; try again.")
    return UploadLink(
        token=token.token,
        upload_url=token.upload_url,
        expires_at=token.expires_at.astimezone(app.zone) if token.expires_at else None,
        next_step="Give the user upload_url to open in a browser; when they say done, call "
        "media_check_upload_status with this token.",
    )


@reports_errors
async def media_check_upload_status(
    token: Annotated[str, Field(description="The token from media_generate_upload_link")], ctx: Ctx
) -> UploadStatus:
    """Check a browser upload: pending, completed (with file URLs and types for posts_create) or expired."""
    if not token.strip():
        raise InputError("token is empty: use the token from media_generate_upload_link.")
    app = state(ctx)
    info = await app.client.media.upload_token_status(token.strip())
    files = [
        FileOut(url=f.url, type=f.type, filename=f.filename, content_type=f.content_type, size=f.size)
        for f in info.files
    ]
    if info.status == "completed":
        step = "Pass media_urls to posts_create/posts_cross_post."
    elif info.status == "expired":
        step = "This link expired: call media_generate_upload_link for a new one and give it to the user."
    else:
        step = "Waiting for the user to upload and press Done on the page; check again when they say so."
    return UploadStatus(
        token=info.token,
        status=info.status,
        files=files,
        media_urls=",".join(f.url for f in files) or None,
        expires_at=info.expires_at.astimezone(app.zone) if info.expires_at else None,
        next_step=step,
    )
