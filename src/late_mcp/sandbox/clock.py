"""Time for the sandbox: real UTC time plus a persisted offset, so tests and demos can move time forward.

The offset lives in the store's meta table; moving the clock is how a scheduled post gets published without
waiting. Also the ISO 8601 helpers every module uses, so timestamps look like the API's (UTC, ``Z``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc


class Clock:
    """Real time shifted by an offset; ``on_change`` persists the offset whenever it moves."""

    def __init__(self, offset_seconds: float = 0.0, on_change: Callable[[float], None] | None = None) -> None:
        self._offset = offset_seconds
        self._on_change = on_change
        self._lock = threading.Lock()

    @property
    def offset_seconds(self) -> float:
        return self._offset

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._offset)

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            self._offset += seconds
            self._persist()
        return self.now()

    def set_now(self, when: datetime) -> datetime:
        with self._lock:
            self._offset = (to_utc(when) - datetime.now(UTC)).total_seconds()
            self._persist()
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._persist()

    def _persist(self) -> None:
        if self._on_change is not None:
            self._on_change(self._offset)


def to_utc(when: datetime) -> datetime:
    """Aware datetimes are converted; naive ones are taken as UTC."""
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def iso(when: datetime | None) -> str | None:
    """ISO 8601 in UTC with millisecond precision and a ``Z``, like the API's timestamps."""
    if when is None:
        return None
    text = to_utc(when).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 string (``Z`` allowed); the result may be naive if the text has no offset."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    return datetime.fromisoformat(value)


def parse_instant(text: str) -> datetime:
    """Parse a stored timestamp (always UTC) back into an aware datetime."""
    return to_utc(parse_iso(text))


def get_zone(name: str) -> ZoneInfo:
    """Look up an IANA zone; raises ``ValueError`` for an unknown name (one too long for a file name included)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"Unknown timezone {name!r}") from exc


def localize(text: str, zone_name: str) -> datetime:
    """Interpret ``text`` as a wall-clock time in ``zone_name`` unless it carries its own offset."""
    parsed = parse_iso(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=get_zone(zone_name))
    return parsed.astimezone(UTC)
