"""Where an account posts: the Facebook page, LinkedIn organization, Google Business location, Pinterest board or
subreddit among its choices; and, for TikTok, the privacy levels the creator offers (creator-info).

`accounts_choices` and `accounts_select` read the account's platform first, so the model never has to know
which of the endpoints applies: each platform's reading and setting is a function in the tables below.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ...errors import InputError, LateError
from ...models.accounts import AccountChange, AccountChanged, AccountChoices, AccountOut, Choice, ChoiceOut
from .._args import personal_choice, picked, platform_name
from .._context import Ctx, state
from .._hints import RECONNECT, explained, with_tool
from .._params import AccountIdArg
from .._shared import clip, pick
from .find import find_account

if TYPE_CHECKING:
    from ...client import LateClient

log = logging.getLogger("late_mcp.tools.accounts")

#: platform -> what `accounts_choices` lists for it, and the post option that targets one of them (Late API docs,
#: POST /v1/posts: "Multi-page/multi-location posting")
CHOICE_KINDS = {
    "facebook": ("pages", "pageId"),
    "linkedin": ("organizations", "organizationUrn"),
    "googlebusiness": ("locations", "locationId"),
    "pinterest": ("boards", "boardId"),
    "reddit": ("subreddits", "subreddit"),
    "tiktok": ("privacy levels", "privacyLevel"),
}

Lister = Callable[["LateClient", str], Awaitable[list[Choice]]]
#: (client, account id, the choice asked for, personal) -> the API's answer, and what the account now posts to
Selector = Callable[["LateClient", str, str, bool], Awaitable[tuple[AccountChange, str]]]

LISTERS: dict[str, Lister] = {
    "linkedin": lambda client, aid: client.accounts.linkedin_organizations(aid),
    "pinterest": lambda client, aid: client.accounts.pinterest_boards(aid),
    "reddit": lambda client, aid: client.accounts.reddit_subreddits(aid),
    "facebook": lambda client, aid: client.accounts.facebook_pages(aid),
    "googlebusiness": lambda client, aid: client.accounts.gmb_locations(aid),
    "tiktok": lambda client, aid: _privacy_levels(client, aid),
}


async def _privacy_levels(client: LateClient, account_id: str) -> list[Choice]:
    """The levels a TikTok creator offers (GET .../tiktok/creator-info): for photos, and which of them videos get."""
    photo = await client.accounts.tiktok_creator_info(account_id, media_type="photo")
    video = set((await client.accounts.tiktok_creator_info(account_id, media_type="video")).privacy_levels)
    levels = list(dict.fromkeys([*photo.privacy_levels, *video]))
    return [
        Choice.model_validate({"id": level, "description": "videos and photos" if level in video else "photos only"})
        for level in levels
    ]


async def accounts_choices(account_id: AccountIdArg, ctx: Ctx) -> AccountChoices:
    """List where an account can post (pages, orgs, locations, boards, subreddits) or a TikTok's privacy levels."""
    app = state(ctx)
    account = await find_account(app.client, account_id)
    platform = platform_name(account.platform)
    with explained(ctx, {403: RECONNECT}):
        found = [c for c in (_choice_out(x) for x in await _choices(app.client, platform, account.id)) if c is not None]
    kind, option = CHOICE_KINDS[platform]
    step = _choices_step(platform, option, with_tool(ctx, "accounts_select"))
    return AccountChoices(account_id=account.id, platform=platform, kind=kind, choices=found, next_step=step)


async def accounts_select(
    account_id: AccountIdArg,
    ctx: Ctx,
    choice_id: Annotated[str, Field(description="Page/organization/board id or subreddit name")] = "",
    personal: Annotated[bool, Field(description="LinkedIn: post as the person, not an organization")] = False,
) -> AccountChanged:
    """Set where an account posts: Facebook page, LinkedIn org (or personal), Google location, board, subreddit."""
    choice = picked(choice_id, "choice_id", personal=personal, list_tool="accounts_choices")
    app = state(ctx)
    account = await find_account(app.client, account_id)
    platform = platform_name(account.platform)
    personal_choice(choice, platform, "choice_id", list_tool="accounts_choices")
    with explained(ctx, {403: RECONNECT}):
        change, label = await _selector(platform)(app.client, account.id, choice, personal)
    return changed(account.id, change, f"{platform} account {account.id} now posts to {label}.")


def changed(account_id: str, change: AccountChange, summary: str) -> AccountChanged:
    return AccountChanged(
        account_id=account_id,
        summary=summary,
        account=AccountOut.of(change.account) if change.account else None,
    )


async def _choices(client: LateClient, platform: str, account_id: str) -> list[Choice]:
    lister = LISTERS.get(platform)
    if lister is None:
        raise InputError(
            f"A {platform} account has nothing to choose: only Facebook, LinkedIn, Google Business, Pinterest, Reddit."
        )
    return await lister(client, account_id)


def _choices_step(platform: str, option: str, select: str | None) -> str:
    """`select`: how this request reaches accounts_select (`with_tool`); None where this server cannot offer it."""
    if platform == "tiktok":
        return f"Ask the user which one; pass it as the {option} option of the TikTok target."
    step = f"To post to one, pass its id as the {option} option of that target."
    if select:
        step += f" Make one this account's default {select}"
        step += "; personal=true there posts as the person." if platform == "linkedin" else "."
    return step


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


# --- setting the choice, per platform -------------------------------------------------------------------------


async def _facebook(client: LateClient, aid: str, choice: str, personal: bool) -> tuple[AccountChange, str]:
    if not choice.isdigit():  # a page's name, as accounts_choices shows it: its id (an id is sent as given)
        choice = _pick(await client.accounts.facebook_pages(aid), choice).id or choice
    change = await client.accounts.set_facebook_page(aid, choice)  # the API refuses a page not among them
    name = await _page_name(client, aid, choice)
    return change, f"{name} ({choice})" if name and name != choice else choice


async def _page_name(client: LateClient, aid: str, page_id: str) -> str | None:
    """The page's name from the account's pages, read after the change: the answer names only the id, and a
    failed read leaves the id alone rather than the change unreported."""
    try:
        pages = await client.accounts.facebook_pages(aid)
    except LateError as exc:
        log.info("could not read the Facebook pages to name page %s: %r", page_id, exc)
        return None
    return next((page.display_name or page.name for page in pages if page.id == page_id), None)


async def _linkedin(client: LateClient, aid: str, choice: str, personal: bool) -> tuple[AccountChange, str]:
    org = None if personal else _pick(await client.accounts.linkedin_organizations(aid), choice)
    change = await client.accounts.set_linkedin_type(aid, organization=_org_body(org) if org else None)
    return change, "personal profile" if org is None else (org.display_name or org.name or choice)


async def _pinterest(client: LateClient, aid: str, choice: str, personal: bool) -> tuple[AccountChange, str]:
    board = _pick(await client.accounts.pinterest_boards(aid), choice)
    change = await client.accounts.set_pinterest_board(aid, board.id or choice, board_name=board.name)
    return change, board.name or choice


async def _reddit(client: LateClient, aid: str, choice: str, personal: bool) -> tuple[AccountChange, str]:
    return await client.accounts.set_reddit_subreddit(aid, choice.removeprefix("r/")), choice


async def _googlebusiness(client: LateClient, aid: str, choice: str, personal: bool) -> tuple[AccountChange, str]:
    location = _pick(await client.accounts.gmb_locations(aid), choice)
    owner = (location.model_extra or {}).get("accountId")
    change = await client.accounts.set_gmb_location(
        aid, location.id or choice, google_account_id=owner if isinstance(owner, str) else None
    )
    return change, location.name or choice


SELECTORS: dict[str, Selector] = {
    "facebook": _facebook,
    "linkedin": _linkedin,
    "googlebusiness": _googlebusiness,
    "pinterest": _pinterest,
    "reddit": _reddit,
}


def _selector(platform: str) -> Selector:
    if platform == "tiktok":
        raise InputError("TikTok privacy levels are chosen per post: pass one as the privacyLevel option.")
    selector = SELECTORS.get(platform)
    if selector is None:
        raise InputError(f"A {platform} account has nothing to select.")
    return selector


def _pick(choices: list[Choice], wanted: str) -> Choice:
    def refusal() -> str:
        listed = ", ".join(f"{c.id} ({c.display_name or c.name})" for c in choices) or "none"
        return f"{wanted!r} is not one of this account's choices: {listed}."

    return pick(choices, lambda c: wanted in (c.id, c.name), refusal)


def _org_body(org: Choice) -> dict[str, Any]:
    """The `selectedOrganization` object: the organization as the API listed it."""
    extra = dict(org.model_extra or {})
    body = {"id": org.id, "name": org.name or org.display_name, **extra}
    if org.display_name:
        body.setdefault("localizedName", org.display_name)
    body.setdefault("urn", f"urn:li:organization:{org.id}")
    return {k: v for k, v in body.items() if v is not None}
