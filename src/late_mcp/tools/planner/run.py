"""A recurring series, checked (the dry run) or created one post per date through the posting domain.

Each date's post is planned by `posts.plan.plan_post` (one plan per text variation, then timed per date) and
sent by `posts.send.send_post`, exactly as `posts_create` sends one; a date the API refuses is reported and the
others go on. Checks before anything is sent: the platforms' pre-flight rules (nothing is created while any
fails), clashes and duplicates with the posts already there, and texts that repeat within the series.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from ...errors import InputError, LateError, message_for
from ...models.planner import SeriesDate, SeriesResult
from ...models.posts import PostWritten
from ...safety.serving import Group, grouped
from ...safety.writes import SafePosts
from ...timeutil import iso_utc
from ...wallclock import local_label, utc_label
from .._hints import DASHBOARD
from ..accounts.connected import read_once
from ..accounts.cooldown import Cooling, cooling_note
from ..posts.args import TargetIn
from ..posts.plan import Plan, PostDraft, Step, no_step, plan_post
from ..posts.send import Clock, Sleep, send_post
from ..posts.when import When
from .besttimes import Via
from .clashes import Placement, pairs
from .series import Occurrence, Series, series_dates
from .timing import handles, placements, posts_between, timed

if TYPE_CHECKING:
    from ...client import LateClient

Progress = Callable[[float, float | None, str | None], Awaitable[None]]


def in_dashboard(tool: str) -> str:
    """The `Via` of a series built outside a request: every step is taken in the Late dashboard."""
    return DASHBOARD


@dataclass(frozen=True)
class SeriesAsk:
    """A series as the tool was asked for it: the dates, the texts used in turn, and where the posts go."""

    series: Series
    zone_name: str
    contents: tuple[str, ...]
    platforms: list[str]
    account_ids: str | list[str] = ""
    profile_id: str = ""
    media_urls: str | list[str] = ""
    title: str = ""
    targets: list[TargetIn] | None = None
    #: the next steps this server can offer: `PostDraft.upload`, and how a tool's step is taken here (`_hints.via`)
    upload: Step = no_step
    via: Via = in_dashboard

    def draft(self, variation: int, at: datetime) -> PostDraft:
        when = When("scheduled", at)
        content = self.contents[variation]
        return PostDraft(
            content,
            self.platforms,
            when,
            self.account_ids,
            self.profile_id,
            self.media_urls,
            self.title,
            None,
            self.targets,
            upload=self.upload,
        )


@dataclass(frozen=True)
class Checked:
    """The series after the checks: its dates, a plan per text, and what the checks found."""

    ask: SeriesAsk
    dates: list[Occurrence]
    skipped: int
    plans: list[Plan]
    rule_problems: list[str]
    date_problems: dict[int, list[str]]
    #: dates whose text an earlier date of the series already sends to the same account: certain refusals
    repeats: list[int]
    #: target accounts in their publishing cooldown: the API refuses every create to them until it ends
    cooling: tuple[Cooling, ...] = ()
    #: the months without a weekday of the month asked for ('no fifth Tuesday in Mar 2027'), or ""
    lacking: str = ""

    @property
    def cooling_note(self) -> str | None:
        return cooling_note(list(self.cooling), self.ask.series.zone)

    def variation(self, index: int) -> int:
        return index % len(self.ask.contents)

    def plan_for(self, index: int) -> Plan:
        """The plan of this date's text, timed for this date."""
        at = self.dates[index].utc
        plan = self.plans[self.variation(index)]
        return replace(plan, payload={**plan.payload, "scheduledFor": iso_utc(at)}, when=When("scheduled", at))


async def check_series(client: LateClient, ask: SeriesAsk, *, now: datetime) -> Checked:
    """The dates, the pre-flight rules of each text, and the clashes: no post is created."""
    found = series_dates(ask.series, now=now)
    dates = found.occurrences
    if not dates:
        lacking = f" ({found.lacking_said()})" if found.lacking else ""
        raise InputError(f"No date of this series is still ahead{lacking}: move start or until later.")
    used = min(len(ask.contents), len(dates))
    accounts = read_once(client)
    plans = [await plan_post(client, ask.draft(v, dates[v].utc), accounts=accounts) for v in range(used)]
    posts, _ = await posts_between(client, dates[0].utc, dates[-1].utc)
    names = handles(await accounts())
    existing = placements([t for post in posts for t in timed(post)], names)
    planned = [_placements(plans[i % used], i, occ, names) for i, occ in enumerate(dates)]
    problems: dict[int, list[str]] = {}
    zone = ask.series.zone
    owner = {id(p): i for i, group in enumerate(planned) for p in group}
    for pair in pairs([p for group in planned for p in group], against=existing):
        mine = pair.first if id(pair.first) in owner else pair.second
        problems.setdefault(owner[id(mine)], []).append(pair.describe(zone, mine=mine))
    repeats = _repeats(planned)
    for index, message in repeats:
        problems.setdefault(index, []).append(message)
    rules = [
        (f"text {v + 1}: " if used > 1 else "") + f"{p.platform}: {p.message}"
        for v, plan in enumerate(plans)
        for p in plan.problems
    ]
    cooling_now = tuple({c.account_id: c for plan in plans for c in plan.cooling}.values())
    repeated = sorted({i for i, _ in repeats})
    return Checked(ask, dates, found.skipped, plans, rules, problems, repeated, cooling_now, found.lacking_said())


def _placements(plan: Plan, index: int, occ: Occurrence, names: dict[str, str]) -> list[Placement]:
    out = []
    for target in plan.payload["platforms"]:
        account = str(target["accountId"])
        who = f"{target['platform']}@{names[account]}" if names.get(account) else str(target["platform"])
        text = str(target.get("customContent") or plan.payload.get("content") or "")
        out.append(Placement(account, who, occ.utc, text, ref=f"date {index + 1}"))
    return out


def _repeats(planned: list[list[Placement]]) -> list[tuple[int, str]]:
    """Dates whose text an earlier date already sends to the same account: the series' posts are created
    together, and the API refuses the same text to one account within 24 hours."""
    seen: dict[tuple[str, str], int] = {}
    found = []
    for index, group in enumerate(planned):
        for p in group:
            key = (p.account, p.text.strip())
            if p.text.strip() and key in seen:
                message = (
                    f"duplicate on {p.who}: same text as date {seen[key] + 1}; the API refuses repeats within 24 h "
                    "of creating them, and a series creates all its posts now: give more contents"
                )
                found.append((index, message))
            seen.setdefault(key, index)
    return found


def _date(
    checked: Checked, index: int, *, post_id: str | None = None, error: str | None = None, existing: bool = False
) -> SeriesDate:
    occ = checked.dates[index]
    zone = checked.ask.series.zone
    return SeriesDate(
        n=index + 1,
        local=local_label(occ.utc, zone),
        utc=utc_label(occ.utc),
        text=checked.variation(index) + 1 if len(checked.ask.contents) > 1 else None,
        note=occ.note or None,
        problems=checked.date_problems.get(index),
        post_id=post_id,
        existing=existing or None,
        error=error,
    )


def preview(checked: Checked) -> SeriesResult:
    """Every date in local time and UTC with what the checks found; nothing is sent."""
    dates = [_date(checked, i) for i in range(len(checked.dates))]
    flagged = sum(1 for d in dates if d.problems)
    parts = [f"Dry run, nothing created: {len(checked.dates)} posts {_what(checked)}"]
    if checked.rule_problems:
        parts.append(f"{len(checked.rule_problems)} pre-flight rule problem(s) to fix first (see problems)")
    if flagged:
        parts.append(f"{flagged} date(s) with clashes or duplicates (see each date's problems)")
    if checked.cooling:
        which = "these accounts are" if len(checked.cooling) > 1 else "this account is"
        until = ", ".join(c.text(checked.ask.series.zone) for c in checked.cooling)
        parts.append(f"a real run is refused while {which} in a publishing cooldown: {until}")
    parts.append("call again with dry_run=false to create them")
    return SeriesResult(
        dry_run=True,
        timezone=checked.ask.zone_name,
        summary="; ".join(parts) + ".",
        dates=dates,
        problems=checked.rule_problems or None,
    )


async def create_series(
    client: LateClient, checked: Checked, *, now: Clock, sleep: Sleep, progress: Progress | None = None
) -> SeriesResult:
    """One post per date, in order; a date that fails is reported and the next is still created.

    The posts it created (even when some dates failed) are journaled as one "series" entry, so posts_undo takes
    the whole series back in one step.
    """
    if checked.rule_problems:
        raise InputError(
            "Nothing was created: the posts would fail the platforms' rules: " + "; ".join(checked.rule_problems)
        )
    if checked.repeats:
        raise InputError(
            f"Nothing was created: {len(checked.repeats)} of the {len(checked.dates)} dates would send an earlier "
            "date's text to the same account again, which the API refuses within 24 h of creating it, and a series "
            f"creates all its posts now. Give contents with {len(checked.dates)} different texts (one per date), or "
            "fewer dates; dry_run=true shows each date's problems."
        )
    if checked.cooling_note:
        raise InputError(
            f"Nothing was created: {checked.cooling_note} A series creates all its posts now, and the API would "
            "refuse each of them: call again once the cooldown is over, or leave that account out."
        )
    dates: list[SeriesDate] = []
    with grouped() as group:
        try:
            await _send_each(client, checked, dates, group, now=now, sleep=sleep, progress=progress)
        finally:
            _journal(client, group, checked, dates)
    failed = sum(1 for d in dates if d.error)
    existing = sum(1 for d in dates if d.existing)
    made = len(dates) - failed - existing
    if failed == len(dates):
        first = dates[0].error or ""
        raise LateError(f"Nothing was created: all {len(dates)} dates failed. The first: {first}")
    summary = f"Created {made} of {len(dates)} posts {_what(checked)}"
    if existing:
        summary += (
            f"; {existing} already existed with this text at that time (nothing new made for them: anything this "
            f"call changes, such as media or title, was not applied; change them {checked.ask.via('posts_update')})"
        )
    if failed:
        summary += f"; {failed} failed (see each date's error; the others stand)"
    return SeriesResult(
        dry_run=False,
        timezone=checked.ask.zone_name,
        summary=summary + ".",
        dates=dates,
        created=made,
        failed=failed,
        post_ids=[d.post_id for d in dates if d.post_id],
    )


async def _send_each(
    client: LateClient,
    checked: Checked,
    dates: list[SeriesDate],
    group: Group,
    *,
    now: Clock,
    sleep: Sleep,
    progress: Progress | None,
) -> None:
    zone = checked.ask.series.zone
    for index, occ in enumerate(checked.dates):
        try:
            plan = checked.plan_for(index)
            retry = checked.ask.via("posts_retry")
            written = await send_post(client, plan, zone=zone, now=now, sleep=sleep, retry=retry)
            dates.append(_outcome(checked, index, written))
        except LateError as exc:
            dates.append(_date(checked, index, error=message_for(exc)))
        _journal(client, group, checked, dates)  # saved as it grows: a killed server leaves what it made undoable
        if progress is not None:
            await progress(index + 1, len(checked.dates), f"date {index + 1}: {local_label(occ.utc, zone)}")


def _journal(client: LateClient, group: Group, checked: Checked, dates: list[SeriesDate]) -> None:
    """The series as one journal entry: its posts (also those made before a failure stopped it), and one line
    for posts_history: how many, the rhythm, the first and last local date."""
    if not isinstance(client.posts, SafePosts):
        return
    made = [i for i, d in enumerate(dates) if d.post_id]
    zone = checked.ask.series.zone
    first, last = (checked.dates[made[i]].utc.astimezone(zone) for i in (0, -1)) if made else (None, None)
    span = f", {first:%a %Y-%m-%d}" + (f" to {last:%a %Y-%m-%d}" if last != first else "") if first else ""
    count = f"{len(group.made)} post{'s' if len(group.made) != 1 else ''}"
    what = f"{count} {checked.ask.series.describe()} {checked.ask.zone_name}{span}"
    client.posts.record_group(group, "series", after={"what": what, "failed": sum(1 for d in dates if d.error)})


def _outcome(checked: Checked, index: int, written: PostWritten) -> SeriesDate:
    """A created date; the post already there when the API answered with one at this very time; or, when it
    pointed at another post with this text, a refused one."""
    if not written.already_posted:
        return _date(checked, index, post_id=written.post_id)
    if written.scheduled_for_utc == checked.dates[index].utc:
        return _date(checked, index, post_id=written.post_id, existing=True)
    error = (
        f"Refused as a duplicate: post {written.post_id} already sends this text to these accounts, and the "
        "API refuses the same text to one account within 24 hours. Vary it with contents."
    )
    return _date(checked, index, error=error)


def _what(checked: Checked) -> str:
    """'every Monday at 09:00 Europe/Berlin, Mon 2026-03-02 to Mon 2026-05-18 (UTC 08:00, 07:00 from
    2026-03-30)': the UTC time moves with the clocks, the local one does not."""
    dates, zone = checked.dates, checked.ask.series.zone
    first, last = dates[0].utc.astimezone(zone), dates[-1].utc.astimezone(zone)
    text = f"{checked.ask.series.describe()} {checked.ask.zone_name}"
    text += f", {first:%a %Y-%m-%d}" + (f" to {last:%a %Y-%m-%d}" if len(dates) > 1 else "")
    shifts: list[tuple[str, str]] = []
    for occ in dates:
        utc = f"{occ.utc:%H:%M}"
        if not shifts or shifts[-1][1] != utc:
            shifts.append((f"{occ.utc.astimezone(zone):%Y-%m-%d}", utc))  # the local date, as the dates are listed
    if len(shifts) > 1:
        text += " (UTC " + ", ".join(f"{t} from {d}" if i else t for i, (d, t) in enumerate(shifts)) + ")"
    moved = sum(1 for occ in dates if occ.note)
    if moved:
        text += f"; {moved} date(s) not exactly as asked (see note)"
    if checked.skipped:
        text += f"; {checked.skipped} date(s) already past left out"
    if checked.lacking:
        text += f"; {checked.lacking} (RFC 5545: a month without the day gets no post)"
    return text
