"""Engagement history for best-time analytics: the workspace's own published posts plus posts imported from the
platforms (the API's `source=external`), so a fresh demo already has weeks of data to rank.

The imported history is derived, not stored: for each account, one post every two or three days from the day it
was connected, at an hour and with an engagement that follow from a hash of the account and the day. Each
platform's audience answers best at a few weekday/UTC-hour peaks, so the ranking has a clear top.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from late_mcp.sandbox.clock import parse_instant
from late_mcp.sandbox.routes_analytics import metrics
from late_mcp.sandbox.store import Doc, Store

#: UTC hours imported posts went out at
_HOURS = (7, 8, 9, 12, 13, 14, 16, 17, 18, 20)
#: weekday (Monday = 0) -> UTC hour -> how much better than usual the audience answers then
_PEAKS: dict[int, dict[int, float]] = {
    0: {8: 1.4, 9: 1.3},
    1: {14: 2.0, 16: 1.5},
    2: {12: 1.2},
    3: {17: 1.7, 18: 1.6},
    4: {9: 1.1},
    6: {20: 1.3},
}


@dataclass(frozen=True)
class Sample:
    """One published post's engagement (likes + comments + shares + saves) at the instant it went out."""

    platform: str
    account_id: str
    at: datetime
    engagement: float


def _hash(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256(":".join(parts).encode()).digest()[:8], "big")


def imported(account: Doc, now: datetime) -> list[Sample]:
    """The account's posts made outside Late since it was connected (deterministic)."""
    connected = parse_instant(str(account.get("createdAt") or "")) if account.get("createdAt") else now
    base = 150 + int(account.get("followersCount") or 0) / 200
    found = []
    day = connected.date() + timedelta(days=1)
    while day < now.date():
        digest = _hash(str(account["_id"]), day.isoformat())
        hour = _HOURS[digest % len(_HOURS)]
        at = datetime(day.year, day.month, day.day, hour, digest % 60, tzinfo=now.tzinfo)
        peak = _PEAKS.get(day.weekday(), {}).get(hour, 1.0)
        noise = 0.8 + (digest >> 16) % 40 / 100
        found.append(Sample(str(account["platform"]), str(account["_id"]), at, round(base * peak * noise, 1)))
        day += timedelta(days=2 + (digest >> 8) % 2)
    return found


def published(store: Store, now: datetime) -> list[Sample]:
    """The workspace's own published targets, with the engagement GET /v1/analytics reports for them."""
    found = []
    for post in store.all("posts"):
        for entry in post.get("platforms", []):
            if entry.get("status") != "published" or not entry.get("publishedAt"):
                continue
            at = parse_instant(str(entry["publishedAt"]))
            numbers = metrics(f"{post['_id']}:{entry['accountId']}", (now - at).total_seconds() / 3600)
            engaged = sum(numbers[k] for k in ("likes", "comments", "shares", "saves"))
            found.append(Sample(str(entry["platform"]), str(entry["accountId"]), at, float(engaged)))
    return found
