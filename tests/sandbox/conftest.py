"""Fixtures: a fresh in-memory sandbox per test, reached in process through httpx's ASGI transport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from starlette.applications import Starlette

from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import seeded_store
from late_mcp.sandbox.store import Store

ROOT = "http://127.0.0.1"


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    yield opened
    opened.close()


@pytest.fixture
def app(store: Store) -> Starlette:
    return create_app(store)


@pytest.fixture
async def client(app: Starlette, store: Store) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=f"{ROOT}/api",
        headers={"Authorization": f"Bearer {store.api_key}"},
    ) as http:
        yield http
