"""Which documented API operations each client method sends, as data.

The coverage table (docs/api-coverage.md) and `tests/test_coverage.py` compare this registry with the endpoint list of
the API reference, so a method that reaches an endpoint says so where it is written, not in a second list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Operation:
    """One documented operation (`GET /v1/posts/{postId}`) and the client method that sends it."""

    method: str
    path: str
    owner: str

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


#: every operation a client method declares, filled in at import time by `operation`
OPERATIONS: list[Operation] = []


def operation(*ops: str) -> Callable[[F], F]:
    """Mark a client method with the documented operations it sends, e.g. `@operation("GET /v1/logs")`.

    A method that picks its endpoint from an argument (one download method for seven platforms) lists each.
    """
    parsed: list[tuple[str, str]] = []
    for op in ops:
        method, _, path = op.partition(" ")
        if method not in _METHODS or not path.startswith("/v1/"):
            raise ValueError(f"not an operation: {op!r}")
        parsed.append((method, path))

    def mark(fn: F) -> F:
        owner = f"{fn.__module__}.{getattr(fn, '__qualname__', repr(fn))}"
        OPERATIONS.extend(Operation(method, path, owner) for method, path in parsed)
        return fn

    return mark
