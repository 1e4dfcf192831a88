"""Analytics (needs the Analytics add-on): posts, follower stats, YouTube daily views, LinkedIn analytics."""

from __future__ import annotations

from ..models.analytics import AnalyticsPage, DailyViews, FollowerStats, LinkedInAnalytics, PostAnalytics
from ..models.planner import BestTimeAnswer
from ._ops import operation
from ._transport import HTTP, seg


class Analytics:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/analytics")
    async def posts(
        self,
        *,
        platform: str | None = None,
        profile_id: str | None = None,
        account_id: str | None = None,
        from_date: str | None = None,
        to_date: str | None = None,
        sort_by: str | None = None,
        order: str | None = None,
        page: int = 1,
        limit: int = 10,
    ) -> AnalyticsPage:
        return await self._http.parsed(
            AnalyticsPage,
            "GET",
            "v1/analytics",
            params={
                "platform": platform,
                "profileId": profile_id,
                "accountId": account_id,
                "fromDate": from_date,
                "toDate": to_date,
                "sortBy": sort_by,
                "order": order,
                "page": page,
                "limit": limit,
            },
        )

    @operation("GET /v1/analytics")
    async def post(self, post_id: str) -> PostAnalytics:
        """One post's numbers; takes a Late post id or an external post id."""
        return PostAnalytics.model_validate(await self._http.request("GET", "v1/analytics", params={"postId": post_id}))

    @operation("GET /v1/accounts/follower-stats")
    async def follower_stats(
        self,
        *,
        account_ids: list[str] | None = None,
        profile_id: str | None = None,
        from_date: str | None = None,
        to_date: str | None = None,
        granularity: str | None = None,
    ) -> FollowerStats:
        return await self._http.parsed(
            FollowerStats,
            "GET",
            "v1/accounts/follower-stats",
            params={
                "accountIds": ",".join(account_ids) if account_ids else None,
                "profileId": profile_id,
                "fromDate": from_date,
                "toDate": to_date,
                "granularity": granularity,
            },
        )

    @operation("GET /v1/analytics/youtube/daily-views")
    async def youtube_daily_views(
        self, *, video_id: str, account_id: str, start_date: str | None = None, end_date: str | None = None
    ) -> DailyViews:
        return await self._http.parsed(
            DailyViews,
            "GET",
            "v1/analytics/youtube/daily-views",
            params={"videoId": video_id, "accountId": account_id, "startDate": start_date, "endDate": end_date},
        )

    @operation("GET /v1/accounts/{accountId}/linkedin-aggregate-analytics")
    async def linkedin_aggregate(
        self,
        account_id: str,
        *,
        daily: bool = False,
        start_date: str | None = None,
        end_date: str | None = None,
        metrics: list[str] | None = None,
    ) -> LinkedInAnalytics:
        """Totals (or a daily series) across all posts of a LinkedIn personal account."""
        return await self._http.parsed(
            LinkedInAnalytics,
            "GET",
            f"v1/accounts/{seg(account_id)}/linkedin-aggregate-analytics",
            params={
                "aggregation": "DAILY" if daily else "TOTAL",
                "startDate": start_date,
                "endDate": end_date,
                "metrics": ",".join(metrics) if metrics else None,
            },
        )

    @operation("GET /v1/accounts/{accountId}/linkedin-post-analytics")
    async def linkedin_post(self, account_id: str, urn: str) -> LinkedInAnalytics:
        return await self._http.parsed(
            LinkedInAnalytics, "GET", f"v1/accounts/{seg(account_id)}/linkedin-post-analytics", params={"urn": urn}
        )

    @operation("GET /v1/analytics/best-time")
    async def best_time(
        self,
        *,
        platform: str | None = None,
        profile_id: str | None = None,
        account_id: str | None = None,
        source: str | None = None,
    ) -> BestTimeAnswer:
        """Average engagement of published posts by day of week (0 = Monday) and UTC hour."""
        return await self._http.parsed(
            BestTimeAnswer,
            "GET",
            "v1/analytics/best-time",
            params={"platform": platform, "profileId": profile_id, "accountId": account_id, "source": source},
        )
