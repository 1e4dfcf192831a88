"""The bulk upload's CSV as the API reads it: its columns, a file's header checked against them, and a CSV built
from rows the model gives.

The columns are the API's (POST /v1/posts/bulk-upload, "CSV columns"): `platforms`, `profiles` (profile ids), a
schedule (`schedule_time` with `tz`, a `schedule_time_<platform>` override, or `publish_now` / `use_queue` /
`is_draft` = true), at least one of `post_content` / `title` / `media_urls`, per-platform `custom_content_<p>` /
`custom_media_<p>`, and `hashtags` / `mentions` (stored, not added to the caption). The API also reads `content`,
`timezone`, `scheduledFor` and `mediaUrls` as aliases of post_content, tz, schedule_time and media_urls.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ...errors import InputError
from ...rules import ALIASES as PLATFORM_ALIASES
from ...rules import PLATFORMS
from ...suggest import did_you_mean
from ...timeutil import iso_time, now_utc, parse_user_datetime, require_future, user_time, zone_or_error

COLUMNS = (
    "platforms",
    "profiles",
    "schedule_time",
    "tz",
    "publish_now",
    "use_queue",
    "is_draft",
    "post_content",
    "title",
    "media_urls",
    "hashtags",
    "mentions",
)
ALIASES = ("content", "timezone", "scheduledfor", "mediaurls")
PREFIXES = ("custom_content_", "custom_media_", "schedule_time_")
#: the columns in one line, for messages
SHOWN = ", ".join((*COLUMNS, *(f"{prefix}<platform>" for prefix in PREFIXES)))


def is_column(name: str) -> bool:
    """Whether the API reads a column of this name (case and surrounding spaces aside)."""
    column = name.strip().lower()
    if column in COLUMNS or column in ALIASES:
        return True
    return any(column.startswith(p) and column[len(p) :] in PLATFORMS for p in PREFIXES)


def delimiter(first_line: str) -> str:
    """';' for a header that names more API columns split on semicolons than on commas (what Excel writes where
    the comma is the decimal mark), else ','. The header decides, not csv.Sniffer: a caption's commas and
    semicolons would sway a guess from the rows."""
    line = first_line.lstrip("\ufeff")
    counts = {sep: sum(map(is_column, next(csv.reader([line], delimiter=sep), []))) for sep in (",", ";")}
    return ";" if counts[";"] > counts[","] else ","


def table(text: str) -> tuple[list[list[str]], str]:
    """The CSV's rows (header first) and the delimiter it was written with."""
    text = text.lstrip("\ufeff")
    sep = delimiter(text.split("\n", 1)[0])
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep)), sep


def comma_csv(rows: Sequence[Sequence[str]]) -> str:
    """Rows as the CSV the API reads: commas, a field quoted where it holds a comma, a quote or a line break."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def header_columns(head: bytes) -> list[str]:
    """The API columns a file's first line names, in its order; empty when it names none.

    Only the header is read: nothing after it is looked at, and what is returned are names the API knows, so a
    message built from them never repeats anything else the file holds.
    """
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return []
    names = next(csv.reader([text], delimiter=delimiter(text)), [])
    return [name.strip() for name in names if is_column(name)]


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_text(v, where) for v in value)
    if isinstance(value, (str, int, float)):
        return str(value)
    raise InputError(f"{where} must be text, a number, true/false or a list, not an object.")


def _cell(name: str, value: Any, where: str) -> str:
    """A row's cell; the platforms column's names as the API spells them ("X" is twitter), as every tool reads them."""
    text = _text(value, where)
    if name.strip().lower() != "platforms":
        return text
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    return ",".join(PLATFORM_ALIASES.get(part, part) for part in names)


def rows_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """A CSV (header first) from rows given as {column: value}; lists become comma-separated cells."""
    if not rows:
        raise InputError("rows is empty: give at least one row.")
    header: list[str] = []
    for index, row in enumerate(rows, start=1):
        for name in row:
            if not is_column(name):
                meant = did_you_mean(name, (*COLUMNS, *ALIASES))
                raise InputError(
                    f"rows[{index}] has {name!r}, which is not a bulk CSV column.{meant} Columns: {SHOWN}."
                )
            if name not in header:
                header.append(name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for index, row in enumerate(rows, start=1):
        writer.writerow([_cell(name, row.get(name), f"rows[{index}].{name}") for name in header])
    return out.getvalue()


#: a schedule cell that says its own offset ("...Z", "...+02:00"): its zone column changes nothing
_OFFSET = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$")


def _schedule(name: str) -> bool:
    return name in ("schedule_time", "scheduledfor") or name.startswith("schedule_time_")


def bare_times(columns: Sequence[str], zone_name: str) -> str | None:
    """What to say of a file (sent as it is) whose header has schedule times but no zone column."""
    names = [name.strip().lower() for name in columns]
    if not any(_schedule(name) for name in names) or any(name in ("tz", "timezone") for name in names):
        return None
    return (
        f"no tz column: Late reads a schedule time without an offset in UTC (or the profile's zone), not in "
        f"{zone_name}; add a tz column, or an offset to each time"
    )


def _row_zone(name: str, where: str) -> None:
    """A row's zone checked like a tool's `timezone`, its refusal naming the row ("row 2's tz 'CET' is ...")."""
    if not name:
        return
    try:
        zone_or_error(name)
    except InputError as exc:
        said = exc.message
        raise InputError(f"{where} {said.removeprefix('timezone ')}" if said.startswith("timezone ") else
                         f"{where}: {said}") from None  # fmt: skip


def _wall_time(cell: str, zone_name: str, where: str) -> None:
    """A row's time without an offset, read in its zone as every other tool reads one: refused where the clocks skip
    it or it happens twice (Late would take one reading without a word). A date alone or a text that is no ISO time
    is left to the API."""
    try:
        naive = datetime.fromisoformat(cell.replace(" ", "T", 1))
    except ValueError:
        return
    if naive.tzinfo is None and ":" in cell:
        parse_user_datetime(cell, zone_or_error(zone_name), field=where)


def said_in_words(rows: Iterable[Sequence[str]]) -> bool:
    """Whether a schedule cell holds something other than an ISO time ('tomorrow 9am', 'Friday 2pm'); the rows
    are read one by one, none kept."""
    it = iter(rows)
    times = [i for i, name in enumerate(next(it, [])) if _schedule(name.strip().lower())]
    return any(i < len(row) and row[i].strip() and iso_time(row[i]) is None for row in it for i in times)


def worded(rows: list[list[str]], zone_name: str, *, now: datetime | None = None) -> bool:
    """Each schedule cell said in words as the ISO time it means, with its offset, read in the row's tz (else the
    user's zone) as the posting tools read it (`user_time`): Late refuses the words. What they refuse ('next
    Friday 9am', 'tomorrow at 7', a time gone by, no ISO time at all) is refused here, naming the row, before
    anything is sent. Whether any cell changed."""
    names = [name.strip().lower() for name in rows[0]]
    times = [i for i, name in enumerate(names) if _schedule(name)]
    zones = [i for i, name in enumerate(names) if name in ("tz", "timezone")]
    current = now or now_utc()
    changed = False
    for number, row in enumerate(rows[1:], start=1):
        given = next((row[i].strip() for i in zones if i < len(row) and row[i].strip()), "")
        for i in times:
            cell = row[i].strip() if i < len(row) else ""
            if not cell or iso_time(cell) is not None:
                continue
            where = f"row {number}'s {rows[0][i].strip()}"
            _row_zone(given, f"row {number}'s tz")
            zone = zone_or_error(given or zone_name)
            at = user_time(cell, given, zone, field=where, now=current)
            require_future(at, now=current, field=where, fix="Give a future time, or publish_now=true.", zone=zone)
            row[i] = at.astimezone(zone).isoformat(timespec="seconds")
            changed = True
    return changed


def zoned(text: str, zone_name: str) -> str:
    """The CSV the API reads: commas (a semicolon CSV rewritten), times in words as ISO times (`worded`), and `tz`
    set to the user's zone on each row whose schedule times have no offset and no zone of their own: Late reads
    those in UTC (or the profile's zone), every other tool in the user's. A zone a row gives is checked like a
    tool's `timezone` (no abbreviations or fixed offsets)."""
    grid, sep = table(text)
    if len(grid) < 2:
        return text
    changed = worded(grid, zone_name) or sep != ","
    names = [name.strip().lower() for name in grid[0]]
    times = [i for i, name in enumerate(names) if _schedule(name)]
    zones = [i for i, name in enumerate(names) if name in ("tz", "timezone")]
    if not times:
        return comma_csv(grid) if changed else text
    if not zones:
        grid[0].append("tz")
        zones = [len(names)]
    for number, row in enumerate(grid[1:], start=1):
        row.extend([""] * (len(grid[0]) - len(row)))
        given = [row[i].strip() for i in zones if row[i].strip()]
        for i in zones:
            _row_zone(row[i].strip(), f"row {number}'s {grid[0][i].strip()}")
        bare = [i for i in times if row[i].strip() and not _OFFSET.search(row[i].strip())]
        for i in bare:
            _wall_time(row[i].strip(), (given or [zone_name])[0], f"row {number}'s {grid[0][i].strip()}")
        if bare and not given:
            row[zones[0]] = zone_name
            changed = True
    return comma_csv(grid) if changed else text
