"""The rows of analytics_get: the API's metrics in snake_case, and one post's row, whole or for the platforms a
filter kept."""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Any

from ..models.analytics import AnalyticsRow, PostAnalytics
from ..timeutil import local
from ._shared import clip


def numbers(values: dict[str, Any]) -> dict[str, int | float]:
    """The numeric metrics of an API object in snake_case, without flags, text or nested objects."""
    return {
        _snake(key): value
        for key, value in values.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    }


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def post_row(post: PostAnalytics, zone: tzinfo, *, filtered: bool = False) -> AnalyticsRow:
    """One post's row; `filtered` (a platform, account or profile asked for): the numbers of the platforms the
    filter kept, not the whole post's, which would put a LinkedIn row with LinkedIn's numbers among X's posts."""
    kept = post.platform_analytics if filtered else []
    return AnalyticsRow(
        id=post.id,
        platform=",".join(dict.fromkeys(p.platform for p in kept if p.platform))
        or post.platform
        or (post.platform_analytics[0].platform if post.platform_analytics else None),
        name=clip((post.content or "").replace("\n", " "), 60) or None,
        url=next((p.platform_post_url for p in kept if p.platform_post_url), None)
        or post.platform_post_url
        or next((p.platform_post_url for p in post.platform_analytics if p.platform_post_url), None),
        published_at=local(post.published_at, zone),
        metrics=_summed([p.analytics for p in kept]) if kept else numbers(post.analytics),
    )


def _summed(each: list[dict[str, Any]]) -> dict[str, int | float]:
    """Several platforms' numbers as one: counts added; a rate only where there is one platform to take it from."""
    if len(each) == 1:
        return numbers(each[0])
    total: dict[str, int | float] = {}
    for values in each:
        for key, value in numbers(values).items():
            if "rate" not in key:
                total[key] = round(total.get(key, 0) + value, 2)
    return total
