"""Evergreen reposting the API does itself (`recycling` on POST /v1/posts): after the post is published, Late
creates scheduled copies every N weeks or months, a number of times or until a date. Said in one short phrase so
the option costs the create tools a single string parameter; its rules are checked before any call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Annotated, Any

from pydantic import Field

from ...errors import InputError
from ...models.posts import RecyclingOut, RecyclingState
from ...timeutil import iso_utc, local

#: what posts_recycle takes as "stop recycling"
OFF = ("off", "stop", "none", "no")

RecycleArg = Annotated[str, Field(description="Repost after publishing, e.g. 'every 2 weeks, 5 times'")]

#: the API docs (RecyclingConfig): "YouTube and TikTok platforms are excluded from recycling"
NOT_RECYCLED = ("youtube", "tiktok")
_PHRASE = re.compile(
    r"^every\s+(?:(\d+)\s+)?(week|month)s?(?:\s*,?\s*(?:(\d+)\s*(?:times?|x)|until\s+(\d{4}-\d{2}-\d{2})))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Recycle:
    gap: int
    unit: str  # "week" | "month": the API's gapFreq
    count: int | None = None
    until: date | None = None

    def body(self, zone: tzinfo) -> dict[str, Any]:
        """The API's RecyclingConfig; an end date lasts to the end of that local day."""
        out: dict[str, Any] = {"enabled": True, "gap": self.gap, "gapFreq": self.unit}
        if self.count is not None:
            out["expireCount"] = self.count
        if self.until is not None:
            out["expireDate"] = iso_utc(datetime.combine(self.until, time(23, 59), zone))
        return out

    def describe(self) -> str:
        every = f"every {self.gap} {self.unit}s" if self.gap > 1 else f"every {self.unit}"
        end = f", {self.count} times" if self.count else f", until {self.until}" if self.until else ""
        return f"Recycled {every}{end} after publishing."


def parse_recycle(text: str, platforms: list[str], *, today: date, field: str = "recycle") -> Recycle | None:
    """The phrase as the API's settings, or a clear error naming the argument (`field`); None when not asked."""
    phrase = " ".join(text.split())
    if not phrase:
        return None
    match = _PHRASE.match(phrase)
    if not match:
        raise InputError(
            f"{field}={text!r}: Late recycles by weeks or months: say e.g. 'every 2 weeks', 'every month, 5 times' or "
            "'every 3 months until 2027-12-31'."
        )
    gap, unit, count, until = match.groups()
    try:
        end = date.fromisoformat(until) if until else None
    except ValueError:
        raise InputError(f"{field}={text!r}: {until} is not a date.") from None
    found = Recycle(int(gap or 1), unit.lower(), int(count) if count else None, end)
    if found.gap < 1 or (found.count is not None and found.count < 1):
        raise InputError(f"{field}={text!r}: the gap and the number of times are at least 1.")
    if found.until is not None and found.until <= today:
        raise InputError(f"{field}={text!r}: the end date is not after today.")
    excluded = [p for p in platforms if p in NOT_RECYCLED]
    if excluded:
        raise InputError(
            f"recycle is not available on {', '.join(excluded)} (Late excludes YouTube and TikTok from recycling): "
            "post there without recycle."
        )
    return found


def shown(state: RecyclingState | None, zone: tzinfo) -> RecyclingOut | None:
    """A post's recycling as posts_get and posts_recycle show it (times in the user's zone); None without any."""
    if state is None or not state.gap:
        return None
    unit = state.gap_freq or "month"
    ends = [f"{state.expire_count} copies"] if state.expire_count else []
    if state.expire_date is not None:
        ends.append(f"{local(state.expire_date, zone):%Y-%m-%d %H:%M}")
    made = state.recycle_count or 0
    used_up = state.expire_count is not None and made >= state.expire_count
    return RecyclingOut(
        every=f"{state.gap} {unit}s" if state.gap > 1 else unit,
        on=bool(state.enabled) and not used_up,
        ends=f"after {' or '.join(ends)}" if ends else None,
        copies_made=made,
        next_copy_at=local(state.next_recycle_at, zone),
        variations=len(state.content_variations) if state.content_variations else None,
    )
