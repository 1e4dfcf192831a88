"""The API's error shape, ``{"error": "...", "details": {...}?}``, raised anywhere and rendered by the app."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse


class ApiError(Exception):
    """An HTTP error with the Late API's body; ``extra`` adds top-level keys (the 403 plan-limit bodies)."""

    def __init__(
        self,
        status: int,
        error: str,
        details: dict[str, Any] | None = None,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.details = details
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.error, **self.extra}
        if self.details is not None:
            body["details"] = self.details
        return body

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def not_found() -> ApiError:
    return ApiError(404, "Not found")


def bad_request(error: str, **details: Any) -> ApiError:
    return ApiError(400, error, details or None)
