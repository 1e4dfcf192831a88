"""Tunable limits of a running sandbox; changeable at runtime through ``POST /_sandbox/settings``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

GIB = 1024**3


@dataclass
class SandboxSettings:
    # Requests per minute per API key before 429; generous by default (the API docs' "Rate Limits": 60-1200 by plan).
    rate_limit_per_minute: int = 600
    # How long a browser upload link stays usable: its token expires (GET /v1/media/upload-token answers "expired").
    upload_token_ttl_s: float = 3600.0
    # "uploadUrl ... expires in 1 hour" (API docs, POST /v1/media/presign).
    presign_ttl_s: float = 3600.0
    # "Supports files up to 5GB" (API docs, POST /v1/media/presign); the upload page accepts the same.
    max_upload_bytes: int = 5 * GIB

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def update(self, raw: dict[str, Any]) -> None:
        """Apply known fields from a JSON object; raises ``ValueError`` for unknown fields or bad values."""
        names = {f.name: f for f in fields(self)}
        unknown = set(raw) - set(names)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        for name, value in raw.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"{name} must be a positive number")
            current = getattr(self, name)
            setattr(self, name, type(current)(value))
