"""Files on the user's disk: find them safely, tell their real type from their bytes, stream them.

The server runs on the user's machine, so it can upload what the host cannot pass. That also makes
it a way to read files: paths are resolved, only regular files are opened (a FIFO or a device would
block or never end), an optional allow-list of directories is enforced on the resolved path (so a
symlink cannot lead out of it), and nothing is read before every check has passed.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

import anyio

from .errors import InputError

#: the API's limit for one file (late-api-notes: "up to 5 GB")
API_MAX_BYTES = 5 * 1024**3
CHUNK = 1024 * 1024

#: (content type, media kind) for the formats the API accepts (POST /v1/media/presign's list)
KINDS = {
    "image/jpeg": "image",
    "image/png": "image",
    "image/webp": "image",
    "image/gif": "gif",
    "video/mp4": "video",
    "video/quicktime": "video",
    "video/x-m4v": "video",
    "video/webm": "video",
    "video/x-msvideo": "video",
    "video/mpeg": "video",
    "application/pdf": "document",
    # the rest of the API's MediaContentType that `sniff` tells: audio, and subtitle tracks (MediaItem.subtitles)
    **dict.fromkeys(("audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/wav"), "audio"),
    **dict.fromkeys(("application/x-subrip", "text/vtt"), "subtitle"),
}
ACCEPTED = "JPG, PNG, WebP, GIF, MP4, MOV, M4V, WebM, AVI, MPEG, PDF, MP3, M4A, AAC, OGG, WAV, SRT or VTT"
#: kinds a post's media items take (the rest are uploaded for other uses: subtitles, audio)
POSTABLE = frozenset({"image", "video", "gif", "document"})
_SRT = re.compile(rb"\A\d+\r?\n\d\d:\d\d:\d\d,\d\d\d --> ")


def sniff(head: bytes) -> str | None:
    """The content type from a file's first bytes (magic numbers), never from its name."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video/x-msvideo"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        # MPEG audio frames; the layer bits 00 are an ADTS (AAC) stream
        return "audio/aac" if head[1] & 0x06 == 0 and not head.startswith(b"ID3") else "audio/mpeg"
    text = head.removeprefix(b"\xef\xbb\xbf")
    if text.startswith(b"WEBVTT"):
        return "text/vtt"
    if _SRT.match(text):
        return "application/x-subrip"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return "audio/mp4"
        if brand == b"qt  ":
            return "video/quicktime"
        if brand in (b"M4V ", b"M4VH", b"M4VP"):
            return "video/x-m4v"
        if brand[:3] in (b"hei", b"mif", b"avi", b"msf"):  # HEIC/AVIF images share the ftyp box
            return None
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else None
    if head[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"):
        return "video/mpeg"
    return None


@dataclass(frozen=True)
class LocalFile:
    path: Path
    name: str
    size: int
    content_type: str
    kind: str  # image, video, gif, document; audio or subtitle (not for a post's media items)
    stat: os.stat_result  # as checked: the upload re-opens only this very file


def media_dirs(raw: Sequence[str]) -> list[Path]:
    return [Path(d).expanduser().resolve() for d in raw if d.strip()]


def given_path(raw: str) -> str:
    """The path a model named: the quotes around it dropped, and a file:// URL (the form an editor hands over a
    dragged file in) read as the path it names."""
    text = raw.strip().strip("'\"")
    if not text.casefold().startswith("file://"):
        return text
    url = urlsplit(text)
    if url.netloc not in ("", "localhost"):
        raise InputError(f"{text!r} names a file on another computer ({url.netloc}): give a path on this one.")
    path = unquote(url.path)
    return path[1:] if re.match(r"^/[A-Za-z]:/", path) else path  # file:///C:/Users/...: C:/Users/...


def regular_file(
    raw: str, *, allowed: Sequence[Path] = (), max_bytes: int = API_MAX_BYTES
) -> tuple[Path, os.stat_result]:
    """The resolved path and stat of a file the model named, after every check a local read needs.

    Absolute only, inside `allowed` (checked on the resolved path, so symlinks cannot lead out), a regular
    file (never a directory, device, FIFO or socket), not empty and not over `max_bytes`. Nothing is opened.
    """
    text = given_path(raw)
    if not text:
        raise InputError("The path is empty.")
    if "\x00" in text:
        raise InputError("The path contains a NUL byte.")
    given = Path(text).expanduser()
    if not given.is_absolute():
        where = f"of a file inside {' or '.join(map(str, allowed))}" if allowed else "e.g. ~/Pictures/photo.jpg"
        raise InputError(f"{text!r} is not an absolute path: give the full path, {where}.")
    real = given.resolve()
    if not _inside(real, allowed):
        raise InputError(
            f"{text} is outside the directories this server may read (LATE_MEDIA_DIRS: "
            f"{', '.join(str(d) for d in allowed)})."
        )
    try:
        info = real.stat()
    except FileNotFoundError:
        raise InputError(f"{text}: no such file.") from None
    except PermissionError:
        raise InputError(f"{text}: permission denied.") from None
    except OSError as exc:
        raise InputError(f"{text}: cannot be read ({exc.strerror}).") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{text} is a directory: give the path of a file inside it.")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{text} is not a regular file (a device, pipe or socket cannot be uploaded).")
    if info.st_size == 0:
        raise InputError(f"{text} is empty.")
    if info.st_size > max_bytes:
        raise InputError(f"{text} is {_size(info.st_size)}; the limit here is {_size(max_bytes)}.")
    return real, info


def _inside(real: Path, allowed: Sequence[Path]) -> bool:
    """Whether a resolved path is inside one of the allowed folders (anywhere, when none is set)."""
    return not allowed or any(real == d or d in real.parents for d in allowed)


def names_a_file(raw: str, *, allowed: Sequence[Path] = ()) -> bool:
    """Whether the text, taken whole, is the absolute path of a file this server may read: a list given as text is
    split at its commas, but not one path that holds a comma itself ('~/shots,/a.png')."""
    try:
        text = given_path(raw)
    except InputError:
        return False
    given = Path(text).expanduser()
    if "\x00" in text or not given.is_absolute():
        return False
    real = given.resolve()
    return _inside(real, allowed) and real.is_file()


def inspect(raw: str, *, allowed: Sequence[Path] = (), max_bytes: int = API_MAX_BYTES) -> LocalFile:
    """Check a media file the model named and tell its real type from its first bytes."""
    real, info = regular_file(raw, allowed=allowed, max_bytes=max_bytes)
    shown = given_path(raw)
    head = read_head(real, shown, info)
    content_type = sniff(head)
    if content_type is None:
        raise InputError(f"{shown} is not a file type the API accepts ({ACCEPTED}); its content was checked.")
    return LocalFile(
        path=real,
        name=Path(shown).name,
        size=info.st_size,
        content_type=content_type,
        kind=KINDS[content_type],
        stat=info,
    )


def open_checked(real: Path, expected: os.stat_result, shown: str) -> BinaryIO:
    """Open a checked file without following a link or blocking, and make sure it is still that file, unchanged.

    Every read goes through here, so a file swapped after the checks (for a symlink out of LATE_MEDIA_DIRS,
    or a FIFO that would hang) is refused rather than read, and so is one written to since (its size, modification
    or change time moved: the change time cannot be put back by the writer).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
    except PermissionError:
        raise InputError(f"{shown}: permission denied.") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot be opened ({exc.strerror}).") from None
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode) or (opened.st_ino, opened.st_dev) != (expected.st_ino, expected.st_dev):
        os.close(fd)
        raise InputError(f"{shown} changed while it was being checked; try again.")
    if changed(opened, expected):
        os.close(fd)
        raise InputError(f"{shown} changed after it was checked, so nothing was sent; try again once it is saved.")
    return os.fdopen(fd, "rb")


def changed(now: os.stat_result, then: os.stat_result) -> bool:
    """The file was written to (or truncated, or its times reset) between two looks."""
    return (now.st_size, now.st_mtime_ns, now.st_ctime_ns) != (then.st_size, then.st_mtime_ns, then.st_ctime_ns)


def read_head(real: Path, shown: str, expected: os.stat_result, size: int = 64) -> bytes:
    """The first bytes of a checked file."""
    with open_checked(real, expected, shown) as fh:
        return fh.read(size)


async def chunks(file: LocalFile, on_progress: Callable[[int], Awaitable[None]] | None = None) -> AsyncIterator[bytes]:
    """The file's bytes in 1 MiB pieces, never all in memory; reports bytes sent so far.

    Exactly the bytes that were checked, or an InputError before the piece that would differ: the first piece's
    own magic bytes must give the checked type (so the type is judged on what is sent, not on an earlier read),
    and before the last piece goes the file must be as it was checked (same size, no write since), so a request
    whose Content-Length no longer matches, or whose bytes were rewritten mid-way, is stopped before it completes.
    """
    shown = str(file.path)
    raw = open_checked(file.path, file.stat, shown)
    sent = 0
    async with anyio.wrap_file(raw) as fh:
        while sent < file.size:
            piece = await fh.read(min(CHUNK, file.size - sent))
            if sent == 0 and sniff(piece[:64]) != file.content_type:
                raise InputError(
                    f"{shown} changed after it was checked (its first bytes are no longer {file.content_type}), "
                    "so nothing was sent."
                )
            sent += len(piece)
            if not piece or (sent == file.size and (await fh.read(1) or changed(os.fstat(raw.fileno()), file.stat))):
                raise InputError(
                    f"{shown} changed while it was uploading (it was written to, or its size changed), so the upload "
                    "was stopped before it completed. Try again once the file is saved and no longer changing."
                )
            yield piece
            if on_progress is not None:
                await on_progress(sent)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
