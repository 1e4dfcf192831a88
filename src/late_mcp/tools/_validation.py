"""Arguments the model got wrong, said so it can fix them: which parameter, what was given, what is allowed, what
to do next. One place for every tool: the server runs these before the tool (unknown names, harmless coercions)
and on pydantic's refusal; pydantic's own text and its URL never reach the model.

No MCP here: the input is the tool's name, its JSON schema and the arguments or the ValidationError.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pydantic

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
_SHOWN = 60


def snake(name: str) -> str:
    """scheduledFor -> scheduled_for, Media-URLs -> media_urls: how a misspelled name is compared."""
    return _CAMEL.sub(r"_\1", name.strip()).replace("-", "_").replace(" ", "_").lower()


#: a local file by the names models give it (snake case); on a tool that posts media by URL it is uploaded first,
#: and no other parameter is guessed for it ("file" is no "title")
FILE_NAMES = frozenset(
    {"file", "files", "file_path", "file_paths", "filepath", "filename", "file_name", "path", "paths", "image",
     "images", "image_path", "image_file", "photo", "photo_path", "video", "video_path", "video_file", "local_file",
     "local_path", "attachment", "attachments"}
)  # fmt: skip
#: names models give a range's ends or a page's size, and what each tool calls them (the first of them a tool has is
#: suggested): `from` is posts_calendar's `start` and analytics_get's `from_date`; nothing is read under the wrong name
MEANT: dict[str, tuple[str, ...]] = {
    "from": ("from_date", "start"),
    "since": ("from_date", "start"),
    "to": ("to_date", "until"),
    "end": ("to_date", "until"),
    # the API's paging names: pageSize, per_page and offset are a tool's limit (or count) and skip
    "page_size": ("limit", "count"),
    "per_page": ("limit", "count"),
    "offset": ("skip",),
    # when and what, by the names models give them: spelling alone would suggest title for time, timezone for
    # times, schedule_minutes for schedule_time, publish_now for publish_at, webhook_id for webhook_url
    **dict.fromkeys(("time", "times"), ("at", "slots", "scheduled_for")),
    **dict.fromkeys(("day", "days", "weekday", "weekdays"), ("on", "slots")),
    **dict.fromkeys(("date", "datetime", "when"), ("scheduled_for", "start")),
    **dict.fromkeys(("schedule_time", "schedule_at", "scheduled_at", "publish_at", "post_at"), ("scheduled_for",)),
    "start_date": ("from_date", "start"),
    "end_date": ("to_date", "until"),
    "tz": ("timezone",),
    **dict.fromkeys(("text", "body", "message", "caption"), ("content",)),
    "webhook_url": ("url",),
    # an id by the name of what it names ("account" is no "count"); "state" is a status (or OAuth's), never a "start"
    "account": ("account_id", "account_ids"),
    "accounts": ("account_ids", "account_id"),
    "profile": ("profile_id", "profile_ids"),
    "profiles": ("profile_ids", "profile_id"),
    **dict.fromkeys(("post", "posts"), ("post_id",)),
    "state": ("status", "oauth_state"),
    # a local file by the names models give it: media_upload_file's paths, posts_bulk_upload's path
    **dict.fromkeys(FILE_NAMES, ("paths", "path")),
}
#: names spelled like a parameter that does the opposite (toolsets' enable): never suggested for it
_OPPOSITES = frozenset({"disable", "disabled", "unable", "deactivate", "inactive"})
#: filters the API has (GET /v1/posts, GET /v1/accounts take profileId, platform...) that a listing tool leaves
#: out (the default toolset is at its size budget): what it lists, and the tool that filters by it instead
#: a date range by the names models give it: posts_calendar takes one as a first day and a number of days
_DATES = ("date", "posts_calendar", "start and days")
UNFILTERED: dict[str, tuple[str, dict[str, tuple[str, str | None, str]]]] = {
    "posts_list": ("the posts", {"profile_id": ("profile", "posts_calendar", "profile_id"),
                                 "platform": ("platform", "posts_calendar", "platform"),
                                 "account_id": ("account", None, ""),
                                 **dict.fromkeys(("from", "to", "start", "end", "since", "until", "date_from",
                                                  "date_to", "start_date", "end_date", "date"), _DATES)}),
    "accounts_list": ("the accounts", {"profile_id": ("profile", "accounts_health", "profile_id"),
                                       "platform": ("platform", "accounts_health", "platform")}),
}  # fmt: skip
_PAGING = ("limit", "page", "skip", "count", "cursor")
#: an id a tool does not take -> the tool that lists those ids (said where a tool has no such filter)
LISTED_BY: dict[str, str] = {
    "profile_id": "profiles_list", "account_id": "accounts_list", "account_ids": "accounts_list",
    "post_id": "posts_list", "queue_id": "queue_list", "webhook_id": "webhooks_list",
}  # fmt: skip


def closest(name: str, known: Sequence[str]) -> str | None:
    """The real parameter a wrong name most likely meant (case, camelCase, singular/plural, a range's ends by
    another name, a typo)."""
    key = snake(name)
    if key in known:
        return key
    for candidate in known:  # media_url -> media_urls, account_ids -> account_id
        if key.rstrip("s") == candidate.rstrip("s"):
            return candidate
    if key in ("id", "ids"):  # the tool's one id, whatever it names (post_id, webhook_id); of several, none
        ids = [candidate for candidate in known if candidate.endswith(("_id", "_ids"))]
        return ids[0] if len(ids) == 1 else None
    if key in MEANT:  # a word whose meaning is known: its parameter on this tool, or none (never a look-alike)
        return next((candidate for candidate in MEANT[key] if candidate in known), None)
    if key in FILE_NAMES:  # a file on a tool that takes none: no near name is it (the refusal says to upload it)
        return None
    if key in _OPPOSITES:  # spelled like a real name that means the opposite: "disable" is no "enable"
        return None
    found = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_arguments(
    tool: str, given: Iterable[str], schema: Mapping[str, Any], lister: Callable[[str], str | None] = lambda _: None
) -> str | None:
    """The refusal for argument names the tool does not have, each with the closest real one; None if all known.
    A name with none is dropped, not renamed: where it is an id, `lister` names the tool of this request that lists
    those ids (None where it cannot be had)."""
    known = list(schema.get("properties", {}))
    unknown = [name for name in given if name not in known]
    if not unknown:
        return None
    lines, dropped = [], []
    for name in unknown:
        guess = closest(name, known)
        lines.append(f"{name} is not a parameter of {tool}" + (f": did you mean {guess}?" if guess else "."))
        dropped += [] if guess else [name]
    takes = f"{tool} takes {', '.join(known)}" if known else f"{tool} takes no arguments"
    said = " ".join(lines)
    if not dropped:
        return f"{said} Nothing was done: call it again with the right name{'s' * (len(unknown) > 1)} ({takes})."
    renamed = ", and with the right name for the rest" if len(dropped) < len(unknown) else ""
    files = [n for n in dropped if snake(n) in FILE_NAMES] if "media_urls" in known else []
    rest = [n for n in dropped if n not in files]
    if not rest:
        return f"{said} Nothing was done: {_upload_first(tool, files, lister)}{renamed}."
    unfiltered = UNFILTERED.get(tool, ("", {}))[1]
    listed = [f"{snake(n).removesuffix('s').replace('_id', ' ids')} are listed by {t}" for n in rest
              if snake(n) not in unfiltered and (t := _lister(n, tool, lister))]  # fmt: skip
    where = f" ({'; '.join(listed)})" if listed else ""
    told = [f"{said} Nothing was done: {takes}; call it again without {' and '.join(rest)}{renamed}{where}."]
    by_word: dict[str, list[str]] = {}  # "from" and "to" are one missing filter, said once
    for n in rest:
        if snake(n) in unfiltered:
            by_word.setdefault(unfiltered[snake(n)][0], []).append(n)
    told += [_unfiltered(tool, names, known, lister) for names in by_word.values()]
    return " ".join(told + ([_upload_first(tool, files, lister) + "."] if files else []))


def _lister(name: str, tool: str, lister: Callable[[str], str | None]) -> str | None:
    listing = LISTED_BY.get(snake(name))
    return lister(listing) if listing and listing != tool else None


def _upload_first(tool: str, files: list[str], lister: Callable[[str], str | None]) -> str:
    """A local file given to a tool that posts media by URL: upload it, then its URL (dropping it would post
    without the image)."""
    names = " and ".join(files)
    upload = lister("media_upload_file")
    first = (
        f"upload it first with {upload} (the path in paths), then call {tool} again with the URL it returns"
        if upload
        else f"give it a public URL first (this server cannot upload it here), then call {tool} again with that URL"
    )
    tail = f"in media_urls instead of {names} (a public URL goes in media_urls as it is)"
    return f"{tool} takes no local file ({names}): {first} {tail}"


def _unfiltered(tool: str, names: list[str], known: list[str], lister: Callable[[str], str | None]) -> str:
    """A filter the API has and `tool` leaves out (by one or more names): what the listing covers without it, what
    filters instead."""
    what, filters = UNFILTERED[tool]
    word, other, takes = filters[snake(names[0])]
    name = " and ".join(names)
    kept = [k for k in known if k not in _PAGING]
    by = f"it filters by {', '.join(kept)} only" if kept else "it takes no filter"
    instead = f"; {found} takes {takes}" if other and (found := lister(other)) else ""
    return f"{tool} does not filter by {word} ({by}): without {name} it lists {what} of every {word}{instead}."


def coerced(arguments: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """A number sent where text is expected (post_id: 123) becomes that text, and a choice in another case
    ("Scheduled", "PUBLISHED ") the one it names: read by its case alone it has one meaning, so refusing it would
    only cost the model a turn. Numbers sent as text ("limit": "5") and "true"/"false" are read by pydantic's own
    lax mode.

    An optional argument sent as null, or as "" where it takes no text (a number, a flag, an object, a choice
    without ""), is left out: models fill every argument so, and mean "not given", so its default applies.
    """
    props = schema.get("properties", {})
    required = set(schema.get("required", ()))
    out = dict(arguments)
    for name, value in arguments.items():
        node = props.get(name, {})
        if name not in required and (value is None or (value == "" and not _takes_text(node))):
            del out[name]
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and node.get("type") == "string":
            out[name] = str(value)
        elif isinstance(value, str) and (choice := _same_choice(value, node)) is not None:
            out[name] = choice
    return out


def _same_choice(value: str, node: Mapping[str, Any]) -> str | None:
    """The one text choice of `node` that `value` is but for case and surrounding space, else None."""
    choices = [c for part in (node, *node.get("anyOf", ())) for c in part.get("enum", ()) if isinstance(c, str)]
    if value in choices:
        return None
    same = {c for c in choices if c.casefold() == value.strip().casefold()}
    return same.pop() if len(same) == 1 else None


def _takes_text(prop: Mapping[str, Any]) -> bool:
    """Whether a parameter's schema accepts a string: its type, or one of its variants', or "" among its choices."""
    if "enum" in prop:
        return "" in prop["enum"]
    return prop.get("type") == "string" or any(_takes_text(v) for v in prop.get("anyOf", ()))


def explain(tool: str, exc: pydantic.ValidationError, schema: Mapping[str, Any]) -> str:
    """Every problem pydantic found in the arguments, in our words, then the next step."""
    lines: list[str] = []
    seen: set[str] = set()
    for err in exc.errors(include_url=False):
        node, path = _walk(schema, err["loc"])
        if path in seen:
            continue
        seen.add(path)
        lines.append(_line(path, err, node, schema))
    return " ".join(lines) + f" Nothing was done: fix {'it' if len(lines) == 1 else 'them'} and call {tool} again."


def _line(path: str, err: Mapping[str, Any], node: Mapping[str, Any], root: Mapping[str, Any]) -> str:
    kind = str(err.get("type", ""))
    if kind == "missing":
        about = node.get("description")
        return f"{path} is required{f' ({about})' if about else ''}."
    if kind == "extra_forbidden":
        parent, where = _walk(root, tuple(err["loc"])[:-1])
        known = list(parent.get("properties", {}))
        guess = closest(str(err["loc"][-1]), known)
        hint = f"did you mean {guess}? " if guess else ""
        return f"{path} is not a field of {where}: {hint}it takes {', '.join(known)}."
    given = _shown(err.get("input"))
    guess = near_choice(err.get("input"), node.get("enum"))
    return f"{path}={given} is not allowed{f' (did you mean {guess}?)' if guess else ''}: give {allowed(node)}."


def near_choice(value: Any, choices: Any) -> str | None:
    """The choice a near miss meant ("Failed", "engagment", "connections", "Insta": the one choice it begins), or
    None."""
    if not isinstance(value, str) or not isinstance(choices, list):
        return None
    named = {str(c).lower(): str(c) for c in choices if c != ""}
    key = value.strip().lower()
    begun = [c for c in named if len(key) >= 3 and c.startswith(key)]
    found = [key] if key in named else begun[:1] if len(begun) == 1 else []
    found = found or difflib.get_close_matches(key, list(named), n=1, cutoff=0.75)
    return named[found[0]] if found else None


def allowed(node: Mapping[str, Any]) -> str:
    """What a schema node accepts, in words, with the range, the choices or an example."""
    about = node.get("description")
    tail = f" ({about})" if about else ""
    if "enum" in node:
        return f"one of {', '.join(json.dumps(c) if c == '' else str(c) for c in node['enum'])}{tail}"
    kinds = _types(node)
    if "integer" in kinds or "number" in kinds:
        word = "a whole number" if "integer" in kinds else "a number"
        low, high = node.get("minimum"), node.get("maximum")
        if low is not None and high is not None:
            return f"{word} from {low} to {high}{tail}"
        if low is not None:
            return f"{word}, at least {low}{tail}"
        return f"{word}{tail}"
    if kinds == {"boolean"}:
        return "true or false"
    if "array" in kinds:
        return f"a list{tail}"
    if "object" in kinds:
        fields = ", ".join(node.get("properties", {}))
        return f"an object{' with ' + fields if fields else ''}{tail}"
    return f"text{tail}"


def _types(node: Mapping[str, Any]) -> set[str]:
    found = {node["type"]} if isinstance(node.get("type"), str) else set()
    for variant in node.get("anyOf", []):
        found |= _types(variant)
    return found


def _walk(schema: Mapping[str, Any], loc: Sequence[int | str]) -> tuple[Mapping[str, Any], str]:
    """The schema node at pydantic's `loc`, and the path as the model wrote it ("targets[0].platform")."""
    node: Mapping[str, Any] = schema
    path = ""
    for part in loc:
        node = _resolve(schema, node)
        if isinstance(part, int):
            node = node.get("items", {})
            path += f"[{part}]"
        elif part in node.get("properties", {}):
            node = node["properties"][part]
            path += f".{part}" if path else part
        elif "properties" in node or not _is_tag(part):
            path += f".{part}" if path else part
    return _resolve(schema, node), path or "the arguments"


def _is_tag(part: str) -> bool:
    """pydantic names a union's member in `loc` ('str', 'list[str]'); it is no part of the path the model wrote."""
    return "[" in part or part in ("str", "int", "float", "bool", "list", "dict")


def _resolve(root: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        resolved: Mapping[str, Any] = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
        return {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}
    variants = [v for v in node.get("anyOf", []) if v != {"type": "null"}]
    if len(variants) == 1:
        return {**_resolve(root, variants[0]), **{k: v for k, v in node.items() if k != "anyOf"}}
    return node


def _shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
