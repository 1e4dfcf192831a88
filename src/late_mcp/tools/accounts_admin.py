"""Account management tools: health, rename, disconnect, where an account posts, mentions, reviews, groups.

`accounts_choices` / `accounts_select` read the account's platform first, so the model never has to know
which of four endpoints (Facebook page, LinkedIn organization, Pinterest board, subreddit) applies.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ..errors import InputError
from ..models.account_groups import AccountGroup, GroupDeleted, GroupOut, GroupSaved, GroupsList
from ..models.accounts import (
    Account,
    AccountChange,
    AccountChanged,
    AccountChoices,
    AccountHealthDetail,
    AccountOut,
    Choice,
    ChoiceOut,
    HealthOut,
    HealthReport,
    MentionOut,
    ReviewOut,
    ReviewsOut,
)
from ..timeutil import parse_api_datetime
from ._args import check_id, platform_name, text_list
from ._context import AppState, Ctx, state
from ._errors import reports_errors
from ._hints import RECONNECT, explained
from ._shared import clip, optional_id

AccountIdArg = Annotated[str, Field(description="Account ID from accounts_list")]

#: platform -> what `accounts_choices` lists for it, and the post option that targets one of them (seed 001)
CHOICE_KINDS = {
    "facebook": ("pages", "pageId"),
    "linkedin": ("organizations", "organizationUrn"),
    "googlebusiness": ("locations", "locationId"),
    "pinterest": ("boards", "boardId"),
    "reddit": ("subreddits", "subreddit"),
}


def _account_id(value: str) -> str:
    return check_id(value, "account_id", list_tool="accounts_list")


async def find_account(app: AppState, account_id: str) -> Account:
    """The connected account with this id (one list call), or an error naming the way to find ids."""
    aid = _account_id(account_id)
    for account in await app.client.accounts.list():
        if account.id == aid:
            return account
    raise InputError(f"account_id {aid!r} is not one of your connected accounts. Call accounts_list.")


# --- health (core) ----------------------------------------------------------------------------------


@reports_errors
async def accounts_health(
    ctx: Ctx,
    account_id: Annotated[str, Field(description="One account in detail (permissions, fixes)")] = "",
    platform: str = "",
    profile_id: str = "",
) -> HealthReport:
    """Check connected accounts: token valid, can post, needs reconnecting, and what to fix."""
    app = state(ctx)
    if account_id.strip():
        raw = await app.client.accounts.account_health(_account_id(account_id))
        detail = AccountHealthDetail.model_validate(raw)
        token = detail.token_status
        reports = [
            HealthOut(
                account_id=detail.account_id,
                platform=detail.platform,
                username=detail.username,
                status=detail.status,
                can_post=detail.can_post,
                needs_reconnect=token.get("valid") is False or bool(detail.missing_required),
                token_expires_at=_local(token.get("expiresAt"), app),
                issues=detail.issues + [f"missing permission: {scope}" for scope in detail.missing_required],
                recommendations=detail.recommendations,
            )
        ]
    else:
        rows = await app.client.accounts.health(
            profile_id=optional_id(profile_id, "profile_id", list_tool="profiles_list"),
            platform=platform_name(platform) if platform.strip() else None,
        )
        reports = [
            HealthOut(
                account_id=r.account_id,
                platform=r.platform,
                username=r.username,
                status=r.status,
                can_post=r.can_post,
                needs_reconnect=r.needs_reconnect,
                token_expires_at=_local((r.model_extra or {}).get("tokenExpiresAt"), app),
                issues=r.issues,
            )
            for r in rows
        ]
    broken = [r for r in reports if r.needs_reconnect]
    step = None
    if broken:
        names = ", ".join(f"{r.platform} @{(r.username or r.account_id).lstrip('@')}" for r in broken)
        step = f"Reconnect {names}: connect_start gives a link (connect toolset), or use the Late dashboard."
    return HealthReport(
        total=len(reports),
        healthy=sum(r.status == "healthy" for r in reports),
        warning=sum(r.status == "warning" for r in reports),
        error=sum(r.status == "error" for r in reports),
        needs_reconnect=len(broken),
        accounts=reports,
        next_step=step,
    )


def _local(value: Any, app: AppState) -> Any:
    when = parse_api_datetime(value)
    return when.astimezone(app.zone) if when else None


# --- one account ------------------------------------------------------------------------------------


def _changed(account_id: str, change: AccountChange, summary: str) -> AccountChanged:
    return AccountChanged(
        account_id=account_id,
        summary=summary,
        account=AccountOut.of(change.account) if change.account else None,
    )


@reports_errors
async def accounts_update(
    account_id: AccountIdArg, ctx: Ctx, username: str = "", display_name: str = ""
) -> AccountChanged:
    """Rename how an account is shown in Late (username, display name); the platform is not changed."""
    if not username.strip() and not display_name.strip():
        raise InputError("Nothing to update: give username or display_name.")
    aid = _account_id(account_id)
    change = await state(ctx).client.accounts.update(
        aid, username=username.strip() or None, display_name=display_name.strip() or None
    )
    shown = change.display_name or display_name.strip() or change.username or username.strip()
    return _changed(aid, change, f"Account {aid} now shows as {shown}.")


@reports_errors
async def accounts_disconnect(account_id: AccountIdArg, ctx: Ctx) -> AccountChanged:
    """Disconnect an account from Late. Its scheduled posts stop; reconnecting needs the user to log in again."""
    app = state(ctx)
    account = await find_account(app, account_id)
    await app.client.accounts.disconnect(account.id)
    who = f"{account.platform} @{(account.username or account.id).lstrip('@')}"
    return AccountChanged(account_id=account.id, summary=f"Disconnected {who}.")


def _choice_out(choice: Choice) -> ChoiceOut | None:
    ident = choice.id or choice.name
    if not ident:
        return None
    extra = choice.model_extra or {}
    parts = [
        f"{extra['subscribers']} subscribers" if extra.get("subscribers") else "",
        str(extra.get("address") or extra.get("category") or ""),
        choice.description or "",
    ]
    detail = "; ".join(part for part in parts if part) or None
    name = choice.display_name or choice.name
    return ChoiceOut(id=ident, name=name if name != ident else None, detail=clip(detail, 120))


async def _choices(app: AppState, account: Account) -> list[Choice]:
    platform = platform_name(account.platform)
    if platform == "linkedin":
        return await app.client.accounts.linkedin_organizations(account.id)
    if platform == "pinterest":
        return await app.client.accounts.pinterest_boards(account.id)
    if platform == "reddit":
        return await app.client.accounts.reddit_subreddits(account.id)
    if platform == "facebook":
        return await app.client.accounts.facebook_pages(account.id)
    if platform == "googlebusiness":
        return await app.client.accounts.gmb_locations(account.id)
    raise InputError(
        f"A {platform} account has nothing to choose: only Facebook, LinkedIn, Google Business, Pinterest, Reddit."
    )


@reports_errors
async def accounts_choices(account_id: AccountIdArg, ctx: Ctx) -> AccountChoices:
    """List where an account can post: Facebook pages, LinkedIn orgs, Google Business locations, boards, subreddits."""
    app = state(ctx)
    account = await find_account(app, account_id)
    platform = platform_name(account.platform)
    with explained({403: RECONNECT}):
        found = [c for c in (_choice_out(x) for x in await _choices(app, account)) if c is not None]
    kind, option = CHOICE_KINDS[platform]
    step = f"To post to one, pass its id as the {option} option of that target."
    if platform != "googlebusiness":
        step += " accounts_select makes one this account's default."
    if platform == "linkedin":
        step += " accounts_select with personal=true posts as the person."
    return AccountChoices(account_id=account.id, platform=platform, kind=kind, choices=found, next_step=step)


@reports_errors
async def accounts_select(
    account_id: AccountIdArg,
    ctx: Ctx,
    choice_id: Annotated[str, Field(description="Page/organization/board id or subreddit name")] = "",
    personal: Annotated[bool, Field(description="LinkedIn: post as the person, not an organization")] = False,
) -> AccountChanged:
    """Set where an account posts: Facebook page, LinkedIn organization (or personal), Pinterest board, subreddit."""
    app = state(ctx)
    account = await find_account(app, account_id)
    platform = platform_name(account.platform)
    choice = choice_id.strip()
    if not choice and not (platform == "linkedin" and personal):
        raise InputError("choice_id is empty: call accounts_choices for the ids.")
    with explained({403: RECONNECT}):
        if platform == "facebook":
            change = await app.client.accounts.set_facebook_page(account.id, choice)
        elif platform == "linkedin":
            org = None if personal else _pick(await app.client.accounts.linkedin_organizations(account.id), choice)
            change = await app.client.accounts.set_linkedin_type(
                account.id, organization=_org_body(org) if org else None
            )
            choice = "personal profile" if org is None else (org.display_name or org.name or choice)
        elif platform == "pinterest":
            board = _pick(await app.client.accounts.pinterest_boards(account.id), choice)
            change = await app.client.accounts.set_pinterest_board(
                account.id, board.id or choice, board_name=board.name
            )
            choice = board.name or choice
        elif platform == "reddit":
            change = await app.client.accounts.set_reddit_subreddit(account.id, choice.removeprefix("r/"))
        elif platform == "googlebusiness":
            raise InputError(
                "A Google Business connection has no default location to set: pass the location's id as the "
                "locationId option of the post's target (accounts_choices lists them)."
            )
        else:
            raise InputError(f"A {platform} account has nothing to select.")
    return _changed(account.id, change, f"{platform} account {account.id} now posts to {choice}.")


def _pick(choices: list[Choice], wanted: str) -> Choice:
    for choice in choices:
        if wanted in (choice.id, choice.name):
            return choice
    listed = ", ".join(f"{c.id} ({c.display_name or c.name})" for c in choices) or "none"
    raise InputError(f"{wanted!r} is not one of this account's choices: {listed}.")


def _org_body(org: Choice) -> dict[str, Any]:
    """The `selectedOrganization` object: the organization as the API listed it."""
    extra = dict(org.model_extra or {})
    body = {"id": org.id, "name": org.name or org.display_name, **extra}
    if org.display_name:
        body.setdefault("localizedName", org.display_name)
    body.setdefault("urn", f"urn:li:organization:{org.id}")
    return {k: v for k, v in body.items() if v is not None}


@reports_errors
async def accounts_linkedin_mention(
    account_id: Annotated[str, Field(description="A LinkedIn account ID")],
    url: Annotated[str, Field(description="Profile or company URL, or a vanity name")],
    ctx: Ctx,
    display_name: Annotated[str, Field(description="Exact name on LinkedIn (needed for people)")] = "",
) -> MentionOut:
    """Turn a LinkedIn person/company URL into the @mention text to paste into a LinkedIn post."""
    if not url.strip():
        raise InputError("url is empty: give a LinkedIn profile or company URL.")
    with explained({403: RECONNECT}):
        found = await state(ctx).client.accounts.linkedin_mention(
            _account_id(account_id), url.strip(), display_name=display_name.strip() or None
        )
    return MentionOut(
        urn=found.urn,
        type=found.type,
        display_name=found.display_name,
        mention=found.mention_format,
        warning=found.warning,
    )


@reports_errors
async def accounts_google_reviews(
    account_id: Annotated[str, Field(description="A Google Business account ID")],
    ctx: Ctx,
    limit: Annotated[int, Field(ge=1, le=50)] = 20,
    page_token: Annotated[str, Field(description="next_page_token from the last call")] = "",
) -> ReviewsOut:
    """Read a Google Business Profile's reviews: rating, text, date and the owner's reply."""
    app = state(ctx)
    aid = _account_id(account_id)
    with explained({403: RECONNECT}):
        found = await app.client.accounts.gmb_reviews(aid, page_size=limit, page_token=page_token.strip() or None)
    reviews = [
        ReviewOut(
            id=r.id,
            rating=r.rating,
            reviewer=r.reviewer.get("displayName"),
            comment=clip(r.comment, 500),
            at=r.create_time.astimezone(app.zone) if r.create_time else None,
            reply=clip((r.review_reply or {}).get("comment"), 300),
        )
        for r in found.reviews
    ]
    return ReviewsOut(
        account_id=aid,
        average_rating=found.average_rating,
        total=found.total_review_count,
        reviews=reviews,
        next_page_token=found.next_page_token,
    )


# --- groups -----------------------------------------------------------------------------------------


def _group(group: AccountGroup) -> GroupOut:
    return GroupOut(id=group.id, name=group.name, account_ids=group.account_ids)


@reports_errors
async def account_groups_list(ctx: Ctx) -> GroupsList:
    """List account groups: named sets of account ids."""
    groups = await state(ctx).client.account_groups.list()
    return GroupsList(count=len(groups), groups=[_group(g) for g in groups])


@reports_errors
async def account_groups_save(
    ctx: Ctx,
    name: str = "",
    account_ids: Annotated[str | list[str], Field(description="Comma-separated account IDs (the whole set)")] = "",
    group_id: Annotated[str, Field(description="Update this group; empty creates one")] = "",
) -> GroupSaved:
    """Create an account group, or rename it / replace its accounts when group_id is given."""
    app = state(ctx)
    ids = [_account_id(a) for a in text_list(account_ids, "account_ids")]
    if group_id.strip():
        gid = check_id(group_id, "group_id", list_tool="account_groups_list")
        if not name.strip() and not ids:
            raise InputError("Nothing to update: give name or account_ids.")
        group = await app.client.account_groups.update(gid, name=name.strip() or None, account_ids=ids or None)
        return GroupSaved(group=_group(group), created=False)
    if not name.strip() or not ids:
        raise InputError("A new group needs name and account_ids.")
    group = await app.client.account_groups.create(name=name.strip(), account_ids=ids)
    return GroupSaved(group=_group(group), created=True)


@reports_errors
async def account_groups_delete(
    group_id: Annotated[str, Field(description="Group ID from account_groups_list")], ctx: Ctx
) -> GroupDeleted:
    """Delete an account group (the accounts stay connected)."""
    gid = check_id(group_id, "group_id", list_tool="account_groups_list")
    await state(ctx).client.account_groups.delete(gid)
    return GroupDeleted(group_id=gid)
