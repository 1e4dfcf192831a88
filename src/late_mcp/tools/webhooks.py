"""Webhook tools: where Late notifies the user's systems of post and account events, and how it went.

A webhook's secret and custom header values are write-only here: results show header names, never values.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated, Any, Literal
from urllib.parse import urlparse

from pydantic import Field

from ..errors import InputError, ServerError
from ..models.webhooks import (
    DeliveriesList,
    DeliveryOut,
    Webhook,
    WebhookDeleted,
    WebhookOut,
    WebhookSaved,
    WebhooksList,
    WebhookTested,
)
from ._args import check_id
from ._context import Ctx, state
from ._errors import reports_errors
from ._shared import clip, optional_id

Event = Literal[
    "post.scheduled", "post.published", "post.failed", "post.partial", "account.connected", "account.disconnected"
]
EVENTS: tuple[str, ...] = Event.__args__  # type: ignore[attr-defined]

WebhookIdArg = Annotated[str, Field(description="Webhook ID from webhooks_list")]


def _out(hook: Webhook, zone: tzinfo) -> WebhookOut:
    return WebhookOut(
        id=hook.id,
        name=hook.name,
        url=hook.url,
        events=hook.events,
        active=hook.is_active,
        failures=hook.failure_count,
        last_fired_at=hook.last_fired_at.astimezone(zone) if hook.last_fired_at else None,
        header_names=sorted(hook.custom_headers),
    )


def _url(value: str) -> str:
    url = value.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise InputError(f"url {value!r} must be an https:// address the Late servers can reach.")
    return url


@reports_errors
async def webhooks_list(ctx: Ctx) -> WebhooksList:
    """List webhooks: URL, events, active, recent failures (secrets are never shown)."""
    hooks = await state(ctx).client.webhooks.list()
    return WebhooksList(count=len(hooks), webhooks=[_out(h, state(ctx).zone) for h in hooks])


@reports_errors
async def webhooks_save(
    ctx: Ctx,
    url: Annotated[str, Field(description="HTTPS endpoint to receive events")] = "",
    events: Annotated[list[Event], Field(description="Events to send; empty = all (on create)")] = [],  # noqa: B006
    name: str = "",
    webhook_id: Annotated[str, Field(description="Update this webhook; empty creates one (max 10)")] = "",
    active: bool | None = None,
    secret: Annotated[str, Field(description="HMAC-SHA256 signing secret (X-Late-Signature)")] = "",
    headers: Annotated[dict[str, str], Field(description="Extra headers to send, e.g. auth")] = {},  # noqa: B006
) -> WebhookSaved:
    """Create a webhook (send post/account events to a URL), or change one when webhook_id is given."""
    app = state(ctx)
    fields: dict[str, Any] = {}
    if url.strip():
        fields["url"] = _url(url)
    if events:
        fields["events"] = list(dict.fromkeys(events))
    if name.strip():
        if len(name.strip()) > 50:
            raise InputError("name is longer than 50 characters.")
        fields["name"] = name.strip()
    if active is not None:
        fields["isActive"] = active
    if secret:
        fields["secret"] = secret
    if headers:
        fields["customHeaders"] = dict(headers)
    if webhook_id.strip():
        wid = check_id(webhook_id, "webhook_id", list_tool="webhooks_list")
        if not fields:
            raise InputError("Nothing to change: give url, events, name, active, secret or headers.")
        hook = await app.client.webhooks.update(wid, fields)
        return WebhookSaved(webhook=_out(hook, app.zone), created=False, summary=f"Webhook {hook.id} updated.")
    if "url" not in fields:
        raise InputError("A new webhook needs url.")
    fields.setdefault("events", list(EVENTS))
    fields.setdefault("isActive", True)
    fields.setdefault("name", (urlparse(fields["url"]).netloc or "webhook")[:50])
    hook = await app.client.webhooks.create(fields)
    return WebhookSaved(
        webhook=_out(hook, app.zone),
        created=True,
        summary=f"Webhook {hook.id} sends {', '.join(hook.events) or 'all events'} to {hook.url}. "
        "webhooks_test sends a test event.",
    )


@reports_errors
async def webhooks_delete(webhook_id: WebhookIdArg, ctx: Ctx) -> WebhookDeleted:
    """Delete a webhook; Late stops sending it events."""
    wid = check_id(webhook_id, "webhook_id", list_tool="webhooks_list")
    await state(ctx).client.webhooks.delete(wid)
    return WebhookDeleted(webhook_id=wid)


@reports_errors
async def webhooks_test(webhook_id: WebhookIdArg, ctx: Ctx) -> WebhookTested:
    """Send a webhook.test event to a webhook's URL and say whether it was accepted."""
    wid = check_id(webhook_id, "webhook_id", list_tool="webhooks_list")
    try:
        result = await state(ctx).client.webhooks.test(wid)
    except ServerError as exc:
        # The API answers 500 when the user's endpoint refused the test: a finding, not our failure.
        return WebhookTested(webhook_id=wid, delivered=False, message=clip(exc.message, 300))
    return WebhookTested(webhook_id=wid, delivered=result.success, message=clip(result.message, 300))


@reports_errors
async def webhooks_logs(
    ctx: Ctx,
    webhook_id: str = "",
    status: Literal["", "success", "failed"] = "",
    event: Annotated[str, Field(description="e.g. post.failed")] = "",
    limit: Annotated[int, Field(ge=1, le=100)] = 20,
) -> DeliveriesList:
    """Recent webhook deliveries (7 days): event, HTTP status from the endpoint, error, time."""
    app = state(ctx)
    if event.strip() and event.strip() not in (*EVENTS, "webhook.test"):
        raise InputError(f"Unknown event {event!r}. Use one of: {', '.join(EVENTS)}, webhook.test.")
    logs = await app.client.webhooks.logs(
        webhook_id=optional_id(webhook_id, "webhook_id", list_tool="webhooks_list"),
        status=status or None,
        event=event.strip() or None,
        limit=limit,
    )
    deliveries = [
        DeliveryOut(
            id=log.id,
            at=log.created_at.astimezone(app.zone) if log.created_at else None,
            webhook=log.webhook_name or log.webhook_id,
            event=log.event,
            status=log.status,
            code=log.status_code,
            error=clip(log.error_message, 300),
            ms=log.response_time,
        )
        for log in logs
    ]
    return DeliveriesList(count=len(deliveries), deliveries=deliveries)
