"""Receiving files: accepted types, magic-byte sniffing, safe names, streaming to disk under a size cap.

A browser's filename is only ever shown (after cleaning), never used as a path: files are stored under a key the
sandbox generates. The declared Content-Type must be an accepted one *and* the first bytes must look like it.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path

from late_mcp.sandbox.errors import ApiError

# The upload page's accepted types (JPG, PNG, WebP, GIF, MP4, MOV, WebM, PDF) and their media kind.
PAGE_TYPES: dict[str, str] = {
    "image/jpeg": "image",
    "image/png": "image",
    "image/webp": "image",
    "image/gif": "image",
    "video/mp4": "video",
    "video/quicktime": "video",
    "video/webm": "video",
    "application/pdf": "document",
}
# POST /v1/media/presign's contentType: the SDK's MediaContentType (22 values); the value is the answer's `type`
# (the SDK has no model of that answer: audio and subtitle files are "audio" and "subtitle" here).
PRESIGN_TYPES: dict[str, str] = {
    "image/jpeg": "image",
    "image/jpg": "image",
    "image/png": "image",
    "image/webp": "image",
    "image/gif": "image",
    "video/mp4": "video",
    "video/mpeg": "video",
    "video/quicktime": "video",
    "video/avi": "video",
    "video/x-msvideo": "video",
    "video/webm": "video",
    "video/x-m4v": "video",
    "application/pdf": "document",
    "audio/mpeg": "audio",
    "audio/mp4": "audio",
    "audio/aac": "audio",
    "audio/ogg": "audio",
    "audio/wav": "audio",
    "audio/webm": "audio",
    "audio/x-m4a": "audio",
    "application/x-subrip": "subtitle",
    "text/vtt": "subtitle",
}
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg"}
_HEAD = 64


def normalize_type(raw: str | None) -> str:
    """``"Image/JPG; charset=x"`` -> ``"image/jpeg"``."""
    value = (raw or "").split(";", 1)[0].strip().lower()
    return _ALIASES.get(value, value)


def sniff(head: bytes) -> str | None:
    """The content type the first bytes announce, or None if unrecognised."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "video/quicktime" if head[8:12] == b"qt  " else "video/mp4"
    return None


def looks_like(declared: str, head: bytes) -> bool:
    detected = sniff(head)
    if detected is None:
        return False
    # MP4 and QuickTime share the ISO base media container; browsers label them loosely.
    iso_bmff = {"video/mp4", "video/quicktime"}
    return detected == declared or (detected in iso_bmff and declared in iso_bmff)


def display_name(raw: str | None, fallback: str = "file") -> str:
    """A filename fit for display: last path segment, no control characters, at most 120 characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip().lstrip(".")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:110] + dot + ext[:9]) if dot and len(ext) <= 9 else name[:120]
    return name or fallback


def storage_key(filename: str) -> str:
    """A fresh, unguessable storage key ending in an ASCII slug of the name (useful in URLs and logs)."""
    slug = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", slug).strip("-.")[-60:] or "file"
    return f"{secrets.token_hex(12)}-{slug}"


async def stream_to_file(
    chunks: AsyncIterator[bytes], path: Path, *, max_bytes: int, expect_type: str | None = None
) -> int:
    """Write ``chunks`` to ``path``; 413 past ``max_bytes``, 415 when ``expect_type`` doesn't match the magic
    bytes, 400 when empty. Nothing is left on disk after an error."""
    size = 0
    head = b""
    checked = expect_type is None
    try:
        # Created private (0600), like everything in the data dir: uploads are the user's files.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags, 0o600), "wb") as out:
            async for chunk in chunks:
                if not chunk:
                    continue
                size += len(chunk)
                if size > max_bytes:
                    raise ApiError(413, f"This file is too large: the limit is {human_size(max_bytes)}.")
                if not checked:
                    head = (head + chunk)[:_HEAD]
                    if len(head) >= 16:
                        _check_magic(expect_type, head)
                        checked = True
                out.write(chunk)
        if size == 0:
            raise ApiError(400, "The file is empty.")
        if not checked:
            _check_magic(expect_type, head)
    except BaseException:
        discard(path)
        raise
    return size


def discard(path: Path) -> None:
    """Remove a partly written or refused file, ignoring one that is already gone."""
    with contextlib.suppress(OSError):
        path.unlink()


def _check_magic(expect_type: str | None, head: bytes) -> None:
    if expect_type is not None and not looks_like(expect_type, head):
        raise ApiError(
            415,
            f"This file's contents don't match its type ({expect_type}). Accepted: JPG, PNG, WebP, "
            "GIF, MP4, MOV, WebM and PDF.",
        )


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}".replace(".0 ", " ")
        value /= 1024
    return f"{size} bytes"
