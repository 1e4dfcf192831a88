"""media_upload_file with several files: a failure part-way returns what was uploaded, and the call is capped.

The case: the 51st of 80 files hit a 429, and the error named none of the 50 already uploaded, so the only way on
was to upload all 80 again. Now the result lists the uploaded files (their URLs) and the paths still to send.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
from mcp import Client

from late_mcp.sandbox.runner import RunningSandbox
from late_mcp.tools.media import MAX_PATHS

from .conftest import Control, build_server, settings_for, text_of

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


class PresignLimit(httpx.AsyncBaseTransport):
    """The real sandbox, except that the API refuses presigns after `allowed` of them with a long 429."""

    def __init__(self, allowed: int) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.allowed = allowed
        self.presigns = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/v1/media/presign"):
            self.presigns += 1
            if self.presigns > self.allowed:
                return httpx.Response(429, json={"error": "Rate limit exceeded"}, headers={"Retry-After": "120"})
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _photos(folder: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = folder / f"photo{i:02}.jpg"
        path.write_bytes(JPEG + os.urandom(2000))
        paths.append(str(path))
    return paths


async def _call(sandbox: RunningSandbox, transport: httpx.AsyncBaseTransport, folder: Path, paths: list[str]) -> Any:
    settings = settings_for(sandbox, media_dirs=(str(folder),))
    async with Client(build_server(settings, transport=transport)) as client:
        return await client.call_tool("media_upload_file", {"paths": ",".join(paths)})


async def test_a_429_part_way_returns_the_uploaded_files_and_the_rest(
    sandbox: RunningSandbox, control: Control, tmp_path: Path
) -> None:
    paths = _photos(tmp_path, 5)
    result = await _call(sandbox, PresignLimit(allowed=3), tmp_path, paths)
    out = result.structured_content
    assert out is not None, text_of(result)
    assert [f["path"] for f in out["files"]] == paths[:3]
    assert out["media_urls"] == ",".join(f["url"] for f in out["files"])
    assert out["not_uploaded"] == paths[3:]
    assert "429" in out["error"]
    assert "Rate limit" in out["error"]
    assert "not_uploaded" in out["next_step"]
    async with httpx.AsyncClient() as http:  # the uploaded ones really are there
        for file in out["files"]:
            assert (await http.get(file["url"])).status_code == 200
    # The retry sends only the rest.
    retry = await _call(sandbox, httpx.AsyncHTTPTransport(), tmp_path, out["not_uploaded"])
    assert not retry.is_error, text_of(retry)
    assert [f["path"] for f in retry.structured_content["files"]] == paths[3:]


async def test_nothing_uploaded_is_a_plain_error(sandbox: RunningSandbox, control: Control, tmp_path: Path) -> None:
    result = await _call(sandbox, PresignLimit(allowed=0), tmp_path, _photos(tmp_path, 2))
    assert result.is_error
    assert "429" in text_of(result)


async def test_more_paths_than_the_cap_are_refused_before_any_upload(
    sandbox: RunningSandbox, control: Control, tmp_path: Path
) -> None:
    transport = PresignLimit(allowed=1000)
    result = await _call(sandbox, transport, tmp_path, _photos(tmp_path, MAX_PATHS + 1))
    assert result.is_error
    assert f"at most {MAX_PATHS}" in text_of(result)
    assert transport.presigns == 0
