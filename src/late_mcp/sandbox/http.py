"""Small request/response helpers shared by the route modules."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from late_mcp.sandbox.errors import ApiError


async def json_body(request: Request, *, required: bool = True) -> dict[str, Any]:
    """The request's JSON object; 400 when it is not JSON or not an object (an empty body is ``{}``)."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise ApiError(400, "A JSON request body is required")
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ApiError(400, "Request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return value


def respond(body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def query(request: Request) -> dict[str, str]:
    return dict(request.query_params)


def path_param(request: Request, name: str) -> str:
    return str(request.path_params[name])
