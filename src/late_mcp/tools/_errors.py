"""One place that turns every expected failure into an `isError` result the model can act on.

The registry applies `reports_errors` to every tool when the server registers it (server.build_server); tool
functions themselves carry no decorator.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import pydantic
from mcp.server.mcpserver.exceptions import ToolError

from ..errors import LateError, NotFoundError, maybe_done, message_for
from ._args import NeedsTool
from ._hints import not_found, reached, unsure

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger("late_mcp.tools")


def reports_errors(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Wrap a tool so LateError and malformed API answers become ToolError with a useful text, and so all the
    retry waits of one call count against one total (`LATE_MAX_TOTAL_WAIT`)."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # Imported on the first call: the client package loads httpx, which answering `initialize` and
        # `tools/list` does not need (a faster start).
        from ..client._retry import one_call

        started = time.monotonic()
        try:
            with one_call():
                result = await fn(*args, **kwargs)
        except LateError as exc:
            # the exception as an argument: its class only, unless the operator asked for content (`logcontent`)
            log.info("%s failed in %s: %r%s", fn.__name__, _since(started), exc, _facts(exc))
            if isinstance(exc, NeedsTool) and "ctx" in kwargs:
                exc.hint = reached(kwargs["ctx"], exc)  # type: ignore[arg-type]
            if isinstance(exc, NotFoundError) and "hint" not in vars(exc) and "ctx" in kwargs:
                exc.hint = not_found(kwargs["ctx"], exc)  # type: ignore[arg-type]
            if maybe_done(exc) and not exc.unsure and "ctx" in kwargs:
                exc.unsure = unsure(kwargs["ctx"], exc)  # type: ignore[arg-type]
            raise ToolError(message_for(exc)) from None
        except pydantic.ValidationError as exc:
            # where the answer's shape broke, never its values: those are people's posts
            problems = f"{exc.error_count()} problem(s), first: {_first(exc)}"
            log.warning("%s: unexpected API answer: %s", fn.__name__, problems)
            raise ToolError(
                f"The Late API answered {fn.__name__} in a shape this server does not understand ({problems}). "
                "Please report this."
            ) from None
        log.info("%s done in %s", fn.__name__, _since(started))
        return result

    return wrapper


def _facts(exc: LateError) -> str:
    """What support needs of a failed call, quoting no one: its status, method and path (ids only, no query) and
    its x-request-id; '' for a refusal made before any call."""
    status, method = getattr(exc, "status", None), getattr(exc, "method", "") or ""
    parts = [str(status)] if status else []
    if exc.path:
        parts.append(f"{method} {exc.path.split('?')[0]}".strip())
    if exc.request_id:
        parts.append(f"x-request-id {exc.request_id}")
    return f" ({', '.join(parts)})" if parts else ""


def _since(started: float) -> str:
    return f"{(time.monotonic() - started) * 1000:.0f} ms"


def _first(exc: pydantic.ValidationError) -> str:
    err: Any = exc.errors(include_url=False, include_input=False)[0]
    return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
