"""Recycling (the API's RecyclingConfig / RecyclingState): evergreen posts Late copies on a rhythm after they go out.

From the API reference: "After the post is published, the system creates new scheduled copies at the specified
interval until expiration conditions are met"; `gap` units of `gapFreq` (week or month, default month) from
`startDate` ("Defaults to the post's scheduledFor date"); `expireCount` ("Stop recycling after this many copies
have been created") and `expireDate` ("Stop recycling after this date, regardless of count"); `contentVariations`
("On each recycle, the next variation is used in round-robin order"; "2+ entries when setting"; max 20; "[]
clears"; "Platform-level customContent still overrides the base content per platform"); "Maximum 10 active
recycling posts per account"; "YouTube and TikTok platforms are excluded"; copies carry `recycledFromPostId`.

Where the reference is silent, the sandbox chooses (docs/api-contract.md, "Recycling"): each copy is created, as a
scheduled post, as soon as the post before it (the original, or the previous copy) is published, so calendars show
it; copy k goes out at startDate + k gaps (the first such time still ahead); exceeding the per-account limit is a
400. Every function here runs inside ``store.transaction()`` and never imports the client's code.
"""

from __future__ import annotations

import calendar
import copy
from datetime import datetime, timedelta
from typing import Any

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.errors import bad_request
from late_mcp.sandbox.store import Doc, Store

#: RecyclingConfig: "YouTube and TikTok platforms are excluded from recycling"
EXCLUDED = ("youtube", "tiktok")
#: "Maximum 10 active recycling posts per account"
MAX_ACTIVE = 10
MAX_VARIATIONS = 20
#: the settings a request may give; the rest of RecyclingState is read-only counters
_CONFIG = ("enabled", "gap", "gapFreq", "startDate", "expireCount", "expireDate", "contentVariations")
_FRESH = {"contentVariationIndex": 0, "recycleCount": 0, "nextRecycleAt": None, "lastRecycledAt": None}


def _checked(raw: Doc, entries: list[Doc]) -> Doc:
    """The settings of a RecyclingConfig, checked as the API reference gives them."""
    enabled = raw.get("enabled", True) is not False
    gap = raw.get("gap")
    if enabled and (isinstance(gap, bool) or not isinstance(gap, int) or gap < 1):
        raise bad_request(
            "recycling.gap is required when enabling recycling (an integer, at least 1)", field="recycling.gap"
        )
    freq = raw.get("gapFreq") or "month"
    if freq not in ("week", "month"):
        raise bad_request("recycling.gapFreq must be week or month", field="recycling.gapFreq")
    count = raw.get("expireCount")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise bad_request("recycling.expireCount must be an integer, at least 1", field="recycling.expireCount")
    variations = raw.get("contentVariations") or []
    if not isinstance(variations, list) or not all(isinstance(v, str) for v in variations):
        raise bad_request("recycling.contentVariations must be a list of strings", field="recycling.contentVariations")
    if len(variations) == 1 or len(variations) > MAX_VARIATIONS:
        raise bad_request(
            f"recycling.contentVariations takes 2 to {MAX_VARIATIONS} texts ([] clears them)",
            field="recycling.contentVariations",
        )
    if enabled:
        _refuse_excluded(entries)
    return {
        "enabled": enabled,
        "gap": gap,
        "gapFreq": freq,
        "startDate": _instant(raw.get("startDate"), "startDate"),
        "expireCount": count,
        "expireDate": _instant(raw.get("expireDate"), "expireDate"),
        "contentVariations": variations,
    }


def _refuse_excluded(entries: list[Doc]) -> None:
    excluded = sorted({str(e["platform"]) for e in entries if e["platform"] in EXCLUDED})
    if excluded:
        raise bad_request(f"Recycling is not available for {', '.join(excluded)}", field="recycling")


def _instant(raw: Any, name: str) -> str | None:
    if raw is None:
        return None
    try:
        return iso(parse_instant(str(raw)))
    except ValueError:
        raise bad_request(f"recycling.{name} must be an ISO 8601 date-time", field=f"recycling.{name}") from None


def recycling_of(raw: Any, entries: list[Doc], current: Doc | None = None) -> Doc | None:
    """The RecyclingState a create (no `current`) or an update leaves: the given settings over the current
    ones (null clears expireCount or expireDate, [] clears contentVariations), counters kept; None for null."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad_request("recycling must be an object", field="recycling")
    given = {key: raw[key] for key in _CONFIG if key in raw}
    merged = {**{key: (current or {}).get(key) for key in _CONFIG}, **given}
    merged["enabled"] = given.get("enabled", True)  # RecyclingConfig.enabled defaults to true
    state = _checked(merged, entries)
    counters = {key: (current or {}).get(key, value) for key, value in _FRESH.items()}
    if not state["enabled"]:
        counters["nextRecycleAt"] = None
    if counters["contentVariationIndex"] and len(state["contentVariations"]) <= counters["contentVariationIndex"]:
        counters["contentVariationIndex"] = 0
    return {**state, **counters}


def active(state: Doc | None, now: datetime) -> bool:
    """Recycling that may still make copies: enabled, under expireCount, before expireDate."""
    if not state or not state.get("enabled"):
        return False
    count = state.get("expireCount")
    if count is not None and int(state.get("recycleCount") or 0) >= int(count):
        return False
    ends = state.get("expireDate")
    return not ends or parse_instant(str(ends)) > now


def check_recycling(store: Store, post: Doc) -> None:
    """400 when the post recycles on an excluded platform (its platforms changed), or when one of its accounts
    already has MAX_ACTIVE other posts recycling."""
    now = store.now()
    if not active(post.get("recycling"), now):
        return
    _refuse_excluded(post["platforms"])
    for entry in post["platforms"]:
        account = str(entry["accountId"])
        others = [
            p
            for p in store.all("posts")
            if p["_id"] != post["_id"]
            and active(p.get("recycling"), now)
            and any(str(e["accountId"]) == account for e in p.get("platforms", []))
        ]
        if len(others) >= MAX_ACTIVE:
            raise bad_request(
                f"Maximum {MAX_ACTIVE} active recycling posts per account: {entry['platform']} account {account} "
                f"already has {len(others)}. Turn recycling off on one of them first.",
                field="recycling",
                accountId=account,
            )


def add_gaps(start: datetime, gaps: int, unit: str) -> datetime:
    """`start` plus `gaps` weeks or calendar months (the day clamped to the month's last)."""
    if unit == "week":
        return start + timedelta(weeks=gaps)
    months = start.month - 1 + gaps
    year, month = start.year + months // 12, months % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def after_publish(store: Store, post: Doc) -> None:
    """A post went out: when it recycles (or is a copy of one that does), the next copy is made, scheduled."""
    if post.get("status") not in ("published", "partial"):
        return
    source_id = post.get("recycledFromPostId")
    original = store.get("posts", str(source_id)) if source_id else post
    if original is None:
        return
    state = original.get("recycling")
    if state and state.get("nextRecycleAt") and source_id:
        state["nextRecycleAt"] = None  # the copy it announced is out
    schedule_next(store, original)
    if original is not post:
        store.put("posts", original)


def schedule_next(store: Store, original: Doc) -> Doc | None:
    """The original's next copy, when none is waiting and its recycling allows one; the copy made, or None."""
    now = store.now()
    state = original.get("recycling")
    if not active(state, now) or state is None or state.get("nextRecycleAt"):
        return None
    if original.get("status") not in ("published", "partial"):
        return None
    base = parse_instant(str(state.get("startDate") or original.get("scheduledFor") or original.get("publishedAt")))
    made, gap, unit = int(state.get("recycleCount") or 0), int(state["gap"]), str(state["gapFreq"])
    step = made + 1
    when = add_gaps(base, step * gap, unit)
    while when <= now:  # a copy is never scheduled in the past: the first of its times still ahead
        step += 1
        when = add_gaps(base, step * gap, unit)
    ends = state.get("expireDate")
    if ends and when > parse_instant(str(ends)):
        return None
    variations: list[str] = list(state.get("contentVariations") or [])
    index = int(state.get("contentVariationIndex") or 0)
    content = variations[index % len(variations)] if variations else str(original.get("content") or "")
    recycled = _copy(store, original, content, when)
    state.update(
        recycleCount=made + 1,
        lastRecycledAt=iso(now),
        nextRecycleAt=iso(when),
        contentVariationIndex=(index + 1) % len(variations) if variations else 0,
    )
    store.put("posts", recycled)
    return recycled


def _copy(store: Store, original: Doc, content: str, when: datetime) -> Doc:
    """A scheduled copy: the original's text (or this turn's variation), media and platforms, nothing of its
    publishing results, and `recycledFromPostId`."""
    now = iso(store.now())
    platforms = []
    for entry in original["platforms"]:
        fresh = {k: copy.deepcopy(v) for k, v in entry.items() if not k.startswith("__")}
        for key in ("platformPostId", "platformPostUrl", "publishedAt", "errorMessage", "scheduledFor", "threadPosts"):
            fresh.pop(key, None)
        fresh["status"] = "pending"
        platforms.append(fresh)
    return {
        **{k: copy.deepcopy(v) for k, v in original.items() if not k.startswith("__")},
        "_id": store.new_id(),
        "content": content,
        "platforms": platforms,
        "scheduledFor": iso(when),
        "status": "scheduled",
        "publishedAt": None,
        "isDraft": False,
        "metadata": {},
        "recycling": None,
        "recycledFromPostId": original["_id"],
        "queuedFromProfile": None,
        "queueId": None,
        "createdAt": now,
        "updatedAt": now,
    }
