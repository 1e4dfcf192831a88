"""Bulk CSV upload: the API's BulkUploadResult and the compact result the tool returns."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ._base import APIModel, Result


def _codes(value: Any) -> Any:
    """Row errors are machine-readable codes (strings); anything else the API sends is shown as text."""
    if isinstance(value, list):
        return [v if isinstance(v, str) else str(v) for v in value]
    return [] if value is None else value


class BulkRow(APIModel):
    """One CSV data row's outcome: `rowIndex` counts data rows from 1 (the header excluded)."""

    row_index: int | None = Field(None, alias="rowIndex")
    ok: bool = False
    created_post_id: str | None = Field(None, alias="createdPostId")
    errors: Annotated[list[str], BeforeValidator(_codes)] = Field(default_factory=list)


class BulkUpload(APIModel):
    """BulkUploadResult: the same shape for 200 (every row succeeded, or every row failed) and 207 (mixed)."""

    total: int = 0
    valid: int = 0
    invalid: int = 0
    results: list[BulkRow] = Field(default_factory=list)
    warnings: Annotated[list[str], BeforeValidator(_codes)] = Field(default_factory=list)
    rate_limited_accounts: list[dict[str, Any]] = Field(default_factory=list, alias="rateLimitedAccounts")


class BulkRowProblem(Result):
    row: int | None = Field(description="Data row, 1 = the first row after the header")
    errors: list[str]


class BulkUploadOut(Result):
    dry_run: bool
    rows: int
    valid: int
    invalid: int
    created_ids: list[str] = Field(default_factory=list, description="Ids of the posts created (none on a dry run)")
    problems: list[BulkRowProblem] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    rate_limited: list[str] = Field(default_factory=list, description="Accounts in a publishing cooldown, until when")
    summary: str
