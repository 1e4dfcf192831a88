"""Media tools (browser upload link, status) and the reading of `media_urls` into typed media items."""

from __future__ import annotations

import json
import posixpath
from typing import Annotated, Any
from urllib.parse import unquote, urlparse

import anyio
from pydantic import Field

from .. import localfiles
from ..errors import InputError
from ..models.media import FileOut, LocalUpload, LocalUploads, UploadLink, UploadStatus
from ..models.posts import MediaItem
from ..rules import PlatformRules, rules_for
from ._args import TextOrList, json_value, platform_name, text_list
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
POLL_SECONDS = 2.0

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
            f"Cannot tell the media type of {url} ({shown}). Use a URL ending in "
            f"{', '.join('.' + e for e in EXTENSION_TYPES)}, or pass media_urls as JSON: "
            '[{"url": "...", "type": "image"}].'
        )
    return kind


def media_items(value: str | list[Any]) -> list[MediaItem]:
    """`media_urls` as the API's mediaItems: comma-separated text, a list, or JSON with explicit types."""
    raw: list[Any]
    if not isinstance(value, (str, list)):
        raise InputError(f"media_urls must be text or a list of URLs, got {type(value).__name__}.")
    if isinstance(value, list):
        raw = value
    else:
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            parsed = json_value(text, "media_urls")
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


def media_urls_for(files: list[tuple[str, str | None]]) -> str:
    """A media_urls value the posting tools read back exactly: plain URLs when their extensions tell the
    type, else JSON with the type the API reported (a storage URL need not end in .jpg)."""

    def known(url: str, kind: str | None) -> bool:
        try:
            return media_type_of(url) == kind
        except InputError:
            return False

    if all(known(url, kind) for url, kind in files):
        return ",".join(url for url, _ in files)
    return json.dumps([{"url": url, "type": kind} for url, kind in files])


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
    token: Annotated[str, Field(description="The token from media_generate_upload_link")],
    ctx: Ctx,
    wait_seconds: Annotated[int, Field(ge=0, le=600, description="Wait up to this long for the upload")] = 0,
) -> UploadStatus:
    """Check a browser upload: pending, completed (with file URLs and types for posts_create) or expired."""
    if not token.strip():
        raise InputError("token is empty: use the token from media_generate_upload_link.")
    app = state(ctx)
    info = await app.client.media.upload_token_status(token.strip())
    deadline = anyio.current_time() + wait_seconds
    while info.status == "pending" and anyio.current_time() < deadline:
        left = deadline - anyio.current_time()
        await ctx.report_progress(wait_seconds - left, wait_seconds, "waiting for the user to finish uploading")
        await anyio.sleep(min(POLL_SECONDS, max(left, 0)))
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
        media_urls=media_urls_for([(f.url, f.type) for f in files]) or None,
        expires_at=info.expires_at.astimezone(app.zone) if info.expires_at else None,
        next_step=step,
    )


@reports_errors
async def media_upload_file(
    paths: Annotated[TextOrList, Field(description="Absolute path(s) on this computer, comma-separated")],
    ctx: Ctx,
    platform: Annotated[str, Field(description="Also check the target platform's limits")] = "",
) -> LocalUploads:
    """Upload image/video/PDF files from this computer; returns media_urls for posts_create."""
    app = state(ctx)
    allowed = localfiles.media_dirs(app.settings.media_dirs)
    rules = rules_for(platform_name(platform)) if platform.strip() else None
    files = [localfiles.inspect(p, allowed=allowed) for p in _paths(paths)]
    if not files:
        raise InputError("paths is empty: give the absolute path of a file.")
    if rules is not None:
        problems = [msg for f in files if (msg := _platform_problem(f, rules))]
        if problems:
            raise InputError(" ".join(problems))
    total = sum(f.size for f in files)
    done = 0
    out: list[LocalUpload] = []
    for file in files:
        presigned = await app.client.media.presign(filename=file.name, content_type=file.content_type, size=file.size)
        base = done

        async def progress(sent: int, base: int = base, name: str = file.name) -> None:
            await ctx.report_progress(base + sent, total, f"uploading {name}")

        await app.client.media.put(
            presigned, localfiles.chunks(file, progress), content_type=file.content_type, size=file.size
        )
        done += file.size
        out.append(
            LocalUpload(
                path=str(file.path),
                url=presigned.public_url,
                type=file.kind,
                content_type=file.content_type,
                size=file.size,
            )
        )
    return LocalUploads(files=out, media_urls=media_urls_for([(f.url, f.type) for f in out]))


def _paths(value: str) -> list[str]:
    text = value.strip()
    if text.startswith("["):
        return text_list(text, "paths")
    # One path may itself contain commas; only split when every piece is an absolute path.
    pieces = [p.strip() for p in text.split(",")]
    if len(pieces) > 1 and all(p.startswith(("/", "~")) or (len(p) > 2 and p[1] == ":") for p in pieces):
        return pieces
    return [text] if text else []


def _platform_problem(file: localfiles.LocalFile, rules: PlatformRules) -> str | None:
    """A file the target platform's guide refuses: wrong kind, or over its size limit."""
    if file.kind not in rules.allowed_types:
        allowed = ", ".join(sorted(rules.allowed_types)) or "no media"
        return f"{file.name} is a {file.kind}; {rules.name or rules.platform} takes {allowed}."
    limit = {
        "image": rules.max_image_bytes,
        "video": rules.max_video_bytes,
        "gif": rules.max_gif_bytes or rules.max_image_bytes,
        "document": rules.max_document_bytes,
    }[file.kind]
    if limit is not None and file.size > limit:
        return f"{file.name} is {file.size:,} bytes; {rules.name or rules.platform} allows {limit:,} for a {file.kind}."
    return None
