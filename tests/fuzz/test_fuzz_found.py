"""Minimal cases the fuzz suite found, one test per bug: regression tests once fixed, strict xfails until then
(with an entry in test_fuzz_tools.KNOWN_CRASHES, so the long run keeps going past a known crash).

Found so far, both fixed: a huge argument that lands in a URL (httpx.InvalidURL escaped the client), and deeply
nested JSON text in a list argument (RecursionError escaped json.loads).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mcp import Client

from late_mcp.config import Settings
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server


@pytest.fixture
def server(store: Store) -> Any:
    settings = Settings(api_key=store.api_key, base_url="http://sandbox.test/api", timezone="UTC", toolsets=("all",))
    return build_server(settings, transport=httpx.ASGITransport(app=create_app(store)))


async def _assert_deliberate_error(server: Any, name: str, args: dict[str, Any]) -> None:
    async with Client(server) as client:
        result = await client.call_tool(name, args)
    text = " ".join(getattr(b, "text", "") for b in result.content)
    assert result.is_error
    assert text.strip() != f"Error executing tool {name}", "a crash: the model is told nothing"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("media_youtube_transcript", {"url": "𐀀" * 5462}),
        ("accounts_linkedin_mention", {"account_id": "x", "url": "𐀀" * 6000}),
    ],
)
async def test_a_huge_argument_in_a_url_is_a_clear_error(server: Any, name: str, args: dict[str, Any]) -> None:
    await _assert_deliberate_error(server, name, args)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("media_check_hashtags", {"hashtags": "[" * 2018}),
        ("posts_cross_post", {"content": "x", "platforms": "[" * 3000}),
        ("posts_create", {"content": "x", "platform": "threads", "media_urls": "[" * 3000}),
    ],
)
async def test_deeply_nested_json_text_is_a_clear_error(server: Any, name: str, args: dict[str, Any]) -> None:
    await _assert_deliberate_error(server, name, args)
