"""Best-time slots (weekday Monday = 0 and UTC hour, as the API gives them) in local time on both sides of a
clock change, ranked, and the choice `scheduled_for="best"` would make."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.errors import LateAPIError, PaymentRequiredError
from late_mcp.models.planner import BestTimeAnswer
from late_mcp.timeutil import UTC
from late_mcp.tools.planner.best import best_time
from late_mcp.tools.planner.besttimes import Weekly, needs_addon, next_best, ranked

BERLIN, NEW_YORK, SYDNEY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")


def answer(*slots: tuple[int, int, float, int]) -> BestTimeAnswer:
    return BestTimeAnswer.model_validate(
        {"slots": [{"day_of_week": d, "hour": h, "avg_engagement": e, "post_count": n} for d, h, e, n in slots]}
    )


@pytest.mark.parametrize(
    ("zone", "now", "utc_slot", "local", "later"),
    [
        # Tuesday 14:00 UTC seen from Berlin a week before the March change: 15:00 now, 16:00 from 30 March
        (BERLIN, datetime(2027, 3, 20, tzinfo=UTC), (1, 14), "Tue 15:00", "Tue 16:00 from Tue 2027-03-30"),
        (BERLIN, datetime(2027, 10, 20, tzinfo=UTC), (1, 14), "Tue 16:00", "Tue 15:00 from Tue 2027-11-02"),
        (NEW_YORK, datetime(2027, 3, 1, tzinfo=UTC), (0, 2), "Sun 21:00", "Sun 22:00 from Sun 2027-03-14"),
        (SYDNEY, datetime(2027, 3, 25, tzinfo=UTC), (6, 22), "Mon 09:00", "Mon 08:00 from Mon 2027-04-05"),
        (SYDNEY, datetime(2027, 9, 25, tzinfo=UTC), (6, 22), "Mon 08:00", "Mon 09:00 from Mon 2027-10-04"),
        (BERLIN, datetime(2027, 6, 1, tzinfo=UTC), (1, 14), "Tue 16:00", None),  # no change in the coming weeks
    ],
)
def test_a_utc_slot_in_local_time_before_and_after_a_change(
    zone: ZoneInfo, now: datetime, utc_slot: tuple[int, int], local: str, later: str | None
) -> None:
    [weekly] = ranked(answer((*utc_slot, 5.0, 3)))
    slot = weekly.slot(zone, now)
    assert (slot.local, slot.later) == (local, later)
    assert slot.utc == f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[utc_slot[0]]} {utc_slot[1]:02d}:00"


def test_day_zero_is_monday_in_best_time_data() -> None:
    [monday] = ranked(answer((0, 12, 1.0, 1)))
    instant = monday.occurrences(datetime(2027, 5, 1, tzinfo=UTC), 1)[0]
    assert instant == datetime(2027, 5, 3, 12, tzinfo=UTC)
    assert instant.weekday() == 0


def test_slots_rank_best_first_and_malformed_ones_are_dropped() -> None:
    best = ranked(answer((2, 9, 3.0, 10), (4, 18, 7.5, 2), (1, 9, 3.0, 40), (7, 9, 99.0, 1), (1, 24, 99.0, 1)))
    assert [(w.weekday, w.at.hour) for w in best] == [(4, 18), (1, 9), (2, 9)]


def test_next_best_is_the_soonest_of_the_top_slots() -> None:
    best = ranked(answer((4, 18, 9.0, 5), (1, 9, 8.0, 5), (2, 9, 7.0, 5), (0, 9, 1.0, 5)))
    after = datetime(2027, 5, 3, 10, tzinfo=UTC)  # Monday 10:00 UTC: Monday 09:00 has just passed
    chosen = next_best(best, after)
    assert chosen is not None
    instant, weekly = chosen
    assert (instant, weekly.weekday) == (datetime(2027, 5, 4, 9, tzinfo=UTC), 1)  # Tuesday, not Friday
    assert next_best([], after) is None


def test_a_weekly_queue_slot_follows_its_own_zone() -> None:
    queue_slot = Weekly(0, time(9, 0), NEW_YORK)
    seen = queue_slot.slot(BERLIN, datetime(2027, 3, 1, tzinfo=UTC))
    # New York changes on 14 March, Berlin on 28 March: 15:00, then 14:00 for two weeks, then 15:00 again; the
    # two weeks are said to end, not to be what the slot becomes
    later = "Mon 14:00 from Mon 2027-03-15 to Mon 2027-03-22, then Mon 15:00"
    assert (seen.local, seen.later, seen.utc) == ("Mon 15:00", later, None)


def test_a_weekly_slot_the_clocks_skip_once_is_said_to_move_that_week_only() -> None:
    # 02:30 on Sunday 14 March 2027 does not exist in New York: that week only, the slot is 03:30
    seen = Weekly(6, time(2, 30), NEW_YORK).slot(NEW_YORK, datetime(2027, 3, 1, tzinfo=UTC))
    assert (seen.local, seen.later) == ("Sun 02:30", "Sun 03:30 on Sun 2027-03-14 only")


def test_the_missing_add_on_is_recognised() -> None:
    assert needs_addon(PaymentRequiredError(402, "Analytics add-on required"))
    assert needs_addon(LateAPIError(403, "Analytics add-on required"))
    assert needs_addon(LateAPIError(400, "x", code="analytics_addon_required"))
    assert not needs_addon(LateAPIError(403, "Forbidden"))


@pytest.mark.parametrize(("posts", "said"), [(1, "over 1 post)"), (4, "over 4 posts)")])
async def test_the_rule_says_how_many_posts_the_slot_averages(posts: int, said: str) -> None:
    slots = {"slots": [{"day_of_week": 1, "hour": 14, "avg_engagement": 9.5, "post_count": posts}]}
    client = LateClient(
        api_key="sk_" + "0" * 64,
        base_url="https://late.test/api",
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json=slots)),
        retry=RetryPolicy(max_retries=0, base_delay=0, max_delay=0),
    )
    async with client:
        at, rule, queued = await best_time(
            client, ["twitter"], "", BERLIN, now=datetime(2027, 6, 1, tzinfo=UTC), via=str
        )
    assert at == datetime(2027, 6, 1, 14, tzinfo=UTC)  # Tuesday 1 June, 14:00 UTC, more than ten minutes ahead
    assert f"(avg engagement 9.5 {said}" in rule
    assert queued == ""  # a time from the analytics is sent as a time
