"""Media tools: a browser upload link and its status, and uploading files from this computer.

Each gives back `media_urls` the posting tools read exactly (see `media_urls`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import anyio
from pydantic import Field

from .. import localfiles
from ..errors import InputError, LateError, message_for
from ..models.media import FileOut, LocalUpload, LocalUploads, UploadLink, UploadStatus, UploadToken
from ..rules import PlatformRules, rules_for
from ..timeutil import local
from ._args import TextOrList, platform_name, text_list, unquoted
from ._context import Ctx, state
from ._hints import explained, named, with_tool
from ._safety import open_link
from .media_urls import media_urls_for

if TYPE_CHECKING:
    from datetime import tzinfo
    from pathlib import Path

    from ..client import LateClient

POLL_SECONDS = 2.0
#: Paths per media_upload_file call: the most media any platform takes in one post (a TikTok photo carousel).
MAX_PATHS = 35

NO_SUCH_UPLOAD = "The API knows no upload with this token: use the token that came with the upload link."

#: progress so far, the total, and a line for the user (the MCP context's report_progress)
Progress = Callable[[float, float | None, str | None], Awaitable[None]]


async def media_generate_upload_link(ctx: Ctx) -> UploadLink:
    """Get a browser link where the user uploads images/videos/PDFs for a post; then media_check_upload_status."""
    app = state(ctx)
    token = await app.client.media.create_upload_token()
    if not token.upload_url:
        raise InputError("The API returned no upload URL; try again.")
    opened = await open_link(ctx, "Open this page to upload your images or videos for the post.", token.upload_url)
    return UploadLink(
        token=token.token,
        upload_url=token.upload_url,
        expires_at=local(token.expires_at, app.zone),
        next_step=(
            "The upload page was opened for the user" if opened else "Give the user upload_url to open in a browser"
        )
        + "; when they say done, call media_check_upload_status with this token.",
    )


async def media_check_upload_status(
    token: Annotated[str, Field(description="The upload link's token")],
    ctx: Ctx,
    wait_seconds: Annotated[int, Field(ge=0, le=600, description="Wait up to this long for the upload")] = 0,
) -> UploadStatus:
    """Check a browser upload: pending, completed (file URLs and types to post) or expired."""
    steps = UploadSteps.of(ctx)
    app = state(ctx)
    with explained(ctx, {404: NO_SUCH_UPLOAD + steps.new_link}):
        info = await wait_for_upload(app.client, upload_token(token, steps), wait_seconds, ctx.report_progress)
    return upload_status(info, app.zone, steps)


def upload_token(value: str, steps: UploadSteps) -> str:
    """The token as media_generate_upload_link gave it (copied with quotes too); empty, or the page's address in
    its place, is refused before any call. The contract gives the token no form and sends it as a query value,
    which httpx encodes, so any other character (a `/` too) goes as it is."""
    token = unquoted(value)
    if not token:
        raise InputError(f"token is empty: use the token that came with the upload link.{steps.new_link}")
    if "://" in token:
        raise InputError("token is the link's token field, not its upload_url: pass the token that came with it.")
    return token


async def wait_for_upload(client: LateClient, token: str, wait_seconds: int, progress: Progress) -> UploadToken:
    """The upload's state, polled while it is pending for up to `wait_seconds`."""
    info = await client.media.upload_token_status(token)
    deadline = anyio.current_time() + wait_seconds
    while info.status == "pending" and anyio.current_time() < deadline:
        left = deadline - anyio.current_time()
        await progress(wait_seconds - left, wait_seconds, "waiting for the user to finish uploading")
        await anyio.sleep(min(POLL_SECONDS, max(left, 0)))
        info = await client.media.upload_token_status(token)
    return info


@dataclass(frozen=True)
class UploadSteps:
    """The next steps an upload's status names, as this request can take them (`_hints.named`)."""

    #: " Get a new link with media_generate_upload_link.", or empty where this server cannot make one
    new_link: str = ""
    #: "posts_create" (or "posts_create, from ..."), or None where this server cannot create posts
    post: str | None = None

    @classmethod
    def of(cls, ctx: Ctx) -> UploadSteps:
        link = with_tool(ctx, "media_generate_upload_link")
        post = named(ctx, "posts_create")
        if post == "posts_create" and named(ctx, "posts_cross_post") == "posts_cross_post":
            post += "/posts_cross_post"
        return cls(f" Get a new link {link}." if link else "", post)


def upload_status(info: UploadToken, zone: tzinfo, steps: UploadSteps) -> UploadStatus:
    files = [
        FileOut(url=f.url, type=f.type, filename=f.filename, content_type=f.content_type, size=f.size)
        for f in info.files
    ]
    if info.status == "completed":
        step = f"Pass media_urls to {steps.post}." if steps.post else "media_urls holds the uploaded files' URLs."
    elif info.status == "expired":
        instead = " The user can add the files to a post in the Late dashboard instead."
        step = f"This link expired.{steps.new_link}" + (" Give it to the user." if steps.new_link else instead)
    elif files:  # uploaded, but the page was not finished: "done" in the chat is not Done on the page
        step = (
            f"{len(files)} file(s) uploaded so far, but Done was not pressed on the page: ask the user to press Done "
            "when that is everything, then check again."
        )
    else:
        step = "Waiting for the user to upload and press Done on the page; check again when they say so."
    return UploadStatus(
        token=info.token,
        status=info.status,
        files=files,
        media_urls=media_urls_for([(f.url, f.type) for f in files]) or None,
        expires_at=local(info.expires_at, zone),
        next_step=step,
    )


async def media_upload_file(
    paths: Annotated[TextOrList, Field(description="Absolute path(s) on this computer, comma-separated")],
    ctx: Ctx,
    platform: Annotated[str, Field(description="Also check the target platform's limits")] = "",
) -> LocalUploads:
    """Upload image/video/PDF files from this computer; returns media_urls for posts_create."""
    app = state(ctx)
    allowed = localfiles.media_dirs(app.settings.media_dirs)
    rules = rules_for(platform_name(platform)) if platform.strip() else None
    files = _inspected(_paths(paths, allowed), allowed)
    if not files:
        raise InputError("paths is empty: give the absolute path of a file.")
    if rules is not None:
        problems = [msg for f in files if (msg := _platform_problem(f, rules))]
        if problems:
            raise InputError(" ".join(problems))
    return await upload_files(app.client, files, ctx.report_progress)


async def upload_files(client: LateClient, files: list[localfiles.LocalFile], progress: Progress) -> LocalUploads:
    """Each file presigned and streamed to the API's storage, one after the other, with progress over all.

    A failure after some files went up ends the batch with a result, not an error: the uploaded files' URLs are
    kept (they are on the API's storage and usable), and the rest are named so a retry sends only those. A failure
    on the first file is the plain error.
    """
    total = sum(f.size for f in files)
    done = 0
    out: list[LocalUpload] = []
    for i, file in enumerate(files):

        async def on_chunk(sent: int, base: int = done, name: str = file.name) -> None:
            await progress(base + sent, total, f"uploading {name}")

        try:
            out.append(await _upload_one(client, file, on_chunk))
        except LateError as exc:
            if not out:
                raise
            return _partial(out, [str(f.path) for f in files[i:]], exc)
        done += file.size
    return LocalUploads(files=out, media_urls=_post_media(out))


async def _upload_one(
    client: LateClient, file: localfiles.LocalFile, progress: Callable[[int], Awaitable[None]]
) -> LocalUpload:
    presigned = await client.media.presign(filename=file.name, content_type=file.content_type, size=file.size)
    await client.media.put(presigned, localfiles.chunks(file, progress), content_type=file.content_type, size=file.size)
    return LocalUpload(
        path=str(file.path), url=presigned.public_url, type=file.kind, content_type=file.content_type, size=file.size
    )


def _partial(out: list[LocalUpload], rest: list[str], exc: LateError) -> LocalUploads:
    return LocalUploads(
        files=out,
        media_urls=_post_media(out),
        not_uploaded=rest,
        error=message_for(exc),
        next_step=f"{len(out)} of {len(out) + len(rest)} files were uploaded (media_urls has them). Tell the user "
        "why the rest were not (error); when that is resolved, call media_upload_file again with only the paths "
        "in not_uploaded, and use both calls' media_urls together.",
    )


def _post_media(out: list[LocalUpload]) -> str:
    """media_urls for a post: audio and subtitle files are uploaded (their URLs are in `files`) but are no post's
    media items (a subtitle track goes in a video's `subtitles`)."""
    return media_urls_for([(f.url, f.type) for f in out if f.type in localfiles.POSTABLE])


def _inspected(paths: list[str], allowed: list[Path]) -> list[localfiles.LocalFile]:
    """Every file checked before the first byte goes up; one refused refuses the batch, saying the rest did not go
    either (so a retry sends them all)."""
    try:
        return [localfiles.inspect(p, allowed=allowed) for p in paths]
    except InputError as exc:
        if len(paths) < 2:
            raise
        raise InputError(
            f"{exc.message} Nothing was uploaded, not even the {len(paths) - 1} other "
            f"file{'s' * (len(paths) > 2)}: fix or leave out that path and call media_upload_file again with the rest.",
            hint=exc.hint or None,
        ) from None


def _paths(value: str, allowed: list[Path]) -> list[str]:
    """The paths given, at most MAX_PATHS (a long batch would outlast a host's patience and its rate limit)."""
    text = value.strip()
    if text.startswith("["):
        found = text_list(text, "paths")
    elif "," in text and localfiles.names_a_file(text, allowed=allowed):
        found = [text]  # one file whose path holds a comma: taken whole
    else:
        # One path may itself contain commas; only split when every piece is an absolute path.
        pieces = [p.strip() for p in text.split(",")]
        absolute = all(p.startswith(("/", "~", "file:")) or (len(p) > 2 and p[1] == ":") for p in pieces)
        found = pieces if len(pieces) > 1 and absolute else [text] if text else []
    if len(found) > MAX_PATHS:
        raise InputError(
            f"{len(found)} paths given; media_upload_file takes at most {MAX_PATHS} per call (the most any "
            "platform takes in one post). Upload them in several calls."
        )
    return found


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
