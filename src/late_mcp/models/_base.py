"""Base classes: API shapes tolerate what the API adds; tool results are strict and compact."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from ..timeutil import parse_api_datetime


class APIModel(BaseModel):
    """A shape the API sends. Unknown fields are kept, never an error: the API grows."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class WithProfileName(APIModel):
    """A shape whose `profileId` may come populated (`{"_id", "name"}`): the name is kept as `profile_name`."""

    @model_validator(mode="before")
    @classmethod
    def _profile_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("profileId"), dict):
            data = {**data, "profile_name": data["profileId"].get("name")}
        return data


_R = TypeVar("_R", bound="Result")


class Result(BaseModel):
    """A tool result: what the model reads. Keep it small: optional fields that are None are left out, and times
    are shown to the whole second (`whole_seconds`)."""

    model_config = ConfigDict(extra="forbid")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: SerializerFunctionWrapHandler) -> Any:
        # every result passes here (nested ones too), in Python and JSON mode alike: the one place times are cut
        trimmed = {name: whole_seconds(value) for name, value in self.__dict__.items() if _fractional(value)}
        data = handler(self.model_copy(update=trimmed) if trimmed else self)
        if isinstance(data, dict):
            for name, info in type(self).model_fields.items():
                if not info.is_required() and data.get(name) is None:
                    data.pop(name, None)
        return data

    @classmethod
    def carry(cls: type[_R], source: BaseModel, /, **values: Any) -> _R:
        """This result from an API model: each field not given in `values` takes the source's declared field of
        the same name. Results mirror the API's models, so only what is renamed or reshaped is written out."""
        declared = type(source).model_fields
        same = {name: getattr(source, name) for name in cls.model_fields if name not in values and name in declared}
        return cls(**same, **values)


def whole_seconds(value: Any) -> Any:
    """A time (or a list of them) cut to the whole second, the rest as it is. A model copies the times it reads,
    and a journal's microseconds or the API's milliseconds are noise there; cut, never rounded, so a time is never
    shown later than it is (09:59:59.9 stays in its minute) and times keep their order."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, list):
        return [whole_seconds(item) for item in value]
    return value


def _fractional(value: Any) -> bool:
    if isinstance(value, list):
        return any(_fractional(item) for item in value)
    return isinstance(value, datetime) and value.microsecond != 0


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
