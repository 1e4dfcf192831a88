"""What a confirmation question calls a thing that is not a post (a profile, an account, a queue, a webhook, a
group, an invite): its name and what it holds beside its id, so the person knows what they are saying yes to, and
what a change or a creation sets, in the tool's own argument names.

An id that names nothing of the person's is refused here, before they are asked: a question about a queue that does
not exist, answered yes, would only end in the API's 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from ..safety.since import Named
from ..state import AppState
from ._args import unquoted
from ._shared import profile_or_default
from .slots import slot_labels

#: id argument -> the tool listing such ids, and what one is called in a refusal
_LISTED = {
    "profile_id": ("profiles_list", "your profiles"),
    "account_id": ("accounts_list", "your connected accounts"),
    "queue_id": ("queue_list", "this profile's queues"),
    "webhook_id": ("webhooks_list", "your webhooks"),
    "group_id": ("account_groups_list", "your account groups"),
    "invite_id": ("team_invites_list", "your open invites"),
}
#: flags whose false is their default: false changes nothing, so it is not said
_OFF_BY_DEFAULT = frozenset({"set_as_default", "reshuffle_existing", "is_default", "personal"})


async def known_as(app: AppState, key: str, args: Mapping[str, Any], named: Named) -> str:
    """The thing `args[key]` names, as "'Name' (id, what it holds)"; queue_update's empty queue_id is the profile's
    default queue. An id that is not among the person's is refused, naming the tool that lists them."""
    given = unquoted(str(args.get(key) or ""))
    labels = await _labels(app, key, args)
    if key == "queue_id" and not given:
        given = next((qid for qid, (_, _, default) in labels.items() if default), "")
    if given not in labels:
        tool, kind = _LISTED[key]
        found = named(tool)
        step = "" if found is None else f" Call {found} to get ids." if found == tool else f" To get ids, call {found}."
        raise InputError(f"{key} {given!r} is not one of {kind}: nothing was asked or sent.{step}")
    name, detail, _ = labels[given]
    return f"{name} ({given}{', ' + detail if detail else ''})"


async def _labels(app: AppState, key: str, args: Mapping[str, Any]) -> dict[str, tuple[str, str, bool]]:
    """id -> (name, what it holds, whether it is the default) of every thing of this kind."""
    client = app.client
    if key == "profile_id":
        return {p.id: (f"'{p.name}'", "", p.is_default) for p in await client.profiles.list()}
    if key == "account_id":
        accounts = await client.accounts.list()
        return {a.id: (f"{a.platform} @{a.username or a.display_name}", "", False) for a in accounts}
    if key == "queue_id":
        queues = await client.queue.list(await profile_or_default(client, str(args.get("profile_id") or "")))
        return {q.id: (f"'{q.name}'", _weekly(slot_labels(q), q.timezone), q.is_default) for q in queues}
    if key == "webhook_id":
        return {w.id: (f"'{w.name}'", f"to {w.url}", False) for w in await client.webhooks.list()}
    if key == "group_id":
        groups = await client.account_groups.list()
        return {g.id: (f"'{g.name}'", f"{len(g.account_ids)} account(s)", False) for g in groups}
    invites = await client.team.platform_invites()
    return {i.id: (f"to connect {i.platform}", f"profile '{i.profile_name or i.profile_id}'", False) for i in invites}


def _weekly(slots: list[str], zone: str | None) -> str:
    shown = ", ".join(slots[:4]) + (f" and {len(slots) - 4} more" if len(slots) > 4 else "")
    return f"{shown} {zone or ''}".strip()


def what_changes(args: Mapping[str, Any], key: str) -> str:
    """The values a change or a creation sets, as "name='Mornings'; active=false"; a secret is never repeated,
    headers only by name."""
    said = []
    for name, value in args.items():
        if name in (key, "profile_id") or value is None or value in ("", [], {}):
            continue
        if value is False and name in _OFF_BY_DEFAULT:
            continue
        if name == "secret":
            said.append("a new signing secret")
        elif name == "headers" and isinstance(value, Mapping):
            said.append(f"headers {', '.join(value)}")
        elif isinstance(value, bool):
            said.append(f"{name}={str(value).lower()}")
        elif isinstance(value, list):
            said.append(f"{name}={', '.join(map(str, value))}")
        else:
            said.append(f"{name}={str(value)!r}")
    return "; ".join(said)
