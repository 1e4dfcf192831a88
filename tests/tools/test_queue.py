"""The queue toolset through an MCP client against the sandbox: list, preview, create, update, delete, bulk CSV;
plus the slot parser on its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.errors import InputError
from late_mcp.sandbox.seed import PROFILE_MAIN, PROFILE_PERSONAL, QUEUE_MAIN
from late_mcp.tools.slots import parse_slots
from late_mcp.zones import find_zone

from ..conftest import Sandbox, annotations_of, parse_dt, tools
from ._toolsets import serving
from .conftest import Router


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


class TestParseSlots:
    def test_groups_ranges_and_12_hour_times(self) -> None:
        assert parse_slots("weekdays 09:00, sat 10:30am") == [
            *({"dayOfWeek": d, "time": "09:00"} for d in range(1, 6)),
            {"dayOfWeek": 6, "time": "10:30"},
        ]
        assert parse_slots("mon-wed 7pm") == [{"dayOfWeek": d, "time": "19:00"} for d in (1, 2, 3)]
        assert parse_slots(["sun 8:05", "Sunday 08:05"]) == [{"dayOfWeek": 0, "time": "08:05"}]
        assert parse_slots("Mondays and Thursdays 9am") == [{"dayOfWeek": d, "time": "09:00"} for d in (1, 4)]

    @pytest.mark.parametrize("text", ["mon 09:00 CET", "monday 9am Europe/Berlin", "tue 18:00 utc", "fri 5pm +01:00"])
    def test_a_zone_in_a_slot_is_sent_to_timezone(self, text: str) -> None:
        with pytest.raises(InputError, match="a day and a time only") as raised:
            parse_slots(text)
        assert "timezone" in str(raised.value)
        assert "unknown day" not in str(raised.value)

    def test_days_listed_before_a_shared_time(self) -> None:
        assert parse_slots("mon, wed 18:00") == parse_slots("mon/wed 18:00")

    def test_the_words_people_put_between_a_day_and_its_time(self) -> None:
        assert parse_slots("Monday at 18:00, on tuesdays at 9am, every friday at 6:30pm") == [
            {"dayOfWeek": 1, "time": "18:00"},
            {"dayOfWeek": 2, "time": "09:00"},
            {"dayOfWeek": 5, "time": "18:30"},
        ]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("funday 9:00", "slots has an unknown day"),
            ("mon 25:00", "slots has an unknown time"),
            ("09:00", "has no day"),
            ("fri", "no time"),
        ],
    )
    def test_bad_slots_say_what_to_write(self, text: str, message: str) -> None:
        with pytest.raises(InputError, match=message):
            parse_slots(text)


async def test_list_shows_the_default_queue_in_its_zone_and_next_slots_in_the_users(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        result = await t.ok("queue_list")
    assert result["profile_id"] == PROFILE_MAIN  # the default profile when none is given
    [queue] = result["queues"]
    assert queue["id"] == QUEUE_MAIN
    assert queue["timezone"] == "America/New_York"
    assert queue["slots"][:2] == ["Mon 09:00", "Tue 09:00"]
    assert "Thu 15:30" in queue["slots"]
    first = parse_dt(queue["next_slots"][0])
    offset = first.utcoffset()
    assert offset is not None
    assert offset.total_seconds() in (3600, 7200)  # Berlin
    assert first.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") in ("09:00", "15:30")


async def test_create_update_preview_delete(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        created = await t.ok(
            "queue_create", {"name": "Weekends", "slots": "weekends 10:00", "profile_id": PROFILE_PERSONAL}
        )
        queue = created["queue"]
        assert queue["slots"] == ["Sun 10:00", "Sat 10:00"]
        assert queue["timezone"] == "Europe/Berlin"  # the user's zone by default
        assert queue["is_default"] is True  # the profile's first queue
        stored = sandbox.store.get("queues", queue["id"])
        assert stored is not None
        assert stored["slots"] == [
            {"dayOfWeek": 0, "time": "10:00"},
            {"dayOfWeek": 6, "time": "10:00"},
        ]

        preview = await t.ok("queue_preview", {"profile_id": PROFILE_PERSONAL, "count": 3})
        assert preview["next_free"] == preview["upcoming"][0]
        assert len(preview["upcoming"]) == 3
        assert {parse_dt(u).strftime("%a %H:%M") for u in preview["upcoming"]} <= {"Sat 10:00", "Sun 10:00"}

        paused = await t.ok("queue_update", {"profile_id": PROFILE_PERSONAL, "active": False})
        assert paused["queue"]["active"] is False
        assert paused["queue"]["slots"] == ["Sun 10:00", "Sat 10:00"]  # kept: only active changed
        waiting = await t.ok("queue_preview", {"profile_id": PROFILE_PERSONAL})
        assert waiting.get("next_free") is None
        assert "not active" in waiting["note"]

        moved = await t.ok(
            "queue_update", {"profile_id": PROFILE_PERSONAL, "slots": "fri 17:00", "active": True, "name": "Fridays"}
        )
        assert moved["queue"]["slots"] == ["Fri 17:00"]
        assert moved["queue"]["name"] == "Fridays"
        assert "Fri 17:00" in moved["summary"]

        deleted = await t.ok("queue_delete", {"queue_id": queue["id"], "profile_id": PROFILE_PERSONAL})
        assert deleted == {"queue_id": queue["id"], "deleted": True}
        assert sandbox.store.get("queues", queue["id"]) is None
        listed = await t.ok("queue_list", {"profile_id": PROFILE_PERSONAL})
        assert listed["count"] == 0
        assert "queue_create" in listed["note"]


async def test_a_slot_a_clock_change_skips_or_repeats_is_named(server: MCPServer[Any]) -> None:
    """Late keeps the slot's wall time; on the Sunday the clocks skip 02:30 or pass 01:30 twice, where that week's
    post goes is Late's choice, an hour either way: the person is told which slot and when, never left to find out."""
    async with tools(server) as t:
        made = await t.ok("queue_create", {
            "name": "Nights", "slots": "sun 02:30, mon 09:00", "timezone": "America/New_York",
            "profile_id": PROFILE_PERSONAL,
        })  # fmt: skip
        again = await t.ok("queue_update", {"profile_id": PROFILE_PERSONAL, "slots": "sun 01:30"})
        howe = await t.ok("queue_update", {
            "profile_id": PROFILE_PERSONAL, "slots": "sun 02:15", "timezone": "Australia/Lord_Howe",
        })  # fmt: skip
        tokyo = await t.ok("queue_update", {"profile_id": PROFILE_PERSONAL, "timezone": "Asia/Tokyo"})
    assert "Sun 02:30 does not exist on Sun " in made["summary"], made["summary"]
    assert "clocks go forward 1 h at 02:00" in made["summary"]
    assert "Mon 09:00 does not" not in made["summary"]
    assert "Sun 01:30 happens twice on Sun " in again["summary"], again["summary"]
    assert "Sun 02:15 does not exist on Sun " in howe["summary"], howe["summary"]
    assert "clocks go forward 30 min at 02:00" in howe["summary"]
    assert "clock" not in tokyo["summary"]  # no daylight saving in Japan


async def test_an_update_that_changes_nothing_is_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Every argument empty (or left out) is no change: said, not sent as a PUT of the queue as it is."""
    watch = await sandbox.watch("/api/v1/queue/*")
    async with tools(server) as t:
        text = await t.error("queue_update", {"profile_id": PROFILE_MAIN, "name": "", "slots": "", "active": None})
    assert "Nothing to change: give slots, timezone, name, active" in text
    assert await sandbox.hits(watch) == 0


async def test_bad_slots_are_refused_before_any_request(server: MCPServer[Any], sandbox: Sandbox) -> None:
    watch = await sandbox.watch("/api/v1/queue/*")
    async with tools(server) as t:
        text = await t.error("queue_create", {"name": "X", "slots": "someday 9:00", "profile_id": PROFILE_MAIN})
    assert "slots has an unknown day 'someday'" in text
    assert await sandbox.hits(watch) == 0


async def test_a_misspelt_zone_or_a_zone_in_the_slots_is_refused_with_the_fix(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    watch = await sandbox.watch("/api/v1/queue/*")
    async with tools(server) as t:
        typo = await t.error("queue_update", {"profile_id": PROFILE_MAIN, "timezone": "Europe/Berln"})
        zoned = await t.error("queue_create", {"name": "X", "slots": "mon 09:00 CET", "profile_id": PROFILE_MAIN})
    assert "did you mean 'Europe/Berlin'?" in typo
    assert "slots takes a day and a time only: 'CET' is a time zone. Give the zone in timezone" in zoned
    assert await sandbox.hits(watch) == 0


async def test_a_queue_zone_this_machine_does_not_know_is_said(
    server: MCPServer[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the seeded queue is in New York; a machine whose zone database lacks it reads the slots in the user's zone
    monkeypatch.setattr(
        "late_mcp.wallclock.find_zone", lambda name: None if name == "America/New_York" else find_zone(name)
    )
    async with tools(server) as t:
        saved = await t.ok("queue_update", {"profile_id": PROFILE_MAIN, "name": "Renamed"})
    assert "its time zone 'America/New_York' is not one this machine knows" in saved["summary"]
    assert "read in your zone (Europe/Berlin) instead" in saved["summary"]


async def test_update_without_a_queue_says_to_create_one(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("queue_update", {"profile_id": PROFILE_PERSONAL, "slots": "mon 9:00"})
    assert "queue_create" in text


async def test_bulk_upload_dry_run_then_create(server: MCPServer[Any], sandbox: Sandbox) -> None:
    # the API's columns: platforms, profiles (profile ids), a schedule, post_content
    csv = (
        "platforms,profiles,schedule_time,tz,post_content\n"
        f"twitter,{PROFILE_MAIN},2030-01-05 10:00,Europe/Berlin,Bulk one\n"
        f"linkedin,{PROFILE_MAIN},2030-01-06T10:00:00Z,,Bulk two\n"
        "twitter,,2030-01-07T10:00:00Z,,No profile\n"
    )
    before = sandbox.post_ids()
    async with tools(server) as t:
        dry = await t.ok("posts_bulk_upload", {"csv": csv})
        assert dry["dry_run"] is True
        assert dry["created_ids"] == []
        assert (dry["rows"], dry["valid"], dry["invalid"]) == (3, 2, 1)
        [problem] = dry["problems"]
        assert problem["row"] == 3  # data rows count from 1
        assert problem["errors"][0].startswith("row 3: profiles is empty: give the id of the profile")
        assert "nothing was created" in dry["summary"]
        assert sandbox.post_ids() == before

        done = await t.ok("posts_bulk_upload", {"csv": csv, "dry_run": False})
    assert (done["valid"], done["invalid"]) == (2, 1)
    new = sandbox.new_posts(before)
    assert sorted(p["content"] for p in new) == ["Bulk one", "Bulk two"]
    assert sorted(done["created_ids"]) == sorted(p["_id"] for p in new)


async def test_queue_annotations(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        assert annotations_of(t, "queue_list")["read_only_hint"] is True
        assert annotations_of(t, "queue_preview")["read_only_hint"] is True
        assert annotations_of(t, "queue_delete") == {
            "title": "Delete queue",
            "read_only_hint": False,
            "destructive_hint": True,
            "idempotent_hint": True,
            "open_world_hint": True,
        }
        assert annotations_of(t, "queue_create")["destructive_hint"] is False


async def test_bulk_upload_from_a_local_file(server: MCPServer[Any], sandbox: Sandbox, tmp_path: Path) -> None:
    week = tmp_path / "week.csv"
    week.write_text(f"platforms,profiles,is_draft,post_content\nbluesky,{PROFILE_MAIN},true,From a file\n", "utf-8")
    (tmp_path / "photo.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    async with tools(server) as t:
        dry = await t.ok("posts_bulk_upload", {"path": str(week)})
        assert (dry["rows"], dry["invalid"]) == (1, 0)
        assert "dry_run=false" in dry["summary"]
        assert "absolute path" in await t.error("posts_bulk_upload", {"path": "week.csv"})
        assert "Give one of path" in await t.error("posts_bulk_upload", {})
        assert "no such file" in (await t.error("posts_bulk_upload", {"path": str(tmp_path / "nope.csv")})).lower()
        assert "not a UTF-8 CSV" in await t.error("posts_bulk_upload", {"path": str(tmp_path / "photo.csv")})
        done = await t.ok("posts_bulk_upload", {"path": str(week), "dry_run": False})
    [created] = done["created_ids"]
    assert [p["content"] for p in sandbox.store.all("posts") if p["_id"] == created] == ["From a file"]
