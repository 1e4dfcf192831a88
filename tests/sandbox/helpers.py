"""Shared helpers for the sandbox contract tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from late_mcp.sandbox.seed import ACCOUNT_IDS

ROOT = "http://127.0.0.1"
IMG = {"type": "image", "url": "https://cdn.example.com/a.jpg"}
VIDEO = {"type": "video", "url": "https://cdn.example.com/a.mp4"}
PDF = {"type": "document", "url": "https://cdn.example.com/a.pdf"}


def acc(key: str) -> str:
    return ACCOUNT_IDS[key]


def target(key: str, **extra: Any) -> dict[str, Any]:
    from late_mcp.sandbox.seed import ACCOUNTS

    return {"platform": ACCOUNTS[key][1], "accountId": ACCOUNT_IDS[key], **extra}


def future(hours: float = 2) -> str:
    return (datetime.now(timezone.utc) + timedelta(hours=hours)).isoformat().replace("+00:00", "Z")


async def advance(client: httpx.AsyncClient, seconds: float) -> dict[str, Any]:
    response = await client.post(f"{ROOT}/_sandbox/clock", json={"advance": seconds})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def create(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await client.post("/v1/posts", json=body)
