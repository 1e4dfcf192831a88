"""Posts that get in each other's way on one account: two within 30 minutes (a clash), or the same text within
24 hours (a duplicate, which the API refuses: "This exact content was already posted to this account within the
last 24 hours"). Pure: placements in, pairs out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Literal

from ...wallclock import hhmm

CLASH_WINDOW = timedelta(minutes=30)
DUPLICATE_WINDOW = timedelta(hours=24)
#: statuses whose posts go out (or went out): drafts, failed and cancelled posts get in nobody's way
LIVE = frozenset({"scheduled", "pending_approval", "publishing", "published", "partial"})


@dataclass(frozen=True)
class Placement:
    """One target of a post at its own time: which account, when, and with what text."""

    account: str  # the account id
    who: str  # 'twitter@acmestudio'
    at: datetime  # aware
    text: str
    post_id: str = ""  # empty for a post not created yet
    ref: str = ""  # how to name a planned post in a mark ('date 3')


@dataclass(frozen=True)
class Pair:
    kind: Literal["clash", "duplicate"]
    first: Placement
    second: Placement  # never earlier than first

    def describe(self, zone: tzinfo, *, mine: Placement | None = None) -> str:
        """The pair as a mark on `mine` (default: the later one), naming the other post and its time."""
        mine = mine or self.second
        other = self.first if mine is self.second else self.second
        local, theirs = mine.at.astimezone(zone), other.at.astimezone(zone)
        when = hhmm(theirs) if local.date() == theirs.date() else f"{theirs:%a %H:%M}"
        name = other.ref or other.post_id
        other_text = f"{name} at {when}" if name else when
        if self.kind == "clash":
            gap = int(abs(mine.at - other.at).total_seconds() // 60)
            side = "after" if mine is self.second else "before"
            return f"clash on {mine.who}: {gap} min {side} {other_text} (under 30 min apart)"
        return f"duplicate on {mine.who}: same text as {other_text}, within 24 h (the API refuses it)"


def pairs(placements: list[Placement], against: list[Placement] | None = None) -> list[Pair]:
    """Every clash or duplicate among `placements` (or, with `against`, between one of each list).

    Two targets of one post never pair; a pair that is both within 30 minutes and the same text is a duplicate.
    """
    pool = placements + (against or [])
    mine = {id(p) for p in placements}
    found: list[Pair] = []
    by_account: dict[str, list[Placement]] = {}
    for placement in pool:
        by_account.setdefault(placement.account, []).append(placement)
    for group in by_account.values():
        group.sort(key=lambda p: p.at)
        for i, one in enumerate(group):
            for two in group[i + 1 :]:
                if two.at - one.at >= DUPLICATE_WINDOW:
                    break
                if against is not None and (id(one) in mine) == (id(two) in mine):
                    continue
                if one.post_id and one.post_id == two.post_id:
                    continue
                kind = _kind(one, two)
                if kind is not None:
                    found.append(Pair(kind, one, two))
    return found


def _kind(one: Placement, two: Placement) -> Literal["clash", "duplicate"] | None:
    if one.text.strip() and one.text.strip() == two.text.strip():
        return "duplicate"
    if two.at - one.at <= CLASH_WINDOW:
        return "clash"
    return None
