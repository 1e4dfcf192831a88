"""The Tools API (the API docs' Media Downloads, Transcripts and Hashtag Checker references): paid plans only
(403 on Free), a daily allowance per plan (429). Answers are deterministic stand-ins: download URLs point at
``cdn.example.com``, transcripts are generated text, hashtags are judged against a fixed list."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.connections import digest, tools_gate
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.http import json_body, path_param, query, respond

#: platform -> host suffixes its post URLs use
HOSTS: dict[str, tuple[str, ...]] = {
    "youtube": ("youtube.com", "youtu.be"),
    "instagram": ("instagram.com",),
    "tiktok": ("tiktok.com",),
    "twitter": ("twitter.com", "x.com"),
    "facebook": ("facebook.com", "fb.watch"),
    "linkedin": ("linkedin.com",),
    "bluesky": ("bsky.app",),
}
_BARE_ID = {"youtube": re.compile(r"^[A-Za-z0-9_-]{11}$"), "tiktok": re.compile(r"^\d{15,20}$")}
BANNED = frozenset(
    {
        "adulting",
        "alone",
        "beautyblogger",
        "bikinibody",
        "costumes",
        "desk",
        "direct",
        "dm",
        "elevator",
        "humpday",
        "instamodel",
        "kissing",
        "lean",
        "mustfollow",
        "petite",
        "pushups",
        "shower",
        "single",
        "skype",
        "snap",
        "teens",
        "thought",
        "undies",
    }
)
RESTRICTED = frozenset({"followforfollow", "follow4follow", "f4f", "like4like", "l4l", "likeforlike", "tagsforlikes"})
_TAG = re.compile(r"^[A-Za-z0-9_]{1,100}$")


def _check_url(platform: str, url: str) -> str:
    if not url:
        raise bad_request("url is required", field="url")
    bare = _BARE_ID.get(platform)
    if bare and bare.match(url):
        return url
    host = (urlparse(url).hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in HOSTS[platform]):
        raise ApiError(404, f"Content unavailable or URL invalid: not a {platform} URL")
    return url


def _video_id(url: str) -> str:
    if _BARE_ID["youtube"].match(url):
        return url
    parsed = urlparse(url)
    if parsed.hostname and parsed.hostname.endswith("youtu.be"):
        return parsed.path.strip("/")[:11]
    found = parse_qs(parsed.query).get("v")
    if found:
        return found[0][:11]
    tail = re.search(r"/(?:shorts|embed|live)/([A-Za-z0-9_-]{11})", parsed.path)
    if tail:
        return tail.group(1)
    raise ApiError(404, "Content unavailable or URL invalid")


async def download(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    platform = path_param(request, "platform")
    if platform not in HOSTS:
        raise ApiError(404, "Not found")
    params = query(request)
    url = _check_url(platform, params.get("url", "").strip())
    tools_gate(store)
    n = digest(f"dl:{platform}:{url}")
    title = f"Demo {platform} video {n % 1000}"
    base = f"https://cdn.example.com/downloads/{platform}/{n:x}"
    if params.get("action") == "formats" and platform in ("youtube", "tiktok", "twitter"):
        formats = [
            {"id": "18", "label": "360p", "ext": "mp4", "type": "video", "height": 360, "width": 640},
            {"id": "22", "label": "720p", "ext": "mp4", "type": "video", "height": 720, "width": 1280},
            {"id": "140", "label": "audio", "ext": "m4a", "type": "audio", "height": None, "width": None},
        ]
        if platform == "tiktok":
            formats = [
                {"id": "0", "label": "No watermark", "ext": "mp4"},
                {"id": "1", "label": "Watermark", "ext": "mp4"},
            ]
        return respond({"success": True, "title": title, "formats": formats})
    suffix = f"-{params['formatId']}" if params.get("formatId") else ""
    body = {"success": True, "title": title, "downloadUrl": f"{base}{suffix}.mp4"}
    if platform in ("facebook", "bluesky"):
        body["thumbnail"] = f"{base}.jpg"
    if platform == "bluesky":
        body["text"] = "A short demo post with a video."
    return respond(body)


async def transcript(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    url = params.get("url", "").strip()
    if not url:
        raise bad_request("url is required", field="url")
    video = _video_id(_check_url("youtube", url))
    tools_gate(store)
    lang = params.get("lang") or "en"
    lines = [
        "Welcome back to the channel.",
        "Today we plan a month of content in one afternoon.",
        "First, pick three themes that matter to your audience.",
        "Then batch your writing and schedule everything at once.",
        "Thanks for watching, and see you next week.",
    ]
    segments = [{"text": text, "start": 4.0 * i, "duration": 4.0} for i, text in enumerate(lines)]
    return respond(
        {"success": True, "videoId": video, "language": lang, "fullText": " ".join(lines), "segments": segments}
    )


async def hashtag_checker(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    tags = body.get("hashtags")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) for t in tags):
        raise bad_request("hashtags must be a non-empty array of strings", field="hashtags")
    tools_gate(store)
    results = []
    for raw in tags:
        tag = raw.strip().lstrip("#")
        key = tag.lower()
        if not _TAG.match(tag):
            results.append({"hashtag": tag, "status": "unknown", "reason": "Not a valid hashtag", "confidence": 0.0})
        elif key in BANNED:
            results.append(
                {"hashtag": tag, "status": "banned", "reason": "Hidden from search by Instagram", "confidence": 0.95}
            )
        elif key in RESTRICTED:
            results.append(
                {
                    "hashtag": tag,
                    "status": "restricted",
                    "reason": "Shows only top posts (spam signals)",
                    "confidence": 0.8,
                }
            )
        else:
            results.append({"hashtag": tag, "status": "safe", "reason": None, "confidence": 0.9})
    summary = {s: sum(r["status"] == s for r in results) for s in ("banned", "restricted", "safe")}
    return respond({"success": True, "results": results, "summary": summary})


routes = [
    Route("/api/v1/tools/youtube/transcript", transcript, methods=["GET"]),
    Route("/api/v1/tools/instagram/hashtag-checker", hashtag_checker, methods=["POST"]),
    Route("/api/v1/tools/{platform}/download", download, methods=["GET"]),
]
