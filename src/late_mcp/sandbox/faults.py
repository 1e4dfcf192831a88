"""Fault injection: latency, failures, dropped connections and timeouts on chosen API paths.

A rule (JSON, from ``LATE_SANDBOX_FAULTS``, ``--faults`` or ``POST /_sandbox/faults``)::

    {"path": "/api/v1/posts",   # exact, or a glob with * ("/api/v1/posts/*"); "/v1/..." is read as "/api/v1/..."
     "method": "POST",          # or null/absent for any method
     "latency_ms": 250,         # added to every matching request while the rule exists
     "fail_count": 2,           # the next N matching requests fail (absent: every matching request fails,
                                #   if the rule has a status, drop or timeout at all)
     "status": 503,             # the failure's status (default 500 when only fail_count is given)
     "retry_after": 5,          # adds Retry-After to the failure
     "code": "PLATFORM_DISABLED",  # the failure's error code (ErrorResponse.code), e.g. Reddit's 503 today
     "drop": true,              # close the connection without a usable response instead of a status
     "timeout": true,           # sleep timeout_s seconds, then carry on and process the request normally
     "timeout_s": 30,
     "after": true,             # with drop, status or timeout: carry the request out first, then fail (the
                                #   lost-answer case: the post IS created, the client never hears about it;
                                #   as a status, a gateway's error in front of an API that did the work)
     "processing_ms": 800}      # the request takes this long once its Idempotency-Key is taken (a slow
                                #   publish: a retry meanwhile finds the key in flight)

Faults only ever apply to ``/api/`` paths. Rules are checked in order: every rule a request matches counts it in
``hits`` and adds its latency, and the first that fails now decides the fault. A rule that does not fail (no
failure asked for, or its ``fail_count`` used up) never hides the rules after it.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

ENV_VAR = "LATE_SANDBOX_FAULTS"
DEFAULT_TIMEOUT_S = 300.0


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised by the app to drop a connection.

    Under uvicorn the response has started, so the server closes the socket mid-response and the client sees a
    protocol error. In process (``httpx.ASGITransport``) the exception reaches the client as the same
    ``httpx.RemoteProtocolError`` a real dropped connection would raise.
    """

    def __init__(self, message: str = "Server disconnected without sending a response (injected fault)") -> None:
        super().__init__(message)


@dataclass
class FaultRule:
    path: str
    method: str | None = None
    latency_ms: int = 0
    fail_count: int | None = None
    status: int | None = None
    retry_after: int | None = None
    code: str | None = None
    drop: bool = False
    after: bool = False
    timeout: bool = False
    timeout_s: float = DEFAULT_TIMEOUT_S
    processing_ms: int = 0
    id: int = 0
    hits: int = field(default=0)

    @classmethod
    def from_dict(cls, raw: Any) -> FaultRule:
        if not isinstance(raw, dict):
            raise ValueError("a fault rule must be a JSON object")
        path = raw.get("path")
        if not isinstance(path, str) or not path:
            raise ValueError("a fault rule needs a path, e.g. /api/v1/posts or /api/v1/posts/*")
        if not path.startswith("/api/") and path.startswith("/v1"):
            path = "/api" + path
        known = {
            "path",
            "method",
            "latency_ms",
            "fail_count",
            "status",
            "retry_after",
            "code",
            "drop",
            "after",
            "timeout",
            "timeout_s",
            "processing_ms",
        }
        unknown = set(raw) - known - {"id", "hits"}
        if unknown:
            raise ValueError(f"unknown fault rule field(s): {', '.join(sorted(unknown))}")
        method = raw.get("method")
        rule = cls(
            path=path,
            method=str(method).upper() if method else None,
            latency_ms=_int(raw, "latency_ms", 0),
            fail_count=_opt_int(raw, "fail_count"),
            status=_opt_int(raw, "status"),
            retry_after=_opt_int(raw, "retry_after"),
            code=_opt_str(raw, "code"),
            drop=bool(raw.get("drop", False)),
            after=bool(raw.get("after", False)),
            timeout=bool(raw.get("timeout", False)),
            timeout_s=float(raw.get("timeout_s", DEFAULT_TIMEOUT_S)),
            processing_ms=_int(raw, "processing_ms", 0),
        )
        if rule.fail_count is not None and rule.status is None and not rule.drop and not rule.timeout:
            rule.status = 500
        if rule.status is not None and not 400 <= rule.status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if rule.after and not rule.fails:
            raise ValueError("after needs a failure to follow the work: drop, status, timeout or fail_count")
        return rule

    @property
    def fails(self) -> bool:
        return self.status is not None or self.drop or self.timeout

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method.upper():
            return False
        return path == self.path or ("*" in self.path and fnmatch.fnmatchcase(path, self.path))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FaultDecision:
    """What to do to one request: sleep first, then maybe fail, drop or stall, before or after carrying it out."""

    latency_s: float = 0.0
    status: int | None = None
    retry_after: int | None = None
    code: str | None = None
    drop: bool = False
    timeout_s: float | None = None
    #: the failure comes after the request was carried out (its answer is lost)
    after: bool = False
    #: how long carrying it out takes, with its Idempotency-Key held
    processing_s: float = 0.0
    rule_id: int = 0

    @property
    def fails(self) -> bool:
        return self.status is not None or self.drop or self.timeout_s is not None


class Faults:
    """A thread-safe, ordered list of fault rules."""

    def __init__(self, rules: list[FaultRule] | None = None) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._rules: list[FaultRule] = []
        for rule in rules or []:
            self.add(rule)

    @classmethod
    def from_json(cls, text: str | None) -> Faults:
        """Rules from JSON: one rule object, a list of them, or ``{"rules": [...]}``. Empty text: no rules."""
        faults = cls()
        if text and text.strip():
            faults.add_many(json.loads(text))
        return faults

    def add(self, rule: FaultRule | dict[str, Any]) -> FaultRule:
        parsed = rule if isinstance(rule, FaultRule) else FaultRule.from_dict(rule)
        with self._lock:
            parsed.id = next(self._ids)
            self._rules.append(parsed)
        return parsed

    def add_many(self, raw: Any) -> list[FaultRule]:
        if isinstance(raw, dict) and "rules" in raw:
            raw = raw["rules"]
        items = raw if isinstance(raw, list) else [raw]
        parsed = [FaultRule.from_dict(item) for item in items]  # validate all before adding any
        return [self.add(rule) for rule in parsed]

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [rule for rule in self._rules if rule.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return [FaultRule(**asdict(rule)) for rule in self._rules]

    def decide(self, method: str, path: str) -> FaultDecision | None:
        """Match a request against the rules and consume one use of the counted failure that decides it."""
        if not path.startswith("/api/"):
            return None
        latency = processing = 0.0
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path):
                    continue
                rule.hits += 1
                latency += rule.latency_ms / 1000.0
                processing += rule.processing_ms / 1000.0
                if not rule.fails or (rule.fail_count is not None and rule.fail_count <= 0):
                    continue  # nothing to fail now: the rules after it still apply
                if rule.fail_count is not None:
                    rule.fail_count -= 1
                return FaultDecision(
                    latency_s=latency,
                    status=None if rule.drop or rule.timeout else rule.status,
                    retry_after=rule.retry_after,
                    code=rule.code,
                    drop=rule.drop,
                    timeout_s=rule.timeout_s if rule.timeout and not rule.drop else None,
                    after=rule.after,
                    processing_s=processing,
                    rule_id=rule.id,
                )
        return FaultDecision(latency_s=latency, processing_s=processing) if latency or processing else None


def _int(raw: dict[str, Any], name: str, default: int) -> int:
    value = raw.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer")
    return value


def _opt_int(raw: dict[str, Any], name: str) -> int | None:
    if raw.get(name) is None:
        return None
    return _int(raw, name, 0)


def _opt_str(raw: dict[str, Any], name: str) -> str | None:
    value = raw.get(name)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ValueError(f"{name} must be a non-empty string")
    return value
