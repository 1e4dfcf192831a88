"""posts_bulk_upload with what a model really sends: times in words, a semicolon CSV from Excel, and row errors it
must act on. Each test failed before: the words went to the API as they were (refused), and a semicolon header
was "none of the columns"."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import PROFILE_MAIN, PROFILE_PERSONAL

from ..conftest import Sandbox, parse_dt
from ..conftest import tools as session
from .conftest import RecordingTransport

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def tomorrow_at(hour: int, zone: ZoneInfo) -> set[datetime]:
    """Tomorrow at that hour in the zone, for either day a call across midnight may see."""
    today = datetime.now(zone).date()
    return {datetime.combine(today + timedelta(days=d), time(hour), tzinfo=zone) for d in (1, 2)}


def coming_friday(hour: int) -> datetime:
    today = datetime.now(BERLIN).date()
    days = (4 - today.weekday()) % 7 or 7  # said on a Friday after 14:00 it would be refused; tomorrow's is safe
    return datetime.combine(today + timedelta(days=days), time(hour), tzinfo=BERLIN)


async def test_times_in_words_are_read_in_the_rows_zone_before_sending(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    base = {"platforms": "bluesky", "profiles": PROFILE_MAIN}
    friday = coming_friday(14)
    rows = [
        {**base, "schedule_time": "tomorrow 9am", "post_content": "Berlin words"},
        {**base, "schedule_time": "tomorrow 9am", "tz": "America/New_York", "post_content": "Own zone"},
        {**base, "schedule_time": f"{friday:%A} 2pm", "post_content": "A weekday"},
    ]
    async with session(server) as s:
        made = await s.ok("posts_bulk_upload", {"rows": rows, "dry_run": False})
        sent = len(transport.requests)
        ambiguous = await s.error(
            "posts_bulk_upload", {"rows": [rows[0], {**rows[0], "schedule_time": "next Friday 9am"}]}
        )
        bare_hour = await s.error("posts_bulk_upload", {"rows": [{**rows[0], "schedule_time": "tomorrow at 7"}]})
        past = await s.error(
            "posts_bulk_upload",
            {"csv": f"platforms,profiles,schedule_time,post_content\nbluesky,{PROFILE_MAIN},in 0 minutes,x\n"},
        )
    assert made["valid"] == 3, made
    stored = [await sandbox.post(i) for i in made["created_ids"]]
    when = [parse_dt(p["scheduledFor"]) for p in stored if p]
    assert when[0] in tomorrow_at(9, BERLIN)
    assert when[1] in tomorrow_at(9, NEW_YORK)
    assert when[2] == friday
    assert len(transport.requests) == sent  # every refusal came before anything was sent
    assert "row 2's schedule_time='next Friday 9am' can mean Fri" in ambiguous
    assert "row 1's schedule_time='tomorrow at 7': 7 can be 07:00 or 19:00" in bare_hour
    assert "row 1's schedule_time" in past
    assert "is in the past" in past


async def test_times_in_words_in_a_file_are_sent_as_iso(
    server: MCPServer[Any], sandbox: Sandbox, tmp_path: Path
) -> None:
    (tmp_path / "words.csv").write_text(
        f"platforms,profiles,schedule_time,tz,post_content\nbluesky,{PROFILE_MAIN},tomorrow 9am,Europe/Berlin,Words\n",
        encoding="utf-8",
    )
    async with session(server) as s:
        made = await s.ok("posts_bulk_upload", {"path": str(tmp_path / "words.csv"), "dry_run": False})
    stored = await sandbox.post(made["created_ids"][0])
    assert stored is not None
    assert parse_dt(stored["scheduledFor"]) in tomorrow_at(9, BERLIN)


SEMICOLONS = (
    "\ufeffplatforms;profiles;schedule_time;tz;post_content\n"
    f'"twitter,linkedin";{PROFILE_MAIN};2099-06-01 09:00;Europe/Berlin;"Hello, Europe; one ""quoted"" word"\n'
    f"bluesky;{PROFILE_MAIN};2099-06-02 09:00;;Plain\n"
)


async def test_a_semicolon_csv_is_read_and_sent_with_commas(
    server: MCPServer[Any], sandbox: Sandbox, tmp_path: Path
) -> None:
    in_file = SEMICOLONS.replace("Hello", "Hallo").replace("Plain", "Schlicht")  # not a duplicate of the text's
    (tmp_path / "excel.csv").write_text(in_file, encoding="utf-8")
    async with session(server) as s:
        text = await s.ok("posts_bulk_upload", {"csv": SEMICOLONS, "dry_run": False})
        file = await s.ok("posts_bulk_upload", {"path": str(tmp_path / "excel.csv"), "dry_run": False})
    for made, hello in ((text, "Hello"), (file, "Hallo")):
        assert (made["valid"], made["invalid"]) == (2, 0), made["problems"]
        first, second = [await sandbox.post(i) for i in made["created_ids"]]
        assert first is not None
        assert second is not None
        assert first["content"] == f'{hello}, Europe; one "quoted" word'
        assert [t["platform"] for t in first["platforms"]] == ["twitter", "linkedin"]
        assert parse_dt(first["scheduledFor"]) == datetime(2099, 6, 1, 9, tzinfo=BERLIN)
        assert parse_dt(second["scheduledFor"]).date() == date(2099, 6, 2)


async def test_row_errors_are_sentences_naming_the_row_and_what_to_send(server: MCPServer[Any]) -> None:
    """The API answers with codes (`profiles_missing`); a model given only the code guessed at the fix."""
    csv = (
        "platforms,profiles,schedule_time,tz,post_content,hashtags,colour\n"
        f"tiktok,{PROFILE_PERSONAL},2099-07-01 09:00,Europe/Berlin,No TikTok there,,red\n"
        "bluesky,,,,,#a,\n"
        f"bluesky,nosuchprofile000000000000,2099-07-02 09:00,Europe/Berlin,Who?,,\n"
    )
    async with session(server) as s:
        dry = await s.ok("posts_bulk_upload", {"csv": csv})
    errors = {p["row"]: p["errors"] for p in dry["problems"]}
    assert errors[1] == [
        "row 1: the profiles it names have no connected tiktok account: drop tiktok from platforms, or name a profile "
        "that has one; the accounts are listed with accounts_list (no_account_for_platform:tiktok)."
    ]
    assert errors[2] == [
        "row 2: profiles is empty: give the id of the profile whose accounts post it; look the ids up with "
        "profiles_list (profiles_missing).",
        "row 2: nothing to post: fill post_content, title or media_urls (content_missing).",
        "row 2: no time to post at: give a schedule_time such as 2027-03-01T09:00 (with a tz column, e.g. "
        "Europe/Berlin), or publish_now, use_queue or is_draft set to true (schedule_time_missing).",
    ]
    assert errors[3][0].startswith("row 3: profiles names 'nosuchprofile000000000000', which is no profile")
    assert dry["warnings"][0].startswith("Late ignored the columns colour: not bulk CSV columns (it reads platforms,")
    assert dry["warnings"][1].startswith("hashtags are stored on the posts, not added to their captions")
