"""The recycling option of the create tools: the phrase read as the API's RecyclingConfig, its rules checked
before any call (YouTube and TikTok excluded, an end date ahead), what the sandbox stores, and the summary line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.errors import InputError
from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN
from late_mcp.tools.posts.recycle import Recycle, parse_recycle

from ..conftest import BERLIN, Sandbox, tools
from .conftest import berlin

NOW = berlin(2027, 3, 26, 10)
TODAY = date(2027, 3, 26)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("every week", Recycle(1, "week")),
        ("Every 2 weeks, 5 times", Recycle(2, "week", count=5)),
        ("every 3 months until 2027-12-31", Recycle(3, "month", until=date(2027, 12, 31))),
        ("every month 4x", Recycle(1, "month", count=4)),
        # the words a series' `every` reads, kept where they are whole weeks or months (the API's gapFreq)
        ("weekly", Recycle(1, "week")),
        ("Weekly.", Recycle(1, "week")),
        ("biweekly", Recycle(2, "week")),
        ("bi-weekly, 3 times", Recycle(2, "week", count=3)),
        ("every other week", Recycle(2, "week")),
        ("fortnightly", Recycle(2, "week")),
        ("every fortnight", Recycle(2, "week")),
        ("every 2nd week", Recycle(2, "week")),
        ("every two weeks, three times", Recycle(2, "week", count=3)),
        ("every 14 days", Recycle(2, "week")),
        ("every 7 days, 4 times", Recycle(1, "week", count=4)),
        ("monthly", Recycle(1, "month")),
        ("Monthly, twice", Recycle(1, "month", count=2)),
        ("each month, once", Recycle(1, "month", count=1)),
        ("every other month until 2027-12-31", Recycle(2, "month", until=date(2027, 12, 31))),
        ("quarterly x4", Recycle(3, "month", count=4)),
        ("yearly", Recycle(12, "month")),
        ("every 2 weeks for 5 times", Recycle(2, "week", count=5)),
        ("every week, 5 times or until 2027-06-30", Recycle(1, "week", count=5, until=date(2027, 6, 30))),
        ("every month until 2027-06-30, 3 copies", Recycle(1, "month", count=3, until=date(2027, 6, 30))),
    ],
)
def test_phrases(phrase: str, expected: Recycle) -> None:
    assert parse_recycle(phrase, ["twitter"], today=TODAY) == expected


def test_both_ends_are_sent_and_said() -> None:
    both = parse_recycle("weekly until 2027-06-30, 5 times", ["twitter"], today=TODAY)
    assert both is not None
    assert both.body(BERLIN) == {
        "enabled": True, "gap": 1, "gapFreq": "week", "expireCount": 5, "expireDate": "2027-06-30T21:59:00.000Z"
    }  # fmt: skip
    assert both.describe() == "Recycled every week, 5 times or until 2027-06-30 after publishing."


def test_the_body_ends_on_the_local_day() -> None:
    body = Recycle(1, "month", until=date(2027, 6, 30)).body(BERLIN)
    assert body == {"enabled": True, "gap": 1, "gapFreq": "month", "expireDate": "2027-06-30T21:59:00.000Z"}
    assert Recycle(2, "week", count=5).body(BERLIN) == {"enabled": True, "gap": 2, "gapFreq": "week", "expireCount": 5}


@pytest.mark.parametrize(
    ("phrase", "platforms", "message"),
    [
        ("daily", ["twitter"], "every N weeks or months .1 day is no whole number of weeks.: say e.g. 'weekly'"),
        ("every 10 days", ["twitter"], "10 days is no whole number of weeks"),
        ("bimonthly", ["twitter"], "bimonthly is every two months to some, twice a month to others"),
        ("twice a month", ["twitter"], "is no one gap"),
        ("every monday", ["twitter"], "on no weekday of its own"),
        ("first monday of the month", ["twitter"], "on no weekday of its own"),
        ("every 2 weeks for 3 months", ["twitter"], "ends after N times or on a date"),
        ("every week until june", ["twitter"], "june is not a date .YYYY-MM-DD."),
        ("every week, 3 times, 4 times", ["twitter"], "gives its end twice"),
        ("every 0 weeks", ["twitter"], "at least 1"),
        ("every week, 0 times", ["twitter"], "at least 1"),
        ("every week until 2027-03-26", ["twitter"], "not after today"),
        ("every week until 2027-02-30", ["twitter"], "is not a date"),
        ("every week", ["twitter", "youtube", "tiktok"], "not available on youtube, tiktok"),
    ],
)
def test_bad_recycling_is_refused(phrase: str, platforms: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_recycle(phrase, platforms, today=TODAY)
    assert parse_recycle("  ", platforms, today=TODAY) is None


@pytest.fixture
async def frozen(freeze: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr("late_mcp.tools.posts.now_utc", lambda: NOW)
    monkeypatch.setattr("late_mcp.tools.posts.when.now_utc", lambda: NOW)
    await freeze(NOW)
    return NOW


async def test_the_tools_send_it_and_say_it(server: MCPServer[Any], sandbox: Sandbox, frozen: datetime) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        one = await t.ok(
            "posts_create",
            {"content": "Evergreen tip.", "platform": "twitter", "profile_id": PROFILE_MAIN,
             "recycle": "every 2 weeks, 5 times"},
        )  # fmt: skip
        many = await t.ok(
            "posts_cross_post",
            {"content": "Evergreen guide.", "platforms": "bluesky,threads", "profile_id": PROFILE_MAIN,
             "recycle": "every month until 2027-06-30"},
        )  # fmt: skip
    stored = {p["_id"]: p["recycling"] for p in sandbox.new_posts(before)}
    assert stored[one["post_id"]]["gap"] == 2
    assert stored[one["post_id"]]["gapFreq"] == "week"
    assert stored[one["post_id"]]["expireCount"] == 5
    assert stored[many["post_id"]]["expireDate"] == "2027-06-30T21:59:00.000Z"
    assert one["summary"].endswith("Recycled every 2 weeks, 5 times after publishing.")
    assert many["summary"].endswith("Recycled every month, until 2027-06-30 after publishing.")


async def test_the_words_models_send_reach_the_api_as_its_settings(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    """Refused before: "fortnightly, 3 times" on a create, "monthly" on posts_recycle, "every 14 days"."""
    before = sandbox.post_ids()
    async with tools(server) as t:
        made = await t.ok(
            "posts_create",
            {"content": "Evergreen checklist.", "platform": "twitter", "profile_id": PROFILE_MAIN,
             "recycle": "fortnightly, 3 times"},
        )  # fmt: skip
        days = await t.ok(
            "posts_create",
            {
                "content": "Evergreen FAQ.",
                "platform": "bluesky",
                "profile_id": PROFILE_MAIN,
                "recycle": "every 14 days",
            },
        )
        monthly = await t.ok("posts_recycle", {"post_id": made["post_id"], "every": "Monthly"})
    stored = {p["_id"]: p["recycling"] for p in sandbox.new_posts(before)}
    assert (stored[days["post_id"]]["gap"], stored[days["post_id"]]["gapFreq"]) == (2, "week")
    assert made["summary"].endswith("Recycled every 2 weeks, 3 times after publishing.")
    now = stored[made["post_id"]]
    assert (now["gap"], now["gapFreq"], now.get("expireCount")) == (1, "month", None)  # the phrase is the whole rhythm
    assert monthly["summary"] == "Recycled every month after publishing."


async def test_excluded_platforms_are_refused_before_any_call(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        error = await t.error(
            "posts_cross_post",
            {"content": "x", "platforms": "twitter", "targets": [{"platform": "tiktok"}], "recycle": "every week"},
        )
    assert "not available on tiktok" in error
    assert await sandbox.hits(watch) == 0


async def test_the_sandbox_checks_the_config(sandbox: Sandbox, frozen: datetime) -> None:
    def body(recycling: Any, platform: str = "twitter") -> dict[str, Any]:
        return {
            "content": "Recycle me",
            "scheduledFor": "2027-04-01T09:00:00Z",
            "platforms": [{"platform": platform, "accountId": ACCOUNT_IDS[platform]}],
            "recycling": recycling,
        }

    for bad in ({"gapFreq": "week"}, {"gap": 1, "gapFreq": "day"}, {"gap": 1, "contentVariations": ["only one"]}):
        response = await sandbox.api("POST", "posts", json=body(bad))
        assert response.status_code == 400, bad
    youtube = await sandbox.api("POST", "posts", json=body({"gap": 1}, "youtube"))
    assert youtube.status_code == 400
    assert "not available for youtube" in youtube.text
    ok = await sandbox.api("POST", "posts", json=body({"gap": 1, "contentVariations": ["a", "b"]}))
    assert ok.status_code == 201, ok.text
    state = ok.json()["post"]["recycling"]
    assert (state["gap"], state["gapFreq"], state["recycleCount"], state["contentVariations"]) == (
        1,
        "month",
        0,
        ["a", "b"],
    )


def test_the_example_end_date_lies_ahead_of_today() -> None:
    """A refusal's example end date is six months on from today, at a month's end: a fixed one would one day be
    past, and a model sending it back would be refused again."""
    later = date(2031, 8, 31)
    with pytest.raises(InputError, match=r"'every 3 months until 2032-02-29'"):
        parse_recycle("now and then", ["twitter"], today=later)
    with pytest.raises(InputError, match=r"e\.g\. 'until 2032-02-29'"):
        parse_recycle("monthly until 2031-08-01", ["twitter"], today=later)
