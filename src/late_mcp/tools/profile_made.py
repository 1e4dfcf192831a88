"""Creating a profile exactly once, and telling the truth about it: created, already there, or not created.

Names are unique per team: a create whose name is taken is a 409 with `details.existingProfileId`, reported as
that profile, marked as not made by this call. The create goes out under one Idempotency-Key, sent again under it
after a lost answer (the API replays the profile it made). When no attempt was confirmed, the profile is looked
up by name (`GET /v1/profiles?name=`, which the SDK offers "to recover a profile id after an ambiguous create"):
one created after the request was sent is this call's; none means nothing was made. A 409 answering a retry
points at the profile directly, and its creation time says whose it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import (
    InFlightError,
    KeyedRequestFailed,
    LateAPIError,
    LateError,
    ProfileExistsError,
    TransportError,
    clause,
)
from ..models.profiles import Profile, ProfileMade, ProfileOut
from .posts.lookup import earliest

if TYPE_CHECKING:
    from ..client import LateClient

LOST_NOTE = "The first answer was lost; the profile was created once."
EXISTS_NOTE = "A profile of that name already exists (names are unique): this is it; nothing new was created."


async def create_profile(
    client: LateClient, *, name: str, description: str | None, color: str | None, now: datetime
) -> ProfileMade:
    """Create the profile (once), or name the one that already has this name."""
    since = earliest(client, now)
    try:
        profile = await client.profiles.create(name=name, description=description, color=color)
    except ProfileExistsError as exc:
        return _made(await client.profiles.get(exc.existing_profile_id), created=False, note=EXISTS_NOTE)
    except KeyedRequestFailed as exc:
        return await _unconfirmed(client, name, since, exc)
    return _made(profile, created=True)


async def _unconfirmed(client: LateClient, name: str, since: datetime, exc: KeyedRequestFailed) -> ProfileMade:
    last = exc.last
    if isinstance(last, ProfileExistsError):
        existing = await client.profiles.get(last.existing_profile_id)
        if _newer(existing, since):  # the API answered the retry by name, not by key: the lost attempt made it
            return _made(existing, created=True, note=LOST_NOTE)
        return _made(existing, created=False, note=EXISTS_NOTE)
    try:
        found = [p for p in await client.profiles.list(name=name) if p.name == name and _newer(p, since)]
    except (LateAPIError, TransportError):
        raise LateError(
            f"The create request's answer was lost ({clause(str(exc))}) and the API could not be asked whether the "
            "profile exists.",
            hint="Do not create it again yet: call profiles_list in a minute to check, then decide.",
            request_id=exc.request_id,
        ) from None
    if found:
        return _made(found[0], created=True, note=LOST_NOTE)
    if isinstance(last, InFlightError):
        raise LateError(
            f"Still in progress: the API was still creating the profile when it last answered ({clause(str(exc))}).",
            hint="Do not create it again now: check profiles_list in a minute.",
            request_id=exc.request_id,
        )
    raise LateError(
        f"Not created: {exc.attempts} attempts under one Idempotency-Key were not confirmed ({last}), and no "
        f"profile named {name!r} was made, so nothing was created.",
        hint=last.hint or "It is safe to try again.",
        request_id=exc.request_id,
    )


def _newer(profile: Profile, since: datetime) -> bool:
    return profile.created_at is not None and profile.created_at >= since


def _made(profile: Profile, *, created: bool, note: str | None = None) -> ProfileMade:
    return ProfileMade(**ProfileOut.of(profile).model_dump(), created=created, note=note)
