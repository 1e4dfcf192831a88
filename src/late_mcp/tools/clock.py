"""`now`: the date and time in the user's zone, so "tomorrow 9am" and "next week" are read right.

No API call: models have no clock of their own and guess badly across midnight and zones.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..models.clock import Now
from ..timeutil import UTC, now_utc, zone_or_error
from ._context import Ctx, state


async def now(
    ctx: Ctx, timezone: Annotated[str, Field(description="Another IANA zone; default the user's")] = ""
) -> Now:
    """Current date and time in the user's time zone and in UTC. Use before scheduling."""
    app = state(ctx)
    name = timezone.strip() or app.settings.timezone
    zone = zone_or_error(name)
    current = now_utc().replace(microsecond=0)
    local = current.astimezone(zone)
    return Now(
        local=local,
        utc=current.astimezone(UTC),
        timezone=name,
        today=local.date().isoformat(),
        weekday=f"{local:%A}",
        summary=f"{local:%A %Y-%m-%d %H:%M} {local.tzname()} ({current:%H:%M} UTC)",
    )
