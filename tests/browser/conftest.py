"""Fixtures for driving the sandbox's upload page in headless Chromium.

Debian's ``chromium`` package (``.ci/install_browser.sh``) is driven by Playwright through
``executable_path``; Playwright's own browser download is never used. Where ``/usr/bin/chromium``
is absent every browser test is skipped with a reason saying so, except under CI, where it fails
(tests/environment.py).

The sync Playwright API is used throughout, so these tests must stay plain (non-async) functions:
sync Playwright refuses to run inside a running asyncio loop.
"""

from __future__ import annotations

import os
import struct
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from ..environment import in_ci, missing

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from late_mcp.sandbox.runner import RunningSandbox

CHROMIUM = Path("/usr/bin/chromium")
#: Exactly the flags /work/shared/browser-testing.md lists: without the background-networking ones
#: Chromium keeps trying to reach the internet, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Screenshots land here (outside the repo) so a person can look at what a user sees.
SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "late-mcp-browser"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists() or in_ci():  # under CI the `browser` fixture fails instead
        return
    skip = pytest.mark.skip(
        reason=f"browser test skipped: Chromium not found at {CHROMIUM} "
        "(install it with `bash .ci/install_browser.sh` as root)"
    )
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module.

    Module scope, not session: while sync Playwright is alive it leaves its own event loop marked as
    running in this thread, which would break every async test collected after the browser tests.
    """
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright import sync_api
    except ImportError:
        missing("playwright is not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page; any uncaught JavaScript error on it fails the test."""
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    js_errors: list[str] = []
    pg.on("pageerror", lambda exc: js_errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()
    assert not js_errors, f"JavaScript errors on the upload page: {js_errors}"


@dataclass
class Sandbox:
    """What the tests need from a running sandbox (``late_mcp.sandbox.runner.start_sandbox``)."""

    base_url: str
    root_url: str
    api_key: str
    handle: RunningSandbox

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def create_upload_token(self) -> dict[str, Any]:
        resp = httpx.post(f"{self.base_url}/v1/media/upload-token", headers=self.headers, timeout=10)
        assert resp.status_code in (200, 201), resp.text
        body: dict[str, Any] = resp.json()
        assert body["status"] == "pending"
        assert body["uploadUrl"].startswith(self.root_url)
        return body

    def upload_status(self, token: str) -> dict[str, Any]:
        resp = httpx.get(
            f"{self.base_url}/v1/media/upload-token",
            params={"token": token},
            headers=self.headers,
            timeout=10,
        )
        assert resp.status_code == 200, resp.text
        body: dict[str, Any] = resp.json()
        return body

    def update_settings(self, **settings: Any) -> None:
        """Change limits of the running sandbox (its loopback-only control endpoint)."""
        resp = httpx.post(f"{self.root_url}/_sandbox/settings", json=settings, timeout=10)
        assert resp.status_code == 200, resp.text

    def advance_clock(self, seconds: float) -> None:
        """Move the sandbox's clock forward (its loopback-only control endpoint)."""
        resp = httpx.post(f"{self.root_url}/_sandbox/clock", json={"advance": seconds}, timeout=10)
        assert resp.status_code == 200, resp.text


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A fresh in-memory sandbox with its default settings, served on a free loopback port."""
    from late_mcp.sandbox.runner import start_sandbox

    handle = start_sandbox(data_dir=":memory:")
    try:
        yield Sandbox(base_url=handle.base_url, root_url=handle.root_url, api_key=handle.api_key, handle=handle)
    finally:
        handle.stop()


# ---------- small, valid media files (the sandbox sniffs magic bytes, so they must be real) ----------


def png_bytes(width: int = 48, height: int = 32, *, noise: bool = False) -> bytes:
    """A valid RGB PNG: a colour gradient, or incompressible noise when a large file is wanted."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    if noise:
        rows = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))
    else:
        rows = b"".join(
            b"\x00" + b"".join(bytes(((x * 5) % 256, (y * 7) % 256, 170)) for x in range(width)) for y in range(height)
        )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 0 if noise else 9))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    """A valid one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class MediaFiles:
    """Writes test files into a temporary directory and returns their paths."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def write(self, name: str, data: bytes) -> Path:
        path = self.directory / name
        path.write_bytes(data)
        return path

    def png(self, name: str = "photo.png", **options: Any) -> Path:
        return self.write(name, png_bytes(**options))

    def pdf(self, name: str = "menu.pdf") -> Path:
        return self.write(name, pdf_bytes())


@pytest.fixture
def media(tmp_path: Path) -> MediaFiles:
    directory = tmp_path / "media"
    directory.mkdir()
    return MediaFiles(directory)


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
