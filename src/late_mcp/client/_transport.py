"""One httpx.AsyncClient with auth, timeouts, retries and the status-to-error table."""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import IO, Any, TypedDict, TypeVar
from urllib.parse import quote

import anyio
import httpx
from pydantic import BaseModel
from typing_extensions import Unpack

from .. import __version__
from ..config import PLACEHOLDER_KEYS
from ..errors import (
    InFlightError,
    InputError,
    LateAPIError,
    LateError,
    LateTimeoutError,
    MissingKeyError,
    TransportError,
    error_from_response,
)
from ..onepass import remember, remembered, wrote
from ..rehearsal import stop_before
from ._call import Call, Reply, cooldown_or, describe, lost, no_answer, request_kwargs, too_long, why
from ._retry import RETRY_STATUSES, RetryPolicy, server_wait, waited

log = logging.getLogger("late_mcp.client")

USER_AGENT = f"late-mcp/{__version__} (+https://github.com/late-mcp/late-mcp)"

Sleep = Callable[[float], Awaitable[None]]

_M = TypeVar("_M", bound=BaseModel)


class Options(TypedDict, total=False):
    """What `HTTP.request` passes on to `HTTP.send`."""

    params: Mapping[str, Any] | None
    json: Any
    timeout: float | None
    headers: Mapping[str, str] | None
    files: Mapping[str, tuple[str, bytes | IO[bytes], str]] | None


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
        #: why no request may be sent with this key ("" when it may)
        self._no_key = (
            "No Late API key is configured."
            if not api_key
            else "The Late API key configured is still the placeholder a generated config carries, not a key: nothing "
            "was sent."
            if api_key in PLACEHOLDER_KEYS
            else ""
        )
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
        #: seconds the API's clock is ahead of ours, from the last Date header (None until one is seen)
        self.clock_offset: float | None = None

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
        stop_before("PUT", "(presigned upload URL)")
        wrote()
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
            raise TransportError(f"The upload to storage failed ({describe(exc)}).") from None
        if response.status_code >= 400:
            raise error_from_response(
                response.status_code,
                _body(response),
                method="PUT",
                path="(presigned upload URL)",
                reason=response.reason_phrase,
            )

    async def request(self, method: str, path: str, **options: Unpack[Options]) -> Any:
        """Send one API request and return the parsed JSON body (or {} when empty); see `send`."""
        return (await self.send(method, path, **options)).body

    async def parsed(self, model: type[_M], method: str, path: str, **options: Unpack[Options]) -> _M:
        """`request`, read as one API model: most operations answer a single object."""
        return model.model_validate(await self.request(method, path, **options))

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes | IO[bytes], str]] | None = None,
        idempotency_key: str | None = None,
    ) -> Reply:
        """Send one API request, retrying what is safe to send again, and say how it went.

        `path` starts with `v1/`; ids in it must already be escaped with `seg`. `headers` adds per-request
        headers (the connect flow's X-Connect-Token); `files` sends a multipart body (bulk CSV upload).

        Every attempt carries the same `x-request-id`, made here, so the API's logs and Late's support can find
        the call. Safe methods are retried on connection errors, 429 and 5xx. A POST is retried only when it
        certainly did not reach the API (connect failure, 429), unless it has an `idempotency_key`: then the same
        bytes are sent again under the same key after a lost answer too (timeout, dropped connection, 5xx, 409
        "key in flight"), since the API replays a request it already carried out instead of doing it twice.
        """
        if self._no_key:
            raise MissingKeyError(self._no_key)
        method = method.upper()
        stop_before(method, path.split("?")[0])
        request_id = str(uuid.uuid4())
        call = Call(method, path.lstrip("/"), request_id, idempotency_key, waited())
        kwargs = request_kwargs(call, params, json, timeout, headers, files)
        if method not in ("GET", "HEAD", "OPTIONS"):
            wrote()  # from here on this pass's reads go to the API: they must see what this write did
        kept = _kept(call, kwargs, headers, files)
        if kept is not None and (earlier := remembered(kept))[0]:
            reply: Reply = earlier[1]
            return reply
        while True:
            started = time.perf_counter()
            try:
                response = await self._client.request(method, call.path, **kwargs)
            except httpx.InvalidURL:
                # e.g. a huge tool argument in the query string: the model's input, not the network
                raise InputError(
                    f"The request for {method} /{path.split('?')[0][:80]} could not be built: an argument is too "
                    "long or malformed for a URL. Shorten it."
                ) from None
            except httpx.TransportError as exc:
                error, sent = no_answer(exc, call)
                log.debug("%s /%s -> %s (x-request-id %s)", method, call.path, type(exc).__name__, request_id)
                wait = self.retry.backoff(call.attempt) if call.retries(sent=sent) else None
                await self._again(call, error, wait, lost=sent)
                continue
            self._note(response)
            log.debug(
                "%s /%s -> %s in %.0f ms (x-request-id %s, attempt %d)",
                method,
                call.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
                request_id,
                call.attempt + 1,
            )
            if response.status_code < 400:
                reply = call.reply(_body(response), replayed=response.headers.get("idempotent-replayed") == "true")
                if kept is not None:
                    remember(kept, reply)
                return reply
            asked = server_wait(response.headers)
            api_error = error_from_response(
                response.status_code,
                _body(response),
                method=method,
                path="/" + call.path,
                retry_after=asked,
                reason=response.reason_phrase,
            )
            api_error = cooldown_or(api_error, call, asked)
            if method == "DELETE" and api_error.status == 404 and call.lost:
                # The attempt whose answer was lost deleted it: what was asked for is done.
                log.info("DELETE /%s: gone on the retry after a lost answer, so deleted", call.path)
                return call.reply({})  # the lost attempt deleted it: a success
            await self._again(call, api_error, self._wait_for(call, api_error, response.headers), lost=lost(api_error))

    def _wait_for(self, call: Call, error: LateAPIError, headers: httpx.Headers) -> float | None:
        """How long to wait before sending a refused or failed request again; None: do not send it again."""
        in_flight = isinstance(error, InFlightError) and call.key is not None
        if error.final:
            return None
        if not in_flight and (error.status not in RETRY_STATUSES or not call.retries(sent=error.status != 429)):
            return None
        if call.attempt >= self.retry.max_retries:
            return None
        if in_flight:
            return self.retry.in_flight_wait(call.attempt)
        asked = server_wait(headers)
        return self.retry.backoff(call.attempt) if asked is None else asked

    async def _again(self, call: Call, error: LateError, wait: float | None, *, lost: bool) -> None:
        """Wait and let the loop send it again, or raise: out of attempts, or the wait is too long."""
        error.request_id = call.request_id
        if lost:
            call.lost.append(why(error))
        if wait is None or call.attempt >= self.retry.max_retries:
            raise call.failed(error)
        spent = call.waited[0]
        if wait > self.retry.max_wait or spent + wait > self.retry.max_total_wait:
            raise call.failed(too_long(error, wait, spent, self.retry))
        call.waited[0] = spent + wait
        await self._wait(wait, call.method, call.path, why(error))
        call.attempt += 1

    async def _wait(self, seconds: float, method: str, path: str, why: str) -> None:
        log.info("retrying %s /%s after %s in %.2f s", method, path, why, seconds)
        await self._sleep(seconds)

    def _note(self, response: httpx.Response) -> None:
        """Keep the rate-limit headers, and how far the API's clock (its Date) is from ours."""
        headers = response.headers
        for name in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
            if name in headers:
                self.rate_limit[name] = headers[name]
        with contextlib.suppress(KeyError, TypeError, ValueError, IndexError, OverflowError):
            self.clock_offset = parsedate_to_datetime(headers["date"]).timestamp() - time.time()

    def api_time(self, local: datetime) -> datetime | None:
        """A local instant on the API's clock, to the second (its Date header's precision); None until seen."""
        if self.clock_offset is None:
            return None
        return local + timedelta(seconds=self.clock_offset)


def _kept(
    call: Call, kwargs: Mapping[str, Any], headers: Mapping[str, str] | None, files: Mapping[str, Any] | None
) -> tuple[str, str] | None:
    """What names a plain GET within one pass (`onepass`): its path and query; None for any other request (a read
    with headers of its own, the connect flow's token, included)."""
    if call.method != "GET" or headers or files:
        return None
    return call.path, str(httpx.QueryParams(kwargs["params"]))


def items(body: Any, key: str) -> list[Any]:
    """A list the API wraps in an object (`{"posts": [...]}`); a missing or null one is empty, not a crash."""
    value = body.get(key) if isinstance(body, dict) else None
    return value if isinstance(value, list) else []


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
