"""The tool layer's side of safe hands: ask the person before a write that goes live or destroys, and name the tool
being served for the journal.

`safe(spec)` wraps a tool function at registration (server.build_server), so the tool modules stay as they are.
A tool that may need a confirmation gets one more parameter, filled by the SDK's resolver machinery before the tool
body runs (`Resolve`): under the 2026 protocol the question travels in an input-required round, under the
handshake protocol as `elicitation/create`. The body runs only when the person accepted, or when no question was
needed. The question is built from the arguments (and reads: the accounts, the post), never from the clock, so it
reads the same in every round.

The order, here and nowhere else: the person's settings that refuse the call outright; whether a question is due;
then the tool rehearsed up to its first write (`rehearse`), so a call its own checks refuse (arguments, accounts
that need reconnecting, the platforms' rules, guard rails) is refused without asking; then the question; then,
after a yes, the tool for real, which checks again before it sends.
"""

from __future__ import annotations

import functools
import inspect
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve

from ..errors import LateError, message_for
from ..rehearsal import Rehearsed, rehearsal
from ..safety.confirm import (
    NOT_SUPPORTED,
    Confirm,
    ConfirmUnavailable,
    Reach,
    declined,
    needs_confirm,
)
from ..safety.serving import current_tool
from ._errors import reports_errors
from ._hints import named
from ._spec import ToolFn, ToolSpec
from .posts.recycle import OFF
from .questions import question

log = logging.getLogger("late_mcp.tools")

#: what the resolver hands the tool when it asked nobody
SKIPPED = "skipped"
UNSUPPORTED = "unsupported"


def _create_reach(args: Mapping[str, Any]) -> Reach:
    if args.get("is_draft"):
        return "quiet"
    return "live" if args.get("publish_now") else "scheduled"


#: tool -> how far a call reaches, from its arguments; tools not named here never ask
REACH: dict[str, Callable[[Mapping[str, Any]], Reach]] = {
    "posts_create": _create_reach,
    "posts_cross_post": _create_reach,
    "posts_publish_now": lambda _: "live",
    "posts_update": lambda _: "scheduled",
    "posts_recycle": lambda _: "scheduled",
    # a dry run only lists dates; a real one schedules every date's post
    "posts_schedule_series": lambda args: "scheduled" if args.get("dry_run") is False else "quiet",
    "posts_delete": lambda _: "live",
    "posts_retry": lambda _: "live",
    "posts_retry_all_failed": lambda _: "live",
    "posts_undo": lambda _: "live",
    "posts_unpublish": lambda _: "live",
    "posts_edit_published": lambda _: "live",
    "posts_review": lambda _: "always",
    # a dry run only validates; a real one creates every row's post, some perhaps publishing now
    "posts_bulk_upload": lambda args: "quiet" if args.get("dry_run", True) else "live",
    # deleting what is not a post: asked like deleting a post (nothing here can be undone)
    **dict.fromkeys(
        (
            "profiles_delete",
            "accounts_disconnect",
            "queue_delete",
            "webhooks_delete",
            "account_groups_delete",
            "team_invite_revoke",
        ),
        lambda _: "live",
    ),
    # a teammate's link reaches every profile it names and cannot be revoked through the API: asked like going live;
    # a link to connect one account is asked under LATE_CONFIRM=all
    "team_invite": lambda args: "scheduled" if args.get("kind") == "platform" else "live",
    # changing what is not a post: asked under LATE_CONFIRM=all, like posts_update
    **dict.fromkeys(
        ("profiles_update", "queue_update", "accounts_select", "webhooks_save", "account_groups_save"),
        lambda _: "scheduled",
    ),
}


_CREATES = ("posts_create", "posts_publish_now", "posts_cross_post")


def _outright(name: str, reach: Reach, args: Mapping[str, Any]) -> dict[str, bool]:
    """What a call asks of `SafePosts.refused_outright`: publishing now, a real bulk upload, recycling turned on, a
    post added to a queue, a retry."""
    every = str(args.get("every") or "").strip().lower()
    return {
        "publish_now": name in _CREATES and reach == "live",
        "bulk": name == "posts_bulk_upload" and reach == "live",
        "recycling": (name in _CREATES and bool(args.get("recycle"))) or (name == "posts_recycle" and every not in OFF),
        "queued": name in _CREATES and bool(args.get("use_queue")) and not args.get("is_draft"),
        "retry": name in ("posts_retry", "posts_retry_all_failed"),
    }


def safe(spec: ToolSpec) -> ToolFn:
    """The tool function as registered: the journal knows the tool, and a confirmation is asked where one is due."""
    fn = spec.fn
    reach_of = REACH.get(spec.name)
    if reach_of is None:

        @functools.wraps(fn)
        async def named(*args: Any, **kwargs: Any) -> Any:
            token = current_tool.set(spec.name)
            try:
                return await fn(*args, **kwargs)
            finally:
                current_tool.reset(token)

        return named
    return _confirming(spec.name, fn, reach_of)


def _confirming(name: str, fn: ToolFn, reach_of: Callable[[Mapping[str, Any]], Reach]) -> ToolFn:
    base = inspect.signature(fn, eval_str=True)
    arg_names = [p for p, param in base.parameters.items() if not _is_context(param.annotation)]
    ctx_name = next((p for p, param in base.parameters.items() if _is_context(param.annotation)), "ctx")

    async def ask(ctx: Context[Any], **args: Any) -> Elicit[Confirm] | str:
        """The question for this call, or why none is asked."""
        app = ctx.request_context.lifespan_context
        reach = reach_of(args)
        outright = _outright(name, reach, args)
        if any(outright.values()):
            try:  # refused by the person's settings whatever they answer: say so now, before asking or reading
                app.client.posts.refused_outright(**outright)
            except LateError as exc:
                raise ToolError(message_for(exc)) from None
        if not needs_confirm(app.settings.confirm, reach):
            return SKIPPED
        caps = ctx.client_capabilities
        if caps is None or caps.elicitation is None:
            if app.settings.confirm_required:
                raise ToolError(message_for(_unconfirmable(name)))
            return UNSUPPORTED
        await rehearse(fn, {**args, ctx_name: ctx})  # refused by its own checks: refused now, never asked about
        try:
            return Elicit(await question(app, name, args, functools.partial(named, ctx)), Confirm)
        except LateError as exc:
            raise ToolError(message_for(exc)) from None

    ask.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)]
        + [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY) for n in arg_names],
    )
    ask.__annotations__ = {"ctx": Context, "return": Elicit[Confirm] | str}
    confirmation = Annotated[ElicitationResult[Confirm], Resolve(ask)]

    @functools.wraps(fn)
    async def confirming(*args: Any, confirmation: ElicitationResult[Confirm], **kwargs: Any) -> Any:
        token = current_tool.set(name)
        try:
            return await _after(name, confirmation, kwargs, fn, args)
        finally:
            current_tool.reset(token)

    extra = inspect.Parameter("confirmation", inspect.Parameter.KEYWORD_ONLY, annotation=confirmation)
    params = [*base.parameters.values(), extra]
    confirming.__signature__ = base.replace(parameters=params)  # type: ignore[attr-defined]
    confirming.__annotations__ = {
        **{p.name: p.annotation for p in params},
        "return": base.return_annotation,
    }
    return confirming


async def rehearse(fn: ToolFn, kwargs: dict[str, Any]) -> None:
    """Run the tool up to its first write (`rehearsal`): every check it makes before sending runs, with the
    error text the real call would give (`reports_errors`), and nothing is sent or journaled. Returns when the
    checks passed (or the tool wrote nothing); raises the `ToolError` of the check that refused."""
    try:
        with rehearsal():
            await reports_errors(fn)(**kwargs)
    except BaseException as exc:  # only the rehearsal's own end is kept; anything else goes on
        if not _rehearsed(exc):
            raise


def _rehearsed(exc: BaseException) -> bool:
    """The rehearsal's end: `Rehearsed`, or a task group's exceptions (a tool that writes from one), all of them."""
    inner = getattr(exc, "exceptions", None)
    return isinstance(exc, Rehearsed) or (isinstance(inner, tuple) and all(_rehearsed(e) for e in inner))


async def _after(
    name: str, outcome: ElicitationResult[Confirm], kwargs: dict[str, Any], fn: ToolFn, args: tuple[Any, ...]
) -> Any:
    """Run the tool when the person said yes (or nobody was asked); say once when the host could not ask."""
    if not isinstance(outcome, AcceptedElicitation):
        raise declined(f"{name}, {outcome.action}")
    data = outcome.data
    if isinstance(data, Confirm) and not data.confirm:
        raise declined(f"{name}, confirm unticked")
    result = await fn(*args, **kwargs)
    if isinstance(data, str) and data == UNSUPPORTED:
        ctx = next(v for v in kwargs.values() if isinstance(v, Context))
        app = ctx.request_context.lifespan_context
        if not app.told_no_confirm and isinstance(getattr(result, "summary", None), str):
            app.told_no_confirm = True
            result.summary = f"{result.summary} ({NOT_SUPPORTED})"
    return result


def _unconfirmable(name: str) -> ConfirmUnavailable:
    return ConfirmUnavailable(
        f"Refused by LATE_CONFIRM_REQUIRED=true: {name} needs the person's confirmation and this host cannot ask for "
        "it (no MCP elicitation); nothing was sent"
    )


def _is_context(annotation: Any) -> bool:
    """`Context` or `Context[...]` (the tools' `Ctx`)."""
    origin = getattr(annotation, "__origin__", annotation)
    return isinstance(origin, type) and issubclass(origin, Context)


async def open_link(ctx: Context[Any], message: str, url: str) -> bool:
    """Ask the host to open `url` for the person (URL-mode elicitation); False when it cannot or they said no.

    Only where the connection can carry a request to the host mid-call (the handshake protocol) and the host says
    it supports URL mode; otherwise the caller hands the link over as text, as before.
    """
    caps = ctx.client_capabilities
    if caps is None or caps.elicitation is None or caps.elicitation.url is None:
        return False
    if not getattr(ctx.session, "can_send_request", False):
        return False
    try:
        answer = await ctx.elicit_url(message, url, elicitation_id=uuid.uuid4().hex)
    except Exception as exc:  # a host that fails the request: the link still goes back as text
        log.info("the host did not open the upload link: %r", exc)
        return False
    return answer.action == "accept"
