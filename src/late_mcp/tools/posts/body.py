"""The request bodies: POST /v1/posts for a new post, and a target as it was sent, for a PUT that replaces them.

Field names and shapes as the Late API docs give them for POST /v1/posts and PUT /v1/posts/{postId}.
"""

from __future__ import annotations

from typing import Any

from ...errors import InputError
from ...models.posts import MediaItem, PlatformTarget
from ...timeutil import iso_utc
from ..media_urls import as_sent
from .targets import Entry
from .when import When


def build_payload(
    *, content: str, entries: list[Entry], media: list[MediaItem], title: str, when: When
) -> dict[str, Any]:
    """The POST /v1/posts body."""
    payload: dict[str, Any] = {"content": content, "platforms": [_platform(entry) for entry in entries]}
    if media:
        payload["mediaItems"] = as_sent(media)
    if title:
        payload["title"] = title
    tags = list(dict.fromkeys(tag for entry in entries for tag in entry.tags))
    if tags:
        payload["tags"] = tags
    payload.update(_timing(when, entries))
    return payload


def _platform(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"platform": entry.platform, "accountId": entry.account.id}
    if entry.content is not None:
        item["customContent"] = entry.content
    if entry.media is not None:
        item["customMedia"] = as_sent(entry.media)
    if entry.options:
        item["platformSpecificData"] = entry.options
    if entry.scheduled_for is not None:
        item["scheduledFor"] = entry.scheduled_for  # the API docs: a per-platform override of the post's time
    return item


def _timing(when: When, entries: list[Entry]) -> dict[str, Any]:
    if when.mode == "draft":
        return {"isDraft": True}
    if when.mode == "now":
        return {"publishNow": True}
    if when.mode == "queue":
        profiles = {entry.account.profile_id for entry in entries}
        if len(profiles) != 1 or None in profiles:
            raise InputError("use_queue needs every target in one profile (the queue belongs to a profile).")
        timing: dict[str, Any] = {"queuedFromProfile": profiles.pop()}
        if when.queue_id:
            timing["queueId"] = when.queue_id
        return timing
    assert when.at is not None
    # An explicit UTC instant: unambiguous whatever the API does with `timezone`.
    return {"scheduledFor": iso_utc(when.at), "timezone": "UTC"}


def extra(target: PlatformTarget, key: str) -> Any:
    """A field of a stored target that the typed model does not name (customContent, platformSpecificData...)."""
    return (target.model_extra or {}).get(key)


def options_of(target: PlatformTarget) -> dict[str, Any]:
    value = extra(target, "platformSpecificData")
    return dict(value) if isinstance(value, dict) else {}
