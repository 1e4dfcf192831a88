"""posts_bulk_upload reads local files: only CSVs in the API's columns, inside LATE_MEDIA_DIRS when it is set,
checked before any byte goes out, and nothing from a file is quoted back but the column names it recognised.

The defect this keeps fixed: with LATE_MEDIA_DIRS unset, an SSH private key given as the bulk file was streamed
whole to the API, and the API's error repeated its first line into the tool result.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from mcp import Client

from late_mcp.config import Settings
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import PROFILE_MAIN, seeded_store
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server

BASE = "http://sandbox.test/api"
KEY_LINE = "-----BEGIN OPENSSH PRIVATE KEY-----"
SECRET = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQ"
GOOD = f"platforms,profiles,schedule_time,post_content\ntwitter,{PROFILE_MAIN},2099-01-01T10:00:00Z,Hello\n"


class Recording(httpx.AsyncBaseTransport):
    """The sandbox, with every request body kept."""

    def __init__(self, store: Store) -> None:
        self.inner = httpx.ASGITransport(app=create_app(store))
        self.bodies: list[bytes] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(await request.aread())
        return await self.inner.handle_async_request(request)


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    yield opened
    opened.close()


def server_for(store: Store, transport: Recording, *media_dirs: Path) -> Any:
    settings = Settings(
        api_key=store.api_key,
        base_url=BASE,
        timezone="UTC",
        toolsets=("all",),
        media_dirs=tuple(str(d) for d in media_dirs),
    )
    return build_server(settings, transport=transport)


def text_of(result: Any) -> str:
    return " ".join(getattr(b, "text", "") for b in result.content)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_private_key_is_refused_unsent_and_unquoted(store: Store, tmp_path: Path) -> None:
    transport = Recording(store)
    key = _write(tmp_path / "id_ed25519", f"{KEY_LINE}\n{SECRET}\n-----END OPENSSH PRIVATE KEY-----\n")
    renamed = _write(tmp_path / "id_ed25519.csv", key.read_text())
    linked = tmp_path / "posts.csv"
    linked.symlink_to(key)
    async with Client(server_for(store, transport)) as client:  # LATE_MEDIA_DIRS unset, as in the report
        for path, why in ((key, "not a .csv file"), (renamed, "none of the bulk CSV columns"), (linked, ".csv")):
            for dry_run in (True, False):
                result = await client.call_tool("posts_bulk_upload", {"path": str(path), "dry_run": dry_run})
                assert result.is_error, f"{path} was accepted"
                text = text_of(result)
                assert why in text, text
                assert KEY_LINE not in text
                assert SECRET[:20] not in text
    assert transport.bodies == [], "a byte of the key reached the API"


async def test_only_files_inside_media_dirs_are_read(store: Store, tmp_path: Path) -> None:
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    inside = _write(allowed / "week.csv", GOOD)
    stray = _write(outside / "week.csv", GOOD)
    transport = Recording(store)
    async with Client(server_for(store, transport, allowed)) as client:
        refused = await client.call_tool("posts_bulk_upload", {"path": str(stray)})
        assert refused.is_error
        assert "outside the directories" in text_of(refused)
        assert transport.bodies == []
        accepted = await client.call_tool("posts_bulk_upload", {"path": str(inside)})
        assert not accepted.is_error, text_of(accepted)
        assert (accepted.structured_content or {})["valid"] == 1
    assert len(transport.bodies) == 1
    assert b"Hello" in transport.bodies[0]


async def test_what_the_api_repeats_of_a_file_is_not_quoted_back(store: Store, tmp_path: Path) -> None:
    # A header with one API column passes the local check; the API then names the unknown column and the row's
    # profile id in its answer: the result keeps the codes and leaves out those cells.
    odd = _write(tmp_path / "odd.csv", f"post_content,profiles,{SECRET}\nhello,{SECRET[:24]},x\n")
    transport = Recording(store)
    async with Client(server_for(store, transport)) as client:
        result = await client.call_tool("posts_bulk_upload", {"path": str(odd), "dry_run": True})
        broken = _write(tmp_path / "broken.csv", f"post_content\n{SECRET}\n")
        broken.write_bytes(broken.read_bytes() + b"\xff\xfe" * 3)  # valid header, undecodable body: a 400
        refused = await client.call_tool("posts_bulk_upload", {"path": str(broken), "dry_run": True})
    out = result.structured_content or {}
    [unknown] = out["warnings"]
    assert unknown.startswith("Late ignored the columns …: not bulk CSV columns")
    assert any("(unknown_profile:…)" in e for e in out["problems"][0]["errors"])
    assert SECRET[:20] not in text_of(result)
    assert refused.is_error
    assert SECRET[:20] not in text_of(refused)
    assert "post_content" in text_of(refused)
