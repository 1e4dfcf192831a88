"""Bulk scheduling from a CSV: validate first (dry run), then create, and report per row.

The CSV is a local file (streamed to the API, never read into the prompt; rewritten only where Late would refuse it:
semicolons, times in words), the text itself, or rows the model gives as objects, turned into a CSV here. The API's
row codes come back as sentences (`bulk_codes`). A file is read only after every check has passed: the same path
checks as media uploads (absolute, a regular file, inside LATE_MEDIA_DIRS when that is set), a `.csv` name, and a
header row naming at least one of the API's columns. Over HTTP the server's disk is not the person's, so a path is
refused there unless LATE_MEDIA_DIRS names the folders it may read (`readable_dirs`); the text and the rows need no
file and work everywhere. So a private key or a credentials file is refused unread beyond its first line, and the
result quotes nothing from a file but the column names it recognised.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from pydantic import Field

from ...errors import BadRequestError, InputError
from ...localfiles import given_path, media_dirs, open_checked, read_head, regular_file
from ...models.bulk import BulkRowProblem, BulkUpload, BulkUploadOut
from ...rules import PLATFORMS
from .._context import AppState, Ctx, state
from .._hints import DASHBOARD, explained, via
from ..accounts.cooldown import named_accounts
from .bulk_codes import row_error, warning
from .bulk_csv import (
    SHOWN,
    bare_times,
    comma_csv,
    delimiter,
    header_columns,
    is_column,
    rows_csv,
    said_in_words,
    table,
    worded,
    zoned,
)

if TYPE_CHECKING:
    from ...client import LateClient

#: the bulk endpoint is for spreadsheets, not data dumps
MAX_CSV_BYTES = 20 * 1024 * 1024
#: how much of a file is read to find its header row
HEAD_BYTES = 64 * 1024


async def posts_bulk_upload(
    ctx: Ctx,
    path: Annotated[str, Field(description="Absolute path of a .csv file on the machine running this server")] = "",
    dry_run: Annotated[bool, Field(description="Only validate; set false to create the posts")] = True,
    csv: Annotated[str, Field(description="Or the CSV text itself (short lists)")] = "",
    rows: Annotated[list[dict[str, Any]] | None, Field(description="Or rows as {column: value}")] = None,
) -> BulkUploadOut:
    """Schedule many posts from a CSV. Columns: platforms, profiles (ids), schedule_time+tz or publish_now/use_queue/is_draft (true), post_content/title/media_urls, custom_content_<platform>. Validates only unless dry_run=false."""  # noqa: E501
    app = state(ctx)
    if sum(map(bool, (path.strip(), csv.strip(), rows))) != 1:
        raise InputError("Give one of path (a .csv file), csv (the text) or rows.")
    with explained(ctx):
        if path.strip():
            allowed = readable_dirs(app)
            result = await upload_file(app.client, path, dry_run, allowed=allowed, zone_name=app.settings.timezone)
        else:
            text = csv if csv.strip() else rows_csv(rows or [])
            result = await upload_text(app.client, text, dry_run, app.settings.timezone)
    return bulk_result(result, dry_run, app.zone, via(ctx))


def readable_dirs(app: AppState) -> list[Path]:
    """The folders a `path` may name (none listed: any). Over stateless HTTP without LATE_MEDIA_DIRS the file would
    be the server's, not the person's: refused before anything is read or sent, saying what works instead."""
    if app.stateless and not app.settings.media_dirs:
        raise InputError(
            "Over HTTP posts_bulk_upload cannot read a file: path names a file on the server, not on your computer. "
            "Send the CSV text itself as csv, or the rows as rows."
        )
    return media_dirs(app.settings.media_dirs)


def csv_file(raw: str, *, allowed: Sequence[Path]) -> tuple[Path, os.stat_result, list[str]]:
    """The CSV file a path names, after every check a local read needs, and the API columns its header names.

    Refused before any byte goes out: a name not ending in .csv (after links are resolved), a file that is not
    UTF-8 text with a header row, and a header naming none of the API's columns. Messages quote the path and
    column names only, never the file's content.
    """
    real, info = regular_file(raw, allowed=allowed, max_bytes=MAX_CSV_BYTES)
    shown = given_path(raw)
    if real.suffix.lower() != ".csv":
        raise InputError(f"{shown} is not a .csv file: bulk upload reads only CSV files (export the sheet as CSV).")
    head = read_head(real, shown, info, size=HEAD_BYTES)
    if b"\n" not in head.rstrip(b"\r\n"):
        raise InputError(f"{shown} does not look like a CSV with a header row and post rows.")
    try:  # up to the last whole line, so a character cut at the read's end is not mistaken for bad UTF-8
        head[: head.rfind(b"\n") + 1].decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{shown} is not a UTF-8 CSV file (export the spreadsheet as CSV UTF-8).") from None
    columns = header_columns(head)
    if not columns:
        raise InputError(f"{shown}: its first line names none of the bulk CSV columns ({SHOWN}).")
    return real, info, columns


async def upload_file(
    client: LateClient, path: str, dry_run: bool, *, allowed: Sequence[Path], zone_name: str
) -> BulkUpload:
    """The file as it is (the person's own), with a warning when its times may be read in UTC (`bare_times`);
    rewritten only where Late would refuse it as it is (`rewritten`: semicolons, times in words)."""
    real, info, columns = csv_file(path, allowed=allowed)
    shown = path.strip().strip("'\"")
    sep, text = await anyio.to_thread.run_sync(rewritten, real, info, shown, zone_name)
    # an open file: the HTTP client streams it in chunks instead of reading it whole
    fh = io.BytesIO(text) if text else await anyio.to_thread.run_sync(open_checked, real, info, shown)
    try:
        result = await client.posts.bulk_upload(fh, dry_run=dry_run, filename=os.path.basename(real))
    except BadRequestError as exc:
        # The API's own message may quote the file; say what is known instead (its status, code and columns).
        code = f", {exc.code}" if exc.code else ""
        raise InputError(
            f"The API refused {shown} as a bulk CSV (HTTP 400{code}). Its header has {', '.join(columns)}; "
            f"the API reads {SHOWN}. Check the columns and try dry_run=true."
        ) from None
    finally:
        fh.close()
    result = await anyio.to_thread.run_sync(unquoted, result, real, info, shown, sep)
    warning = bare_times(columns, zone_name)
    return result.model_copy(update={"warnings": [*result.warnings, warning]}) if warning else result


async def upload_text(client: LateClient, csv: str, dry_run: bool, zone_name: str) -> BulkUpload:
    """The CSV text (the model's, or built from its rows), its bare times read in the user's zone (`zoned`)."""
    text = csv.strip()
    if "\n" not in text:
        raise InputError("csv needs a header row and at least one post row.")
    text = zoned(text, zone_name).strip()
    return await client.posts.bulk_upload((text + "\n").encode("utf-8"), dry_run=dry_run)


def rewritten(real: Path, info: os.stat_result, shown: str, zone_name: str) -> tuple[str, bytes | None]:
    """The file's delimiter, and the comma CSV to send instead of the file when Late would refuse it as it is:
    written with semicolons (Excel where the comma is the decimal mark), or with a time in words (`worded`). The
    file is read whole (at most MAX_CSV_BYTES) only then."""
    with open_checked(real, info, shown) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
        sep = delimiter(text.readline())
        if sep == ",":
            text.seek(0)
            if not said_in_words(csv.reader(text)):
                return sep, None
        text.seek(0)
        rows, sep = table(text.read())
    worded(rows, zone_name)
    return sep, comma_csv(rows).encode("utf-8")


def unquoted(result: BulkUpload, real: Path, info: os.stat_result, shown: str, sep: str = ",") -> BulkUpload:
    """The API's answer with every cell of the file it may repeat (an unknown column's name, a row's profile id)
    replaced by "…": a row's codes are cleaned of that row's cells, the warnings of the header's. Column and
    platform names stay, so the codes still say what is wrong."""
    failing = {r.row_index for r in result.results if not r.ok and r.row_index is not None}
    header, cells = file_cells(real, info, shown, failing, sep)
    rows = [
        r.model_copy(update={"errors": [_scrub(e, header | cells.get(r.row_index or 0, set())) for e in r.errors]})
        for r in result.results
    ]
    return result.model_copy(update={"results": rows, "warnings": [_scrub(w, header) for w in result.warnings]})


def file_cells(
    real: Path, info: os.stat_result, shown: str, rows: set[int], sep: str = ","
) -> tuple[set[str], dict[int, set[str]]]:
    """The header's cells and those of the data rows asked for (1 = the first after the header)."""
    with open_checked(real, info, shown) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="")
        reader = csv.reader(text, delimiter=sep)
        header = set(next(reader, []))
        found: dict[int, set[str]] = {}
        for index, row in enumerate(reader, start=1):
            if index > max(rows, default=0):
                break
            if index in rows:
                found[index] = set(row)
    return header, found


def _scrub(text: str, cells: set[str]) -> str:
    quoted = sorted((c.strip() for c in cells if len(c.strip()) >= 3 and not is_column(c) and not _named(c)), key=len)
    for cell in reversed(quoted):
        text = text.replace(cell, "…")
    return text


def _named(cell: str) -> bool:
    return cell.strip().lower() in (*PLATFORMS, "true", "false")


def bulk_result(
    result: BulkUpload, dry_run: bool, zone: tzinfo, via: Callable[[str], str] = lambda _: DASHBOARD
) -> BulkUploadOut:
    """The API's answer per row, its codes as sentences (`bulk_codes`), the accounts in a cooldown that refused
    rows (`rateLimitedAccounts`, their end in the user's zone), and one line that says what was (or would be)
    created. `via` names the tool that does a step, where this request has it."""
    problems = [
        BulkRowProblem(row=r.row_index, errors=[row_error(e, r.row_index, via) for e in r.errors or ["invalid"]])
        for r in result.results
        if not r.ok
    ]
    created = [r.created_post_id for r in result.results if r.ok and r.created_post_id]
    if dry_run:
        verdict = "all rows are valid" if not problems else f"{result.invalid} row(s) have errors"
        summary = f"Dry run of {result.total} row(s): {verdict}; nothing was created."
        if not problems:
            summary += " Call again with dry_run=false to create them."
    elif result.valid == 0:
        summary = f"Nothing was created: all {result.total} row(s) have errors."
    else:
        summary = f"Created {result.valid} of {result.total} post(s); {result.invalid} failed."
    if result.rate_limited_accounts:
        summary += " Some rows target an account in a publishing cooldown (see rate_limited)."
    return BulkUploadOut(
        dry_run=dry_run,
        rows=result.total,
        valid=result.valid,
        invalid=result.invalid,
        created_ids=[] if dry_run else created,
        problems=problems,
        warnings=[warning(w) for w in result.warnings],
        rate_limited=[c.text(zone) for c in named_accounts(result.rate_limited_accounts)],
        summary=summary,
    )
