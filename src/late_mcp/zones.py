"""IANA time zones: looking a name up, and the machine's own zone.

Whose error an unknown zone is depends on where it came from: the settings (:func:`late_mcp.config.load_zone`,
a ConfigError) or a tool's arguments (:func:`late_mcp.timeutil.zone_or_error`, an InputError); both say
:func:`unknown_zone`.
"""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def find_zone(name: str) -> ZoneInfo | None:
    """The zone for an IANA name, or None when there is none by that name (paths and junk included)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def unknown_zone(name: str) -> str:
    """What to tell someone who gave a zone name there is no zone for."""
    return f"Unknown time zone {name!r}: use an IANA name such as 'Europe/Berlin' or 'America/New_York'."


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
