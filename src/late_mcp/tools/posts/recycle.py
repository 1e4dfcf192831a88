"""Evergreen reposting the API does itself (`recycling` on POST /v1/posts): after the post is published, Late
creates scheduled copies every N weeks or months, a number of times or until a date. Said in one short phrase so
the option costs the create tools a single string parameter; its rules are checked before any call.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Annotated, Any

from pydantic import Field

from ...errors import InputError
from ...models.posts import RecyclingOut, RecyclingState
from ...timeutil import iso_utc, local
from ..gaps import NUMBERS, ambiguous, normal, read_gap

#: a number of times in words: "three times"; and "once", "twice"
_TIMES = {word: n for word, n in NUMBERS.items() if word not in ("other", "second")}
_COUNTS = {"once": 1, "twice": 2, **_TIMES}
#: what posts_recycle takes as "stop recycling"
OFF = ("off", "stop", "none", "no")

RecycleArg = Annotated[str, Field(description="Repost after publishing, e.g. 'every 2 weeks, 5 times'")]

#: the API docs (RecyclingConfig): "YouTube and TikTok platforms are excluded from recycling"
NOT_RECYCLED = ("youtube", "tiktok")
#: how a recycling ends, after its rhythm: "5 times", "x5", "twice", "until 2027-06-30"; either or both
_END = re.compile(
    rf"[\s,;]*\b(?:(?:for|and|or)\s+)?(?:(\d+|{'|'.join(_TIMES)})\s*(?:times?|x|copies|reposts?)|x\s*(\d+)|"
    r"(once|twice)|(?:until|till|through|ending)\s+(\S+))$"
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
        ends = [f"{self.count} times"] if self.count else []
        ends += [f"until {self.until}"] if self.until else []  # both: whichever comes first
        end = f", {' or '.join(ends)}" if ends else ""
        return f"Recycled {every}{end} after publishing."


def parse_recycle(text: str, platforms: list[str], *, today: date, field: str = "recycle") -> Recycle | None:
    """The phrase as the API's settings, or a clear error naming the argument (`field`); None when not asked.

    The rhythm is read as a series' `every` reads it ("weekly", "every other week", "fortnightly", "monthly",
    "quarterly", "every 14 days"), then kept only where it is whole weeks or months, the API's gapFreq."""
    phrase = " ".join(text.casefold().split())
    if not phrase:
        return None
    count, until = None, None
    for _ in range(2):  # "5 times", "until 2027-06-30", or both, in either order
        end = _END.search(phrase)
        if end is None:
            break
        if end.group(4) is not None and until is None:
            until = _end_date(end.group(4), text, field)
        elif end.group(4) is None and count is None:
            said = end.group(1) or end.group(2) or end.group(3)
            count = int(said) if said.isdigit() else _COUNTS[said]
        else:
            raise InputError(f"{field}={text!r} gives its end twice: say it once ('5 times', 'until YYYY-MM-DD').")
        phrase = phrase[: end.start()]
    unit, gap = _gap(normal(phrase), text, field, today)
    found = Recycle(gap, unit, count, until)
    if found.gap < 1 or (found.count is not None and found.count < 1):
        raise InputError(f"{field}={text!r}: the gap and the number of times are at least 1.")
    if found.until is not None and found.until <= today:
        raise InputError(f"{field}={text!r}: the end date is not after today: e.g. 'until {an_end(today)}'.")
    excluded = [p for p in platforms if p in NOT_RECYCLED]
    if excluded:
        raise InputError(
            f"recycle is not available on {', '.join(excluded)} (Late excludes YouTube and TikTok from recycling): "
            "post there without recycle."
        )
    return found


def an_end(today: date) -> str:
    """An end date for examples: the last day of the month six months on (a fixed date would one day be past, and
    models copy examples as they are)."""
    year, month = divmod(today.month - 1 + 6, 12)
    return str(date(today.year + year, month + 1, calendar.monthrange(today.year + year, month + 1)[1]))


def _gap(rhythm: str, text: str, field: str, today: date) -> tuple[str, int]:
    """The API's gapFreq (week or month) and gap; days only as whole weeks ("every 14 days")."""
    found = read_gap(rhythm)
    if found is not None and found[0] == "day" and found[1] % 7 == 0:
        return "week", found[1] // 7
    if found is not None and found[0] != "day":
        return found
    if found is not None:
        why = f"{found[1]} day{'s' if found[1] != 1 else ''} is no whole number of weeks"
    elif ambiguous(rhythm):
        why = f"{rhythm!r} is no one gap: bimonthly is every two months to some, twice a month to others"
    else:
        why = "a gap after the post's own time, on no weekday of its own; it ends after N times or on a date"
    raise InputError(
        f"{field}={text!r}: Late recycles every N weeks or months ({why}): say e.g. 'weekly', 'every 2 weeks', "
        f"'monthly, 5 times' or 'every 3 months until {an_end(today)}'."
    )


def _end_date(said: str, text: str, field: str) -> date:
    try:
        return date.fromisoformat(said)
    except ValueError:
        raise InputError(f"{field}={text!r}: {said} is not a date (YYYY-MM-DD).") from None


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
