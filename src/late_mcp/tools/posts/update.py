"""Editing a post that has not gone out: what changes, in the PUT body the API expects, checked by the same
rules as a new post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from ...errors import InputError
from ...models.accounts import Account
from ...models.posts import EDITABLE, MediaItem, PlatformTarget, Post, PostWritten
from ...rules import PLATFORMS, format_problems
from ...timeutil import UTC, iso_utc, local, now_utc, require_future, user_time
from ...wallclock import span
from .._args import blank
from .body import extra, options_of
from .plan import Step, no_step, problems_of
from .targets import TITLED, Entry
from .when import named_zone


@dataclass(frozen=True)
class Edit:
    """What a posts_update call asks to change; empty text keeps a field."""

    content: str
    title: str
    at: datetime | None  # aware; a draft given a time becomes scheduled
    zone: tzinfo = UTC  # the person's, for what a refusal says
    named: tzinfo | None = None  # the zone the call gave its time in, for the answer

    @classmethod
    def of(cls, content: str, scheduled_for: str, title: str, timezone: str, *, zone: tzinfo) -> Edit:
        """Refused before any call when it changes nothing, or when the new time is unreadable or past."""
        if content.strip() and blank(content):
            raise InputError("content has only invisible characters: give the new text, or leave content out.")
        if not (content.strip() or scheduled_for.strip() or title.strip()):
            raise InputError("Nothing to update: give content, scheduled_for or title.")
        at: datetime | None = None
        if scheduled_for.strip():
            at = user_time(scheduled_for, timezone, zone)
            require_future(at, fix="Give a future time (the now tool says what time it is).", zone=zone)
        return cls(content=content, title=title, at=at, zone=zone, named=named_zone(timezone) if at else None)

    def body(self, post_id: str, current: Post, *, upload: Step = no_step) -> dict[str, Any]:
        """The PUT /v1/posts/{postId} body for the post as it is now, refused when it cannot be edited or the
        edit breaks a platform's rules (`upload`: see `PostDraft.upload`)."""
        if current.status not in EDITABLE:
            raise InputError(
                f"Post {post_id} is {current.status}; only draft, scheduled, failed, partial and cancelled posts can "
                "be edited."
            )
        changes: dict[str, Any] = {}
        if self.content.strip():
            changes["content"] = self.content
        if self.title.strip():
            changes["title"] = self.title
        if self.at is not None:
            changes.update(scheduledFor=iso_utc(self.at), timezone="UTC", isDraft=False)
        targets = self._targets(current)
        if targets is not None:
            changes["platforms"] = targets
        self._check(current, upload)
        return changes

    def shift(self, current: Post) -> timedelta | None:
        """How far the post moves, where targets not yet out have times of their own: each moves as far, so the
        post keeps its shape ("LinkedIn at 9, X at 12" moved a day is both a day later); a post with no time of its
        own moves from its earliest target's. None: nothing of its own to move."""
        own = [p.scheduled_for for p in current.platforms if p.scheduled_for is not None and p.status != "published"]
        if self.at is None or not own:
            return None
        moved = self.at - (current.scheduled_for or min(own))
        return moved or None

    def _targets(self, current: Post) -> list[dict[str, Any]] | None:
        """The targets resent whole (the API replaces `platforms`) where the edit changes one of them: the title of
        a `TITLED` platform, or the targets' own times, moved with the post and checked to be ahead; None: left as
        they are."""
        titled = bool(self.title.strip()) and any(p.platform in TITLED for p in current.platforms)
        shift = self.shift(current)
        if not (titled or shift):
            return None
        sent = []
        for p in current.platforms:
            at = p.scheduled_for + shift if shift and p.scheduled_for and p.status != "published" else None
            if at is not None and at <= now_utc():
                raise InputError(
                    f"Moving the post moves {p.platform}'s own time as far, to {_at(at, self.zone)}, which is past: "
                    "give a later scheduled_for. Nothing was sent."
                )
            item = p.as_sent(title=self.title if titled and p.platform in TITLED else None, at=at)
            if p.status == "published":  # the API keeps a live target as it is; its own time, past, is refused
                item.pop("scheduledFor", None)
            sent.append(item)
        return sent

    def told(self, done: PostWritten, current: Post, post: Post) -> PostWritten:
        """The result, saying what the edit did not change where a person would expect it to: the platforms that
        keep their own text (or thread) under a new shared text, and the targets' own times moved with the post,
        as the answer (`post`) shows them (one the API left elsewhere is named, never passed over)."""
        said = " ".join(s for s in (self._kept_text(current), self._moved(current, post)) if s)
        return done.model_copy(update={"summary": f"{done.summary} {said}"}) if said else done

    def _kept_text(self, current: Post) -> str:
        """Where a new shared text does not go out: a target already published (its live post stays as it is), or
        one whose own text (customContent) or thread replaces it."""
        if not self.content.strip():
            return ""
        kept: dict[str, list[str]] = {"live post": [], "own text": [], "thread": [], "": []}
        for p in current.platforms:
            why = "live post" if p.status == "published" else "own text" if p.own_text else ""
            kept["thread" if not why and options_of(p).get("threadItems") else why].append(p.platform)
        rest = kept.pop("")
        said = [f"{', '.join(names)} {'keeps its' if len(names) == 1 else 'keep their'} {why}"
                for why, names in kept.items() if names]  # fmt: skip
        if not said:
            return ""
        where = f"on {', '.join(dict.fromkeys(rest))} only" if rest else "on no platform"
        return f"{' and '.join(said)}, unchanged: the new text goes out {where}."

    def _moved(self, current: Post, post: Post) -> str:
        shift = self.shift(current)
        if shift is None:
            return ""
        asked = {(p.platform, p.account_id): p.scheduled_for + shift for p in current.platforms
                 if p.scheduled_for is not None and p.status != "published"}  # fmt: skip
        now = {(p.platform, p.account_id): p.scheduled_for for p in post.platforms}
        off = [f"{k[0]} is at {_at(now.get(k), self.zone)}, not {_at(at, self.zone)}" for k, at in asked.items()
               if now.get(k) != at]  # fmt: skip
        names = ", ".join(dict.fromkeys(k[0] for k in asked))
        if off:
            return f"Own times ({names}) were sent {_span(shift)}, but {'; '.join(off)} (as the API answered)."
        return f"Own times ({names}) moved with the post, {_span(shift)}."

    def _check(self, current: Post, upload: Step) -> None:
        problems = problems_of(
            self.content or current.content or "",
            [e for e in (_entry(p, current.tags, self.title) for p in current.platforms) if e.platform in PLATFORMS],
            current.media_items,
            self.title or current.title or "",
            draft=current.status == "draft" and self.at is None,
            upload=upload,
        )
        if problems:
            raise InputError(format_problems(problems))


def _entry(target: PlatformTarget, tags: list[str], title: str = "") -> Entry:
    """A stored target as the pre-flight rules read it, with the new `title` where it is the target's own."""
    media = extra(target, "customMedia")
    return Entry(
        target.platform,
        Account(_id=target.account_id or "?", platform=target.platform),
        # an empty own text is no own text, as the update's body sends it (PlatformTarget.as_sent)
        content=target.own_text or None,
        media=tuple(MediaItem.model_validate(m) for m in media) if isinstance(media, list) else None,
        options={**options_of(target), **({"title": title} if title.strip() and target.platform in TITLED else {})},
        tags=tuple(tags),
    )


def _at(when: datetime | None, zone: tzinfo) -> str:
    return f"{local(when, zone):%a %Y-%m-%d %H:%M %Z}" if when else "the post's time"


def _span(shift: timedelta) -> str:
    """'2 days later', '1 day 3 h earlier', '45 min later'."""
    size = span(abs(shift)) if abs(shift) >= timedelta(minutes=1) else "under a minute"
    return f"{size} {'later' if shift > timedelta(0) else 'earlier'}"
