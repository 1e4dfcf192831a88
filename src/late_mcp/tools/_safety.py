"""The tool layer's side of safe hands: ask the person before a write that goes live or destroys, and name the tool
being served for the journal.

`safe(spec)` wraps a tool function at registration (server.build_server), so the tool modules stay as they are.
A tool that may need a confirmation gets one more parameter, filled by the SDK's resolver machinery before the tool
body runs (`Resolve`): under the 2026 protocol the question travels in an input-required round, under the
handshake protocol as `elicitation/create`. The body runs only when the person accepted, or when no question was
needed. The question is built from the arguments and reads (the accounts, the post), and from the clock only where
what happens depends on it (`tools.questions`), so it reads the same in every round.

The order, here and nowhere else: the person's settings that refuse the call outright; whether a question is due;
then the tool rehearsed up to its first write (`rehearse`), so a call its own checks refuse (arguments, accounts
that need reconnecting, the platforms' rules, guard rails) is refused without asking; then the question; then,
after a yes, the tool for real, which checks again before it sends.

What each round reads is read once (`one_round`, `onepass`): the rehearsal, the question and the tool share their
GETs, except across the person's answer. The reads after the answer are the guarantee that what is sent is what
they saw: under the 2026 protocol the round carrying the answer reads afresh, builds the question again from those
reads (the SDK counts an answer only for the same words) and runs the tool on them; under the handshake protocol
the question goes out mid-call, so the round forgets its reads there and builds the question again after the
answer (`_still_as_asked`), refusing the call when it changed.
"""

from __future__ import annotations

import functools
import inspect
import logging
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any

from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve

from ..errors import LateError, message_for
from ..onepass import afresh, one_pass
from ..rehearsal import Rehearsed, rehearsal
from ..safety.confirm import (
    NOT_SUPPORTED,
    NOT_SUPPORTED_HTTP,
    UNAVAILABLE_HTTP,
    Confirm,
    ConfirmUnavailable,
    Reach,
    closed,
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
#: the rehearsal ran the whole tool and it sent nothing: nothing to ask about (the call runs as a rehearsal again)
NOTHING_SENT = "nothing-sent"

#: what the person must be told beside a result whose model has no summary to carry it (a delete's): the
#: registered tool (`server_tools.StrictTool`) puts a fresh list here for each call and adds each note as a text
side_notes: ContextVar[list[str] | None] = ContextVar("late_mcp_side_notes", default=None)
#: the question this round of a confirmed call sent mid-call (the handshake protocol), to be read again after the
#: answer: a fresh list per round (`one_round`)
_asked_here: ContextVar[list[str] | None] = ContextVar("late_mcp_asked_here", default=None)


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


@contextmanager
def one_round(name: str) -> Iterator[None]:
    """One round of a call (`server_tools.StrictTool.run`): a confirmed call's rehearsal, question and run share
    their reads (`onepass`) except across the person's answer, so the same GET is sent once per side of it."""
    if name not in REACH:
        yield
        return
    token = _asked_here.set([])
    try:
        with one_pass():
            yield
    finally:
        _asked_here.reset(token)


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
            if reach == "always":  # the person's own decision (approving what was held for them): never taken for them
                raise ToolError(message_for(_persons_own(name)))
            if app.settings.confirm_required:
                raise ToolError(message_for(_unconfirmable(name, stateless=app.stateless)))
            return UNSUPPORTED
        # refused by its own checks: refused now, never asked about; a call that would send nothing: not asked
        if not await rehearse(fn, {**args, ctx_name: ctx}):
            return NOTHING_SENT
        try:
            text = await question(app, name, args, functools.partial(named, ctx))
        except LateError as exc:
            raise ToolError(message_for(exc)) from None
        if not ctx.input_responses:  # asked now, not answered yet: what runs after the answer reads after it
            afresh()
            if (asked := _asked_here.get()) is not None:
                asked.append(text)
        return Elicit(text, Confirm)

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


async def rehearse(fn: ToolFn, kwargs: dict[str, Any]) -> bool:
    """Run the tool up to its first write (`rehearsal`): every check it makes before sending runs, with the
    error text the real call would give (`reports_errors`), and nothing is sent or journaled. True when the checks
    passed and the tool was about to send; False when it ran to its end sending nothing; raises the `ToolError` of
    the check that refused."""
    try:
        with rehearsal():
            await reports_errors(fn)(**kwargs)
    except BaseException as exc:  # only the rehearsal's own end is kept; anything else goes on
        if not _rehearsed(exc):
            raise
        return True
    return False


def _rehearsed(exc: BaseException) -> bool:
    """The rehearsal's end: `Rehearsed`, or a task group's exceptions (a tool that writes from one), all of them."""
    inner = getattr(exc, "exceptions", None)
    return isinstance(exc, Rehearsed) or (isinstance(inner, tuple) and all(_rehearsed(e) for e in inner))


async def _after(
    name: str, outcome: ElicitationResult[Confirm], kwargs: dict[str, Any], fn: ToolFn, args: tuple[Any, ...]
) -> Any:
    """Run the tool when the person said yes (or nobody was asked); say when the host could not ask: once per stdio
    process (one person's session), in every such result over stateless HTTP (no session; many people)."""
    if not isinstance(outcome, AcceptedElicitation):
        raise closed(name) if outcome.action == "cancel" else declined(f"{name}, {outcome.action}")
    data = outcome.data
    if isinstance(data, Confirm) and not data.confirm:
        raise declined(f"{name}, confirm unticked")
    if isinstance(data, str) and data == NOTHING_SENT:
        return await _sending_nothing(name, fn, args, kwargs)
    if isinstance(data, Confirm):
        await _still_as_asked(name, fn, kwargs)
    result = await fn(*args, **kwargs)
    if isinstance(data, str) and data == UNSUPPORTED:
        ctx = next(v for v in kwargs.values() if isinstance(v, Context))
        app = ctx.request_context.lifespan_context
        if app.stateless or not app.told_no_confirm:
            app.told_no_confirm = True
            note = NOT_SUPPORTED_HTTP if app.stateless else NOT_SUPPORTED
            if isinstance(getattr(result, "summary", None), str):
                result.summary = f"{result.summary} ({note})"
            elif (notes := side_notes.get()) is not None:
                notes.append(note)
    return result


async def _still_as_asked(name: str, fn: ToolFn, kwargs: dict[str, Any]) -> None:
    """Refuse when the question, built again after the person's answer, no longer says what they agreed to.

    Only where the question went out mid-call (the handshake protocol): its reads were made before the person
    answered, and the post or account may have changed while they read it. The tool is rehearsed again first, so
    its reads are made as it makes them (side by side) and its checks refuse what changed; the question is built
    from the same reads, and the tool then runs on them (`onepass`), so what it sends is what the question says.
    Under the 2026 protocol the round carrying the answer does this itself (`ask`: every read in it is made after
    the answer, and the SDK counts an answer only for a question of the same words)."""
    asked = _asked_here.get()
    if not asked:
        return
    await rehearse(fn, kwargs)
    ctx = next(v for v in kwargs.values() if isinstance(v, Context))
    args = {k: v for k, v in kwargs.items() if not isinstance(v, Context)}
    if await question(ctx.request_context.lifespan_context, name, args, functools.partial(named, ctx)) != asked[-1]:
        raise ToolError(
            f"Nothing was sent: while the person was being asked, what {name} was about changed (a post, an "
            f"account, or the date a time in words names), so their answer was to something else. Call {name} "
            "again: it will ask about it as it is now."
        )


async def _sending_nothing(name: str, fn: ToolFn, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The call its rehearsal found nothing to send for, run again as a rehearsal (the resolver hands the tool a
    word, not the rehearsal's result): nobody was asked, so should it now send, it stops before sending and says so
    instead. Its reads are the rehearsal's, within one round (`onepass`), so running it again costs no request."""
    try:
        with rehearsal():
            return await fn(*args, **kwargs)
    except BaseException as exc:
        if not _rehearsed(exc):
            raise
    raise ToolError(
        f"Nothing was sent. When {name} was checked it had nothing to send, so nobody was asked; by the time it ran, "
        f"something had changed (a post or an account) and it would have sent. Call {name} again: it will ask first."
    )


def _persons_own(name: str) -> ConfirmUnavailable:
    return ConfirmUnavailable(
        f"Refused: {name} is the person's own decision (a post held for their approval), and this host cannot ask "
        "them (no MCP elicitation); nothing was sent. They can approve or reject it in the Late dashboard.",
        hint="Tell the person the post is waiting for their approval there; do not try another way.",
    )


def _unconfirmable(name: str, *, stateless: bool) -> ConfirmUnavailable:
    if stateless:  # the client may support elicitation; this connection cannot carry its question
        return ConfirmUnavailable(
            f"Refused by LATE_CONFIRM_REQUIRED=true: {name} needs the person's confirmation and this connection "
            "cannot ask for it (over stateless HTTP only the MCP 2026-07-28 protocol can); nothing was sent",
            hint=UNAVAILABLE_HTTP,
        )
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
