"""Reading request values, query parameters and body fields, with the API's 400 when one is malformed."""

from __future__ import annotations

from datetime import datetime

from late_mcp.sandbox.clock import localize
from late_mcp.sandbox.errors import bad_request
from late_mcp.sandbox.store import Doc


def opt_str(body: Doc, field: str) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request(f"{field} must be a string", field=field)
    return value


def required_str(body: Doc, field: str) -> str:
    """A string field that must be given and not blank (returned as sent)."""
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{field} is required", field=field)
    return value


def str_list(body: Doc, field: str) -> list[str]:
    value = body.get(field)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad_request(f"{field} must be an array of strings", field=field)
    return list(value)


def int_param(query: dict[str, str], name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"{name} must be an integer", field=name) from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise bad_request(f"{name} must be {bound}", field=name)
    return value


def date_param(query: dict[str, str], name: str) -> datetime | None:
    raw = query.get(name)
    if not raw:
        return None
    try:
        return localize(raw[:10] if len(raw) >= 10 and "T" not in raw else raw, "UTC")
    except ValueError:
        raise bad_request(f"{name} must be a date (YYYY-MM-DD)", field=name) from None
