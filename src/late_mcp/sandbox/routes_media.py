"""Media: presigned direct upload, the upload-token flow, the browser upload page and serving stored files.

Only ``/api/v1/media/...`` needs the API key. The presigned PUT target is authorised by its HMAC signature (like a
cloud storage presigned URL); the upload page endpoints by the unguessable token; stored files are public, like
the real ``publicUrl``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from importlib import resources
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.context import root_url, sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.http import json_body, path_param, respond
from late_mcp.sandbox.params import required_str
from late_mcp.sandbox.store import Doc, Store
from late_mcp.sandbox.uploads import (
    PAGE_TYPES,
    PRESIGN_TYPES,
    discard,
    display_name,
    human_size,
    normalize_type,
    storage_key,
    stream_to_file,
)

_PLACEHOLDER = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upload files</title></head>
<body><main><h1>Upload files</h1><p>The upload page is not installed in this build of late-mcp.</p></main></body>
</html>
"""


def _sign(store: Store, key: str, expires: int) -> str:
    return hmac.new(store.api_key.encode(), f"{key}:{expires}".encode(), hashlib.sha256).hexdigest()


def _media_json(media: Doc) -> Doc:
    return {
        "url": media["url"],
        "filename": media["filename"],
        "mimeType": media["contentType"],  # UploadedFile names the file's type mimeType
        "size": media["size"],
        "type": media["type"],
    }


# presign ------------------------------------------------------------------------------------------------


async def presign(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    store = sandbox.store
    body = await json_body(request)
    filename = required_str(body, "filename")
    content_type = body.get("contentType")
    if not isinstance(content_type, str) or content_type.lower() not in PRESIGN_TYPES:
        # MediaContentType: "Rejected with a 400 (INVALID_FIELD_VALUE on contentType)"
        raise ApiError(
            400,
            f"Unsupported contentType {content_type!r}; use one of {', '.join(PRESIGN_TYPES)}",
            {"field": "contentType"},
            extra={"code": "INVALID_FIELD_VALUE", "param": "contentType", "type": "invalid_request_error"},
        )
    size = body.get("size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise bad_request("size must be a number of bytes", field="size")
    if isinstance(size, int) and size > sandbox.settings.max_upload_bytes:
        raise bad_request(
            f"File is too large: the limit is {human_size(sandbox.settings.max_upload_bytes)}",
            field="size",
            limit=sandbox.settings.max_upload_bytes,
        )
    name = display_name(filename)
    key = storage_key(name)
    expires = int((store.now() + timedelta(seconds=sandbox.settings.presign_ttl_s)).timestamp())
    root = root_url(request)
    media: Doc = {
        "_id": key,
        "key": key,
        "filename": name,
        "contentType": content_type.lower(),
        "type": PRESIGN_TYPES[content_type.lower()],
        "size": None,
        "status": "pending",
        "url": f"{root}/media/{key}",
        "uploadExpiresAt": expires,
        "source": "presign",
        "createdAt": iso(store.now()),
    }
    store.put("media", media)
    return respond(
        {
            "uploadUrl": f"{root}/_media/upload/{key}?expires={expires}&sig={_sign(store, key, expires)}",
            "publicUrl": media["url"],
            "key": key,
            "type": media["type"],
        }
    )


async def presigned_put(request: Request) -> Response:
    """The PUT target of a presigned URL: checks signature, expiry and Content-Type, then streams to disk."""
    sandbox = sandbox_of(request)
    store = sandbox.store
    key = path_param(request, "key")
    media = store.get("media", key)
    try:
        expires = int(request.query_params.get("expires", ""))
    except ValueError:
        expires = -1
    signature = request.query_params.get("sig", "")
    if (
        media is None
        or media.get("source") != "presign"
        or not hmac.compare_digest(signature, _sign(store, key, expires))
    ):
        raise ApiError(403, "Invalid or missing upload signature")
    if store.now().timestamp() > expires:
        raise ApiError(403, "This upload URL has expired; request a new one with POST /v1/media/presign")
    declared = normalize_type(request.headers.get("content-type"))
    if declared != normalize_type(media["contentType"]):
        raise ApiError(403, f"Content-Type must be {media['contentType']} (as presigned), got {declared or 'none'}")
    _check_length(request, sandbox.settings.max_upload_bytes)
    size = await stream_to_file(request.stream(), store.media_path(key), max_bytes=sandbox.settings.max_upload_bytes)
    with store.transaction():
        media.update({"size": size, "status": "uploaded", "uploadedAt": iso(store.now())})
        store.put("media", media)
    return Response(status_code=200)


async def serve_media(request: Request) -> Response:
    store = sandbox_of(request).store
    media = store.get("media", path_param(request, "key"))
    path = store.media_path(path_param(request, "key"))
    if media is None or media.get("status") != "uploaded" or not path.is_file():
        raise ApiError(404, "Not found")
    # nosniff: a browser shows the file as the type it was checked to be, never as HTML or script it guessed.
    return FileResponse(
        path,
        media_type=str(media["contentType"]),
        filename=str(media["filename"]),
        content_disposition_type="inline",
        headers={"X-Content-Type-Options": "nosniff"},
    )


def _check_length(request: Request, limit: int) -> None:
    raw = request.headers.get("content-length")
    if raw is not None and raw.isdigit() and int(raw) > limit:
        raise ApiError(413, f"This file is too large: the limit is {human_size(limit)}.")


# upload tokens ------------------------------------------------------------------------------------------


def _token_status(store: Store, doc: Doc) -> str:
    if doc["status"] == "pending" and store.now() >= parse_instant(str(doc["expiresAt"])):
        return "expired"
    return str(doc["status"])


def _token_json(store: Store, doc: Doc) -> Doc:
    return {
        "token": doc["_id"],
        "status": _token_status(store, doc),
        "files": doc["files"],
        "createdAt": doc["createdAt"],
        "expiresAt": doc["expiresAt"],
        "completedAt": doc.get("completedAt"),
    }


async def create_upload_token(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    store = sandbox.store
    token = secrets.token_hex(16)
    now = store.now()
    doc: Doc = {
        "_id": token,
        "status": "pending",
        "files": [],
        "createdAt": iso(now),
        "expiresAt": iso(now + timedelta(seconds=sandbox.settings.upload_token_ttl_s)),
        "completedAt": None,
    }
    store.put("upload_tokens", doc)
    return respond(
        {
            "token": token,
            "uploadUrl": f"{root_url(request)}/upload/{token}",
            "expiresAt": doc["expiresAt"],
            "status": "pending",
        }
    )


async def check_upload_token(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    token = request.query_params.get("token")
    if not token:
        raise bad_request("token is required", field="token")
    doc = store.get("upload_tokens", token)
    if doc is None:
        raise ApiError(404, "Not found")
    return respond(_token_json(store, doc))


# the browser upload page ----------------------------------------------------------------------------------


def _page_token(store: Store, token: str) -> Doc:
    doc = store.get("upload_tokens", token)
    if doc is None:
        raise ApiError(404, "Unknown upload link")
    return doc


def _check_open(store: Store, doc: Doc) -> None:
    status = _token_status(store, doc)
    if status == "expired":
        raise ApiError(410, "This upload link has expired. Ask for a new link.")
    if status == "completed":
        raise ApiError(409, "This upload is already finished. Ask for a new link to upload more files.")


async def upload_page(request: Request) -> HTMLResponse:
    page = resources.files("late_mcp.sandbox").joinpath("upload_page.html")
    html = page.read_text(encoding="utf-8") if page.is_file() else _PLACEHOLDER
    return HTMLResponse(
        html,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"},
    )


async def upload_state(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    store = sandbox.store
    doc = _page_token(store, path_param(request, "token"))
    return respond(
        {
            "token": doc["_id"],
            "status": _token_status(store, doc),
            "files": doc["files"],
            "expiresAt": doc["expiresAt"],
            "maxFileSize": sandbox.settings.max_upload_bytes,
            "acceptedTypes": list(PAGE_TYPES),
        }
    )


async def upload_file(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    store = sandbox.store
    limit = sandbox.settings.max_upload_bytes
    token = path_param(request, "token")
    _check_open(store, _page_token(store, token))
    declared = normalize_type(request.headers.get("content-type"))
    if declared not in PAGE_TYPES:
        raise ApiError(
            415,
            f"This file type ({declared or 'unknown'}) is not supported. Accepted: JPG, PNG, "
            "WebP, GIF, MP4, MOV, WebM and PDF.",
        )
    _check_length(request, limit)
    if request.headers.get("content-length") == "0":
        raise ApiError(400, "The file is empty.")
    name = display_name(request.query_params.get("filename"), fallback="upload")
    key = storage_key(name)
    path = store.media_path(key)
    size = await stream_to_file(request.stream(), path, max_bytes=limit, expect_type=declared)
    with store.transaction():
        doc = _page_token(store, token)
        try:
            _check_open(store, doc)  # the link may have expired or been completed while the bytes streamed
        except ApiError:
            discard(path)
            raise
        media: Doc = {
            "_id": key,
            "key": key,
            "filename": name,
            "contentType": declared,
            "type": PAGE_TYPES[declared],
            "size": size,
            "status": "uploaded",
            "url": f"{root_url(request)}/media/{quote(key)}",
            "source": "upload-token",
            "createdAt": iso(store.now()),
        }
        store.put("media", media)
        doc["files"].append(_media_json(media))
        store.put("upload_tokens", doc)
    return respond({"file": _media_json(media)}, 201)


async def complete_upload(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    with store.transaction():
        doc = _page_token(store, path_param(request, "token"))
        _check_open(store, doc)
        if not doc["files"]:
            raise ApiError(400, "Upload at least one file before finishing.")
        doc["status"] = "completed"
        doc["completedAt"] = iso(store.now())
        store.put("upload_tokens", doc)
    return respond({"status": "completed", "files": doc["files"]})


routes = [
    Route("/api/v1/media/presign", presign, methods=["POST"]),
    Route("/api/v1/media/upload-token", create_upload_token, methods=["POST"]),
    Route("/api/v1/media/upload-token", check_upload_token, methods=["GET"]),
    Route("/_media/upload/{key}", presigned_put, methods=["PUT"]),
    Route("/media/{key}", serve_media, methods=["GET", "HEAD"]),
    Route("/upload/{token}", upload_page, methods=["GET"]),
    Route("/upload/{token}/state", upload_state, methods=["GET"]),
    Route("/upload/{token}/files", upload_file, methods=["POST"]),
    Route("/upload/{token}/complete", complete_upload, methods=["POST"]),
]
