"""`late-mcp call posts_calendar` as a person reads a calendar: a block per day, the posts in aligned columns,
free queue slots and marks under them. Works on the result as the tool returned it (no planner import)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: 'HH:MM[ ZONE] status platform@account,... “preview” post_id', as the calendar writes a post
_POST = re.compile(r"^(?P<time>\d\d:\d\d(?: \S+)?) (?P<status>\S+) (?P<where>\S+) “(?P<text>.*)” (?P<id>\S+)$")


def calendar_table(result: Mapping[str, Any]) -> str:
    days: list[Mapping[str, Any]] = list(result.get("days") or [])
    rows = [m for day in days for line in day.get("posts") or [] if (m := _POST.match(line))]
    widths = {key: max((len(m[key]) for m in rows), default=0) for key in ("time", "status", "where", "text")}
    out = [str(result.get("summary", "")), ""]
    for day in days:
        out.append(str(day.get("day", "")))
        for line in day.get("posts") or []:
            match = _POST.match(line)
            if match is None:
                out.append(f"  {line}")
                continue
            cells = [match[key].ljust(widths[key]) for key in ("time", "status", "where", "text")]
            out.append("  " + "  ".join([*cells, match["id"]]))
        if day.get("free"):
            out.append(f"  free queue slots: {', '.join(day['free'])}")
        out.extend(f"  ! {mark}" for mark in day.get("marks") or [])
    out += ["", f"next period: start={result.get('next_start', '')}"]
    if result.get("note"):
        out.append(str(result["note"]))
    return "\n".join(out)
