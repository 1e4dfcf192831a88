"""IANA time zones: looking a name up, and the machine's own zone.

Whose error an unknown zone is depends on where it came from: the settings (:func:`late_mcp.config.load_zone`,
a ConfigError) or a tool's arguments (:func:`late_mcp.timeutil.zone_or_error`, an InputError); both say
:func:`unknown_zone`.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .suggest import nearest

#: names zoneinfo opens that are no place's zone: this machine's own (`localtime`), none at all (`Factory`), the
#: rules file (`posixrules`)
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
#: copies of the database under another name: `posix/` (the same zones, a name the API does not know) and `right/`
#: (counting leap seconds: zoneinfo reads its offsets wrong, Berlin's January as +02:00)
_COPIES = ("posix/", "right/")


def find_zone(name: str) -> ZoneInfo | None:
    """The zone for an IANA name, or None when there is none by that name (paths and junk included; a name too long
    for a file name is an OSError from zoneinfo's lookup)."""
    if name in _NOT_ZONES or name.startswith(_COPIES):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def unknown_zone(name: str) -> str:
    """What to tell someone who gave a zone name there is no zone for: the name meant, where it is plain."""
    meant = _meant(name.strip())
    if meant:
        return f"Unknown time zone {name!r}: did you mean {meant!r}? {_why_not(name.strip())}"
    close = [repr(zone) for zone in close_zones(name)]
    if close:
        *first, last = close
        return f"Unknown time zone {name!r}: did you mean {', '.join(first) + ' or ' if first else ''}{last}?"
    return f"Unknown time zone {name!r}: use an IANA name such as 'Europe/Berlin' or 'America/New_York'."


def close_zones(name: str) -> list[str]:
    """The zone names nearest a misspelt one ('Europe/Berln', 'America/New Yrok'), or nearest a city named alone
    ('Berlim'), best first. Only ever on the way to an error: it reads the machine's list of zones."""
    key = name.strip().replace(" ", "_")
    zones = [zone for zone in _by_folded().values() if zone not in _NOT_ZONES]
    if "/" in key:
        return nearest(key, zones)
    cities = {zone.rsplit("/", 1)[1]: zone for zone in zones if "/" in zone and not zone.startswith("Etc/")}
    return [cities[city] for city in nearest(key, cities)]


def _meant(name: str) -> str | None:
    """The zone a name written in the wrong case, as a `posix/`/`right/` copy, or as ISO's `Z` stands for."""
    if name.upper() == "Z":  # ISO 8601's UTC designator
        return "UTC"
    for copy in _COPIES:
        name = name.removeprefix(copy)
    found = _by_folded().get(name.casefold())
    return found if found is not None and find_zone(found) is not None else None


def _why_not(name: str) -> str:
    """Why a name `_meant` answers is not that zone's name."""
    if name.upper() == "Z":
        return "Z is ISO 8601's mark for UTC, not a zone's name."
    if name.startswith(_COPIES):
        return "right/ and posix/ are copies of the zones under other names (right/ counts leap seconds)."
    return "IANA names are written with their capitals."


@cache
def _by_folded() -> dict[str, str]:
    """Every zone name this machine has, by its case-folded spelling (read once: it lists a folder)."""
    return {zone.casefold(): zone for zone in sorted(available_timezones()) if not zone.startswith(_COPIES)}


#: the names of UTC itself: a fixed offset, and meant as one
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"})

#: abbreviations people write for a zone -> the zone of the place they most often mean
ABBREVIATIONS: dict[str, str] = {
    **dict.fromkeys(("EST", "EDT", "ET", "EST5EDT"), "America/New_York"),
    **dict.fromkeys(("CST", "CDT", "CT", "CST6CDT"), "America/Chicago"),
    **dict.fromkeys(("MST", "MDT", "MT", "MST7MDT"), "America/Denver"),
    **dict.fromkeys(("PST", "PDT", "PT", "PST8PDT"), "America/Los_Angeles"),
    **dict.fromkeys(("AKST", "AKDT"), "America/Anchorage"),
    **dict.fromkeys(("HST", "HDT"), "Pacific/Honolulu"),
    **dict.fromkeys(("AST", "ADT"), "America/Halifax"),
    **dict.fromkeys(("GMT", "BST", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Etc/GMT", "Etc/GMT0"), "Europe/London"),
    **dict.fromkeys(("Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich"), "Europe/London"),
    **dict.fromkeys(("WET", "WEST"), "Europe/Lisbon"),
    **dict.fromkeys(("CET", "CEST", "MET", "MEST"), "Europe/Berlin"),
    **dict.fromkeys(("EET", "EEST"), "Europe/Athens"),
    "MSK": "Europe/Moscow",
    "IST": "Asia/Kolkata",
    "PKT": "Asia/Karachi",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    **dict.fromkeys(("AEST", "AEDT"), "Australia/Sydney"),
    **dict.fromkeys(("ACST", "ACDT"), "Australia/Adelaide"),
    "AWST": "Australia/Perth",
    **dict.fromkeys(("NZST", "NZDT"), "Pacific/Auckland"),
    "BRT": "America/Sao_Paulo",
}
#: abbreviations other places use too -> those places' zones, offered beside the one above
ELSEWHERE: dict[str, tuple[str, ...]] = {
    "IST": ("Europe/Dublin", "Asia/Jerusalem"),  # Irish, Israel Standard Time
    "BST": ("Asia/Dhaka",),  # Bangladesh Standard Time
    **dict.fromkeys(("CST", "CDT"), ("Asia/Shanghai", "America/Havana")),  # China, Cuba
    "AST": ("Asia/Riyadh",),  # Arabia Standard Time
    "PST": ("Asia/Manila",),  # Philippine Standard Time
    "MST": ("Asia/Kuala_Lumpur",),  # Malaysia Standard Time
}
#: places offered for a fixed offset, by their offset in January or July
_CITIES = (
    "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver", "America/Phoenix",
    "America/Chicago", "America/New_York", "America/Halifax", "America/Sao_Paulo", "Atlantic/Azores",
    "Europe/London", "Europe/Lisbon", "Europe/Berlin", "Europe/Paris", "Africa/Lagos", "Europe/Athens",
    "Africa/Cairo", "Africa/Johannesburg", "Europe/Istanbul", "Europe/Moscow", "Asia/Dubai", "Asia/Karachi",
    "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta", "Asia/Shanghai", "Asia/Singapore", "Asia/Tokyo",
    "Asia/Seoul", "Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland",
)  # fmt: skip
# "UTC+1", "GMT-05:00", "+01:00", "-5"; and IANA's Etc/GMT+5, whose sign is the other way round (UTC-5)
_OFFSET = re.compile(r"^(?:UTC|GMT|Z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_ETC = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")


def not_a_place(name: str) -> str | None:
    """Why a zone name the user gave is no place's zone (an abbreviation, a fixed offset), with the zone to use;
    None for the zone of a place, or UTC."""
    text = name.strip()
    if text in UTC_NAMES or text.upper() == "UTC":
        return None
    why = "is an abbreviation"
    suggestion = ABBREVIATIONS.get(text) or ABBREVIATIONS.get(text.upper())
    others = ELSEWHERE.get(text.upper(), ())
    if suggestion is not None and others:
        *first, last = (suggestion, *others)
        suggestion = f"{', '.join(first)} or {last}; it names the zones of several places: ask the user which"
    if suggestion is None:
        hours = _offset_hours(text)
        if hours is None:
            return None
        etc = _ETC.match(text)
        why = f"is a fixed offset (UTC{_signed(hours)}{', POSIX signs being the other way round' if etc else ''})"
        winter = [city for city in _CITIES if _offset(city, 1) == hours]
        places = (winter + [city for city in _CITIES if _offset(city, 7) == hours and city not in winter])[:3]
        suggestion = ", ".join(places[:-1]) + f" or {places[-1]}" if len(places) > 1 else "".join(places)
    use = f"e.g. {suggestion}" if suggestion else "Area/City: ask the person where they are"
    return (
        f"timezone {text!r} {why}, not the zone of a place: where clocks change it is an hour wrong half the year. "
        f"Use the place's IANA zone, {use} ('UTC' works too)."
    )


def written_offset(word: str, year: int) -> timedelta | None:
    """The offset an abbreviation stands for in `year` (GMT +00:00, PDT -07:00), read off its place's zone; None
    for a word that names several places' zones (IST), or none the place shows (ET)."""
    upper = word.upper()
    place = ABBREVIATIONS.get(upper)
    zone = find_zone(place) if place and upper not in ELSEWHERE else None
    if zone is None:
        return None
    for month in (1, 7):
        noon = datetime(year, month, 15, 12, tzinfo=zone)
        if noon.tzname() == upper:
            return noon.utcoffset()
    return None


def zone_said_in(text: str, field: str, takes: str) -> str | None:
    """What to tell someone who wrote a zone into a field that takes `takes` ('a day and a time', slots' 'mon 09:00
    CET'), or None when no word of `text` is a zone. Only on the way to an error: it may read the list of zones."""
    word = next((w for w in text.split() if _a_zone(w)), None)
    if word is None:
        return None
    named = word if find_zone(word) is not None and not_a_place(word) is None else None
    place = ABBREVIATIONS.get(word.upper()) or _meant(word) or named or "Europe/Berlin"  # an offset: an example
    others = ELSEWHERE.get(word.upper(), ())
    example = f"timezone='{place}'"
    if others:  # IST, CST, BST: the letters name several places' zones
        example += f" or {' or '.join(repr(o) for o in others)}: it names several places' zones, ask the user which"
    return (
        f"{field} takes {takes} only: {word!r} is a time zone. Give the zone in timezone, as a place's IANA name "
        f"(e.g. {example}), and {field} without it."
    )


def _a_zone(word: str) -> bool:
    return find_zone(word) is not None or _meant(word) is not None or not_a_place(word) is not None


def _offset_hours(text: str) -> float | None:
    etc = _ETC.match(text)
    if etc:
        return (-1 if etc.group(1) == "+" else 1) * float(etc.group(2))
    found = _OFFSET.match(text)
    if not found:
        return None
    value = int(found.group(2)) + int(found.group(3) or 0) / 60
    return -value if found.group(1) == "-" else value


def _signed(hours: float) -> str:
    """'+2', '-3', '+5:30', '+0'."""
    whole, part = divmod(round(abs(hours) * 60), 60)
    return ("-" if hours < 0 else "+") + str(whole) + (f":{part:02d}" if part else "")


def _offset(city: str, month: int) -> float:
    """The city's offset from UTC in hours in the middle of `month` this year."""
    moment = datetime(datetime.now().year, month, 15, tzinfo=ZoneInfo(city))
    return (moment.utcoffset() or timedelta()).total_seconds() / 3600


def system_timezone_name() -> str:
    """The machine's IANA zone name, or UTC when it cannot be told."""
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env and find_zone(tz_env) is not None:
        return tz_env
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "zoneinfo/"
        if marker in target:
            name = target.split(marker, 1)[1]
            for copy in _COPIES:  # a link into posix/ or right/ names the zone it copies
                name = name.removeprefix(copy)
            if find_zone(name) is not None:
                return name
    except OSError:
        pass
    try:
        with open("/etc/timezone", encoding="utf-8") as fh:
            name = fh.read().strip()
        if find_zone(name) is not None:
            return name
    except OSError:
        pass
    return "UTC"
