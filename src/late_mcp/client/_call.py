"""One API call and its attempts: what each failure means for sending it again, and what the call came to.

`HTTP.send` drives the loop; this module holds the facts it keeps between attempts (the x-request-id, the
Idempotency-Key, which answers were lost) and the decisions that need no I/O.
"""

from __future__ import annotations

import json as jsonlib
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import httpx

from ..errors import (
    CooldownError,
    InFlightError,
    KeyedRequestFailed,
    LateAPIError,
    LateError,
    LateTimeoutError,
    RateLimitError,
    ServerError,
    TransportError,
)
from ._retry import ABSURD, IDEMPOTENT_METHODS, RetryPolicy


def new_key() -> str:
    """A fresh Idempotency-Key: one per create a tool call sends, kept across that create's attempts."""
    return f"late-mcp-{uuid.uuid4()}"


@dataclass(frozen=True)
class Reply:
    """A 2xx answer and how it was reached."""

    body: Any
    request_id: str
    attempts: int = 1
    #: the API said `Idempotent-Replayed: true`: this is the stored answer of an earlier attempt
    replayed: bool = False
    #: why earlier attempts' answers were lost (each of them may have been carried out)
    lost: tuple[str, ...] = ()


@dataclass
class Call:
    method: str
    path: str
    request_id: str
    key: str | None
    #: the running tool call's seconds waited so far (shared with its other requests)
    waited: list[float]
    attempt: int = 0
    lost: list[str] = field(default_factory=list)

    def retries(self, *, sent: bool) -> bool:
        """May this be sent again after a failure? `sent`: the failed attempt may have reached the API."""
        return self.method in IDEMPOTENT_METHODS or self.key is not None or not sent

    def reply(self, body: Any, *, replayed: bool = False) -> Reply:
        return Reply(body, self.request_id, self.attempt + 1, replayed, tuple(self.lost))

    def failed(self, error: LateError) -> LateError:
        """The error to raise: under a key after a lost answer, the whole story; otherwise the error itself."""
        error.request_id = self.request_id
        if self.key is None or not self.lost:
            return error
        return KeyedRequestFailed(error, attempts=self.attempt + 1, lost=tuple(self.lost))


def request_kwargs(
    call: Call,
    params: Mapping[str, Any] | None,
    json: Any,
    timeout: float | None,
    headers: Mapping[str, str] | None,
    files: Mapping[str, tuple[str, bytes | IO[bytes], str]] | None,
) -> dict[str, Any]:
    """httpx arguments, built once: every attempt sends the same bytes (a key's body must not change)."""
    sent_headers = {"x-request-id": call.request_id, **(headers or {})}
    if call.key is not None:
        sent_headers["Idempotency-Key"] = call.key
    kwargs: dict[str, Any] = {
        "params": {k: _param(v) for k, v in (params or {}).items() if v is not None and v != ""},
        "headers": sent_headers,
    }
    if json is not None:
        kwargs["content"] = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":")).encode()
        sent_headers["Content-Type"] = "application/json"
    if files:
        kwargs["files"] = dict(files)
    if timeout is not None:
        kwargs["timeout"] = httpx.Timeout(timeout, connect=min(10.0, timeout))
    return kwargs


def no_answer(exc: httpx.TransportError, call: Call) -> tuple[TransportError, bool]:
    """The error for an attempt that got no answer, and whether the request may have reached the API."""
    path = "/" + call.path.lstrip("/")
    where = f"{call.method} {path}"
    if isinstance(exc, httpx.TimeoutException):
        sent = not isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout))
        unknown = sent and call.method not in IDEMPOTENT_METHODS
        return LateTimeoutError(f"The Late API did not answer {where} in time.", maybe_sent=unknown, path=path), sent
    sent = not isinstance(exc, httpx.ConnectError)
    unknown = sent and call.method not in IDEMPOTENT_METHODS
    text = f"Could not reach the Late API for {where} ({describe(exc)})."
    return TransportError(text, maybe_sent=unknown, path=path), sent


def lost(error: LateAPIError) -> bool:
    """Was this answer a lost one, so the attempt may have been carried out? (5xx, or the key still in flight)"""
    return isinstance(error, (ServerError, InFlightError))


#: the calls the API refuses with 429 for an account in its publishing cooldown (`SocialAccount.rateLimitedUntil`)
_COOLDOWN_PATHS = re.compile(r"v1/posts(/[^/]+/retry)?")


def cooldown_or(error: LateAPIError, call: Call, asked: float | None) -> LateAPIError:
    """A 429 on a create or a retry that asks for no wait is the account cooldown, not the request rate limit: the
    SDK says the rate limit's 429s carry Retry-After, and names these two calls as the cooldown's."""
    plain = type(error) is RateLimitError and asked is None and call.method == "POST"
    if not plain or not _COOLDOWN_PATHS.fullmatch(call.path.split("?")[0]):
        return error
    return CooldownError(
        error.status,
        error.message,
        accounts=[],
        details=error.details or None,
        code=error.code,
        method=error.method,
        path=error.path,
    )


def why(error: LateError) -> str:
    """A few words for the log and the lost list."""
    if isinstance(error, LateAPIError):
        return "key in flight (409)" if isinstance(error, InFlightError) else str(error.status)
    return "timeout" if isinstance(error, LateTimeoutError) else "no answer"


def too_long(error: LateError, wait: float, spent: float, policy: RetryPolicy) -> LateError:
    """The wait the API asks for (or the next backoff) does not fit: say so, with the wait still needed."""
    if not isinstance(error, RateLimitError):
        return error
    if wait > policy.max_wait:
        reason = f"longer than the {policy.max_wait:.0f} s this server waits at once"
    else:
        reason = f"more than is left of the {policy.max_total_wait:.0f} s one call may wait ({spent:.0f} s used)"
    asked = "too long to state" if not math.isfinite(wait) or wait > ABSURD else f"{wait:.0f} s"
    return RateLimitError(
        error.status,
        f"{error.message} (the API asks to wait {asked}, {reason})",
        retry_after=wait,
        details=error.details or None,
        code=error.code,
        method=error.method,
        path=error.path,
    )


def describe(exc: httpx.TransportError) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
