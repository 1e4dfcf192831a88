"""Account-level analytics (the API docs' Analytics and Accounts references): follower stats, YouTube daily views,
LinkedIn aggregate and per-post analytics. Deterministic numbers from a hash, like routes_analytics, gated by the
Analytics add-on (402; follower stats answer 403 with ``requiresAddon`` as documented)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.clock import iso
from late_mcp.sandbox.connections import account_or_404, analytics_addon, digest, require_addon
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.http import path_param, query, respond
from late_mcp.sandbox.store import Doc

_LINKEDIN_METRICS = {
    "IMPRESSION": "impressions",
    "MEMBERS_REACHED": "reach",
    "REACTION": "reactions",
    "COMMENT": "comments",
    "RESHARE": "shares",
}


def _day(params: dict[str, str], name: str, default: date) -> date:
    raw = params.get(name)
    if not raw:
        return default
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise bad_request(f"{name} must be YYYY-MM-DD", field=name) from None


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


async def follower_stats(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    if not analytics_addon(store):
        raise ApiError(
            403,
            "Analytics add-on required",
            extra={
                "message": "Follower stats tracking requires the Analytics add-on. Please upgrade to access this "
                "feature.",
                "requiresAddon": True,
            },
        )
    params = query(request)
    today = store.now().date()
    end = _day(params, "toDate", today)
    start = _day(params, "fromDate", end - timedelta(days=30))
    if start > end:
        raise bad_request("fromDate is after toDate", field="fromDate")
    granularity = params.get("granularity") or "daily"
    if granularity not in ("daily", "weekly", "monthly"):
        raise bad_request("granularity must be daily, weekly or monthly", field="granularity")
    wanted = {i for i in (params.get("accountIds") or "").split(",") if i}
    accounts = [
        a
        for a in store.all("accounts")
        if (not wanted or a["_id"] in wanted) and (not params.get("profileId") or a["profileId"] == params["profileId"])
    ]
    step = {"daily": 1, "weekly": 7, "monthly": 30}[granularity]
    out, stats = [], {}
    for account in accounts:
        current = int(account.get("followersCount") or 0)
        daily_growth = digest(f"growth:{account['_id']}") % 12
        points: list[dict[str, Any]] = []
        for day in _days(start, end)[::-1][::step][::-1]:
            points.append({"date": day.isoformat(), "followers": max(0, current - daily_growth * (today - day).days)})
        first = int(points[0]["followers"]) if points else current
        growth = (int(points[-1]["followers"]) if points else current) - first
        stats[account["_id"]] = points
        out.append(
            {
                # AccountWithFollowerStats is a SocialAccount: _id, platform, profileId and isActive are required
                "_id": account["_id"],
                "platform": account["platform"],
                "profileId": account["profileId"],
                "isActive": bool(account.get("isActive", True)),
                "username": account["username"],
                "displayName": account.get("displayName"),
                "currentFollowers": current,
                "growth": growth,
                "growthPercentage": round(100 * growth / first, 2) if first else 0.0,
                "dataPoints": len(points),
            }
        )
    return respond(
        {
            "accounts": out,
            "stats": stats,
            "dateRange": {"from": f"{start.isoformat()}T00:00:00.000Z", "to": f"{end.isoformat()}T23:59:59.999Z"},
            "granularity": granularity,
        }
    )


async def youtube_daily_views(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    require_addon(store)
    params = query(request)
    video, account_id = params.get("videoId", "").strip(), params.get("accountId", "").strip()
    if not video or not account_id:
        raise ApiError(400, "videoId and accountId are required")
    account = store.get("accounts", account_id)
    if account is None or account.get("platform") != "youtube":
        raise ApiError(403, "Access denied to this account")
    latest = store.now().date() - timedelta(days=3)
    end = min(_day(params, "endDate", latest), latest)
    start = _day(params, "startDate", end - timedelta(days=30))
    if start > end:
        raise ApiError(400, "startDate must be before endDate (data lags 3 days)")
    start = max(start, end - timedelta(days=89))
    rows = []
    for day in _days(start, end):
        seed = digest(f"yt:{video}:{day.isoformat()}")
        views = 40 + seed % 900
        rows.append(
            {
                "date": day.isoformat(),
                "views": views,
                "estimatedMinutesWatched": round(views * (1.5 + (seed % 30) / 10), 1),
                "averageViewDuration": 60 + seed % 240,
                "subscribersGained": seed % 9,
                "subscribersLost": seed % 3,
                "likes": views // 20,
                "comments": views // 150,
                "shares": views // 90,
            }
        )
    return respond(
        {
            "success": True,
            "videoId": video,
            "dateRange": {"startDate": start.isoformat(), "endDate": end.isoformat()},
            "totalViews": sum(r["views"] for r in rows),
            "dailyViews": rows,
            "lastSyncedAt": iso(store.now()),
            "scopeStatus": {"hasAnalyticsScope": True},
        }
    )


def _linkedin_account(request: Request) -> Doc:
    store = sandbox_of(request).store
    account = account_or_404(store, path_param(request, "account_id"))
    if account.get("platform") != "linkedin":
        raise ApiError(400, "Not a LinkedIn account", extra={"code": "invalid_platform"})
    return account


async def linkedin_aggregate(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    require_addon(store)
    account = _linkedin_account(request)
    if account.get("accountType") == "organization":
        raise ApiError(
            400,
            "Aggregate analytics are only available for personal LinkedIn accounts; use /v1/analytics",
            extra={"code": "invalid_account_type"},
        )
    params = query(request)
    aggregation = (params.get("aggregation") or "TOTAL").upper()
    if aggregation not in ("TOTAL", "DAILY"):
        raise ApiError(
            400, "Invalid aggregation", extra={"code": "invalid_aggregation", "validOptions": ["TOTAL", "DAILY"]}
        )
    names = [m for m in (params.get("metrics") or ",".join(_LINKEDIN_METRICS)).upper().split(",") if m]
    unknown = [m for m in names if m not in _LINKEDIN_METRICS]
    if unknown:
        raise ApiError(
            400,
            f"Invalid metrics: {', '.join(unknown)}",
            extra={"code": "invalid_metrics", "validOptions": list(_LINKEDIN_METRICS)},
        )
    today = store.now().date()
    start = (
        _day(params, "startDate", today - timedelta(days=30))
        if params.get("startDate") or params.get("endDate")
        else None
    )
    end = _day(params, "endDate", today) if start else None
    skipped = [m for m in names if aggregation == "DAILY" and m == "MEMBERS_REACHED"]
    metrics = [m for m in names if m not in skipped]
    base = digest(f"li:{account['_id']}")
    body: Doc = {
        "accountId": account["_id"],
        "platform": "linkedin",
        "accountType": "personal",
        "username": account["username"],
        "aggregation": aggregation,
        "dateRange": {"startDate": start.isoformat() if start else None, "endDate": end.isoformat() if end else None},
        "lastUpdated": iso(store.now()),
    }
    if aggregation == "TOTAL":
        values: dict[str, float] = {
            _LINKEDIN_METRICS[m]: 1000 + (base >> (4 * i)) % 40000 for i, m in enumerate(metrics)
        }
        engaged = sum(values.get(k, 0) for k in ("reactions", "comments", "shares"))
        if values.get("impressions"):
            values["engagementRate"] = round(100 * engaged / values["impressions"], 2)
        body["analytics"] = values
    else:
        days = _days(start or today - timedelta(days=30), (end or today) - timedelta(days=1))
        body["analytics"] = {
            _LINKEDIN_METRICS[m]: [
                {"date": d.isoformat(), "count": digest(f"{m}:{account['_id']}:{d}") % 400} for d in days
            ]
            for m in metrics
        }
        body["skippedMetrics"] = skipped
        if skipped:
            body["note"] = "MEMBERS_REACHED is not available with DAILY aggregation (LinkedIn API limitation)."
    return respond(body)


async def linkedin_post(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    require_addon(store)
    account = _linkedin_account(request)
    urn = query(request).get("urn", "").strip()
    if not urn:
        raise ApiError(400, "urn is required", extra={"code": "missing_urn"})
    if not urn.startswith(("urn:li:share:", "urn:li:ugcPost:", "urn:li:activity:")):
        raise ApiError(400, "Invalid LinkedIn post URN", extra={"code": "invalid_urn"})
    seed = digest(f"lipost:{urn}")
    organization = account.get("accountType") == "organization"
    impressions = 200 + seed % 20000
    values: Doc = {
        "impressions": impressions,
        "reach": int(impressions * 0.7),
        "likes": impressions // 40,
        "comments": impressions // 300,
        "shares": impressions // 500,
    }
    if organization:
        values["clicks"] = impressions // 60
    values["engagementRate"] = round(100 * (values["likes"] + values["comments"] + values["shares"]) / impressions, 2)
    return respond(
        {
            "accountId": account["_id"],
            "platform": "linkedin",
            "accountType": "organization" if organization else "personal",
            "username": account["username"],
            "postUrn": urn,
            "analytics": values,
            "lastUpdated": iso(store.now()),
        }
    )


routes = [
    Route("/api/v1/accounts/follower-stats", follower_stats, methods=["GET"]),
    Route("/api/v1/analytics/youtube/daily-views", youtube_daily_views, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/linkedin-aggregate-analytics", linkedin_aggregate, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/linkedin-post-analytics", linkedin_post, methods=["GET"]),
]
