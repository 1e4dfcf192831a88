"""posts_recycle's domain: setting, changing or stopping Late's evergreen reposting (`recycling`) on a post that
exists, published ones included ("Published posts can only have their recycling config updated").

The change is sent as `PUT /v1/posts/{id}` with `recycling` alone, after the checks the API reference implies:
YouTube and TikTok are excluded, the end date is after today (the phrase parser, `posts.recycle`), variations are
2 to 20 texts ([] clears them) and each fits the text limit of every platform that will post it (a platform
with its own text keeps it: "Platform-level customContent still overrides the base content per platform").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from ...errors import InputError
from ...models.posts import Post
from ...rules import check_post
from ...rules.model import TargetDraft
from ...wallclock import local_label
from ..posts.recycle import NOT_RECYCLED, OFF, an_end, parse_recycle

if TYPE_CHECKING:
    from ...client import LateClient

#: RecyclingConfig.contentVariations: "max 20", "Must have 2+ entries when setting variations"
MAX_VARIATIONS = 20


@dataclass(frozen=True)
class Change:
    """What is sent (the `recycling` object of the PUT body) and the words for the person."""

    body: dict[str, Any]
    summary: str

    @property
    def stops(self) -> bool:
        return self.body.get("enabled") is False


def recycling_change(post: Post, every: str, variations: list[str] | None, *, zone: tzinfo, today: date) -> Change:
    """The recycling a call asks for on `post`, checked; a clear error before any write otherwise."""
    now_on = post.recycling is not None and bool(post.recycling.enabled) and bool(post.recycling.gap)
    if every.strip().lower() in OFF:
        if variations:
            raise InputError("every='off' stops recycling; leave variations out.")
        if not now_on:
            raise InputError(f"Post {post.id} is not recycled; there is nothing to stop.")
        return Change({"enabled": False}, "Recycling stopped: no further copies will be made.")
    if not every.strip() and variations is None:
        raise InputError("Give every (the rhythm, or 'off') or variations (or both): nothing to change.")
    platforms = [t.platform for t in post.platforms]
    rhythm = parse_recycle(every, platforms, today=today, field="every")
    body: dict[str, Any]
    if rhythm is not None:
        # the phrase is the whole rhythm: an end it does not name is cleared (null clears it on update)
        body = {"expireCount": None, "expireDate": None, **rhythm.body(zone)}
        said = rhythm.describe()
    elif now_on and post.recycling is not None:
        body = {"enabled": True, "gap": post.recycling.gap, "gapFreq": post.recycling.gap_freq or "month"}
        said = "Recycling rhythm kept."
    else:
        raise InputError(
            f"Post {post.id} is not recycled yet: give every, e.g. 'every 2 weeks, 5 times' or 'every month until "
            f"{an_end(today)}'."
        )
    if variations is not None:
        texts = _variations(post, variations)
        body["contentVariations"] = texts
        said += f" {len(texts)} text variations, used in turn." if texts else " Variations cleared."
    return Change(body, said)


def _variations(post: Post, given: list[str]) -> list[str]:
    texts = [t.strip() for t in given if t.strip()]
    if len(texts) == 1 or len(texts) > MAX_VARIATIONS:
        raise InputError(
            f"variations has {len(texts)} text(s): give 2 to {MAX_VARIATIONS} (Late uses them in turn), or [] to "
            "clear them."
        )
    if len(set(texts)) < len(texts):
        raise InputError("variations repeats a text: each copy should read differently (platforms flag repeats).")
    excluded = [t.platform for t in post.platforms if t.platform in NOT_RECYCLED]
    if excluded:
        raise InputError(f"Late does not recycle on {', '.join(excluded)} (YouTube and TikTok are excluded).")
    problems = []
    for target in post.platforms:
        if target.own_text:
            continue  # this platform posts its own text, not the variation
        for index, text in enumerate(texts):
            found = check_post([TargetDraft(target.platform, text)], draft=True)
            problems += [f"variation {index + 1}: {p.platform}: {p.message}" for p in found if p.field == "content"]
    if problems:
        raise InputError("Nothing was changed: " + "; ".join(problems))
    return texts


async def still_going_out(client: LateClient, post: Post, zone: tzinfo, *, delete: str) -> str:
    """After recycling stops: the copies the API had already scheduled, which stay and will go out unless deleted
    (they are posts of their own); `delete`: how a post is deleted here ("with posts_delete", `_hints.via`)."""
    copies = await client.posts.waiting_copies(post)
    if not copies:
        return ""
    each = "; ".join(f"{c.id} at {local_label(c.scheduled_for, zone)}" if c.scheduled_for else c.id for c in copies)
    return f" Already scheduled, and still going out unless deleted ({delete}): {each}."
