"""One place that turns every expected failure into an `isError` result the model can act on."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import pydantic
from mcp.server.mcpserver.exceptions import ToolError

from ..errors import LateAPIError, LateError, ServerError, TransportError

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger("late_mcp.tools")

_MAX_DETAILS = 600


def message_for(exc: LateError) -> str:
    """What went wrong, the API's own words and details, and the next step."""
    parts = [str(exc).rstrip(".") + "."]
    if isinstance(exc, LateAPIError) and exc.details:
        details = json.dumps(exc.details, ensure_ascii=False, default=str)
        if len(details) > _MAX_DETAILS:
            details = details[: _MAX_DETAILS - 1] + "…"
        parts.append(f"Details: {details}")
    hint = exc.hint
    if _maybe_done(exc):
        hint = (
            "It may have been carried out anyway: check (for example with the matching list tool) before "
            "sending it again, so nothing is created twice."
        )
    if hint:
        parts.append(hint)
    return " ".join(parts)


def _maybe_done(exc: LateError) -> bool:
    """A write whose outcome is unknown: the request may have reached the API before the failure."""
    if isinstance(exc, TransportError):
        return exc.maybe_sent
    return isinstance(exc, ServerError) and exc.method == "POST"


def reports_errors(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Wrap a tool so LateError and malformed API answers become ToolError with a useful text."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await fn(*args, **kwargs)
        except LateError as exc:
            log.info("%s failed: %r", fn.__name__, exc)
            raise ToolError(message_for(exc)) from None
        except pydantic.ValidationError as exc:
            log.warning("%s: unexpected API answer: %s", fn.__name__, exc)
            raise ToolError(
                f"The Late API answered {fn.__name__} in a shape this server does not understand "
                f"({exc.error_count()} problem(s), first: {_first(exc)}). Please report this."
            ) from None

    return wrapper


def _first(exc: pydantic.ValidationError) -> str:
    err: Any = exc.errors(include_url=False, include_input=False)[0]
    return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
