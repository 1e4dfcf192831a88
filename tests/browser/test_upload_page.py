"""The browser upload page, driven in headless Chromium against the real sandbox.

A user opens the ``uploadUrl`` of an upload token, adds files, watches them upload and presses Done; the
assistant then reads the files back through the API (and through ``media_check_upload_status``).
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

if TYPE_CHECKING:
    from .conftest import MediaFiles, Sandbox

pytestmark = pytest.mark.browser

ACCEPTED_HINT = "Use JPG, PNG, WebP, GIF, MP4, MOV, WebM or PDF."


def open_upload_page(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#loading-screen")).to_be_hidden()


def row(page: Page, filename: str) -> Locator:
    return page.locator(".file-row").filter(has=page.locator(".file-name", has_text=filename))


def upload_through_page(page: Page, url: str, files: list[Path]) -> None:
    """Open the page, choose ``files``, wait until each one shows success, press Done."""
    open_upload_page(page, url)
    expect(page.locator("#upload-screen")).to_be_visible()
    expect(page.locator("#done-button")).to_be_disabled()
    page.set_input_files("#file-input", [str(f) for f in files])
    for f in files:
        expect(row(page, f.name)).to_have_attribute("data-state", "done")
        expect(row(page, f.name).locator(".file-state")).to_have_text("✓ Uploaded")
    expect(page.locator("#done-button")).to_be_enabled()
    page.click("#done-button")
    expect(page.locator("#done-screen")).to_be_visible()


def drop_files(page: Page, files: list[tuple[str, str, bytes]]) -> None:
    """Drop ``(name, browser MIME type, bytes)`` files onto the drop zone, as a drag from the desktop does."""
    page.evaluate(
        """(files) => {
            const dt = new DataTransfer();
            for (const [name, type, bytes] of files) {
                dt.items.add(new File([new Uint8Array(bytes)], name, {type}));
            }
            const zone = document.getElementById('drop-zone');
            for (const kind of ['dragenter', 'dragover', 'drop']) {
                zone.dispatchEvent(new DragEvent(kind, {bubbles: true, cancelable: true, dataTransfer: dt}));
            }
        }""",
        [[name, mime, list(data)] for name, mime, data in files],
    )


# ---------- the main path ----------


def test_upload_image_and_pdf_then_done(page: Page, sandbox: Sandbox, media: MediaFiles, screenshot_dir: Path) -> None:
    png = media.png("holiday photo.png")
    pdf = media.pdf("menu.pdf")
    token = sandbox.create_upload_token()

    open_upload_page(page, token["uploadUrl"])
    expect(page).to_have_title("Upload media for your post")
    expect(page.get_by_role("heading", name="Upload media for your post")).to_be_visible()
    expect(page.locator("#accept-hint")).to_contain_text("JPG, PNG, WebP, GIF, MP4, MOV, WebM or PDF")
    expect(page.locator("#expiry")).to_have_text(re.compile(r"^This link expires (at|on) .+\."))
    expect(page.get_by_label("Choose files")).to_have_attribute("type", "file")
    expect(page.locator("#done-button")).to_be_disabled()

    page.set_input_files("#file-input", [str(png), str(pdf)])
    for f in (png, pdf):
        r = row(page, f.name)
        expect(r).to_have_attribute("data-state", "done")
        expect(r.locator(".file-state")).to_have_text("✓ Uploaded")
        expect(r.locator("progress")).to_have_js_property("value", 100)
    expect(page.locator(".file-row .file-meta").first).to_have_text(re.compile(r"\d+(\.\d)? (B|KB)"))
    expect(page.locator("#status")).to_have_text("2 files uploaded.")
    page.screenshot(path=str(screenshot_dir / "uploaded.png"), full_page=True)

    page.click("#done-button")
    done = page.locator("#done-screen")
    expect(done).to_be_visible()
    expect(done).to_contain_text("Upload complete")
    expect(done).to_contain_text("You can close this tab and tell your assistant you're done.")
    expect(done.locator("li")).to_have_count(2)
    expect(done).to_contain_text(png.name)
    expect(done).to_contain_text(pdf.name)
    expect(page.locator("#upload-screen")).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "done.png"), full_page=True)

    # The API reports the token completed, with both files as they were uploaded.
    status = sandbox.upload_status(token["token"])
    assert status["status"] == "completed"
    files = {f["filename"]: f for f in status["files"]}
    assert set(files) == {png.name, pdf.name}
    assert files[png.name]["mimeType"] == "image/png"
    assert files[pdf.name]["mimeType"] == "application/pdf"
    for f in (png, pdf):
        stored = files[f.name]
        assert stored["size"] == f.stat().st_size
        served = httpx.get(stored["url"], timeout=10)
        assert served.status_code == 200
        assert served.content == f.read_bytes()
        assert served.headers["content-type"].startswith(stored["mimeType"])

    # Opening the link again says it is already complete and lists the files.
    page.reload()
    completed = page.locator("#completed-screen")
    expect(completed).to_be_visible()
    expect(completed).to_contain_text("This upload is already complete")
    expect(completed.locator("li")).to_have_count(2)
    expect(page.locator("#upload-screen")).to_be_hidden()


def test_progress_bars_fill_and_at_most_two_upload_at_once(
    page: Page, sandbox: Sandbox, media: MediaFiles, screenshot_dir: Path
) -> None:
    """With the network throttled, rows show partial progress before success, and a third file waits
    for a free slot instead of competing with the first two."""
    files = [media.png(f"sunset-{n}.png", width=400, height=260, noise=True) for n in (1, 2, 3)]  # ~310 KB each
    token = sandbox.create_upload_token()
    open_upload_page(page, token["uploadUrl"])
    # Record the largest number of rows uploading at the same moment.
    page.evaluate(
        """() => {
            window.__mostUploading = 0;
            new MutationObserver(() => {
                const n = document.querySelectorAll('.file-row[data-state=uploading]').length;
                window.__mostUploading = Math.max(window.__mostUploading, n);
            }).observe(document.getElementById('file-list'),
                       {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
        }"""
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 384 * 1024},
    )
    page.set_input_files("#file-input", [str(f) for f in files])

    # Each throttled upload takes well over a second, so these hold while the first two are in flight.
    first, third = row(page, files[0].name), row(page, files[2].name)
    expect(first).to_have_attribute("data-state", "uploading")
    expect(third).to_have_attribute("data-state", "queued")
    expect(third.locator(".file-state")).to_have_text("Waiting…")
    expect(page.locator("#status")).to_have_text("Uploading 3 files…")
    expect(page.locator("#done-button")).to_be_disabled()
    expect(page.locator("#done-hint")).to_have_text("Wait for the uploads to finish.")
    page.wait_for_function(
        "() => { const p = document.querySelector('.file-row progress'); return p.value >= 15 && p.value < 100; }",
        polling=20,
    )
    expect(first.locator(".file-state")).to_have_text(re.compile(r"^\d{1,2}%$"))
    page.screenshot(path=str(screenshot_dir / "mid-upload.png"), full_page=True)

    for f in files:
        r = row(page, f.name)
        expect(r).to_have_attribute("data-state", "done", timeout=30_000)
        expect(r.locator("progress")).to_have_js_property("value", 100)
    assert page.evaluate("window.__mostUploading") == 2
    expect(page.locator("#done-button")).to_be_enabled()
    assert len(sandbox.upload_status(token["token"])["files"]) == 3


def test_drag_and_drop_with_trailing_slash_and_hostile_filename(
    page: Page, sandbox: Sandbox, media: MediaFiles, screenshot_dir: Path
) -> None:
    """Files dropped on the page upload too; a filename full of markup is shown as text, never run."""
    token = sandbox.create_upload_token()
    page.set_viewport_size({"width": 390, "height": 800})
    open_upload_page(page, token["uploadUrl"] + "/")

    # Under the sandbox's 120-character display limit, so it is stored exactly as given.
    hostile = '<img src=x onerror="window.__pwned=1">' + "a-very-long-name-" * 4 + ".png"
    drop_files(page, [(hostile, "image/png", media.png().read_bytes())])
    r = row(page, "a-very-long-name-")
    expect(r).to_have_attribute("data-state", "done")
    expect(r.locator(".file-name")).to_have_text(hostile)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#file-list img").count() == 0
    # Nothing spills sideways on a phone-width screen, however long the name.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(screenshot_dir / "mobile.png"), full_page=True)

    page.click("#done-button")
    expect(page.locator("#done-screen")).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    stored = sandbox.upload_status(token["token"])["files"]
    assert [f["filename"] for f in stored] == [hostile]


def test_type_check_falls_back_to_the_extension(page: Page, sandbox: Sandbox) -> None:
    """Browsers often report no type, or an odd one, for real media: a known extension is enough to try,
    and the upload goes out with the accepted type. An unknown extension without a usable type is refused."""
    token = sandbox.create_upload_token()
    open_upload_page(page, token["uploadUrl"])
    jpeg_start = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64)
    webm_start = b"\x1a\x45\xdf\xa3" + bytes(64)  # the EBML header the sandbox sniffs
    drop_files(
        page,
        [
            ("IMG_0001.JPG", "", jpeg_start),
            ("clip.webm", "audio/webm", webm_start),
            ("scan.tiff", "", b"II*\x00" + bytes(64)),
        ],
    )
    expect(row(page, "IMG_0001.JPG")).to_have_attribute("data-state", "done")
    expect(row(page, "clip.webm")).to_have_attribute("data-state", "done")
    expect(row(page, "scan.tiff").locator(".file-error")).to_have_text(
        f"scan.tiff: TIFF files are not accepted. {ACCEPTED_HINT}"
    )
    stored = {f["filename"]: f["mimeType"] for f in sandbox.upload_status(token["token"])["files"]}
    assert stored == {"IMG_0001.JPG": "image/jpeg", "clip.webm": "video/webm"}


def test_reload_keeps_files_already_uploaded(page: Page, sandbox: Sandbox, media: MediaFiles) -> None:
    """Files uploaded before a reload are still listed, and Done still finishes the upload."""
    png = media.png("before-reload.png")
    token = sandbox.create_upload_token()
    open_upload_page(page, token["uploadUrl"])
    page.set_input_files("#file-input", str(png))
    expect(row(page, png.name)).to_have_attribute("data-state", "done")

    page.reload()
    expect(row(page, png.name)).to_have_attribute("data-state", "done")
    expect(row(page, png.name).locator(".file-state")).to_have_text("✓ Uploaded")
    expect(page.locator("#done-button")).to_be_enabled()
    page.click("#done-button")
    expect(page.locator("#done-screen")).to_contain_text(png.name)
    assert sandbox.upload_status(token["token"])["status"] == "completed"


# ---------- the MCP side ----------


def test_mcp_check_upload_status_reports_browser_upload(page: Page, sandbox: Sandbox, media: MediaFiles) -> None:
    """After a real browser upload, the server's media_check_upload_status tool reports both files.

    A plain function on purpose: sync Playwright cannot run inside an event loop, and while it is
    alive it holds this thread's loop; the MCP client gets its own loop in a worker thread.
    """
    png = media.png("cover.png")
    pdf = media.pdf("brochure.pdf")
    token = sandbox.create_upload_token()
    upload_through_page(page, token["uploadUrl"], [png, pdf])

    # The session's sync Playwright owns this thread's event loop, so the MCP client runs in its own thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(asyncio.run, _check_upload_status(sandbox, token["token"])).result(timeout=60)

    assert not result.is_error, result.content
    data = result.structured_content
    assert data is not None
    assert data["status"] == "completed"
    files = data["files"]
    assert len(files) == 2
    by_size = {f["size"]: f for f in files}
    assert set(by_size) == {png.stat().st_size, pdf.stat().st_size}
    assert by_size[png.stat().st_size]["type"] == "image"
    assert by_size[pdf.stat().st_size]["type"] == "document"
    for f in files:
        assert httpx.get(f["url"], timeout=10).status_code == 200


async def _check_upload_status(sandbox: Sandbox, token: str) -> Any:
    from mcp import Client

    from late_mcp.config import Settings
    from late_mcp.server import build_server

    server = build_server(Settings(api_key=sandbox.api_key, base_url=sandbox.base_url))
    async with Client(server) as client:
        return await client.call_tool("media_check_upload_status", {"token": token})


# ---------- refusals ----------


def test_unsupported_files_are_refused_on_the_page(page: Page, sandbox: Sandbox, media: MediaFiles) -> None:
    bmp = media.write("photo.bmp", b"BM" + bytes(60))
    txt = media.write("notes.txt", b"remember the milk\n")
    token = sandbox.create_upload_token()
    open_upload_page(page, token["uploadUrl"])

    posted: list[str] = []
    page.on("request", lambda req: posted.append(req.url) if req.method == "POST" else None)
    page.set_input_files("#file-input", [str(bmp), str(txt)])

    for f, kind in ((bmp, "BMP"), (txt, "TXT")):
        r = row(page, f.name)
        expect(r).to_have_attribute("data-state", "error")
        expect(r.locator(".file-error")).to_have_text(f"{f.name}: {kind} files are not accepted. {ACCEPTED_HINT}")
        expect(r.locator(".file-error")).to_be_visible()
    expect(page.locator("#status")).to_have_text("2 files were not uploaded.")
    expect(page.get_by_role("alert").filter(has_text="photo.bmp")).to_contain_text("notes.txt: TXT files")
    expect(page.locator("#done-button")).to_be_disabled()
    assert posted == [], "refused files must not be sent to the server"

    status = sandbox.upload_status(token["token"])
    assert status["status"] == "pending"
    assert status["files"] == []


def test_server_refusal_is_shown_verbatim(page: Page, sandbox: Sandbox, media: MediaFiles) -> None:
    """A file that passes the page's check by name but whose bytes are not a PNG is refused by the
    sandbox (it sniffs the content); the page shows the server's own message and stores nothing."""
    fake = media.write("fake.png", b"this is plain text wearing a .png name\n")
    token = sandbox.create_upload_token()
    open_upload_page(page, token["uploadUrl"])

    page.set_input_files("#file-input", str(fake))
    r = row(page, fake.name)
    expect(r).to_have_attribute("data-state", "error")

    # The same bytes sent straight to the endpoint get the message the page must show unchanged.
    direct = httpx.post(
        f"{sandbox.root_url}/upload/{token['token']}/files",
        params={"filename": fake.name},
        content=fake.read_bytes(),
        headers={"Content-Type": "image/png"},
        timeout=10,
    )
    assert direct.status_code == 415, direct.text
    message = direct.json()["error"]
    assert message

    expect(r.locator(".file-error")).to_have_text(message)
    expect(page.locator("#done-button")).to_be_disabled()
    assert sandbox.upload_status(token["token"])["files"] == []


def test_oversized_file_is_refused_on_the_page(page: Page, sandbox: Sandbox, media: MediaFiles) -> None:
    sandbox.update_settings(max_upload_bytes=1024 * 1024)
    big = media.png("poster.png", width=800, height=600, noise=True)  # ~1.4 MB
    small = media.png("thumb.png")
    token = sandbox.create_upload_token()
    open_upload_page(page, token["uploadUrl"])
    expect(page.locator("#accept-hint")).to_contain_text("up to 1 MB each")

    page.set_input_files("#file-input", [str(big), str(small)])
    r = row(page, big.name)
    expect(r).to_have_attribute("data-state", "error")
    expect(r.locator(".file-error")).to_have_text(
        re.compile(r"^poster\.png: this file is too large \(1\.\d MB\)\. Files can be up to 1 MB each\.$")
    )
    expect(row(page, small.name)).to_have_attribute("data-state", "done")

    files = sandbox.upload_status(token["token"])["files"]
    assert [f["filename"] for f in files] == [small.name]


# ---------- links that cannot be used ----------


def test_expired_link_shows_expired_screen(page: Page, sandbox: Sandbox, media: MediaFiles) -> None:
    token = sandbox.create_upload_token()
    open_upload_page(page, token["uploadUrl"])
    expect(page.locator("#upload-screen")).to_be_visible()

    sandbox.advance_clock(2 * 3600)  # tokens live an hour

    # The link ran out while the page was open: the next upload is refused and the page says why.
    page.set_input_files("#file-input", str(media.png()))
    screen = page.locator("#expired-screen")
    expect(screen).to_be_visible()
    expect(screen).to_contain_text("This upload link has expired. Ask your assistant for a new link.")
    expect(page.locator("#upload-screen")).to_be_hidden()

    # Opening the link afterwards shows the same screen straight away.
    page.reload()
    expect(screen).to_be_visible()
    expect(page.locator("#upload-screen")).to_be_hidden()
    status = sandbox.upload_status(token["token"])
    assert status["status"] == "expired"
    assert status["files"] == []


def test_unknown_token_shows_not_valid(page: Page, sandbox: Sandbox) -> None:
    token = sandbox.create_upload_token()
    bogus = token["uploadUrl"].replace(token["token"], "no-such-token")

    open_upload_page(page, bogus)
    screen = page.locator("#invalid-screen")
    expect(screen).to_be_visible()
    expect(screen).to_contain_text("This upload link is not valid")
    expect(page.locator("#upload-screen")).to_be_hidden()
