"""Account groups: named sets of accounts (for teams and for posting to several at once)."""

from __future__ import annotations

from pydantic import Field

from ._base import APIModel, Result, id_field


class AccountGroup(APIModel):
    id: str = id_field()
    name: str
    account_ids: list[str] = Field(default_factory=list, alias="accountIds")


class GroupOut(Result):
    id: str
    name: str
    account_ids: list[str]


class GroupsList(Result):
    count: int
    groups: list[GroupOut]


class GroupSaved(Result):
    group: GroupOut
    created: bool


class GroupDeleted(Result):
    group_id: str
    deleted: bool = True
