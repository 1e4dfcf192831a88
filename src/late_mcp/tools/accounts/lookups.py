"""What one kind of account can look up: a LinkedIn @mention for a post, a Google Business profile's reviews."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from pydantic import Field

from ...errors import InputError
from ...models.accounts import MentionOut, ReviewOut, Reviews, ReviewsOut
from ...timeutil import local
from .._context import Ctx, state
from .._hints import RECONNECT, explained
from .._shared import clip
from .find import account_on


async def accounts_linkedin_mention(
    account_id: Annotated[str, Field(description="A LinkedIn account ID")],
    url: Annotated[str, Field(description="Profile or company URL, or a vanity name")],
    ctx: Ctx,
    display_name: Annotated[str, Field(description="Exact name on LinkedIn (needed for people)")] = "",
) -> MentionOut:
    """Turn a LinkedIn person/company URL into the @mention text to paste into a LinkedIn post."""
    if not url.strip():
        raise InputError("url is empty: give a LinkedIn profile or company URL.")
    client = state(ctx).client
    aid = await account_on(client, account_id, "linkedin", "LinkedIn")
    with explained(ctx, {403: RECONNECT}):
        found = await client.accounts.linkedin_mention(aid, url.strip(), display_name=display_name.strip() or None)
    return MentionOut.of(found)


async def accounts_google_reviews(
    account_id: Annotated[str, Field(description="A Google Business account ID")],
    ctx: Ctx,
    limit: Annotated[int, Field(ge=1, le=50)] = 20,
    page_token: Annotated[str, Field(description="next_page_token from the last call")] = "",
) -> ReviewsOut:
    """Read a Google Business Profile's reviews: rating, text, date and the owner's reply."""
    app = state(ctx)
    aid = await account_on(app.client, account_id, "googlebusiness", "Google Business")
    with explained(ctx, {403: RECONNECT}):
        found = await app.client.accounts.gmb_reviews(aid, page_size=limit, page_token=page_token.strip() or None)
    return reviews_out(aid, found, app.zone)


def reviews_out(account_id: str, found: Reviews, zone: tzinfo) -> ReviewsOut:
    reviews = [
        ReviewOut(
            id=r.id,
            rating=r.rating,
            reviewer=r.reviewer.get("displayName"),
            comment=clip(r.comment, 500),
            at=local(r.create_time, zone),
            reply=clip((r.review_reply or {}).get("comment"), 300),
        )
        for r in found.reviews
    ]
    return ReviewsOut(
        account_id=account_id,
        average_rating=found.average_rating,
        total=found.total_review_count,
        reviews=reviews,
        next_page_token=found.next_page_token,
    )
