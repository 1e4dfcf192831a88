"""Bulk scheduling from a CSV: validate first (dry run), then create, and report per row.

The CSV is a local file (streamed to the API, never read into the prompt) or, for a short list the model
already has, the text itself. A file goes through the same path checks as media uploads (absolute, a regular
file, inside LATE_MEDIA_DIRS when that is set) and must look like text.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import anyio
from pydantic import Field

from ...errors import InputError
from ...localfiles import media_dirs, open_checked, read_head, regular_file
from ...models.bulk import BulkPostOut, BulkRowProblem, BulkUpload, BulkUploadOut
from .._context import Ctx, state
from .._hints import explained

if TYPE_CHECKING:
    from ...client import LateClient

#: the bulk endpoint is for spreadsheets, not data dumps
MAX_CSV_BYTES = 20 * 1024 * 1024


async def posts_bulk_upload(
    ctx: Ctx,
    path: Annotated[str, Field(description="Absolute path of a CSV file on this computer")] = "",
    dry_run: Annotated[bool, Field(description="Only validate; set false to create the posts")] = True,
    csv: Annotated[str, Field(description="Or the CSV text itself (short lists)")] = "",
) -> BulkUploadOut:
    """Schedule many posts from a CSV (header row first). Validates only unless dry_run=false; errors per row."""
    app = state(ctx)
    if bool(path.strip()) == bool(csv.strip()):
        raise InputError("Give path (a CSV file on this computer) or csv (the text), not both or neither.")
    with explained():
        if path.strip():
            result = await upload_file(app.client, path, dry_run, allowed=media_dirs(app.settings.media_dirs))
        else:
            result = await upload_text(app.client, csv, dry_run)
    return bulk_result(result, dry_run, app.zone)


def csv_file(raw: str, *, allowed: Sequence[Path]) -> tuple[Path, os.stat_result]:
    """The CSV file a path names, after the checks a local read needs; InputError says what is wrong."""
    real, info = regular_file(raw, allowed=allowed, max_bytes=MAX_CSV_BYTES)
    shown = raw.strip()
    head = read_head(real, shown, info, size=4096)
    if b"\n" not in head.rstrip(b"\r\n"):
        raise InputError(f"{shown} does not look like a CSV with a header row and post rows.")
    try:  # up to the last whole line, so a character cut at 4 KB is not mistaken for bad UTF-8
        head[: head.rfind(b"\n") + 1].decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{shown} is not a UTF-8 CSV file (export the spreadsheet as CSV UTF-8).") from None
    return real, info


async def upload_file(client: LateClient, path: str, dry_run: bool, *, allowed: Sequence[Path]) -> BulkUpload:
    real, info = csv_file(path, allowed=allowed)
    # an open file: the HTTP client streams it in chunks instead of reading it whole
    fh = await anyio.to_thread.run_sync(open_checked, real, info, path.strip())
    try:
        return await client.posts.bulk_upload(fh, dry_run=dry_run, filename=os.path.basename(real))
    finally:
        fh.close()


async def upload_text(client: LateClient, csv: str, dry_run: bool) -> BulkUpload:
    text = csv.strip()
    if "\n" not in text:
        raise InputError("csv needs a header row and at least one post row.")
    return await client.posts.bulk_upload((text + "\n").encode("utf-8"), dry_run=dry_run)


def bulk_result(result: BulkUpload, dry_run: bool, zone: tzinfo) -> BulkUploadOut:
    """The API's answer per row, and one line that says what was (or would be) created."""
    problems = [BulkRowProblem(row=e.row, error=e.error or "invalid") for e in result.errors]
    posts = [
        BulkPostOut(
            id=p.id, status=p.status, scheduled_for=p.scheduled_for.astimezone(zone) if p.scheduled_for else None
        )
        for p in result.posts
    ]
    if dry_run:
        verdict = "all rows are valid" if not problems else f"{len(problems)} row(s) have errors"
        summary = f"Dry run of {result.total_rows} row(s): {verdict}; nothing was created."
        if not problems:
            summary += " Call again with dry_run=false to create them."
    elif result.created == 0:
        summary = f"Nothing was created: all {result.total_rows} row(s) have errors."
    else:
        summary = f"Created {result.created} of {result.total_rows} post(s); {result.failed} failed."
    return BulkUploadOut(
        dry_run=dry_run,
        rows=result.total_rows,
        created=0 if dry_run else result.created,
        failed=result.failed,
        errors=problems,
        posts=posts,
        summary=summary,
    )
