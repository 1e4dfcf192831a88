"""Editing a post that has not gone out: what changes, in the PUT body the API expects, checked by the same
rules as a new post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from ...errors import InputError
from ...models.accounts import Account
from ...models.posts import EDITABLE, MediaItem, PlatformTarget, Post
from ...rules import PLATFORMS, format_problems
from ...timeutil import iso_utc, require_future, user_time
from .._args import blank
from .body import extra, options_of
from .plan import Step, no_step, problems_of
from .targets import Entry


@dataclass(frozen=True)
class Edit:
    """What a posts_update call asks to change; empty text keeps a field."""

    content: str
    title: str
    at: datetime | None  # aware; a draft given a time becomes scheduled

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
        return cls(content=content, title=title, at=at)

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
            if any(p.platform == "youtube" for p in current.platforms):
                # The API replaces `platforms` whole: resend every target as it is, with only YouTube's title new.
                changes["platforms"] = [
                    p.as_sent(title=self.title if p.platform == "youtube" else None) for p in current.platforms
                ]
        if self.at is not None:
            changes.update(scheduledFor=iso_utc(self.at), timezone="UTC", isDraft=False)
        self._check(current, upload)
        return changes

    def _check(self, current: Post, upload: Step) -> None:
        problems = problems_of(
            self.content or current.content or "",
            [e for e in (_entry(p, current.tags) for p in current.platforms) if e.platform in PLATFORMS],
            current.media_items,
            self.title or current.title or "",
            draft=current.status == "draft" and self.at is None,
            upload=upload,
        )
        if problems:
            raise InputError(format_problems(problems))


def _entry(target: PlatformTarget, tags: list[str]) -> Entry:
    """A stored target as the pre-flight rules read it."""
    media = extra(target, "customMedia")
    return Entry(
        target.platform,
        Account(_id=target.account_id or "?", platform=target.platform),
        # an empty own text is no own text, as the update's body sends it (PlatformTarget.as_sent)
        content=target.own_text or None,
        media=tuple(MediaItem.model_validate(m) for m in media) if isinstance(media, list) else None,
        options=options_of(target),
        tags=tuple(tags),
    )
