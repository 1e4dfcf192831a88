"""A post's fields compared as undo compares them: the same value written another way is the same; a change is not."""

from __future__ import annotations

from datetime import timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from late_mcp.models.posts import Post
from late_mcp.safety.fields import said, same, shown, snapshot, update_left, value

RECYCLING = {"enabled": True, "gap": 2, "gapFreq": "month", "expireCount": None, "contentVariations": []}


def alike(key: str, one: dict[str, Any], other: dict[str, Any]) -> bool:
    return same(key, value(key, one), value(key, other))


@pytest.mark.parametrize(
    "other",
    ["2031-05-06T10:00:00Z", "2031-05-06T10:00:00.000Z", "2031-05-06T12:00:00+02:00", "2031-05-06T10:00:00"],
)
def test_a_time_is_an_instant_in_any_zone_or_format(other: str) -> None:
    assert alike("scheduledFor", {"scheduledFor": "2031-05-06T10:00:00+00:00"}, {"scheduledFor": other})


def test_a_time_moved_or_a_post_made_a_draft_is_a_change() -> None:
    left = {"scheduledFor": "2031-05-06T10:00:00Z", "isDraft": False}
    assert not alike("scheduledFor", left, {"scheduledFor": "2031-05-06T10:01:00Z", "isDraft": False})
    assert not alike("scheduledFor", left, {**left, "isDraft": True})


def test_platforms_are_compared_by_platform_and_account_in_any_order() -> None:
    one = {"platforms": [{"platform": "twitter", "accountId": "a"}, {"platform": "linkedin", "accountId": "b"}]}
    other = {"platforms": [{"platform": "linkedin", "accountId": "b", "customContent": "x"},
                           {"platform": "twitter", "accountId": "a"}]}  # fmt: skip
    assert alike("platforms", one, other)
    assert not alike("platforms", one, {"platforms": [{"platform": "twitter", "accountId": "a"}]})


def test_media_is_compared_by_url() -> None:
    one = {"mediaItems": [{"type": "image", "url": "https://cdn.example.com/a.png"}]}
    assert alike("mediaItems", one, {"mediaItems": [{"url": "https://cdn.example.com/a.png"}]})
    assert not alike("mediaItems", one, {"mediaItems": [{"type": "image", "url": "https://cdn.example.com/b.png"}]})


def test_text_is_compared_exactly_and_no_title_is_an_empty_one() -> None:
    assert not alike("content", {"content": "Hello"}, {"content": "Hello "})
    assert alike("title", {"title": None}, {"title": ""})


def test_recycling_off_is_off_whatever_its_settings_and_a_start_filled_in_is_no_change() -> None:
    assert alike("recycling", {"recycling": None}, {"recycling": {**RECYCLING, "enabled": False}})
    started = {**RECYCLING, "startDate": "2031-05-06T10:00:00.000Z"}
    assert alike("recycling", {"recycling": RECYCLING}, {"recycling": started})
    assert not alike("recycling", {"recycling": RECYCLING}, {"recycling": {**RECYCLING, "gap": 3}})
    moved = {**started, "startDate": "2031-06-06T10:00:00Z"}
    assert not alike("recycling", {"recycling": started}, {"recycling": moved})


def test_values_are_shown_short_in_the_persons_words_and_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    when = value("scheduledFor", {"scheduledFor": "2031-05-06T10:00:00Z"})
    assert shown("scheduledFor", when, berlin) == "Tue 2031-05-06 12:00 CEST"
    assert shown("scheduledFor", "draft", berlin) == "a draft"
    assert shown("content", "x" * 100, timezone.utc) == repr("x" * 39 + "…")
    assert shown("title", "", timezone.utc) == "empty"
    assert shown("recycling", value("recycling", {"recycling": RECYCLING}), timezone.utc) == "every 2 months"
    assert said(["content", "scheduledFor", "timezone", "recycling"], article=True) == "the text, the time, recycling"


def test_an_update_keeps_what_the_answer_shows_and_what_was_sent_where_it_shows_nothing() -> None:
    changes = {"content": "Sent", "title": "Sent title"}
    answer = Post.model_validate({"_id": "p1", "content": "As stored", "status": "scheduled"})
    kept = update_left(changes, {"content": "Old", "title": None, "status": "scheduled"})(answer)
    assert kept == {"content": "As stored", "title": "Sent title"}
    assert snapshot(answer)["isDraft"] is False
