"""Weekly posting slots as people say them ("weekdays 9:00, sat 10am") and as the API keeps them.

No MCP and no HTTP: `parse_slots` turns the words into the API's {dayOfWeek, time} list, `slot_labels` back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import InputError
from ..models.queue import QueueSchedule
from ..timeutil import clock_time
from ..zones import zone_said_in
from ._args import text_list

DAY_NAMES = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_FULL_DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
_GROUPS = {
    "daily": list(range(7)),
    "everyday": list(range(7)),
    "every day": list(range(7)),
    "weekdays": [1, 2, 3, 4, 5],
    "weekday": [1, 2, 3, 4, 5],
    "weekends": [0, 6],
    "weekend": [0, 6],
}
#: words people put between a day and its time ("monday at 18:00", "on tuesdays at 9am")
_FILLERS = frozenset({"at", "on", "every"})


def _day(token: str, field: str = "slots") -> list[int]:
    token = token.strip().lower().rstrip(".")
    if token.endswith("s") and token[:-1] in _FULL_DAYS:  # "mondays"
        token = token[:-1]
    if token in _GROUPS:
        return _GROUPS[token]
    if token.isascii() and token.isdigit() and len(token) <= 2 and int(token) <= 6:  # a day number, 0-6
        return [int(token)]
    for index, full in enumerate(_FULL_DAYS):
        if len(token) >= 3 and full.startswith(token):
            return [index]
    if "-" in token:
        first, _, last = token.partition("-")
        start, end = _day(first, field), _day(last, field)
        if len(start) == 1 and len(end) == 1:
            return [(start[0] + i) % 7 for i in range((end[0] - start[0]) % 7 + 1)]
    raise InputError(f"{field} has an unknown day {token!r}: use mon..sun, mon-fri, weekdays, weekends or daily.")


def _time(token: str) -> str | None:
    at = clock_time(token, bare_hour=True)
    return None if at is None else f"{at:%H:%M}"


def parse_slots(value: str | list[str]) -> list[dict[str, Any]]:
    """'weekdays 09:00, sat 10:30am' -> [{dayOfWeek: 1, time: '09:00'}, ...] (0 = Sunday), sorted, no repeats.

    Days may be listed before the time they share: 'mon, wed 18:00' and 'mon/wed 18:00' mean the same.
    """
    slots: set[tuple[int, str]] = set()
    pending: list[int] = []
    items = [part for item in text_list(value, "slots") for part in re.split(r"[;\n]", item)]
    for item in items:
        text = re.sub(r"\s+(am|pm)\b", r"\1", item.strip().lower()).replace("every day", "everyday")
        words = [w for w in re.split(r"[\s/+&]+|\band\b", text) if w and w not in _FILLERS]
        if not words:
            continue
        with _no_zone(item, "slots", "a day and a time"):
            time = _time(words[-1])
            if time is None and re.match(r"^\d", words[-1]) and not words[-1].isdigit():
                raise InputError(f"slots has an unknown time {words[-1]!r}: use 24-hour HH:MM such as 09:00 or 18:30.")
            days = pending + [d for w in (words[:-1] if time else words) for d in _day(w)]
        if time is None:
            pending = days
            continue
        if not days:
            raise InputError(f"slots: {item.strip()!r} has no day: write e.g. 'mon {time}' or 'daily {time}'.")
        slots.update((d, time) for d in days)
        pending = []
    if pending:
        raise InputError("The last day(s) in slots have no time: write e.g. 'fri 17:00'.")
    if not slots:
        raise InputError("slots is empty: give weekly times such as 'weekdays 09:00'.")
    return [{"dayOfWeek": d, "time": t} for d, t in sorted(slots)]


def days_of(value: str | list[str], field: str = "on") -> list[int]:
    """Days as people say them ('mon, thu', 'weekdays', 'mon-fri') as the queue counts them (0 = Sunday)."""
    days: set[int] = set()
    for item in text_list(value, field):
        text = item.strip().lower().replace("every day", "everyday")
        with _no_zone(item, field, "days"):
            days.update(d for word in re.split(r"[\s/+&]+|\band\b", text) if word for d in _day(word, field))
    return sorted(days)


@contextmanager
def _no_zone(item: str, field: str, takes: str) -> Iterator[None]:
    """A day or time refused because the item holds a time zone ('mon 09:00 CET') is refused for that: the zone
    goes in the tool's `timezone`. Looked for only once the item is refused."""
    try:
        yield
    except InputError:
        said = zone_said_in(item, field, takes)
        if said is None:
            raise
        raise InputError(said) from None


def slot_labels(queue: QueueSchedule) -> list[str]:
    return [f"{DAY_NAMES[s.day_of_week % 7]} {s.time}" for s in queue.slots]
