"""Checks on tool arguments that need no HTTP call: ids, platform names, lists given as text."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator

from ..errors import InputError
from ..rules import ALIASES, PLATFORMS
from ..suggest import did_you_mean


def _join_list(value: Any) -> Any:
    """A list where text was expected: kept as JSON text, which the parsers below accept."""
    return json.dumps(value) if isinstance(value, list) else value


#: text that may also arrive as a list (models often send arrays); the schema stays a plain string
TextOrList = Annotated[str, BeforeValidator(_join_list)]


def _ids_by_name(value: Any) -> Any:
    """{"twitter": "id1", "linkedin": ["id2"]}, ids keyed by platform as models write them: the ids, in order (which
    platform each is for, the accounts themselves say; a key is only a label)."""
    if not isinstance(value, dict):
        return value
    ids: list[Any] = []
    for item in value.values():
        ids.extend(item if isinstance(item, list) else [item])
    return ids


#: ids that may also arrive keyed by platform
IDS_BY_NAME = BeforeValidator(_ids_by_name)


def _split_text(value: Any) -> Any:
    """Comma-separated text where a list was expected ("a, b", or one item alone): its items. The schema stays a
    list; a JSON list in text is already read by the SDK."""
    return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value


#: a list that may also arrive as comma-separated text
LIST_FROM_TEXT = BeforeValidator(_split_text)

#: where a refused id is copied from where this server offers no tool listing such ids
_FROM_DASHBOARD = "Copy the id from the Late dashboard."
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


#: characters that render as nothing but are not whitespace or format characters (fillers, braille blank)
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u034f")


def _platform_word(value: Any) -> Any:
    """A platform as the model may write it ("X", "Twitter", " youtube "): the API's name; anything else as given,
    for the parameter's own choices to refuse."""
    if not isinstance(value, str):
        return value
    key = value.strip().lower()
    return ALIASES.get(key, key)


#: a platform parameter whose schema lists its choices: aliases and case are read before they are checked
PLATFORM_WORD = BeforeValidator(_platform_word)


def _one_of_a_list(value: Any) -> Any:
    """["twitter"] where one name is asked for: models send the list form of a plural parameter's sibling."""
    return value[0] if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str) else value


#: a text parameter that takes one name: a list of exactly one is that name (a longer list is still refused)
ONE_OF_A_LIST = BeforeValidator(_one_of_a_list)


def blank(text: str) -> bool:
    """Nothing a reader would see: whitespace, zero-width and other invisible characters only (a post of
    U+200B is an empty post)."""
    return all(
        ch.isspace()
        or ch in _FILLERS
        or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp")
        or 0xFE00 <= ord(ch) <= 0xFE0F  # variation selectors
        for ch in text
    )


def platform_name(value: str) -> str:
    """The API's name for a platform the model named; unknown names list the valid ones."""
    key = value.strip().lower()
    key = ALIASES.get(key, key)
    if key not in PLATFORMS:
        raise InputError(
            f"Unknown platform {value!r}.{did_you_mean(key, PLATFORMS)} Use one of: {', '.join(PLATFORMS)}."
        )
    return key


def unquoted(value: str) -> str:
    """Text without surrounding whitespace and the matching quotes around it, as models copy ids from JSON
    or prose."""
    text = value.strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"`":
        text = text[1:-1].strip()
    return text


def check_id(value: str, field: str, *, list_tool: str, ids: str | Callable[[], str] = "") -> str:
    """An id as the API issues them; anything else is refused before it reaches a URL, saying to call `list_tool`
    for ids (`ids`: the sentence saying where they are instead, where this server may not offer that tool; a
    function is called only when the refusal is worded). An id copied with its quotes ('abc', "abc", `abc`) is
    the id."""
    text = unquoted(value)
    if not _ID.match(text) or text.strip(".") == "":
        shown = text if len(text) <= 40 else text[:40] + "…"
        where = ids() if callable(ids) else ids
        if where:
            raise InputError(f"{field} {shown!r} is not a valid id. {where}")
        hint = f"Call {list_tool} to get ids."
        raise NeedsTool(f"{field} {shown!r} is not a valid id", hint=hint, needs=list_tool, otherwise=_FROM_DASHBOARD)
    return text


class NeedsTool(InputError):
    """A refusal whose hint names a tool (a refused id's listing, `now` for a date): the tool layer words the hint
    for the request (`_hints.reached`), or gives `otherwise` where this server cannot offer the tool."""

    def __init__(self, message: str, *, hint: str, needs: str, otherwise: str = "") -> None:
        super().__init__(message, hint=hint)
        self.needs, self.otherwise = needs, otherwise


def picked(value: str, field: str, *, personal: bool, list_tool: str) -> str:
    """The choice the user picked (a page, organization, board...), refused before any request when empty: only
    LinkedIn posting as the person (personal=true) needs none, which `personal_choice` checks once the platform
    is known."""
    choice = unquoted(value)
    if not choice and not personal:
        raise InputError(f"{field} is empty: call {list_tool} for the choices.")
    if choice and personal:
        raise InputError(
            f"Give {field} (post as that page, organization...) or personal=true (LinkedIn: as the person), not both."
        )
    return choice


def personal_choice(choice: str, platform: str, field: str, *, list_tool: str) -> None:
    """No choice with personal=true: only LinkedIn has a person to post as."""
    if not choice and platform != "linkedin":
        raise InputError(
            f"personal=true is LinkedIn's (post as the person); a {platform} account needs {field}: call {list_tool} "
            "for the choices."
        )


def json_value(text: str, field: str) -> Any:
    """JSON the model put in a text field; junk (or nesting deep enough to exhaust the stack) is refused."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise InputError(f"{field} looks like JSON but does not parse.") from None


def text_list(value: str | list[str], field: str) -> list[str]:
    """A list the model may send as a list, a JSON list in a string, or comma-separated text."""
    items: list[Any]
    if isinstance(value, list):
        items = value
    else:
        text = value.strip()
        if text.startswith("["):
            parsed = json_value(text, field)
            if not isinstance(parsed, list):
                raise InputError(f"{field} must be a list.")
            items = parsed
        else:
            items = text.split(",")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InputError(f"{field} must hold strings, got {type(item).__name__}.")
        if item.strip():
            out.append(item.strip())
    return out
