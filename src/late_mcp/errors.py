"""Typed errors raised by the client; the tool layer turns each into a message for the model.

Nothing here ever holds the API key: messages are built from the API's answer and our own text.
"""

from __future__ import annotations

import json
import math
from typing import Any


class LateError(Exception):
    """Base for every failure the server reports."""

    #: what the model should do next; tools append it to the message
    hint: str = ""
    #: the x-request-id of the API call that failed, for Late's support (None: no call was made)
    request_id: str | None = None
    #: for a write that may have been carried out (`maybe_done`): how to see whether it was; set by the tool
    #: layer, which knows the tools of this request
    unsure: str = ""
    #: the API path the failed call asked for ("/v1/posts/{id}/retry"; empty: no call); a lost answer's check uses it
    path: str = ""

    def __init__(self, message: str, *, hint: str | None = None, request_id: str | None = None, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        if hint is not None:
            self.hint = hint
        if request_id is not None:
            self.request_id = request_id

    def __str__(self) -> str:
        return self.message


class MissingKeyError(LateError):
    hint = (
        "Set LATE_API_KEY in the MCP server's env (a key from https://getlate.dev/dashboard/api-keys) "
        "and restart the host, or start the server with --sandbox to try it without a key."
    )


class InputError(LateError):
    """Arguments rejected before any HTTP call (bad id, past time, unknown platform...)."""


class AmbiguousAccountError(InputError):
    """A platform name matches several accounts; the caller must pick one by id."""


class LateAPIError(LateError):
    """The API answered with an error status."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        code: str | None = None,
        method: str = "",
        path: str = "",
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, path=path)
        self.status = status
        self.details = details or {}
        self.code = code
        self.method = method

    #: True: the answer is final, sending the request again cannot change it (not retried on its status)
    final = False

    def __str__(self) -> str:
        return f"Late API {self.status} on {self.method} {self.path}: {self.message}".replace("  ", " ")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, message={self.message!r}, path={self.path!r})"


class BadRequestError(LateAPIError):
    hint = (
        "Nothing was done, and the same request would be refused again: fix what the API's message points at, or "
        "tell the user what it said."
    )


class AuthError(LateAPIError):
    hint = (
        "The API key was refused: check it at https://getlate.dev/dashboard/api-keys (keys start with sk_; no "
        "spaces or quotes). Locally that is LATE_API_KEY in the host's config (restart the host after changing "
        "it); over HTTP it is the Authorization header."
    )


class PaymentRequiredError(LateAPIError):
    hint = (
        "This needs Late's Analytics add-on, which this account does not have: the user can enable it in the "
        "Late dashboard (Billing), then ask again."
    )


class ForbiddenError(LateAPIError):
    hint = "The key is not allowed to do this."


class PlanLimitError(ForbiddenError):
    """A 403 that names the plan and its limit."""

    def __init__(self, *args: Any, plan_name: str | None, limit: Any, current: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan_name = plan_name
        self.limit = limit
        self.current = current

    hint = "The plan's limit is reached: upgrade the plan, or delete drafts/scheduled posts to free quota."


class NotFoundError(LateAPIError):
    hint = "Check the id: list the items first to get valid ids."


class ConflictError(LateAPIError):
    hint = "The item is busy or in a state that forbids this; check it with posts_get and try later."


class InFlightError(ConflictError):
    """409: a request with the same Idempotency-Key is still being carried out (retry after a short wait)."""

    hint = "The API is still carrying out the first request of this kind; check in a minute before sending again."


class DuplicateError(ConflictError):
    """409: the same content went to the same account within 24 h."""

    def __init__(self, *args: Any, existing_post_id: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing_post_id = existing_post_id

    hint = "This content was already posted to that account in the last 24 hours; nothing new was created."


class ProfileExistsError(ConflictError):
    """409 on POST /v1/profiles: names are unique per team; `details.existingProfileId` is the profile's id."""

    def __init__(self, *args: Any, existing_profile_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing_profile_id = existing_profile_id

    hint = "A profile of that name already exists (names are unique per team): use it, or choose another name."


class RateLimitError(LateAPIError):
    """429 that outlasted the retry budget, or asked for a longer wait than we accept."""

    def __init__(self, *args: Any, retry_after: float | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after

    _custom_hint: str | None = None

    @property
    def hint(self) -> str:
        if self._custom_hint:
            return self._custom_hint
        if self.retry_after is not None and not math.isfinite(self.retry_after):
            return "Rate limit reached: the API asks for a wait too long to state; try again much later."
        if self.retry_after is not None:
            return f"Rate limit reached: wait about {round(self.retry_after)} s before trying again."
        return "Rate limit reached: wait a minute before trying again."

    @hint.setter
    def hint(self, value: str) -> None:
        self._custom_hint = value


class CooldownError(RateLimitError):
    """429 for an account in its publishing cooldown (`SocialAccount.rateLimitedUntil`): not the request rate limit,
    so never sent again by the backoff. `accounts` holds what the answer named (`RateLimitedAccount` shapes)."""

    def __init__(self, *args: Any, accounts: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, retry_after=None, **kwargs)
        self.accounts = accounts

    final = True
    _custom_hint = (
        "An account is in its publishing cooldown (Late pauses an account after failed or abusive posts): wait "
        "until it ends (accounts_list shows cooling_down_until), save the post as a draft, or leave that account out."
    )


class ServerError(LateAPIError):
    hint = "The Late API had an internal error; try again in a minute."


class PlatformDisabledError(LateAPIError):
    """503 `PLATFORM_DISABLED`: the platform cut off third-party apps (Reddit today); trying again does not help."""

    final = True
    hint = (
        "Reddit has blocked third-party apps from its API (the only platform that answers this today), so Late "
        "cannot do this until Reddit restores access; trying again will not help. Reddit Ads and the other "
        "platforms are not affected."
    )


class TransportError(LateError):
    """No usable answer: connection refused, dropped, DNS, TLS."""

    def __init__(self, message: str, *, maybe_sent: bool = False, hint: str | None = None, path: str = "") -> None:
        super().__init__(message, hint=hint, path=path)
        #: True when the request may have reached the API (a dropped connection after sending)
        self.maybe_sent = maybe_sent

    hint = "Could not reach the Late API: check the network and LATE_BASE_URL, then try again."


class LateTimeoutError(TransportError):
    hint = "The Late API did not answer in time; try again later."


class KeyedRequestFailed(LateError):
    """A request sent under one Idempotency-Key that never got a 2xx, after an attempt whose answer was lost.

    `last` is the last attempt's failure; `lost` says why earlier answers were lost (each of those attempts may
    have been carried out). `settled` is true when the last answer came from the API itself refusing the
    request after it looked the key up: then no attempt was carried out, or the key would have replayed it.
    """

    def __init__(self, last: LateError, *, attempts: int, lost: tuple[str, ...]) -> None:
        super().__init__(f"{last} ({attempts} attempts under one Idempotency-Key)", hint=last.hint)
        self.last = last
        self.attempts = attempts
        self.lost = lost
        self.request_id = last.request_id

    @property
    def settled(self) -> bool:
        last = self.last
        return (
            isinstance(last, LateAPIError)
            and last.status < 500
            and last.status != 429
            and not isinstance(last, InFlightError)
        )


_BY_STATUS: dict[int, type[LateAPIError]] = {
    400: BadRequestError,
    401: AuthError,
    402: PaymentRequiredError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
    429: RateLimitError,
}


def error_from_response(
    status: int,
    body: Any,
    *,
    method: str,
    path: str,
    retry_after: float | None = None,
    reason: str = "",
) -> LateAPIError:
    """Build the typed error for an API error response (body already parsed, or text)."""
    message = reason or "error"
    details: dict[str, Any] = {}
    code: str | None = None
    extra: dict[str, Any] = {}
    if isinstance(body, dict):
        raw_message = body.get("error") or body.get("message")
        if isinstance(raw_message, dict):
            raw_message = raw_message.get("message")
        if isinstance(raw_message, str) and raw_message.strip():
            message = raw_message.strip()
        if isinstance(body.get("details"), dict):
            details = body["details"]
        if isinstance(body.get("code"), str):
            code = body["code"]
        extra = {k: v for k, v in body.items() if k not in {"error", "message", "details", "code"}}
    elif isinstance(body, str) and body.strip():
        message = body.strip()[:300]
    common: dict[str, Any] = {"details": details or extra or None, "code": code, "method": method, "path": path}
    if status == 403 and isinstance(body, dict) and ("planName" in body or "limit" in body):
        return PlanLimitError(
            status,
            message,
            plan_name=body.get("planName"),
            limit=body.get("limit"),
            current=body.get("current"),
            **common,
        )
    if status == 409 and _in_flight(code, message):
        return InFlightError(status, message, **common)
    if status == 409 and (profile := _field(body, "existingProfileId")) is not None:
        return ProfileExistsError(status, message, existing_profile_id=str(profile), **common)
    if status == 409:
        existing = details.get("existingPostId") if details else None
        if existing is None and isinstance(body, dict):
            existing = body.get("existingPostId")
        if existing is not None or "duplicate" in message.lower():
            return DuplicateError(status, message, existing_post_id=str(existing) if existing else None, **common)
    if status == 429 and (cooling := cooldown_accounts(body)) is not None:
        return CooldownError(status, message, accounts=cooling, **common)
    if status == 429:
        return RateLimitError(status, message, retry_after=retry_after, **common)
    if status == 503 and (code or "").upper() == "PLATFORM_DISABLED":
        return PlatformDisabledError(status, message, **common)
    if status >= 500:
        return ServerError(status, message, **common)
    cls = _BY_STATUS.get(status, LateAPIError)
    return cls(status, message, **common)


def _field(body: Any, name: str) -> Any:
    """A field the API puts at the top of its error body or in its `details`."""
    if not isinstance(body, dict):
        return None
    details = body.get("details")
    found = details.get(name) if isinstance(details, dict) else None
    return body.get(name) if found is None else found


def cooldown_accounts(body: Any) -> list[dict[str, Any]] | None:
    """The accounts a 429 names as cooling down, or None when it names no cooldown (the request rate limit).

    The SDK documents the cooldown through `rateLimitedUntil` (on the account, and in `RateLimitedAccount`
    {accountId, platform, username, rateLimitedUntil}); a 429 whose body carries it, at the top, in `details` or
    in a `rateLimitedAccounts` list, is a cooldown. An empty list: a cooldown whose accounts were not named.
    """
    listed = _field(body, "rateLimitedAccounts")
    if isinstance(listed, list):
        return [a for a in listed if isinstance(a, dict)]
    if _field(body, "rateLimitedUntil") is None:
        return None
    details = body.get("details") if isinstance(body.get("details"), dict) else {}
    return [{**{k: v for k, v in body.items() if k != "details"}, **details}]


def _in_flight(code: str | None, message: str) -> bool:
    """The Idempotency-Key 409 ("a key still in flight"), told apart from the duplicate-content 409, which carries
    details.existingPostId. The API's code for it is `idempotency_conflict`; its wording is matched as a fallback."""
    if code and code.lower() == "idempotency_conflict":
        return True
    text = message.lower()
    return "idempotency" in text and "duplicate" not in text


#: the API's details are quoted in a message up to this many characters
_MAX_DETAILS = 600


def message_for(exc: LateError) -> str:
    """What went wrong, the API's own words and details, and the next step: the text a model reads."""
    parts = [sentence(str(exc))]
    if isinstance(exc, LateAPIError) and exc.details:
        details = json.dumps(exc.details, ensure_ascii=False, default=str)
        if len(details) > _MAX_DETAILS:
            details = details[: _MAX_DETAILS - 1] + "…"
        parts.append(f"Details: {details}")
    hint = exc.hint
    if maybe_done(exc):
        look = exc.unsure or "check in the Late dashboard before sending it again"
        hint = f"It may have been carried out anyway: {look}."
    if hint:
        parts.append(hint)
    if exc.request_id:
        parts.append(f"(x-request-id {exc.request_id}: quote it to Late's support.)")
    return " ".join(parts)


def sentence(text: str) -> str:
    """The text ending in one period; none added after one closed in brackets ("... quote it to support.)") nor
    after a question ("did you mean 'Europe/Berlin'?")."""
    text = text.rstrip()
    if text.endswith(("?", "!")):
        return text
    core = text.rstrip(")]'\"")
    return text if core != text and core.endswith((".", "!", "?")) else text.rstrip(".") + "."


def clause(text: str) -> str:
    """A message set inside another sentence (in brackets, before a colon): without the period that ended it."""
    return text.rstrip().rstrip(".")


def maybe_done(exc: LateError) -> bool:
    """A write whose outcome is unknown: the request may have reached the API before the failure."""
    if isinstance(exc, KeyedRequestFailed):
        return not exc.settled
    if isinstance(exc, TransportError):
        return exc.maybe_sent
    return isinstance(exc, ServerError) and exc.method == "POST"
