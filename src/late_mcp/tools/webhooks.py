"""Webhook tools: where Late notifies the user's systems of post and account events, and how it went.

A webhook's secret and custom header values are write-only here: results show header names, never values.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args
from urllib.parse import urlparse

from pydantic import BeforeValidator, Field

from ..config import is_loopback
from ..errors import InputError, ServerError
from ..models.webhooks import (
    DeliveriesList,
    DeliveryOut,
    WebhookDeleted,
    WebhookLog,
    WebhookOut,
    WebhookSaved,
    WebhooksList,
    WebhookTested,
)
from ..suggest import did_you_mean
from ..timeutil import local
from ._args import LIST_FROM_TEXT, check_id
from ._context import Ctx, state
from ._hints import with_tool
from ._params import LimitArg, WebhookIdArg
from ._shared import clip, optional_id
from ._spec import read, tool, toolset, write

if TYPE_CHECKING:
    from ..client import LateClient

#: the post and account events of the API's Event enum (its other families: messages, comments, reviews, ads...)
Event = Literal[
    "post.scheduled",
    "post.published",
    "post.failed",
    "post.partial",
    "post.cancelled",
    "post.recycled",
    "post.platform.published",
    "post.platform.failed",
    "post.platform.deleted",
    "post.tiktok.url_resolved",
    "post.external.created",
    "post.external.updated",
    "post.external.deleted",
    "account.connected",
    "account.disconnected",
]
EVENTS: tuple[str, ...] = get_args(Event)


def _event_names(value: Any) -> Any:
    """Event names as a model may write them: in any case; "all" alone is every event (on an update too)."""
    if not isinstance(value, list):
        return value
    names = [v.strip().lower() if isinstance(v, str) else v for v in value]
    return list(EVENTS) if names == ["all"] else names


#: the events, as a list or comma-separated text (LIST_FROM_TEXT splits it first, then the names are read)
EventsArg = Annotated[
    list[Event],
    BeforeValidator(_event_names),
    LIST_FROM_TEXT,
    Field(description="Events to send; empty = all (on create)"),
]


def _url(value: str) -> str:
    url = value.strip()
    parsed = urlparse(url)
    # the API docs: "must be HTTPS in production"; a loopback address is only reachable by a local API (the sandbox)
    if parsed.scheme.lower() == "http" and parsed.netloc and not is_loopback(parsed.hostname):
        raise InputError(
            f"url {value!r} is http://: Late delivers webhooks only to HTTPS endpoints. Nothing was sent.",
            hint=f"Give the https:// address of the endpoint ({'https' + url[len(parsed.scheme) :]} if it serves one).",
        )
    if parsed.scheme.lower() not in ("https", "http") or not parsed.netloc:
        raise InputError(f"url {value!r} must be an https:// address the Late servers can reach.")
    return url


async def webhooks_list(ctx: Ctx) -> WebhooksList:
    """List webhooks: URL, events, active, recent failures (secrets are never shown)."""
    hooks = await state(ctx).client.webhooks.list()
    return WebhooksList(count=len(hooks), webhooks=[WebhookOut.of(h, state(ctx).zone) for h in hooks])


async def webhooks_save(
    ctx: Ctx,
    url: Annotated[str, Field(description="HTTPS endpoint to receive events")] = "",
    events: EventsArg = [],  # noqa: B006
    name: str = "",
    webhook_id: Annotated[str, Field(description="Update this webhook; empty creates one (max 50)")] = "",
    active: bool | None = None,
    secret: Annotated[str, Field(description="HMAC-SHA256 signing secret (X-Zernio-Signature)")] = "",
    headers: Annotated[dict[str, str], Field(description="Extra headers to send, e.g. auth")] = {},  # noqa: B006
) -> WebhookSaved:
    """Create a webhook (send post/account events to a URL), or change one when webhook_id is given."""
    app = state(ctx)
    fields = hook_fields(url, events, name, active, secret, headers)
    if webhook_id.strip():
        wid = check_id(webhook_id, "webhook_id", list_tool="webhooks_list")
        if not fields:
            raise InputError("Nothing to change: give url, events, name, active, secret or headers.")
        hook = await app.client.webhooks.update(wid, fields)
        return WebhookSaved(webhook=WebhookOut.of(hook, app.zone), created=False, summary=f"Webhook {hook.id} updated.")
    hook = await app.client.webhooks.create(new_hook(fields))
    test = with_tool(ctx, "webhooks_test")
    summary = f"Webhook {hook.id} sends {events_named(hook.events)} to {hook.url}."
    summary += f" Send a test event {test}." if test else ""
    return WebhookSaved(webhook=WebhookOut.of(hook, app.zone), created=True, summary=summary)


def hook_fields(
    url: str, events: list[Event], name: str, active: bool | None, secret: str, headers: dict[str, str]
) -> dict[str, Any]:
    """The fields webhooks_save was given, in the API's names; empty ones are left out."""
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
    return fields


def events_named(events: list[str]) -> str:
    """The events a webhook sends, in words: "every post and account event" rather than fifteen names."""
    if set(EVENTS) <= set(events):
        rest = [e for e in events if e not in EVENTS]
        return "every post and account event" + (f", {', '.join(rest)}" if rest else "")
    return ", ".join(events) or "no events"


def new_hook(fields: dict[str, Any]) -> dict[str, Any]:
    """A new webhook's fields: the URL is needed; every event, active, and the URL's host as name by default."""
    if "url" not in fields:
        raise InputError("A new webhook needs url.")
    fields = dict(fields)
    fields.setdefault("events", list(EVENTS))
    fields.setdefault("isActive", True)
    fields.setdefault("name", (urlparse(fields["url"]).netloc or "webhook")[:50])
    return fields


async def webhooks_delete(webhook_id: WebhookIdArg, ctx: Ctx) -> WebhookDeleted:
    """Delete a webhook; Late stops sending it events."""
    wid = check_id(webhook_id, "webhook_id", list_tool="webhooks_list")
    await state(ctx).client.webhooks.delete(wid)
    return WebhookDeleted(webhook_id=wid)


async def webhooks_test(webhook_id: WebhookIdArg, ctx: Ctx) -> WebhookTested:
    """Send a webhook.test event to a webhook's URL and say whether it was accepted."""
    return await test_delivery(state(ctx).client, check_id(webhook_id, "webhook_id", list_tool="webhooks_list"))


async def test_delivery(client: LateClient, webhook_id: str) -> WebhookTested:
    """The test event sent, and whether the user's endpoint took it."""
    try:
        result = await client.webhooks.test(webhook_id)
    except ServerError as exc:
        # The API answers 500 when the user's endpoint refused the test: a finding, not our failure.
        return WebhookTested(webhook_id=webhook_id, delivered=False, message=clip(exc.message, 300))
    return WebhookTested(webhook_id=webhook_id, delivered=result.success, message=clip(result.message, 300))


async def webhooks_logs(
    ctx: Ctx,
    webhook_id: str = "",
    status: Literal["", "success", "failed"] = "",
    event: Annotated[str, Field(description="e.g. post.failed")] = "",
    limit: LimitArg = 20,
) -> DeliveriesList:
    """Recent webhook deliveries (30 days): event, HTTP status from the endpoint, error, time."""
    app = state(ctx)
    logs = await app.client.webhooks.logs(
        webhook_id=optional_id(webhook_id, "webhook_id", list_tool="webhooks_list"),
        status=status or None,
        event=delivered_event(event),
        limit=limit,
    )
    return DeliveriesList(count=len(logs), deliveries=[_delivery(log, app.zone) for log in logs])


def delivered_event(event: str) -> str | None:
    """webhooks_logs' event filter as webhooks_save reads events (any case; 'failed' for post.failed), or None."""
    name = event.strip().lower()
    known = (*EVENTS, "webhook.test")
    if not name or name in known:
        return name or None
    ends = [e for e in known if e.endswith("." + name)]
    guess = f" Did you mean {ends[0]}?" if len(ends) == 1 else did_you_mean(name, known)
    raise InputError(f"Unknown event {event!r}.{guess} Use one of: {', '.join(known)}.")


def _delivery(log: WebhookLog, zone: tzinfo) -> DeliveryOut:
    return DeliveryOut(
        id=log.id or log.event_id or "",
        at=local(log.created_at, zone),
        webhook=log.webhook_name or log.webhook_id,
        webhook_id=log.webhook_id,
        event=log.event,
        status=log.status,
        code=log.status_code,
        error=clip(log.error_message, 300),
        ms=log.response_time,
    )


TOOLSET = toolset(
    "webhooks",
    tool(webhooks_list, read("List webhooks")),
    tool(webhooks_save, write("Save webhook", destructive=True)),
    tool(webhooks_delete, write("Delete webhook", destructive=True, idempotent=True)),
    tool(webhooks_test, write("Test webhook")),
    tool(webhooks_logs, read("Webhook deliveries")),
)
