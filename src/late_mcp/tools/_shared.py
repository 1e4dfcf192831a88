"""Small helpers the toolset modules share: calls side by side, the default profile, dates, ids, short text.

No MCP here: the domain modules use them too.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
from pydantic import BaseModel

from ..errors import InputError, LateError
from ._args import NeedsTool, check_id, unquoted

if TYPE_CHECKING:
    from ..client import LateClient

_TODAY = "The now tool gives today's date."
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

T = TypeVar("T")


async def side_by_side(*calls: Callable[[], Awaitable[Any]]) -> list[Any]:
    """Run API calls at once and return their results in order.

    A failure is raised as itself (the first one), never wrapped in an exception group, so the tool's
    error handling turns it into a message the model can read.
    """
    results: list[Any] = [None] * len(calls)
    failures: list[LateError] = []

    async def run(index: int, call: Callable[[], Awaitable[Any]]) -> None:
        try:
            results[index] = await call()
        except LateError as exc:
            failures.append(exc)

    async with anyio.create_task_group() as tg:
        for index, call in enumerate(calls):
            tg.start_soon(run, index, call)
    if failures:
        raise failures[0]
    return results


async def profile_or_default(client: LateClient, profile_id: str) -> str:
    """The given profile id, or the default profile's when empty (most users have one profile)."""
    if unquoted(profile_id):
        return check_id(profile_id, "profile_id", list_tool="profiles_list")
    profiles = await client.profiles.list()
    chosen = next((p for p in profiles if p.is_default), profiles[0] if len(profiles) == 1 else None)
    if chosen is None:
        names = "; ".join(f"{p.id} ({p.name})" for p in profiles) or "none"
        raise InputError(f"Several profiles and none is the default: pass profile_id. Profiles: {names}.")
    return chosen.id


def date_arg(value: str, field: str) -> str | None:
    """A YYYY-MM-DD date argument, checked here so the model learns the format before any call."""
    text = value.strip()
    if not text:
        return None
    if not _DATE.match(text):
        timed = _DATE.match(text[:10]) and re.match(r"^.{10}[T ]\d", text)  # an ISO time where a day belongs
        said = f" without a time, e.g. {field}={text[:10]}" if timed else ""
        raise NeedsTool(f"{field}={value!r} must be a date as YYYY-MM-DD{said}", hint=_TODAY, needs="now")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{field}={value!r} is not a real date.") from None
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        raise InputError(f"{field}={value!r} is out of range: give a date from 0002-01-01 to {_LAST_YEAR}-12-31.")
    return text


#: the dates a date argument may name: a period or a series from one (60 months at most) stays inside the calendar
#: datetime can count, a day's slack for any zone included; beyond, the tool would fail on an OverflowError
_FIRST_YEAR, _LAST_YEAR = 2, 9990  # the error names 0002-01-01


def optional_id(value: str, field: str, *, list_tool: str) -> str | None:
    return check_id(value, field, list_tool=list_tool) if unquoted(value) else None


async def known_profile(client: LateClient, value: str) -> str | None:
    """An optional profile filter, refused when it names none of the person's profiles: the API would answer an
    unknown one with nothing, read as "no posts" or "no data yet"."""
    pid = optional_id(value, "profile_id", list_tool="profiles_list")
    if pid and pid not in {p.id for p in await client.profiles.list()}:
        hint = "Call profiles_list to get ids."
        raise NeedsTool(f"profile_id {pid!r} is not one of your profiles", hint=hint, needs="profiles_list")
    return pid


#: what the rows of one answer may take as JSON, so the whole answer stays under 4 KB of text
ROWS_BUDGET = 3300


def fitting(rows: Sequence[BaseModel]) -> int:
    """How many of `rows`, from the first, fit one answer (one at least): a model reads 4 KB well, not 40."""
    used = 0
    for count, row in enumerate(rows):
        used += len(row.model_dump_json(exclude_none=True).encode()) + 1
        if used > ROWS_BUDGET and count:
            return count
    return len(rows)


def fitting_page(
    rows: Sequence[BaseModel], page: int, limit: int, *, most: int = 100, wide: int = 10
) -> tuple[int, int, int]:
    """Page `page` of `limit` rows cut to fit one answer: (size, next_page, next_limit), where the first `size`
    rows are shown and `page=next_page, limit=next_limit` starts at the very next row. The API pages by page and
    limit only, so the next limit divides the rows before that row: the largest such divisor up to `most` (the
    API's largest limit), so each next call shows as many as fit again (one that can only be 1 is followed by a
    wide one). A page that fits whole goes on with its limit, or, under `wide` (the default limit), with the largest
    divisor up to `wide`: a narrow limit was mostly a step to reach one post (posts_list_failed's "page=2 limit=1"),
    and kept, it walks the rest one post a call."""
    fits = fitting(rows)
    if fits == len(rows):
        if limit >= wide or fits < limit:  # a short page is the last one
            return fits, page + 1, limit
        return fits, *_step(page * limit, wide)  # limit divides it: the step is `limit` at the least
    return fits, *_step((page - 1) * limit + fits, most)


def _step(start: int, most: int) -> tuple[int, int]:
    """The page and limit whose page starts at row `start` (0-based), with the largest limit up to `most` that
    does so."""
    step = max(k for k in range(1, min(most, start) + 1) if start % k == 0)
    return start // step + 1, step


def clip(text: str | None, limit: int) -> str | None:
    """At most `limit` characters, marked when cut."""
    if text is None:
        return None
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pick(items: Iterable[T], matches: Callable[[T], bool], refusal: Callable[[], str]) -> T:
    """The first item that matches, or an InputError whose text (built only then) lists the choices."""
    for item in items:
        if matches(item):
            return item
    raise InputError(refusal())
