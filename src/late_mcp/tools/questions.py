"""The words a person is shown before a write goes ahead: which accounts, what text, what media, when.

Built from the tool's arguments and from reads (the accounts, the post as it is), and from the clock only where
what will happen depends on it (an undo puts back a time only while it is ahead; a series starts today; a time
said in words, "tomorrow 9am", is shown as the date it becomes). The SDK
drops an answer to a question whose words changed between its rounds, so one asked across that moment is asked
again: never the wrong thing done, at worst a second question. Under the handshake protocol `tools._safety` builds
the question again after the answer and refuses the call when its words changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from ..errors import LateError
from ..models.accounts import Account
from ..models.posts import Post
from ..safety.confirm import Line, describe
from ..safety.since import Named, as_is
from ..state import AppState
from ..timeutil import iso_time, now_utc, user_time, zone_or_error
from ..wallclock import local_label
from ._args import check_id, platform_name, text_list, unquoted
from ._shared import profile_or_default
from .accounts.connected import connected_accounts
from .known_as import known_as, what_changes
from .media_urls import media_items
from .posts.args import TargetIn, platform_list
from .posts.history import undo_question

#: tools that delete something other than a post: what the question says, and the argument naming it
_REMOVALS = {
    "profiles_delete": ("Delete profile", "profile_id"),
    "accounts_disconnect": ("Disconnect account", "account_id"),
    "queue_delete": ("Delete queue", "queue_id"),
    "webhooks_delete": ("Delete webhook", "webhook_id"),
    "account_groups_delete": ("Delete account group", "group_id"),
    "team_invite_revoke": ("Revoke the invite", "invite_id"),
}
#: tools that change something other than a post: what the question says, the argument naming it, and what a call
#: without it does (a save without an id makes a new one; queue_update changes the default queue)
_CHANGES = {
    "profiles_update": ("Change profile", "profile_id", ""),
    "queue_update": ("Change queue", "queue_id", ""),
    "accounts_select": ("Change the default page, board, location or subreddit of account", "account_id", ""),
    "webhooks_save": ("Change webhook", "webhook_id", "Create a webhook"),
    "account_groups_save": ("Change account group", "group_id", "Create an account group"),
}


async def question(app: AppState, tool: str, args: Mapping[str, Any], named: Named = as_is) -> str:
    """The question for `tool` called with `args` (`named`: how this request has the tools a refusal names)."""
    if tool in ("posts_create", "posts_publish_now", "posts_cross_post"):
        return await _create(app, tool, args)
    if tool == "posts_undo":
        return await undo_question(app, args, named)
    if tool == "posts_schedule_series":
        return _series(args, app.settings.timezone)
    if tool == "posts_retry_all_failed":
        return describe("Publish again, now, every failed or partly failed post", [])
    if tool in _REMOVALS:
        what, key = _REMOVALS[tool]
        return describe(f"{what} {await known_as(app, key, args, named)} (this cannot be undone)", [])
    if tool in _CHANGES:
        what, key, new = _CHANGES[tool]
        thing = f"{what} {await known_as(app, key, args, named)}" if args.get(key) or not new else new
        return describe(f"{thing}, setting {what_changes(args, key) or 'nothing'}", [])
    if tool == "team_invite":
        return describe(await _invite(app, args), [])
    if tool == "posts_bulk_upload":
        return describe(
            f"Create every post of the CSV ({_bulk_source(args)}); rows with publish_now go out at once", []
        )
    post = await app.client.posts.get(check_id(str(args.get("post_id", "")), "post_id", list_tool="posts_list"))
    platform = str(args.get("platform") or "")
    if tool == "posts_update":
        moved = _when({**args, "schedule_minutes": 0}, app.settings.timezone) if args.get("scheduled_for") else ""
        return describe(
            f"Change post {post.id} ({post.status}){', to be published ' + moved if moved else ''}",
            _post_lines(post, text=str(args.get("content") or "")),
        )
    if tool == "posts_retry":  # a retry publishes the targets not out yet; the live ones stay as they are
        # (a post that is not failed or partial is refused by the tool's rehearsal before this is asked)
        # an account still to reconnect fails again (posts_retry refuses when every failed one is such): said
        broken = {a.id for a in await connected_accounts(app.client) if a.needs_reconnect or not a.is_active}
        return describe(f"Publish again, now, post {post.id}", _post_lines(post, again=True, broken=broken))
    if tool == "posts_edit_published":
        return describe(f"Change the live text of post {post.id}", _post_lines(post, platform, str(args["content"])))
    verbs = {
        "posts_delete": f"Delete post {post.id} ({post.status})",
        "posts_unpublish": f"Remove post {post.id} from {platform} (its live copy is deleted there)",
        "posts_review": f"{str(args.get('decision', '')).capitalize()} post {post.id} for publication",
        "posts_recycle": f"Recycle post {post.id} ({post.status}): {args.get('every') or 'rhythm kept'}"
        + (f", {len(args['variations'])} variation(s)" if args.get("variations") is not None else ""),
    }
    return describe(verbs.get(tool, f"{tool} on post {post.id}"), _post_lines(post, platform))


async def _create(app: AppState, tool: str, args: Mapping[str, Any]) -> str:
    content = str(args.get("content") or "")
    if tool == "posts_cross_post":
        targets: list[TargetIn] = list(args.get("targets") or [])
        names = platform_list(args.get("platforms") or "", targets)
        ids = text_list(args.get("account_ids") or "", "account_ids")
    else:
        targets, names, ids = [], [platform_name(str(args["platform"]))], [str(args.get("account_id") or "")]
    profile = unquoted(str(args.get("profile_id") or ""))
    accounts = [a for a in await app.client.accounts.list() if not profile or a.profile_id == profile]
    own = {platform_name(t.platform) for t in targets}
    lines = [Line(name, _account(accounts, name, ids), content) for name in names if name not in own]
    for target in targets:
        name = platform_name(target.platform)
        account = _account(accounts, name, [target.account_id] if target.account_id.strip() else ids)
        if target.scheduled_for.strip():  # its own time, said as the post's is
            its = {"schedule_minutes": 0, "scheduled_for": target.scheduled_for, "timezone": args.get("timezone")}
            account = f"{account} {_when(its, app.settings.timezone)}".strip()
        lines.append(Line(name, account, target.content or content))
    media = [m.type or "file" for m in media_items(args.get("media_urls") or "")]
    verb = "Publish now" if tool == "posts_publish_now" or args.get("publish_now") else "Schedule"
    when = _when(args, app.settings.timezone)
    if args.get("use_queue"):
        when = await _queue_slot(app, accounts, names, ids, args) or when
    return describe(verb, lines, media=media, when=when)


async def _queue_slot(
    app: AppState, accounts: list[Account], names: list[str], ids: list[str], args: Mapping[str, Any]
) -> str:
    """The slot a queued post takes, so the person confirms a time: 'in the next slot of queue 'Weekday mornings',
    Wed 2026-11-25 15:00 CET'; '' where the profile or the slot cannot be told (the plain words are asked)."""
    given = {unquoted(i) for i in ids if i.strip()}
    profiles = {a.profile_id for a in accounts if a.id in given} or {
        a.profile_id for a in accounts if a.platform in names
    }
    if len(profiles) != 1 or not (profile := profiles.pop()):
        return ""
    try:
        slot = await app.client.queue.next_slot(profile, queue_id=unquoted(str(args.get("queue_id") or "")) or None)
    except LateError:
        return ""
    if slot.next_slot is None:
        return ""
    queue = f"queue {slot.queue_name!r}" if slot.queue_name else "its queue"
    return f"in the next slot of {queue}, {local_label(slot.next_slot, zone_or_error(app.settings.timezone))}"


async def _invite(app: AppState, args: Mapping[str, Any]) -> str:
    """What an invite link gives whoever opens it: a member invite reaches every profile unless limited, and this
    server cannot take it back; a platform invite connects one account to one profile."""
    names = {p.id: p.name for p in await app.client.profiles.list()}
    if args.get("kind") == "platform":
        pid = await profile_or_default(app.client, str(args.get("profile_id") or ""))
        where = f"profile '{names.get(pid, pid)}'"
        return (
            f"Create a link with which someone connects their {platform_name(str(args['platform']))} account to {where}"
        )
    ids = [unquoted(i) for i in text_list(args.get("profile_ids") or "", "profile_ids")]
    reach = ", ".join(f"'{names.get(i, i)}'" for i in ids) if ids else "every profile"
    return (
        f"Create a link with which whoever opens it joins this Late account as a teammate, with access to {reach} "
        "(it works once, for 7 days, and cannot be taken back here)"
    )


def _bulk_source(args: Mapping[str, Any]) -> str:
    """Where a bulk upload's rows come from: the file, or how many rows were given as CSV text or as rows."""
    if str(args.get("path") or "").strip():
        return str(args["path"]).strip()
    text = str(args.get("csv") or "")
    count = sum(1 for row in csv.reader(io.StringIO(text.strip())) if any(cell.strip() for cell in row)) - 1
    return f"{max(count, 0) if text.strip() else len(args.get('rows') or [])} row(s) given here"


def _series(args: Mapping[str, Any], zone: str) -> str:
    """A series, its rhythm read as the tool reads it ("every month on the first Monday at 09:00 Europe/Berlin",
    whatever the words of `every` and `on`); its dates are the dry run's to list."""
    from .planner.ask import rhythm  # the planner's own reading; only a server offering the planner asks this

    how_many = f"{args['count']} posts" if args.get("count") else f"posts until {args.get('until')}"
    at, start, timezone = (str(args.get(key) or "") for key in ("at", "start", "timezone"))
    try:  # one date (count=1) is enough to read the rhythm
        series, name = rhythm(str(args.get("every") or "week"), args.get("on") or "", at, start, 1, "", timezone, zone,
                              now_utc())  # fmt: skip
        said = f"{series.describe()} {name}"
    except LateError:  # refused by the tool before any question; kept in the arguments' words all the same
        said = f"every {args.get('every') or 'week'}" + (f" on {args['on']}" if args.get("on") else "")
        said += f" at {args.get('at')}"
    texts = len(args.get("contents") or []) or 1
    where = args.get("platforms") or ", ".join(str(getattr(t, "platform", t)) for t in args.get("targets") or [])
    verb = f"Schedule {how_many}, {said} from {args.get('start') or 'today'}"
    return describe(f"{verb}, on {where or '?'}, {texts} text(s) used in turn", [])


def _when(args: Mapping[str, Any], zone: str) -> str:
    """When, in the arguments' words: a time without a zone is in the person's (`zone`), and said so."""
    if args.get("publish_now") or "schedule_minutes" not in args:
        return ""
    if args.get("use_queue"):
        return "in the next queue slot"
    if str(args.get("scheduled_for") or "").strip().lower() == "best":
        return "at a good time (from past engagement, else the queue's next free slot)"
    if args.get("scheduled_for"):
        at = str(args["scheduled_for"])
        if at.strip().lower().startswith("in "):  # "in 2 hours": the minute it ends at moves while the person reads
            return at.strip()
        offset = at.endswith("Z") or "+" in at[10:] or "-" in at[10:]
        said = f"for {at}" if offset else f"for {at} {args.get('timezone') or zone}"
        return said + _as_date(at, str(args.get("timezone") or ""), zone)
    minutes = str(args["schedule_minutes"]).strip()
    return f"in {minutes} minute{'' if minutes == '1' else 's'}"


def _as_date(at: str, timezone: str, zone: str) -> str:
    """' (Thu 2026-11-26 09:00 CET)' after a time said in words ('tomorrow 9am', 'Friday 2pm'), so the person
    confirms the date it became; '' for an ISO time, which says its date itself, or one the tool will refuse."""
    if iso_time(at) is not None:
        return ""
    try:
        return f" ({local_label(user_time(at, timezone, zone_or_error(zone)), zone_or_error(timezone or zone))})"
    except LateError:
        return ""


def _account(accounts: list[Account], platform: str, ids: list[str]) -> str:
    """@name of the account a target goes to: the one given (an id copied with its quotes is the id, as the tool
    reads it), or the platform's only account (in the profile given, if one is)."""
    mine = [a for a in accounts if a.platform == platform]
    given = {unquoted(i) for i in ids}
    chosen = [a for a in mine if a.id in given] or (mine if len(mine) == 1 else [])
    if len(chosen) != 1:
        return ""
    return f"@{chosen[0].username}" if chosen[0].username else chosen[0].id


def _post_lines(
    post: Post,
    platform: str = "",
    text: str = "",
    *,
    again: bool = False,
    broken: frozenset[str] | set[str] = frozenset(),
) -> list[Line]:
    lines = []
    for target in post.platforms:
        if (platform and target.platform != platform) or (again and target.status in ("published", "cancelled")):
            continue
        shown = text or target.own_text or post.content or ""
        who = f"@{target.account_username}" if target.account_username else target.account_id or ""
        if target.account_id in broken:
            who += " (needs reconnecting: fails again)"
        lines.append(Line(target.platform, who, shown))
    return lines
