"""Profiles group accounts (a brand, a client)."""

from __future__ import annotations

from pydantic import Field

from ._base import APIDateTime, APIModel, Result, id_field


class Profile(APIModel):
    id: str = id_field()
    name: str
    description: str | None = None
    color: str | None = None
    is_default: bool = Field(False, alias="isDefault")
    created_at: APIDateTime = Field(None, alias="createdAt")


class ProfileOut(Result):
    id: str
    name: str
    description: str | None = None
    color: str | None = None
    is_default: bool = False

    @classmethod
    def of(cls, profile: Profile) -> ProfileOut:
        return cls.carry(profile, description=profile.description or None, color=profile.color or None)


class ProfileMade(ProfileOut):
    """profiles_create's answer: the profile, and whether this call made it."""

    created: bool = Field(description="false: a profile of that name already existed; nothing new was made")
    note: str | None = None


class ProfilesList(Result):
    count: int
    profiles: list[ProfileOut]


class ProfileDeleted(Result):
    profile_id: str
    deleted: bool = True
