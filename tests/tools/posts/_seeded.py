"""What the posts tests share: the seeded posts they act on, and times in the user's zone (Berlin)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from late_mcp.sandbox.seed import oid

from ...conftest import BERLIN, parse_dt

UTC = timezone.utc
LA = ZoneInfo("America/Los_Angeles")
UNKNOWN_ID = "0123456789abcdef01234567"

# seeded posts
DRAFT_NEWSLETTER = oid("post:draft-newsletter")  # linkedin draft
SCHEDULED_WEBINAR = oid("post:scheduled-webinar")  # twitter + linkedin
SCHEDULED_PIN = oid("post:scheduled-pin")  # pinterest, one image
SCHEDULED_YOUTUBE = oid("post:scheduled-youtube")
PUBLISHED_PHOTO = oid("post:published-photo")
PARTIAL_EVENT = oid("post:partial-event")  # twitter published, facebook failed
FAILED_FACEBOOK = oid("post:failed-facebook")
FAILED_RATELIMIT = oid("post:failed-ratelimit")  # twitter: fails no more once retried
SEEDED_POSTS = 13

WRITE = {"read_only_hint": False, "open_world_hint": True}
READ = {"read_only_hint": True, "open_world_hint": True}


def berlin_day(days_ahead: int, hour: int = 9) -> tuple[str, datetime]:
    """A naive ISO time `days_ahead` days from today at `hour`:00, and that wall time as an aware Berlin time."""
    day = date.today() + timedelta(days=days_ahead)
    naive = datetime.combine(day, time(hour, 0))
    return naive.isoformat(timespec="minutes"), naive.replace(tzinfo=BERLIN)


def dst_gap() -> str:
    """02:30 on the next spring-forward Sunday in Berlin (the last Sunday of March): a wall time that never exists."""
    year = date.today().year + 1
    day = date(year, 3, 31)
    day -= timedelta(days=(day.weekday() - 6) % 7)
    return f"{day.isoformat()}T02:30"


def dst_overlap() -> str:
    """02:30 on the next fall-back Sunday in Berlin (the last Sunday of October): a wall time that happens twice."""
    year = date.today().year + 1
    day = date(year, 10, 31)
    day -= timedelta(days=(day.weekday() - 6) % 7)
    return f"{day.isoformat()}T02:30"


def is_berlin_time(value: str) -> bool:
    parsed = parse_dt(value)
    return parsed.utcoffset() == parsed.astimezone(BERLIN).utcoffset()


def is_utc_time(value: str) -> bool:
    return parse_dt(value).utcoffset() == timedelta(0)


def compact(result: dict[str, Any]) -> dict[str, Any]:
    """A result without its null fields (whether nulls are sent or dropped is not the contract)."""
    return {key: value for key, value in result.items() if value is not None}


def account_of(entry: dict[str, Any]) -> str:
    """The account id of a platform entry as the API shows it (populated object or bare id)."""
    ref = entry["accountId"]
    return str(ref["_id"] if isinstance(ref, dict) else ref)
