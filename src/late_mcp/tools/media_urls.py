"""How the model names media (`media_urls`), read into the API's mediaItems, and written back for the next tool.

No MCP and no HTTP: the posting tools, the media tools and their tests share these functions.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import InputError
from ..models.posts import MediaItem
from ..rules.formats import API_MEDIA, CONVERT, EXTENSIONS
from ._args import NeedsTool, json_value

#: file extension -> the API's mediaItems type, from the one table of the formats the API takes (rules.formats)
EXTENSION_TYPES: dict[str, str] = {ext: API_MEDIA[mime] for ext, mime in EXTENSIONS.items()}
MEDIA_TYPES = ("image", "video", "gif", "document")


def _http_url(url: str) -> str:
    parsed = urlparse(url)
    if url.startswith(("/", "~", "file:", "\\")) or (len(url) > 2 and url[1] == ":" and url[2] in "\\/"):
        # the path of a file the person named: the API takes only URLs, which an upload gives
        raise NeedsTool(
            f"Media URL {url!r} is a file on this computer, not an http(s) URL",
            hint="Upload it first with media_upload_file (the path in paths), then pass the URL it gives in "
            "media_urls.",
            needs="media_upload_file",
            otherwise="Give a public http(s) URL instead: this server cannot upload a file from this computer.",
        )
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"Media URL {url!r} must be an http(s) URL.")
    return parsed.path


def extension(url: str) -> str:
    """The URL path's file extension, lower case, without the dot (never a substring test on the whole URL)."""
    return posixpath.splitext(unquote(_http_url(url)))[1].lower().lstrip(".")


def content_type_of(url: str) -> str | None:
    """The content type the URL's extension names, when it is one the API takes (None for any other URL)."""
    try:
        return EXTENSIONS.get(extension(url))
    except InputError:
        return None


def media_type_of(url: str) -> str:
    """The media type from the URL path's extension; a format to convert first is refused with how."""
    ext = extension(url)
    if ext in CONVERT:
        raise InputError(f"{url}: {CONVERT[ext]}")
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
    return [item for item in (_item(entry) for entry in raw) if item is not None]


def _item(entry: Any) -> MediaItem | None:
    if isinstance(entry, dict):
        url = str(entry.get("url", "")).strip()
        kind = entry.get("type")
        if extension(url) in CONVERT:  # a type given by hand does not make a HEIC file acceptable
            raise InputError(f"{url}: {CONVERT[extension(url)]}")
        if kind not in MEDIA_TYPES:
            kind = media_type_of(url)
        return MediaItem(type=kind, url=url)
    if isinstance(entry, str):
        return MediaItem(type=media_type_of(entry.strip()), url=entry.strip()) if entry.strip() else None
    raise InputError(f"media_urls entries must be URLs, got {type(entry).__name__}.")


def as_sent(items: list[MediaItem] | tuple[MediaItem, ...]) -> list[dict[str, Any]]:
    """Media items as a request body carries them."""
    return [{"type": m.type, "url": m.url} for m in items]


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
