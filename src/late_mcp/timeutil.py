"""Time handling: every datetime aware, user input read in the user's zone, output in both zones."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any, overload

from .errors import InputError
from .zones import ABBREVIATIONS, find_zone, not_a_place, unknown_zone, written_offset, zone_said_in

UTC = timezone.utc

_ISO_Z = re.compile(r"[zZ]$")
_DATE_ONLY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
#: "2026-12-01T9:00": an hour of one digit, which ISO 8601 writes with two (the meaning is the same)
_ONE_DIGIT_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d)(?=:)")
#: a time of day as people and models write it: "09:00", "9:00", "09:00:00", "9am", "9:30 pm", "12 a.m."
_CLOCK = re.compile(r"^(\d{1,2})(?::([0-5]\d))?(?::00)?\s*(?:([ap])\.?\s?m\.?)?$", re.IGNORECASE)
#: the words for a day a model passes on as the person said them ("tomorrow 9am", "Friday at 14:00", "9am today")
_WEEKDAYS = {
    word: number
    for number, words in enumerate((
        ("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "weds", "wednesday"),
        ("thu", "thur", "thurs", "thursday"), ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday"),
    ))
    for word in words
}  # fmt: skip
_DAY = r"(?:(?P<which>this|next|on)\s+)?(?P<day>[a-z]+)"
#: days said by name, as days from today ("tonight 8pm" is today's 20:00)
_DATES = {"today": 0, "tonight": 0, "tomorrow": 1}
_DAY_THEN_CLOCK = re.compile(rf"^{_DAY}\s+(?:at\s+)?(?P<clock>.+)$")
_CLOCK_THEN_DAY = re.compile(rf"^(?P<clock>.+?)\s+{_DAY}$")
_DAY_ALONE = re.compile(rf"^{_DAY}$")
_IN = re.compile(r"^in\s+(?P<count>\d{1,4}|an?)\s*(?P<unit>minutes?|mins?|hours?|hrs?|h)$")


def now_utc() -> datetime:
    return datetime.now(UTC)


def zone_or_error(name: str) -> tzinfo:
    """ZoneInfo for a `timezone` argument, as an InputError the model can act on.

    Abbreviations and fixed offsets (EST, CET, GMT+1) are refused with the place's zone to use instead: they are
    an hour wrong half the year. UTC is UTC.
    """
    problem = not_a_place(name)
    if problem:
        raise InputError(problem)
    zone = find_zone(name.strip())
    if zone is None:
        raise InputError(unknown_zone(name))
    return zone


def parse_api_datetime(value: Any) -> datetime | None:
    """An API timestamp (ISO 8601, usually with Z) as an aware UTC datetime; None if absent or unreadable."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(_ISO_Z.sub("+00:00", value.strip()))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_user_datetime(
    value: str, zone: tzinfo, *, field: str = "scheduled_for", now: datetime | None = None
) -> datetime:
    """Read an ISO 8601 time from the model; without an offset it is wall-clock time in `zone`.

    Accepts a space instead of T and a trailing Z, and the day words of `_said` ("tomorrow 9am") read against
    `now` in `zone`. Returns an aware UTC datetime.
    """
    parsed = _parsed(value, field, zone, now)
    try:
        if parsed.tzinfo is None:
            parsed = _localize(parsed, zone, field)
        at = parsed.astimezone(UTC)
    except OverflowError:
        at = None
    if at is None or at.year in (1, 9999):  # within a day of the calendar's ends: no zone could show it
        raise InputError(f"{field}={value!r} is out of range.")
    return at


def user_time(
    value: str, timezone: str, zone: tzinfo, *, field: str = "scheduled_for", now: datetime | None = None
) -> datetime:
    """A posting tool's time: read in its `timezone` argument when given, else in the user's `zone`.

    A time that carries an offset the zone given does not have then (`...T09:00+02:00` with `Asia/Tokyo`, or a
    `Z` with `America/New_York`) is refused: either could be what was meant, and honouring one while dropping
    the other moves the post by hours without a word.
    """
    if not timezone.strip():
        return parse_user_datetime(value, zone, field=field, now=now)
    named = zone_or_error(timezone)
    at = parse_user_datetime(value, named, field=field, now=now)
    given = _parsed(value, field, named, now)
    offset = given.utcoffset()
    there = at.astimezone(named)
    if offset is not None and offset != there.utcoffset():
        # Both readings as times to send with the same timezone: a target's time shares it with the post's own,
        # so dropping timezone would move that one.
        wall = _minutes(given.replace(tzinfo=None))
        raise InputError(
            f"{field}={value.strip()!r} carries the offset {_hhmm_offset(offset)}, but timezone {timezone.strip()!r} "
            f"is {_hhmm_offset(there.utcoffset() or timedelta())} then: say which was meant, keeping timezone: "
            f"{_minutes(there)!r} for that instant, or {wall!r} for that wall time in {timezone.strip()}."
        )
    return at


def _parsed(value: str, field: str, zone: tzinfo = UTC, now: datetime | None = None) -> datetime:
    """The ISO 8601 text (or day words, `_said`) as a datetime, naive when it has no offset; refused with an
    example that works (in `zone`, from tomorrow: a fixed date would one day be in the past, and models copy
    examples)."""
    text = value.strip()
    if not text:
        raise InputError(f"{field} is empty.")
    if _DATE_ONLY.match(text):
        raise InputError(f"{field}={value!r} has no time of day: give one, e.g. '{text}T09:00'.")
    iso = iso_time(text)
    if iso is not None:
        return iso
    here = (now or now_utc()).astimezone(zone)
    head, _, last = text.rpartition(" ")
    # "2027-06-01 09:00 PDT", "tomorrow 9am PST": read without the zone it would be hours off (a dated text may
    # carry it anywhere, "2027-06-01 PDT 09:00")
    zoned = zone_said_in(text if _DATE_ONLY.match(text[:10]) else last, field, "a date and a time") if head else None
    if zoned:
        raise InputError(zoned + _as_written(text))
    said = _said(text, here, field)
    if said is not None:
        return said
    tomorrow = (here + timedelta(days=1)).date().isoformat()
    clock = clock_time(text)
    if clock is not None:  # the next time that clock shows: today while it is still ahead
        day = here.date().isoformat() if clock > here.time() else tomorrow
        raise InputError(
            f"{field}={value!r} is a time of day without a date: give the date too, e.g. "
            f"'{day}T{clock:%H:%M}' (the next {clock:%H:%M} in the user's zone)."
        )
    slashes = (
        " Write the date as YYYY-MM-DD: 12/01 is December 1 in the US and 12 January elsewhere." if "/" in text else ""
    )
    offset = _hhmm_offset(datetime.fromisoformat(f"{tomorrow}T09:00").replace(tzinfo=zone).utcoffset() or timedelta())
    raise InputError(
        f"{field}={value!r} is not an ISO 8601 time.{slashes} Use e.g. '{tomorrow}T09:00' (read in the user's zone) "
        f"or '{tomorrow}T09:00:00{offset.removesuffix(' (UTC)')}'."
    )


def iso_time(text: str) -> datetime | None:
    """An ISO 8601 time as models write it (a space for T, a trailing Z, a one-digit hour), naive when it has no
    offset; None when the text is none: the one reader of the form, so a question and the tool agree on it."""
    try:
        return datetime.fromisoformat(
            _ISO_Z.sub("+00:00", _ONE_DIGIT_HOUR.sub(r"\1T0\2", text.strip()).replace(" ", "T", 1))
        )
    except ValueError:
        return None


def _as_written(text: str) -> str:
    """Where the place a zone word names keeps another offset on the date given ('2027-06-01 09:00 GMT': London
    is on BST then), what to send for the time as written: following the zone advice alone would move the post."""
    head, _, word = text.strip().rpartition(" ")
    wall = iso_time(head)
    if wall is None:
        return ""
    written = written_offset(word, wall.year) if wall.tzinfo is None else None
    place = find_zone(ABBREVIATIONS.get(word.upper(), ""))
    there = wall.replace(tzinfo=place).utcoffset() if place else None
    if written is None or there is None or there == written:
        return ""
    as_iso = _hhmm_offset(written).removesuffix(" (UTC)")
    return (
        f" On {wall:%Y-%m-%d} {place} is {_hhmm_offset(there)}, not {word.upper()}'s {_hhmm_offset(written)}: for "
        f"{wall:%H:%M} {word.upper()} as written, send '{wall:%Y-%m-%dT%H:%M}{as_iso}'."
    )


def _said(text: str, here: datetime, field: str) -> datetime | None:
    """'tomorrow 9am', 'Friday at 14:00', '9am today', 'in 2 hours', read against `here` (now, in the zone the
    time is read in), or None when the text is none of these. A day with a clock time is a naive wall time, left
    to `_localize` like any other (so a time the clocks skip is refused); a weekday is its coming day, today while
    that time is ahead (today's weekday at a time gone by is refused rather than moved a week). The server knows
    the date and zone a model may not; the answer and any question show the date it became. 'next Friday' is
    refused with both dates it can mean."""
    words = " ".join(text.lower().replace(",", " ").split())
    ahead = _IN.match(words)
    if ahead:
        count = 1 if ahead["count"] in ("a", "an") else int(ahead["count"])
        minutes = count * (60 if ahead["unit"].startswith("h") else 1)
        return (here.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(here.tzinfo)  # hours elapsed, not wall
    _day_alone(words, text, here, field)
    match = _DAY_THEN_CLOCK.match(words) or _CLOCK_THEN_DAY.match(words)
    if match is None or (match["day"] not in _DATES and match["day"] not in _WEEKDAYS):
        return None
    day, which = match["day"], match["which"]
    said = "12:00" if match["clock"] == "noon" else match["clock"]
    clock = clock_time(said) or (_evening(said) if day == "tonight" else None) or _hour_alone(said, text, field)
    if clock is None:
        return None
    if day in _DATES:
        return datetime.combine(here.date() + timedelta(days=_DATES[day]), clock) if which != "next" else None
    weekday = _WEEKDAYS[day]
    days = (weekday - here.weekday()) % 7
    if which == "next":  # said on a Friday, "next Friday" is a week or two away, never today
        coming = datetime.combine(here.date() + timedelta(days=days or 7), clock)
        after = coming + timedelta(days=7)
        raise InputError(
            f"{field}={text!r} can mean {coming:%a %Y-%m-%d} or {after:%a %Y-%m-%d}: give the date, e.g. "
            f"'{coming:%Y-%m-%dT%H:%M}'."
        )
    coming = datetime.combine(here.date() + timedelta(days=days), clock)
    if days == 0 and clock <= here.time():  # "Friday 11am" said on Friday at noon: a week late, or a slip?
        later = coming + timedelta(days=7)
        raise InputError(
            f"{field}={text!r}: today is {coming:%A} and {clock:%H:%M} has passed. For next week give the date, "
            f"'{later:%Y-%m-%dT%H:%M}'."
        )
    return coming


def _day_alone(words: str, text: str, here: datetime, field: str) -> None:
    """'Friday', 'tomorrow', 'next Monday' with no time of day: refused with that day's date (both, for 'next'),
    so the example a model copies is the day the person said, not some other day."""
    alone = _DAY_ALONE.match(words)
    if alone is None:
        return
    if alone["day"] not in _WEEKDAYS and (alone["day"] not in ("today", "tomorrow") or alone["which"]):
        return
    day, which = alone["day"], alone["which"]
    if day in ("today", "tomorrow"):
        first = here.date() + timedelta(days=_DATES[day])
    else:
        days = (_WEEKDAYS[day] - here.weekday()) % 7
        first = here.date() + timedelta(days=days or (7 if which == "next" else 0))
    both = f" ({first:%a %Y-%m-%d} or {first + timedelta(days=7):%a %Y-%m-%d}: ask the user which)"
    raise InputError(
        f"{field}={text!r} has no time of day: give one, e.g. '{first:%Y-%m-%d}T09:00'"
        f"{both if which == 'next' else ''}."
    )


def _evening(said: str) -> time | None:
    """'tonight at 8' is 20:00: the evening is said."""
    hour = clock_time(said, bare_hour=True)
    return time(hour.hour + 12, hour.minute) if hour is not None and 1 <= hour.hour <= 11 else None


def _hour_alone(said: str, text: str, field: str) -> time | None:
    """'Friday at 18' is 18:00; 'tomorrow at 7' is refused with both hours it can mean (7 in the evening is
    often said so); None when `said` is no hour."""
    hour = clock_time(said, bare_hour=True)
    if hour is None or not 1 <= hour.hour <= 12:
        return hour
    other = (hour.hour + 12) % 24  # 7 and 19, 12 and 00
    raise InputError(
        f"{field}={text!r}: {hour.hour} can be {hour:%H:%M} or {other:02d}:00: write one of those, or the hour with "
        "am/pm."
    )


def clock_time(text: str, *, bare_hour: bool = False) -> time | None:
    """A time of day as written ("09:00", "9:00", "09:00:00", "9am", "9:30 pm", "12 a.m."; a bare "9" only where
    `bare_hour`, as in a queue slot "mon 9"), or None when it is none ("13pm", "25:00", "09:00:30"). The one
    reader of a clock time: series, slots and the date a time alone lacks all read it alike."""
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    hour, minute, noon = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if noon:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if noon == "p" else 0)
    elif match.group(2) is None and not bare_hour:
        return None
    return time(hour, minute) if hour <= 23 else None


def _hhmm_offset(offset: timedelta) -> str:
    """'+02:00', '-03:30', '+00:00 (UTC)'."""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}" + (" (UTC)" if not minutes else "")


def _localize(naive: datetime, zone: tzinfo, field: str) -> datetime:
    """Attach `zone`. A wall time skipped by a DST jump is refused rather than silently shifted, suggesting the
    time the planner would make of it (`wallclock.place`: read with the offset before the jump, RFC 5545's rule,
    so 02:30 in a one-hour gap is 03:30); one that happens twice (clocks going back) is refused with both
    instants, so the model says which rather than getting the first without a word."""
    aware = naive.replace(tzinfo=zone)
    roundtrip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if roundtrip != naive:
        after = aware.astimezone(UTC).astimezone(zone)  # fold=0: read on the clock before the jump
        raise InputError(
            f"{field} {naive.isoformat()} does not exist in {zone} (clocks jump forward then): pick another time, "
            f"e.g. {after.isoformat(timespec='minutes')} ({after:%H:%M %Z}, what {naive:%H:%M} {aware:%Z} would be)."
        )
    second = naive.replace(tzinfo=zone, fold=1)
    if second.utcoffset() != aware.utcoffset():
        first_text, second_text = (at.isoformat(timespec="minutes") for at in (aware, second))
        raise InputError(
            f"{field} {naive:%Y-%m-%dT%H:%M} happens twice in {zone} (clocks go back then): say which with its "
            f"offset, {first_text} ({aware:%Z}, the first) or {second_text} ({second:%Z}, the second)."
        )
    return aware


#: what a past time's error says to do where posting now is the tool's own option
POST_NOW_INSTEAD = "Give a future time, or use publish_now=true to post immediately."


def require_future(
    when: datetime,
    *,
    now: datetime | None = None,
    field: str = "scheduled_for",
    fix: str = POST_NOW_INSTEAD,
    zone: tzinfo = UTC,
) -> None:
    """`when` must be ahead of `now`; `fix` is the next step the calling tool can offer. Both times are said in
    `zone` (the user's), as the time was asked: read in UTC it looks like another time."""
    current = now or now_utc()
    if when <= current:
        shown, now_shown = (_minutes(local(at, zone) or at) for at in (when, current))
        raise InputError(f"{field} {shown} is in the past (now is {now_shown}). {fix}")


def _minutes(when: datetime) -> str:
    """'2026-12-01T09:00+01:00'; seconds only where there are some."""
    return when.isoformat(timespec="minutes" if not when.second and not when.microsecond else "seconds")


def in_minutes(minutes: int, *, now: datetime | None = None) -> datetime:
    if minutes < 1:
        raise InputError("schedule_minutes must be at least 1; use publish_now=true to post immediately.")
    return (now or now_utc()) + timedelta(minutes=minutes)


def iso_utc(when: datetime) -> str:
    """The API's format: UTC with a Z and millisecond precision."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@overload
def local(when: datetime, zone: tzinfo) -> datetime: ...
@overload
def local(when: datetime | None, zone: tzinfo) -> datetime | None: ...
def local(when: datetime | None, zone: tzinfo) -> datetime | None:
    """`when` in `zone`; in UTC when it is too near the calendar's ends for the zone (a date the API holds): every
    time the API gives is shown through here, never with a bare `astimezone`, which raises OverflowError there."""
    if when is None:
        return None
    try:
        return when.astimezone(zone)
    except OverflowError:
        return when.astimezone(UTC)
