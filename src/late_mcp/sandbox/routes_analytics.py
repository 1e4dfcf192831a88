"""Deterministic analytics (API docs, GET /v1/analytics): numbers derived from a hash of the post and platform,
growing with the time since publishing, so repeated calls agree and tests can rely on them."""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.accounts import render_account
from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.http import query, respond
from late_mcp.sandbox.params import int_param
from late_mcp.sandbox.store import Doc, Store

_METRICS = ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks", "views")


def metrics(seed: str, hours_live: float) -> dict[str, Any]:
    digest = hashlib.sha256(seed.encode()).digest()
    growth = min(1.0, 0.15 + hours_live / 72.0)
    impressions = int((500 + int.from_bytes(digest[:3], "big") % 20000) * growth)
    values: dict[str, Any] = {"impressions": impressions, "reach": int(impressions * (0.55 + digest[3] / 1000))}
    for index, name in enumerate(_METRICS[2:], start=4):
        values[name] = int(impressions * (digest[index] / 255) * 0.06)
    engaged = values["likes"] + values["comments"] + values["shares"] + values["saves"]
    values["engagementRate"] = round(100 * engaged / impressions, 2) if impressions else 0.0
    return values


def _post_analytics(store: Store, post: Doc) -> Doc:
    # "Analytics data is cached and refreshed at most once per hour": numbers move on the hour only.
    now = store.now().replace(minute=0, second=0, microsecond=0)
    per_platform = []
    for entry in post["platforms"]:
        if entry.get("status") != "published" or not entry.get("publishedAt"):
            continue
        hours = (now - parse_instant(str(entry["publishedAt"]))).total_seconds() / 3600
        per_platform.append(
            {
                "platform": entry["platform"],
                "status": "published",
                "accountId": entry["accountId"],
                "accountUsername": (store.get("accounts", entry["accountId"]) or {}).get("username"),
                "platformPostUrl": entry.get("platformPostUrl"),
                "analytics": metrics(f"{post['_id']}:{entry['accountId']}", hours),
                "syncStatus": "synced",
                "lastUpdated": iso(now),
            }
        )
    totals: dict[str, Any] = {name: sum(p["analytics"][name] for p in per_platform) for name in _METRICS}
    engaged = totals["likes"] + totals["comments"] + totals["shares"] + totals["saves"]
    totals["engagementRate"] = round(100 * engaged / totals["impressions"], 2) if totals["impressions"] else 0.0
    first = per_platform[0] if per_platform else {}
    return {
        "postId": post["_id"],
        "status": post["status"],
        "content": post.get("content"),
        "scheduledFor": post.get("scheduledFor"),
        "publishedAt": post.get("publishedAt"),
        "analytics": totals,
        "platformAnalytics": per_platform,
        "platform": first.get("platform"),
        "platformPostUrl": first.get("platformPostUrl"),
        "isExternal": False,
    }


async def analytics(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    if not store.meta_get("analytics_addon", False):
        return respond({"error": "Analytics add-on required", "code": "analytics_addon_required"}, 402)
    params = query(request)
    if params.get("postId"):
        post = store.get("posts", params["postId"])
        if post is None:
            raise ApiError(404, "Not found")
        return respond(_post_analytics(store, post))
    page = int_param(params, "page", 1, minimum=1)
    limit = int_param(params, "limit", 50, minimum=1, maximum=100)
    platform = params.get("platform", "all")
    profile_id = params.get("profileId", "all")
    accounts = {a["_id"]: a for a in store.all("accounts")}
    rows = []
    for post in store.all("posts"):
        if post["status"] not in ("published", "partial"):
            continue
        row = _post_analytics(store, post)
        if platform != "all":
            row["platformAnalytics"] = [p for p in row["platformAnalytics"] if p["platform"] == platform]
        if profile_id != "all":
            row["platformAnalytics"] = [
                p for p in row["platformAnalytics"] if accounts.get(p["accountId"], {}).get("profileId") == profile_id
            ]
        if params.get("accountId"):  # "Filter by account ID"
            row["platformAnalytics"] = [p for p in row["platformAnalytics"] if p["accountId"] == params["accountId"]]
        if not row["platformAnalytics"]:
            continue
        when = str(row["publishedAt"] or "")
        if params.get("fromDate") and when[:10] < params["fromDate"][:10]:
            continue
        if params.get("toDate") and when[:10] > params["toDate"][:10]:
            continue
        rows.append(row)
    if params.get("sortBy") == "engagement":
        rows.sort(key=lambda r: r["analytics"]["engagementRate"], reverse=params.get("order") != "asc")
    else:
        rows.sort(key=lambda r: str(r["publishedAt"]), reverse=params.get("order") != "asc")
    total = len(rows)
    overview = {
        "totalPosts": total,
        "publishedPosts": total,
        **{f"total{name.capitalize()}": sum(r["analytics"][name] for r in rows) for name in _METRICS},
    }
    return respond(
        {
            "overview": overview,
            "posts": rows[(page - 1) * limit : page * limit],
            "pagination": {"page": page, "limit": limit, "total": total, "pages": -(-total // limit)},
            "accounts": [render_account(store, a, analytics=True) for a in accounts.values()],
            "hasAnalyticsAccess": True,
        }
    )


routes = [Route("/api/v1/analytics", analytics, methods=["GET"])]
