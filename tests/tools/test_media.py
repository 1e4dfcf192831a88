"""media_generate_upload_link and media_check_upload_status: the browser upload-token flow, end to end."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import BERLIN, ROOT, Sandbox, annotations_of, as_shown, parse_dt, tools
from .conftest import PNG

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


async def upload(sandbox: Sandbox, token: str, filename: str, data: bytes, content_type: str) -> dict[str, Any]:
    """What the upload page does for one file."""
    response = await sandbox.raw(
        "POST", f"/upload/{token}/files", params={"filename": filename}, content=data,
        headers={"Content-Type": content_type},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    file: dict[str, Any] = response.json()["file"]
    return file


async def finish(sandbox: Sandbox, token: str) -> None:
    response = await sandbox.raw("POST", f"/upload/{token}/complete")
    assert response.status_code == 200, response.text


async def test_media_annotations(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        assert annotations_of(t, "media_generate_upload_link") == {
            "title": "Upload link", "read_only_hint": False, "destructive_hint": False, "idempotent_hint": False,
            "open_world_hint": True,
        }  # fmt: skip
        assert annotations_of(t, "media_check_upload_status") == {
            "title": "Upload status", "read_only_hint": True, "open_world_hint": True,
        }  # fmt: skip


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_generate_upload_link(server: MCPServer[Any], sandbox: Sandbox, mode: Literal["auto", "legacy"]) -> None:
    async with tools(server, mode=mode) as t:
        out = await t.ok("media_generate_upload_link")
    token = out["token"]
    assert out["upload_url"] == f"{ROOT}/upload/{token}"
    stored = (await sandbox.api("GET", "media/upload-token", params={"token": token})).json()
    assert stored["status"] == "pending"
    expires = parse_dt(out["expires_at"])
    assert expires == as_shown(stored["expiresAt"])
    assert expires.utcoffset() == BERLIN.utcoffset(expires.replace(tzinfo=None))  # shown in the user's zone
    assert timedelta(minutes=59) < expires - parse_dt(stored["createdAt"]) <= timedelta(hours=1)
    assert "media_check_upload_status" in out["next_step"]
    # the page the user is sent to exists
    page = await sandbox.raw("GET", f"/upload/{token}")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]


async def test_check_status_pending_before_the_user_finishes(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        link = await t.ok("media_generate_upload_link")
        out = await t.ok("media_check_upload_status", {"token": link["token"]})
    assert out["token"] == link["token"]
    assert out["status"] == "pending"
    assert out["files"] == []
    assert out.get("media_urls") is None
    assert parse_dt(out["expires_at"]) == parse_dt(link["expires_at"])
    assert "Waiting" in out["next_step"]


async def test_files_uploaded_without_done_ask_the_user_to_press_done(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """A person who says "done" in the chat but never pressed Done on the page: the step says what is missing."""
    async with tools(server) as t:
        link = await t.ok("media_generate_upload_link")
        await upload(sandbox, link["token"], "a.png", PNG, "image/png")
        out = await t.ok("media_check_upload_status", {"token": link["token"]})
    assert out["status"] == "pending"
    assert "1 file(s) uploaded" in out["next_step"]
    assert "press Done" in out["next_step"]


async def test_check_status_completed_gives_files_and_media_urls(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        link = await t.ok("media_generate_upload_link")
        png = await upload(sandbox, link["token"], "a.png", PNG, "image/png")
        pdf = await upload(sandbox, link["token"], "deck.pdf", PDF, "application/pdf")
        await finish(sandbox, link["token"])
        out = await t.ok("media_check_upload_status", {"token": f"  {link['token']} "})
    assert out["status"] == "completed"
    assert [(f["url"], f["type"], f["size"], f["filename"], f["content_type"]) for f in out["files"]] == [
        (png["url"], "image", len(PNG), "a.png", "image/png"),
        (pdf["url"], "document", len(PDF), "deck.pdf", "application/pdf"),
    ]
    assert out["media_urls"] == f"{png['url']},{pdf['url']}"
    assert "media_urls" in out["next_step"]
    assert "posts_create" in out["next_step"]
    served = await sandbox.raw("GET", png["url"].removeprefix(ROOT))
    assert served.status_code == 200
    assert served.content == PNG


async def test_uploaded_media_urls_feed_posts_create(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """The documented flow: link, upload in the browser, status, then a post with those media_urls."""
    async with tools(server) as t:
        link = await t.ok("media_generate_upload_link")
        png = await upload(sandbox, link["token"], "photo.png", PNG, "image/png")
        await finish(sandbox, link["token"])
        status = await t.ok("media_check_upload_status", {"token": link["token"]})
        post = await t.ok(
            "posts_create",
            {"content": "Fresh from the studio", "platform": "instagram", "media_urls": status["media_urls"]},
        )
    stored = await sandbox.post(post["post_id"])
    assert stored is not None
    assert stored["mediaItems"] == [{"type": "image", "url": png["url"]}]
    assert stored["platforms"][0]["accountId"]["_id"] == ACCOUNT_IDS["instagram"]


async def test_uploaded_file_with_a_non_ascii_name_can_be_posted(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """The sandbox's storage URL for 'фото.png' has no extension; media_urls must still carry the type."""
    async with tools(server) as t:
        link = await t.ok("media_generate_upload_link")
        file = await upload(sandbox, link["token"], "фото.png", PNG, "image/png")
        await finish(sandbox, link["token"])
        status = await t.ok("media_check_upload_status", {"token": link["token"]})
        post = await t.ok(
            "posts_create", {"content": "Привет", "platform": "instagram", "media_urls": status["media_urls"]}
        )
    assert status["files"][0]["type"] == "image"
    assert status["files"][0]["filename"] == "фото.png"
    stored = await sandbox.post(post["post_id"])
    assert stored is not None
    assert stored["mediaItems"] == [{"type": "image", "url": file["url"]}]


async def test_check_status_expired_after_the_links_lifetime(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        link = await t.ok("media_generate_upload_link")
        await sandbox.advance(3601)
        out = await t.ok("media_check_upload_status", {"token": link["token"]})
    assert out["status"] == "expired"
    assert out["files"] == []
    assert "media_generate_upload_link" in out["next_step"]  # what to do next: a new link


async def test_a_completed_upload_does_not_expire(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        link = await t.ok("media_generate_upload_link")
        await upload(sandbox, link["token"], "a.png", PNG, "image/png")
        await finish(sandbox, link["token"])
        await sandbox.advance(7200)
        out = await t.ok("media_check_upload_status", {"token": link["token"]})
    assert out["status"] == "completed"
    assert len(out["files"]) == 1


@pytest.mark.parametrize("token", ["", "   "])
async def test_check_status_empty_token_is_refused(server: MCPServer[Any], token: str) -> None:
    async with tools(server) as t:
        text = await t.error("media_check_upload_status", {"token": token})
    assert "token is empty" in text
    assert "media_generate_upload_link" in text


async def test_check_status_unknown_token_is_a_404(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("media_check_upload_status", {"token": "deadbeef" * 4})
    assert "404" in text
    assert "Not found" in text


@pytest.mark.parametrize("token", ["ab/cd+ef==", "a/b?c&d#e f"])
async def test_a_token_with_a_slash_or_other_url_characters_reaches_the_api_whole(
    server: MCPServer[Any], sandbox: Sandbox, token: str
) -> None:
    """The contract gives the token no form and sends it in the query (GET /v1/media/upload-token?token=...): a `/`
    (base64's, say) is encoded like any other character, and the API finds the same token."""
    now = sandbox.store.now()
    sandbox.store.put(
        "upload_tokens",
        {"_id": token, "status": "pending", "files": [], "createdAt": now.isoformat(),
         "expiresAt": (now + timedelta(hours=1)).isoformat(), "completedAt": None},
    )  # fmt: skip
    async with tools(server) as t:
        out = await t.ok("media_check_upload_status", {"token": token})
    assert out["token"] == token
    assert out["status"] == "pending"
