"""The current time as the model needs it: the user's wall clock and UTC."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from ._base import Result


class Now(Result):
    local: datetime = Field(description="Now in the user's time zone")
    utc: datetime
    timezone: str
    today: str = Field(description="YYYY-MM-DD in that zone")
    weekday: str
    summary: str
