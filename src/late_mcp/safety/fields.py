"""A post's fields as the journal keeps them: their names in the person's words (one table, for posts_history and
posts_undo), a post's snapshot, what an update or an edit left (kept in its entry's `after`), and each field's value
normalised, so a change made since can be told from the same value written another way (a time in another zone or
format, accounts in another order, media by URL), and shown short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone, tzinfo
from typing import Any

from ..models.posts import Post
from ..timeutil import local, parse_api_datetime

#: an update's fields as the person knows them (the API's names -> words)
WORDS = {
    "content": "text", "title": "title", "mediaItems": "media", "platforms": "platforms and accounts",
    "scheduledFor": "time", "timezone": "time", "isDraft": "draft", "recycling": "recycling",
}  # fmt: skip
#: the keys an update's `before` keeps with a time (a draft given a time is made a draft again by its undo): one field
TIME = ("scheduledFor", "timezone", "isDraft")
#: where a target without its own time sorts
_NEVER = datetime.min.replace(tzinfo=timezone.utc)
#: how much of a text a line quotes
QUOTE = 40
#: the fields an update's entry keeps what it left of (the API's names -> the Post attribute that answers them)
_ANSWERED = {
    "content": "content", "title": "title", "mediaItems": "media_items", "platforms": "platforms",
    "scheduledFor": "scheduled_for", "isDraft": "status", "recycling": "recycling",
}  # fmt: skip


def snapshot(post: Post) -> dict[str, Any]:
    """What a post was, enough to make it again (a deleted post, `restore.again_body`) or put fields back. Its tags
    (a YouTube video's, at the post's root) only where it has some; the queue it holds a slot of only where it does
    (made again, it holds none: `restore.unqueued` says so)."""
    return {
        "content": post.content or "",
        "title": post.title,
        "mediaItems": [m.model_dump(exclude_none=True) for m in post.media_items],
        "platforms": [p.as_sent() for p in post.platforms],
        "scheduledFor": post.scheduled_for.astimezone(timezone.utc).isoformat() if post.scheduled_for else None,
        "isDraft": post.status == "draft",
        "status": post.status,
        "recycling": post.recycling.config() if post.recycling is not None else None,
        **({"tags": list(post.tags)} if post.tags else {}),
        **({"queuedFromProfile": post.queued_from_profile} if post.queued_from_profile else {}),
        **({"queueId": post.queue_id} if post.queue_id else {}),
    }


def text_on(post: Post, platform: str, account_id: str | None = None) -> str:
    """The text a post shows on one platform (on `account_id` where it has several): that target's own text, else
    the post's. Another account's edit of the same platform is not this one's text."""
    targets = [t for t in post.platforms if t.platform == platform and (not account_id or t.account_id == account_id)]
    own = [t.own_text for t in targets if t.own_text]
    return own[0] if own else post.content or ""


def update_left(changes: dict[str, Any], before: dict[str, Any]) -> Callable[[Post], dict[str, Any]]:
    """What an update left of each field it changed (`before`'s keys), for its entry's `after`: as the API answered
    (the post it returned), or as sent where the answer leaves the field out."""

    def left(post: Post) -> dict[str, Any]:
        now, answered = snapshot(post), post.model_fields_set
        kept = {k: now[k] if _ANSWERED[k] in answered else changes.get(k) for k in before if k in _ANSWERED}
        if "recycling" in changes and post.recycling is None:  # no settings in the answer: as sent
            kept["recycling"] = changes["recycling"]
        return kept

    return left


def failed_again(post: Post, retried: Iterable[tuple[str, str]]) -> tuple[str, bool]:
    """What a retry (of the targets `retried`: platform, account id) left failed, in words ("facebook @acme: Token
    expired"; empty when nothing failed again), and whether every one of them did."""
    mine = set(retried)
    on = [p for p in post.platforms if (p.platform, p.account_id or "") in mine]
    failed = [p for p in on if p.status == "failed"]
    words = "; ".join(
        f"{p.platform} @{(p.account_username or p.account_id or '?').lstrip('@')}"
        + (f": {p.error_message}" if p.error_message else "")
        for p in failed
    )
    return words, bool(on) and len(failed) == len(on)


def field_of(key: str) -> str:
    """The field an update's `before` key belongs to: a time is one field however it was set."""
    return "scheduledFor" if key in TIME else key


def fields_of(before: dict[str, Any]) -> list[str]:
    """The fields an update changed, from its `before` (its status is kept for undo, not changed)."""
    return list(dict.fromkeys(field_of(key) for key in before if key != "status"))


def own_times(before: dict[str, Any]) -> bool:
    """Whether an update resent its targets with times of their own (moved with the post's time)."""
    platforms = before.get("platforms")
    return (
        "scheduledFor" in before
        and isinstance(platforms, list)
        and any(isinstance(p, dict) and p.get("scheduledFor") for p in platforms)
    )


def said(keys: Iterable[str], *, article: bool = False) -> str:
    """Fields in the person's words, once each: 'text, time' (`article`: 'the text, the time', 'recycling')."""
    words = dict.fromkeys(WORDS.get(key, key) for key in keys)
    return ", ".join(the(w) if article else w for w in words)


def put_back(before: dict[str, Any], zone: tzinfo) -> str:
    """The fields an undo of an update puts back, each with its value, for the person to see what comes back:
    "the text ('Hello'), the time (a draft)". Targets resent whole with a time or a YouTube title are not a
    change of accounts: their own times are said with the time."""
    resent = "scheduledFor" in before or "title" in before
    keys = sorted(k for k in fields_of(before) if not (resent and k == "platforms"))
    own = ", with the platforms' own times" if own_times(before) else ""
    return ", ".join(f"{the(WORDS.get(k, k))} ({shown(k, value(k, before), zone)})" for k in keys) + own


def the(words: str) -> str:
    """A field's words as a sentence names it."""
    return words if words == "recycling" else f"the {words}"


def value(key: str, kept: dict[str, Any]) -> Any:
    """A field's value in `kept` (a snapshot, or an entry's before/after), normalised for comparing."""
    raw = kept.get(key)
    if key == "scheduledFor":
        return "draft" if kept.get("isDraft") else parse_api_datetime(raw)
    if key == "mediaItems":
        return tuple(str(m.get("url") or "") for m in raw or [] if isinstance(m, dict))
    if key == "platforms":  # each target's own time too: a move resends them with it
        return tuple(sorted(((str(p.get("platform")), str(p.get("accountId") or ""),
                              parse_api_datetime(p.get("scheduledFor"))) for p in raw or [] if isinstance(p, dict)),
                            key=lambda t: (t[0], t[1], t[2] or _NEVER)))  # fmt: skip
    if key == "recycling":
        return _recycling(raw)
    return str(raw or "")


def same(key: str, one: Any, other: Any) -> bool:
    """Whether two normalised values of a field are the same; recycling's start left out where one of them has none
    (the API defaults it to the post's time, and may fill it in later)."""
    if key == "recycling" and one is not None and other is not None and None in (one[2], other[2]):
        return bool(one[:2] + one[3:] == other[:2] + other[3:])
    return bool(one == other)


def shown(key: str, normal: Any, zone: tzinfo) -> str:
    """A normalised value, short, for a sentence."""
    if key == "scheduledFor":
        return "a draft" if normal == "draft" else f"{local(normal, zone):%a %Y-%m-%d %H:%M %Z}" if normal else (
            "no time"
        )  # fmt: skip
    if key == "mediaItems":
        names = [url.rstrip("/").rsplit("/", 1)[-1] for url in normal]
        return (", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")) or "no media"
    if key == "platforms":
        return (
            ", ".join(
                f"{platform} {account}".strip() + (f" at {local(at, zone):%a %Y-%m-%d %H:%M %Z}" if at else "")
                for platform, account, at in normal
            )
            or "none"
        )
    if key == "recycling":
        return _rhythm(normal)
    return quoted(normal) if normal else "empty"


def quoted(text: Any) -> str:
    """A text on one line, cut to QUOTE characters, in quotes."""
    said = " ".join(str(text or "").split())
    return repr(said if len(said) <= QUOTE else said[: QUOTE - 1] + "…")


def _recycling(raw: Any) -> tuple[Any, ...] | None:
    """Recycling's settings (not Late's counters), times as instants; None when off."""
    if not isinstance(raw, dict) or raw.get("enabled") is False:
        return None
    return (
        raw.get("gap"),
        raw.get("gapFreq") or "month",
        parse_api_datetime(raw.get("startDate")),
        raw.get("expireCount"),
        parse_api_datetime(raw.get("expireDate")),
        tuple(raw.get("contentVariations") or ()),
    )


def _rhythm(normal: tuple[Any, ...] | None) -> str:
    """'every 2 months, from 2031-05-06, 3 times, until 2031-12-31, 2 text variations', or 'off'."""
    if normal is None:
        return "off"
    gap, freq, start, count, ends, variations = normal
    text = f"every {gap} {freq}{'' if gap == 1 else 's'}"
    text += f", from {start:%Y-%m-%d}" if isinstance(start, datetime) else ""
    text += f", {count} times" if count else ""
    text += f", until {ends:%Y-%m-%d}" if isinstance(ends, datetime) else ""
    return text + (f", {len(variations)} text variations" if variations else "")
