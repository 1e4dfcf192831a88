"""One httpx.AsyncClient with auth, timeouts, retries and the status-to-error table."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import IO, Any
from urllib.parse import quote

import anyio
import httpx

from .. import __version__
from ..errors import (
    InputError,
    LateAPIError,
    LateTimeoutError,
    MissingKeyError,
    RateLimitError,
    TransportError,
    error_from_response,
)
from ._retry import IDEMPOTENT_METHODS, RETRY_STATUSES, RetryPolicy, server_wait

log = logging.getLogger("late_mcp.client")

USER_AGENT = f"late-mcp/{__version__} (+https://github.com/late-mcp/late-mcp)"

Sleep = Callable[[float], Awaitable[None]]


def seg(value: str) -> str:
    """A path segment, escaped so an id can never change the path (`../`, `?`, `/`).

    `.`, `..` and the empty string would be folded away by URL normalisation and address another
    resource (DELETE /v1/posts/.. is DELETE /v1), so they are refused outright.
    """
    if value.strip(".") == "":
        raise InputError(f"{value!r} is not a valid id.")
    return quote(value, safe="")


class HTTP:
    """The only place that speaks HTTP to the Late API."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str,
        timeout: float,
        retry: RetryPolicy,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self._has_key = bool(api_key)
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            transport=transport,
            follow_redirects=False,
        )
        self.retry = retry
        self._sleep = sleep
        self._transport = transport
        self._uploads: httpx.AsyncClient | None = None
        #: the last X-RateLimit-* values seen, for diagnostics
        self.rate_limit: dict[str, str] = {}

    async def aclose(self) -> None:
        await self._client.aclose()
        if self._uploads is not None:
            await self._uploads.aclose()

    async def put_upload(
        self, url: str, body: AsyncIterator[bytes], *, content_type: str, size: int, timeout: float
    ) -> None:
        """PUT bytes to a presigned storage URL: streamed, never replayed, and without our API key.

        The URL is someone else's host (cloud storage), so it gets its own client with no Authorization.
        """
        if self._uploads is None:
            self._uploads = httpx.AsyncClient(
                headers={"User-Agent": USER_AGENT}, transport=self._transport, follow_redirects=False
            )
        try:
            response = await self._uploads.put(
                url,
                content=body,
                headers={"Content-Type": content_type, "Content-Length": str(size)},
                timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            )
        except httpx.TimeoutException:
            raise LateTimeoutError("The upload to storage did not finish in time.") from None
        except httpx.TransportError as exc:
            raise TransportError(f"The upload to storage failed ({_describe(exc)}).") from None
        if response.status_code >= 400:
            raise error_from_response(
                response.status_code,
                _body(response),
                method="PUT",
                path="(presigned upload URL)",
                reason=response.reason_phrase,
            )

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes | IO[bytes], str]] | None = None,
    ) -> Any:
        """Send one API request and return the parsed JSON body (or {} when empty).

        `path` starts with `v1/`; ids in it must already be escaped with `seg`. `headers` adds per-request
        headers (the connect flow's X-Connect-Token); `files` sends a multipart body (bulk CSV upload).
        Safe methods are retried on connection errors, 429 and 5xx; a POST is retried
        only when it certainly did not reach the API (connect failure, 429).
        """
        if not self._has_key:
            raise MissingKeyError("No Late API key is configured.")
        method = method.upper()
        idempotent = method in IDEMPOTENT_METHODS
        clean_params = {k: _param(v) for k, v in (params or {}).items() if v is not None and v != ""}
        kwargs: dict[str, Any] = {"params": clean_params}
        if json is not None:
            kwargs["json"] = json
        if headers:
            kwargs["headers"] = dict(headers)
        if files:
            kwargs["files"] = dict(files)
        if timeout is not None:
            kwargs["timeout"] = httpx.Timeout(timeout, connect=min(10.0, timeout))
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                response = await self._client.request(method, path.lstrip("/"), **kwargs)
            except httpx.InvalidURL:
                # e.g. a huge tool argument in the query string: the model's input, not the network
                raise InputError(
                    f"The request for {method} /{path.split('?')[0][:80]} could not be built: an argument is too "
                    "long or malformed for a URL. Shorten it."
                ) from None
            except httpx.TimeoutException as exc:
                sent = not isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout))
                if (idempotent or not sent) and attempt < self.retry.max_retries:
                    await self._wait(self.retry.backoff(attempt), method, path, "timeout")
                    attempt += 1
                    continue
                raise LateTimeoutError(
                    f"The Late API did not answer {method} /{path} in time.", maybe_sent=sent and not idempotent
                ) from None
            except httpx.TransportError as exc:
                sent = not isinstance(exc, httpx.ConnectError)
                if (idempotent or not sent) and attempt < self.retry.max_retries:
                    await self._wait(self.retry.backoff(attempt), method, path, type(exc).__name__)
                    attempt += 1
                    continue
                raise TransportError(
                    f"Could not reach the Late API for {method} /{path} ({_describe(exc)}).",
                    maybe_sent=sent and not idempotent,
                ) from None
            elapsed_ms = (time.perf_counter() - started) * 1000
            self._note_rate_limit(response.headers)
            log.debug("%s /%s -> %s in %.0f ms", method, path, response.status_code, elapsed_ms)
            if response.status_code < 400:
                return _body(response)
            error = error_from_response(
                response.status_code,
                _body(response),
                method=method,
                path="/" + path.lstrip("/"),
                retry_after=server_wait(response.headers),
                reason=response.reason_phrase,
            )
            if not self._should_retry(error, idempotent, attempt):
                raise error
            wait = server_wait(response.headers)
            if wait is None:
                wait = self.retry.backoff(attempt)
            if wait > self.retry.max_wait:
                if not isinstance(error, RateLimitError):
                    raise error
                raise RateLimitError(
                    error.status,
                    f"{error.message} (the API asks to wait {wait:.0f} s, longer than the "
                    f"{self.retry.max_wait:.0f} s this server waits)",
                    retry_after=wait,
                    details=error.details or None,
                    code=error.code,
                    method=method,
                    path=error.path,
                ) from None
            await self._wait(wait, method, path, str(response.status_code))
            attempt += 1

    def _should_retry(self, error: LateAPIError, idempotent: bool, attempt: int) -> bool:
        if attempt >= self.retry.max_retries or error.status not in RETRY_STATUSES:
            return False
        # A 429 was refused before it was processed, so even a POST is safe to send again.
        return idempotent or error.status == 429

    async def _wait(self, seconds: float, method: str, path: str, why: str) -> None:
        log.info("retrying %s /%s after %s in %.2f s", method, path, why, seconds)
        await self._sleep(seconds)

    def _note_rate_limit(self, headers: httpx.Headers) -> None:
        for name in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
            if name in headers:
                self.rate_limit[name] = headers[name]


def items(body: Any, key: str) -> list[Any]:
    """A list the API wraps in an object (`{"posts": [...]}`); a missing or null one is empty, not a crash."""
    value = body.get(key) if isinstance(body, dict) else None
    return value if isinstance(value, list) else []


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _body(response: httpx.Response) -> Any:
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        if response.status_code < 400:
            raise LateAPIError(
                response.status_code,
                "The API answered with something that is not JSON.",
                method=response.request.method,
                path=response.request.url.path,
            ) from None
        return response.text


def _describe(exc: httpx.TransportError) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
