"""Bulk CSV upload: the API's answer and the compact result the tool returns."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from ._base import APIModel, Result
from .posts import Post


class BulkRowError(APIModel):
    row: int | None = None
    error: str | None = None


class BulkUpload(APIModel):
    success: bool = True
    total_rows: int = Field(0, alias="totalRows")
    created: int = 0
    failed: int = 0
    errors: list[BulkRowError] = Field(default_factory=list)
    posts: list[Post] = Field(default_factory=list)


class BulkRowProblem(Result):
    row: int | None
    error: str


class BulkPostOut(Result):
    id: str
    status: str | None = None
    scheduled_for: datetime | None = Field(None, description="In the user's time zone")


class BulkUploadOut(Result):
    dry_run: bool
    rows: int
    created: int = Field(description="Posts created (0 on a dry run)")
    failed: int
    errors: list[BulkRowProblem] = Field(default_factory=list)
    posts: list[BulkPostOut] = Field(default_factory=list)
    summary: str
