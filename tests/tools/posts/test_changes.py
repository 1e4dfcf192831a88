"""The detail of a history line built from what an entry kept: the cases the sandbox tests do not reach (a time
moved, a draft given a time, an entry journaled before the new recycling settings were kept)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from late_mcp.safety.journal import Entry
from late_mcp.tools.posts.changes import what_changed

BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2027, 3, 1, 12, tzinfo=timezone.utc)


def entry(action: str, before: dict[str, Any], after: dict[str, Any] | None = None, post_id: str = "p1") -> Entry:
    return Entry(1, AT, "posts_update", action, post_id, ("twitter",), ("a",), "ok", before=before, after=after)


def test_an_update_names_its_fields_and_the_time_it_moved_from() -> None:
    moved = entry("update", {"content": "old", "isDraft": False, "scheduledFor": "2027-03-02T08:00:00+00:00"})
    drafted = entry("update", {"isDraft": True, "scheduledFor": None})
    assert what_changed(moved, BERLIN) == "changed text, time (was Tue 2027-03-02 09:00)"
    assert what_changed(drafted, BERLIN) == "changed time (was a draft)"


def test_recycling_journaled_before_its_new_settings_were_kept_says_what_it_can() -> None:
    was = {"enabled": True, "gap": 1, "gapFreq": "week", "expireCount": 3}
    assert what_changed(entry("update", {"recycling": was}), BERLIN) == (
        "recycling changed (was every week, ends after 3 copies)"
    )
    assert what_changed(entry("update", {"recycling": None}), BERLIN) == "recycling changed"


def test_a_group_entry_keeps_its_own_line_and_a_create_needs_none() -> None:
    assert what_changed(entry("series", {}, {"what": "3 posts every Monday"}, post_id=""), BERLIN) == (
        "3 posts every Monday"
    )
    assert what_changed(entry("create", {}, {"status": "scheduled"}), BERLIN) is None


def test_a_youtube_title_update_names_the_title_not_the_accounts() -> None:
    """posts_update resends a YouTube post's targets whole to change its video title: no account changed."""
    targets = [{"platform": "youtube", "accountId": "a", "platformSpecificData": {"title": "Old"}}]
    assert what_changed(entry("update", {"title": "Old", "platforms": targets}), BERLIN) == "changed title"


def test_kept_values_it_cannot_read_still_give_a_line() -> None:
    """One entry the models cannot read (a journal written by another version, edited by hand) must not make
    posts_history fail: the line says what it can."""
    odd = {"gap": "x", "gapFreq": "fortnight"}
    assert what_changed(entry("update", {"recycling": odd}, {"recycling": {"gap": 2}}), BERLIN) == "recycling changed"
    assert what_changed(entry("update", {"recycling": "weird"}), BERLIN) == "recycling changed"
    assert what_changed(entry("update", ["content"]), BERLIN) is None  # type: ignore[arg-type]
    assert what_changed(entry("series", {}, ["what"], post_id=""), BERLIN) is None  # type: ignore[arg-type]
    lost = {"what": "2 posts", "lost": [{"at": None, "platforms": "bluesky", "text": "Hi"}, "junk"]}
    assert what_changed(entry("series", {}, lost, post_id=""), BERLIN) == (
        "2 posts; every answer lost for 1 create(s) and no post found, but it may still appear (check posts_list "
        "before sending it again; undo cannot remove it): not scheduled on bluesky 'Hi'"
    )


def test_a_series_with_many_lost_creates_names_ten_and_counts_the_rest() -> None:
    """A long outage during a series: one history line listed every lost create (56 made it over 5 KB, more than
    a whole answer should hold)."""
    kept = [
        {"at": f"2027-03-{day:02d}T08:00:00Z", "platforms": ["bluesky"], "text": "Daily tip"} for day in range(1, 29)
    ]
    line = what_changed(entry("series", {}, {"what": "28 posts", "lost": kept}, post_id=""), BERLIN)
    assert line is not None
    assert "every answer lost for 28 create(s)" in line
    assert line.count("'Daily tip'") == 11  # ten named, and the last
    assert line.endswith("; and 18 more, the last Sun 2027-03-28 10:00 on bluesky 'Daily tip'")
    assert len(line.encode()) < 1200
