"""Media from the user's disk, end to end (a local image and a local PDF uploaded, with the progress notifications
the client receives), and one scenario through the real HTTP sandbox.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.config import Settings
from late_mcp.localfiles import given_path
from late_mcp.sandbox.runner import RunningSandbox
from late_mcp.sandbox.seed import ACCOUNT_IDS
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server

from ..conftest import ROOT, ZONE_NAME, Sandbox
from ..conftest import Tools as Session
from ..conftest import tools as session
from .conftest import RecordingTransport, make_server

PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def write(path: Path, head: bytes, size: int) -> bytes:
    """A file of `size` bytes that starts like the real format (the server sniffs content, not names)."""
    data = head + os.urandom(size - len(head))
    path.write_bytes(data)
    return data


def check_progress(progress: list[tuple[float, float | None, str | None]], total: int, names: list[str]) -> None:
    """Notifications arrived, counted up to the total bytes, and named each file while it was sent."""
    assert progress, "no progress notification reached the client"
    done = [p[0] for p in progress]
    assert done == sorted(done)
    assert {p[1] for p in progress} == {total}
    assert done[-1] == total
    for name in names:
        assert any(name in (p[2] or "") for p in progress), f"no progress message names {name}"


async def test_local_image_and_pdf_are_uploaded_with_progress(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport, tmp_path: Path
) -> None:
    image = write(tmp_path / "open day.png", PNG_HEAD, 2_500_000)  # more than two 1 MiB chunks
    pdf = write(tmp_path / "programme.pdf", PDF_HEAD, 1_200_000)
    async with session(server) as s:
        result = await s.ok(
            "media_upload_file", {"paths": f"{tmp_path / 'open day.png'},{tmp_path / 'programme.pdf'}"}, progress=True
        )
        check_progress(s.progress, len(image) + len(pdf), ["open day.png", "programme.pdf"])
        assert len(s.progress) >= 4  # one per chunk at least: 3 for the image, 2 for the PDF
        first, second = result["files"]
        assert (first["type"], first["content_type"], first["size"]) == ("image", "image/png", len(image))
        assert (second["type"], second["content_type"], second["size"]) == ("document", "application/pdf", len(pdf))
        # The bytes were streamed to the presigned URL (POST presign, then PUT), and are served at the public URL.
        assert [m for m, p in transport.requests if p == "/api/v1/media/presign"] == ["POST", "POST"]
        assert sum(1 for m, p in transport.requests if m == "PUT" and p.startswith("/_media/upload/")) == 2
        for file, data in ((first, image), (second, pdf)):
            served = await sandbox.fetch(file["url"])
            assert served.status_code == 200
            assert served.content == data
            assert served.headers["content-type"] == file["content_type"]
        # The returned media_urls are ready for a post: the PDF as a LinkedIn document post.
        assert result["media_urls"] == f"{first['url']},{second['url']}"
        post = await s.ok(
            "posts_create",
            {"content": "Our open day programme", "platform": "linkedin", "account_id": ACCOUNT_IDS["linkedin"],
             "media_urls": second["url"], "is_draft": True},
        )  # fmt: skip
    stored = await sandbox.post(post["post_id"])
    assert stored["mediaItems"] == [{"type": "document", "url": second["url"]}]


@pytest.mark.parametrize("name", ["shots,/photo.png", "draft,~2.png"])
async def test_one_existing_path_with_a_comma_is_one_file(
    server: MCPServer[Any], transport: RecordingTransport, tmp_path: Path, name: str
) -> None:
    # "…/shots,/photo.png" reads as two absolute paths when split at its comma; the file it names exists: it is one
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    data = write(path, PNG_HEAD, 3000)
    async with session(server) as s:
        result = await s.ok("media_upload_file", {"paths": str(path)})
        both = await s.ok("media_upload_file", {"paths": json.dumps([str(path), str(path)])})  # as a list: two
    [file] = result["files"]
    assert (file["path"], file["size"]) == (str(path), len(data))
    assert len(both["files"]) == 2


async def test_a_file_url_is_the_file_it_names(
    server: MCPServer[Any], transport: RecordingTransport, tmp_path: Path
) -> None:
    """Editors hand a dragged file over as file:///...%20...: read as the path it names, spaces and all; one on
    another computer is refused before any upload."""
    path = tmp_path / "open day.png"
    data = write(path, PNG_HEAD, 3000)
    async with session(server) as s:
        result = await s.ok("media_upload_file", {"paths": path.as_uri()})
        local = await s.ok("media_upload_file", {"paths": f"file://localhost{path.as_posix().replace(' ', '%20')}"})
        elsewhere = await s.error("media_upload_file", {"paths": "file://fileserver/share/photo.png"})
    assert [(f["path"], f["size"]) for f in result["files"]] == [(str(path), len(data))]
    assert [f["path"] for f in local["files"]] == [str(path)]
    assert "names a file on another computer (fileserver)" in elsewhere
    assert sum(1 for _, p in transport.requests if p == "/api/v1/media/presign") == 2


def test_a_windows_file_url_is_its_drive_path() -> None:
    assert given_path("file:///C:/Users/jane/My%20Pictures/a.png") == "C:/Users/jane/My Pictures/a.png"
    assert given_path(" '/tmp/a.png' ") == "/tmp/a.png"


async def test_a_file_the_api_refuses_is_refused_before_any_upload(
    server: MCPServer[Any], transport: RecordingTransport, tmp_path: Path
) -> None:
    (tmp_path / "notes.png").write_text("not an image at all, whatever the name says")
    async with session(server) as s:
        text = await s.error("media_upload_file", {"paths": str(tmp_path / "notes.png")})
        missing = await s.error("media_upload_file", {"paths": str(tmp_path / "nope.jpg")})
        folder = await s.error("media_upload_file", {"paths": str(tmp_path)})
        write(tmp_path / "good.png", PNG_HEAD, 3000)
        batch = await s.error("media_upload_file", {"paths": [str(tmp_path / "good.png"), str(tmp_path / "notes.png")]})
    assert "content was checked" in text
    assert "Nothing was uploaded" in batch
    assert "not even the 1 other file:" in batch
    assert "no such file" in missing
    assert "directory" in folder
    assert not any(p == "/api/v1/media/presign" for _, p in transport.requests)


async def test_outside_the_allowed_directories_or_wrong_for_the_platform(
    store: Store, transport: RecordingTransport, tmp_path: Path
) -> None:
    allowed = tmp_path / "media"
    allowed.mkdir()
    write(allowed / "programme.pdf", PDF_HEAD, 2000)
    write(tmp_path / "secret.png", PNG_HEAD, 2000)
    server = make_server(store, transport, media_dirs=(str(allowed),))
    async with session(server) as s:
        outside = await s.error("media_upload_file", {"paths": str(tmp_path / "secret.png")})
        sneaky = await s.error("media_upload_file", {"paths": str(allowed / ".." / "secret.png")})
        wrong = await s.error("media_upload_file", {"paths": str(allowed / "programme.pdf"), "platform": "instagram"})
    assert "LATE_MEDIA_DIRS" in outside
    assert "LATE_MEDIA_DIRS" in sneaky  # resolved before the check
    assert "programme.pdf" in wrong
    assert "document" in wrong
    assert not any(p == "/api/v1/media/presign" for _, p in transport.requests)


async def test_check_upload_status_waits_for_the_browser_upload(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """The user uploads in the browser while the tool waits: it returns once the upload completes, with progress."""
    image = PNG_HEAD + os.urandom(4000)

    async def user_uploads(token: str) -> None:
        await anyio.sleep(0.3)
        page = f"/upload/{token}"
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app), base_url=ROOT) as browser:
            sent = await browser.post(f"{page}/files", params={"filename": "shelf.png"}, content=image,
                                      headers={"Content-Type": "image/png"})  # fmt: skip
            assert sent.status_code == 201, sent.text
            assert (await browser.post(f"{page}/complete")).status_code == 200

    async with session(server) as s:
        link = await s.ok("media_generate_upload_link", {})
        started = anyio.current_time()
        async with anyio.create_task_group() as tg:
            tg.start_soon(user_uploads, link["token"])
            status = await s.ok(
                "media_check_upload_status", {"token": link["token"], "wait_seconds": 20}, progress=True
            )
        waited = anyio.current_time() - started
    assert status["status"] == "completed"
    assert waited < 10  # it came back when the upload finished, not at the end of the wait
    assert s.progress  # the client heard that the tool was waiting
    assert all(p[1] == 20 for p in s.progress)
    [file] = status["files"]
    assert file["filename"] == "shelf.png"
    assert status["media_urls"] == file["url"]
    assert (await sandbox.fetch(file["url"])).content == image


# --- through the real HTTP sandbox -------------------------------------------------------------------------------


async def test_upload_then_thread_through_the_http_sandbox(live_sandbox: RunningSandbox, tmp_path: Path) -> None:
    """Over real sockets: stream a local photo with progress, then publish an X thread that uses it."""
    photo = write(tmp_path / "scan.pdf", PNG_HEAD, 1_500_000)  # a PNG whatever its name says
    settings = Settings(
        api_key=live_sandbox.api_key, base_url=live_sandbox.base_url, timezone=ZONE_NAME, toolsets=("all",)
    )
    async with session(build_server(settings)) as s:
        uploaded = await s.ok("media_upload_file", {"paths": str(tmp_path / "scan.pdf"), "platform": "twitter"},
                              progress=True)  # fmt: skip
        check_progress(s.progress, len(photo), ["scan.pdf"])
        [file] = uploaded["files"]
        assert (file["type"], file["content_type"]) == ("image", "image/png")  # detected from the content
        result = await _thread(s, file["url"])
    async with httpx.AsyncClient(base_url=live_sandbox.base_url) as http:
        served = await http.get(file["url"])
        assert served.content == photo
        assert served.headers["content-type"] == "image/png"
        headers = {"Authorization": f"Bearer {live_sandbox.api_key}"}
        post = (await http.get(f"/v1/posts/{result['post_id']}", headers=headers)).json()["post"]
    [entry] = post["platforms"]
    assert entry["status"] == "published"
    items = entry["platformSpecificData"]["threadItems"]
    assert items[1]["mediaItems"] == [{"type": "image", "url": file["url"]}]
    assert len(entry["threadPosts"]) == 2


async def _thread(s: Session, image_url: str) -> dict[str, Any]:
    return await s.ok(
        "posts_create",
        {
            "content": "Scanned the old studio plans 🧵",
            "platform": "twitter",
            "account_id": ACCOUNT_IDS["twitter"],
            "publish_now": True,
            "options": {
                "threadItems": [
                    {"content": "Scanned the old studio plans 🧵"},
                    {
                        "content": "Here is the ground floor in 1998.",
                        "media_urls": [{"url": image_url, "type": "image"}],
                    },
                ]
            },
        },
    )


#: the first bytes of the audio and subtitle formats presign takes (MediaContentType), and the type each is sent as
AUDIO_AND_SUBTITLES = {
    "episode.mp3": (b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
    "jingle.m4a": (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "audio/mp4"),
    "take.wav": (b"RIFF\x24\x08\x00\x00WAVEfmt ", "audio/wav"),
    "loop.ogg": (b"OggS\x00\x02\x00\x00\x00\x00", "audio/ogg"),
    "raw.aac": (b"\xff\xf1\x50\x80\x02\x1f\xfc", "audio/aac"),
    "talk.en.vtt": (b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n", "text/vtt"),
    "talk.en.srt": (b"1\n00:00:00,000 --> 00:00:02,000\nHello\n", "application/x-subrip"),
}


async def test_audio_and_subtitle_files_go_up_as_their_own_types_but_not_into_a_posts_media(
    server: MCPServer[Any], sandbox: Sandbox, store: Store, tmp_path: Path
) -> None:
    for name, (head, _) in AUDIO_AND_SUBTITLES.items():
        write(tmp_path / name, head, 4000)
    paths = ",".join(str(tmp_path / name) for name in AUDIO_AND_SUBTITLES)
    async with session(server) as s:
        result = await s.ok("media_upload_file", {"paths": paths})
    sent = {f["path"].rsplit("/", 1)[-1]: f["content_type"] for f in result["files"]}
    assert sent == {name: content_type for name, (_, content_type) in AUDIO_AND_SUBTITLES.items()}
    presigned = {m["filename"]: m["contentType"] for m in store.all("media")}
    assert {n: presigned[n] for n in AUDIO_AND_SUBTITLES} == sent  # what the API was told at presign
    assert result["media_urls"] == ""  # a subtitle track or an audio file is no post's media item
