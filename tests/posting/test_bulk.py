"""Bulk scheduling in the API's CSV columns, end to end: a file, the text, or rows; a dry run and a real run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL

from ..conftest import Sandbox
from ..conftest import tools as session
from .conftest import RecordingTransport

CSV = (
    "platforms,profiles,schedule_time,tz,post_content\n"
    f"linkedin,{PROFILE_MAIN},2099-03-02T09:00,Europe/Berlin,Monday tip: plan a week in one sitting\n"
    f"twitter,{PROFILE_PERSONAL},2099-03-03T09:00:00Z,,Tuesday tip: batch your captions\n"
    f"tiktok,{PROFILE_PERSONAL},2099-03-04T09:00:00Z,,No TikTok there\n"
    f"bluesky,{PROFILE_MAIN},,,When?\n"
)


async def test_bulk_csv_dry_run_then_real_run(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport, tmp_path: Path
) -> None:
    (tmp_path / "week.csv").write_text(CSV, encoding="utf-8")
    before = await sandbox.total()
    async with session(server) as s:
        dry = await s.ok("posts_bulk_upload", {"path": str(tmp_path / "week.csv"), "dry_run": True})
        assert await sandbox.total() == before  # a dry run creates nothing
        real = await s.ok("posts_bulk_upload", {"path": str(tmp_path / "week.csv"), "dry_run": False})

    assert (dry["dry_run"], dry["rows"], dry["valid"], dry["invalid"]) == (True, 4, 2, 2)
    assert [(p["row"], [e.rsplit(" (", 1)[1] for e in p["errors"]]) for p in dry["problems"]] == [
        (3, ["no_account_for_platform:tiktok)."]),  # row 1 is the first after the header
        (4, ["schedule_time_missing)."]),
    ]
    assert dry["created_ids"] == []
    assert "nothing was created" in dry["summary"]

    assert (real["dry_run"], real["valid"], real["invalid"]) == (False, 2, 2)
    assert await sandbox.total() == before + 2
    stored = [await sandbox.post(pid) for pid in real["created_ids"]]
    assert [p["scheduledFor"] for p in stored] == ["2099-03-02T08:00:00.000Z", "2099-03-03T09:00:00.000Z"]
    assert [p["platforms"][0]["accountId"]["_id"] for p in stored] == [
        ACCOUNT_IDS["linkedin"],
        ACCOUNT_IDS["twitter_personal"],
    ]
    assert real["summary"].startswith("Created 2 of 4 post(s); 2 failed.")
    assert "cannot ask you to confirm" in real["summary"]  # a real upload may publish: this client cannot be asked
    assert [m for m, p in transport.requests if p == "/api/v1/posts/bulk-upload"] == ["POST", "POST"]


async def test_rows_become_the_csv(server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport) -> None:
    rows = [
        {"platforms": ["twitter", "linkedin"], "profiles": PROFILE_MAIN, "post_content": "Both", "is_draft": True},
        {
            "platforms": "bluesky",
            "profiles": PROFILE_MAIN,
            "schedule_time": "2099-04-01T10:00:00Z",
            "post_content": "Sky",
        },
    ]
    async with session(server) as s:
        result = await s.ok("posts_bulk_upload", {"rows": rows, "dry_run": False})
        refused = await s.error("posts_bulk_upload", {"rows": [{"content": "x", "accountIds": "a"}]})
        both = await s.error("posts_bulk_upload", {"rows": rows, "csv": CSV})
    assert result["valid"] == 2, result
    first = await sandbox.post(result["created_ids"][0])
    assert [e["platform"] for e in first["platforms"]] == ["twitter", "linkedin"]
    assert first["status"] == "draft"
    assert "'accountIds', which is not a bulk CSV column" in refused
    assert "platforms, profiles, schedule_time" in refused  # the columns, to fix the row
    assert "one of path" in both
    assert sum(1 for _, p in transport.requests if p == "/api/v1/posts/bulk-upload") == 1


async def test_csv_text_in_the_old_columns_is_answered_per_row(server: MCPServer[Any]) -> None:
    old = "content,accountIds,scheduledFor\nHello,abc,2099-01-01T10:00:00Z\n"
    async with session(server) as s:
        result = await s.ok("posts_bulk_upload", {"csv": old})
    # content and scheduledFor are aliases the API reads; accountIds is not a column: platforms/profiles missing
    assert [e.rsplit(" (", 1)[1] for e in result["problems"][0]["errors"]] == [
        "platforms_missing).",
        "profiles_missing).",
    ]
    assert result["warnings"][0].startswith("Late ignored the columns accountIds: not bulk CSV columns")


async def test_a_row_time_without_a_zone_is_read_in_the_users_zone(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """Late reads a bare schedule_time in UTC (or the profile's zone); every other tool reads a time without an
    offset in the user's zone (Berlin here): 09:00 went out at 11:00 Berlin time, and nothing said so."""
    base = {"platforms": "bluesky", "profiles": PROFILE_MAIN}
    rows = [
        {**base, "schedule_time": "2099-05-04 09:00", "post_content": "Bare, Berlin"},
        {**base, "schedule_time": "2099-05-05T09:00", "tz": "America/New_York", "post_content": "Own zone"},
        {**base, "schedule_time": "2099-05-06T09:00:00Z", "post_content": "With Z"},
    ]
    text = f"platforms,profiles,scheduledFor,post_content\nbluesky,{PROFILE_MAIN},2099-05-07T09:00,Text\n"
    async with session(server) as s:
        made = await s.ok("posts_bulk_upload", {"rows": rows, "dry_run": False})
        also = await s.ok("posts_bulk_upload", {"csv": text, "dry_run": False})
        abbreviated = await s.error("posts_bulk_upload", {"rows": [rows[1], {**rows[0], "tz": "CET"}]})
    stored = [await sandbox.post(i) for i in (*made["created_ids"], *also["created_ids"])]
    assert [p["scheduledFor"] for p in stored if p] == [
        "2099-05-04T07:00:00.000Z",  # 09:00 CEST
        "2099-05-05T13:00:00.000Z",  # 09:00 EDT: the row's own zone is kept
        "2099-05-06T09:00:00.000Z",  # an offset is kept
        "2099-05-07T07:00:00.000Z",
    ]
    assert "row 2's tz 'CET' is an abbreviation" in abbreviated  # which row: a file may have hundreds
    assert "Europe/Berlin" in abbreviated


async def test_a_file_without_a_zone_column_is_sent_as_it_is_with_a_warning(
    server: MCPServer[Any], tmp_path: Path
) -> None:
    # the person's file is theirs: not rewritten, but its bare times are Late's UTC, which the result says
    bare = f"platforms,profiles,schedule_time,post_content\nbluesky,{PROFILE_MAIN},2099-05-08 09:00,From a file\n"
    zoned = f"platforms,profiles,schedule_time,tz,post_content\nbluesky,{PROFILE_MAIN},2099-05-08 09:00,UTC,Z\n"
    (tmp_path / "bare.csv").write_text(bare, encoding="utf-8")
    (tmp_path / "zoned.csv").write_text(zoned, encoding="utf-8")
    async with session(server) as s:
        warned = await s.ok("posts_bulk_upload", {"path": str(tmp_path / "bare.csv")})
        quiet = await s.ok("posts_bulk_upload", {"path": str(tmp_path / "zoned.csv")})
    [warning] = [w for w in warned["warnings"] if "tz" in w]
    assert "UTC" in warning, warning
    assert "Europe/Berlin" in warning
    assert not [w for w in quiet["warnings"] if "tz" in w]


def test_a_schedule_cell_has_an_offset_only_after_a_time() -> None:
    """A date alone ('2027-01-10' ends in '-10') or a time without an offset is read in the user's zone; a time
    ending in Z or an offset keeps its own."""
    from late_mcp.tools.posts.bulk_csv import zoned

    head = "platforms,profiles,schedule_time,post_content\n"
    rows = ["bluesky,P,2027-01-10,a", "bluesky,P,2027-01-10 09:00,b", "bluesky,P,2027-01-10T09:00-05:00,c",
            "bluesky,P,2027-01-10T09:00:00.000Z,d"]  # fmt: skip
    out = zoned(head + "\n".join(rows) + "\n", "Europe/Berlin").splitlines()
    assert out[0].endswith(",tz")
    assert [line.rsplit(",", 1)[1] for line in out[1:]] == ["Europe/Berlin", "Europe/Berlin", "", ""]


def test_a_row_time_the_clocks_skip_or_repeat_is_refused_naming_the_row() -> None:
    """As in every other tool: Late would take one reading of such a time without a word."""
    from late_mcp.errors import InputError
    from late_mcp.tools.posts.bulk_csv import zoned

    head = "platforms,profiles,schedule_time,tz,post_content\n"
    skipped = head + "bluesky,P,2027-03-14 09:00,,a\nbluesky,P,2027-03-14 02:30,,b\n"
    twice = head + "bluesky,P,2027-11-07T01:30,America/New_York,c\n"
    with pytest.raises(InputError, match=r"row 2's schedule_time 2027-03-14T02:30:00 does not exist"):
        zoned(skipped, "America/New_York")
    with pytest.raises(InputError, match=r"row 1's schedule_time 2027-11-07T01:30 happens twice"):
        zoned(twice, "Europe/Berlin")
    fine = head + "bluesky,P,2027-03-14 02:30,Europe/Berlin,d\nbluesky,P,2027-01-10,,e\n"
    assert zoned(fine, "America/New_York").splitlines()[2].endswith("America/New_York,e")
