"""GET /v1/analytics/best-time (Analytics add-on): published posts grouped by day of week and UTC hour, with the
average engagement of each slot.

From the API contract (late-sdk 1.4.1385, `analytics.get_best_time_to_post`): query `platform`, `profileId`,
`accountId`, `source` = all | late (posts published through Late) | external (posts imported from the
platforms); "Groups all published posts by day of week and hour (UTC), calculating average engagement per
slot". The answer is `{"slots": [{day_of_week, hour, avg_engagement, post_count}]}` with day_of_week 0 = Monday,
as the SDK reads it. Slots come in week order, not best first: ranking them is the client's job.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.connections import require_addon
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.engagement import Sample, imported, published
from late_mcp.sandbox.errors import bad_request
from late_mcp.sandbox.http import query, respond

SOURCES = ("all", "late", "external")


async def best_time(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    require_addon(store)
    params = query(request)
    source = params.get("source") or "all"
    if source not in SOURCES:
        raise bad_request(f"source must be one of {', '.join(SOURCES)}", field="source")
    now = store.now()
    accounts = {str(a["_id"]): a for a in store.all("accounts")}
    samples: list[Sample] = []
    if source in ("all", "late"):
        samples += published(store, now)
    if source in ("all", "external"):
        samples += [s for account in accounts.values() for s in imported(account, now)]
    platform, account_id, profile_id = params.get("platform"), params.get("accountId"), params.get("profileId")
    slots: dict[tuple[int, int], list[float]] = {}
    for sample in samples:
        if platform and platform != "all" and sample.platform != platform:
            continue
        if account_id and sample.account_id != account_id:
            continue
        if profile_id and profile_id != "all" and accounts.get(sample.account_id, {}).get("profileId") != profile_id:
            continue
        slots.setdefault((sample.at.weekday(), sample.at.hour), []).append(sample.engagement)
    return respond(
        {
            "slots": [
                {
                    "day_of_week": day,
                    "hour": hour,
                    "avg_engagement": round(sum(values) / len(values), 2),
                    "post_count": len(values),
                }
                for (day, hour), values in sorted(slots.items())
            ]
        }
    )


routes = [Route("/api/v1/analytics/best-time", best_time, methods=["GET"])]
