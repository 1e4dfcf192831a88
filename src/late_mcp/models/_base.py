"""Base classes: API shapes tolerate what the API adds; tool results are strict and compact."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field

from ..timeutil import parse_api_datetime


class APIModel(BaseModel):
    """A shape the API sends. Unknown fields are kept, never an error: the API grows."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Result(BaseModel):
    """A tool result: what the model reads. Keep it small; None fields are dropped on the wire."""

    model_config = ConfigDict(extra="forbid")


def _ref_id(value: Any) -> Any:
    """The API sometimes populates a reference (`{"_id": ..., ...}`) and sometimes sends the bare id."""
    if isinstance(value, dict):
        return value.get("_id") or value.get("id")
    return value


def _lenient_datetime(value: Any) -> datetime | None:
    return parse_api_datetime(value)


#: an aware UTC datetime from any ISO string the API sends; None when absent or unreadable
APIDateTime = Annotated[datetime | None, BeforeValidator(_lenient_datetime)]
#: an id from either a bare string or a populated object
RefId = Annotated[str | None, BeforeValidator(_ref_id)]


def id_field() -> Any:
    return Field(validation_alias=AliasChoices("_id", "id"))
