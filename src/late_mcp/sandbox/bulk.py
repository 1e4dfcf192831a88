"""Bulk CSV upload (POST /v1/posts/bulk-upload): one post per row, validated exactly like POST /v1/posts.

The Posts reference documents the response but not the CSV columns, so the sandbox accepts a header row with these
(case-insensitive) columns; only ``content`` or ``mediaUrls`` and a target are needed:

    content, accountIds ("id1;id2"), platforms ("twitter;linkedin", resolved within profileId or, failing that,
    to the only account on that platform), profileId, scheduledFor, timezone, mediaUrls ("url1;url2"),
    title, tags ("a;b"), isDraft, publishNow

Each row is created in its own savepoint, so a bad row does not undo the good ones; ``dryRun`` rolls everything
back but still reports what would happen (duplicates within the file included). Row numbers are the CSV's line
numbers as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.post_target import media_type
from late_mcp.sandbox.posts import create_post, render_post
from late_mcp.sandbox.store import Doc, Store

_TRUE = {"true", "1", "yes", "y"}


def _split(value: str) -> list[str]:
    for sep in ("|", ","):
        value = value.replace(sep, ";")
    return [part.strip() for part in value.split(";") if part.strip()]


def _targets(store: Store, row: dict[str, str]) -> list[dict[str, Any]]:
    targets: list[dict[str, Any]] = [{"accountId": account_id} for account_id in _split(row.get("accountids", ""))]
    profile_id = row.get("profileid", "").strip()
    accounts = store.all("accounts")
    for platform in _split(row.get("platforms", "") or row.get("platform", "")):
        candidates = [a for a in accounts if a["platform"] == platform.lower()]
        if profile_id:
            candidates = [a for a in candidates if a["profileId"] == profile_id]
        if len(candidates) != 1:
            problem = "no" if not candidates else "several"
            raise ApiError(400, f"{problem} {platform} accounts match; give accountIds (or profileId)")
        targets.append({"platform": platform.lower(), "accountId": candidates[0]["_id"]})
    if not targets:
        raise ApiError(400, "Each row needs accountIds or platforms")
    return targets


def _row_body(store: Store, row: dict[str, str]) -> Doc:
    body: Doc = {"content": row.get("content", ""), "platforms": _targets(store, row)}
    media = _split(row.get("mediaurls", ""))
    if media:
        body["mediaItems"] = [{"url": url, "type": media_type({"url": url})} for url in media]
    for column, field in (("title", "title"), ("timezone", "timezone"), ("scheduledfor", "scheduledFor")):
        if row.get(column, "").strip():
            body[field] = row[column].strip()
    if row.get("tags", "").strip():
        body["tags"] = _split(row["tags"])
    if row.get("isdraft", "").strip().lower() in _TRUE:
        body["isDraft"] = True
    if row.get("publishnow", "").strip().lower() in _TRUE:
        body["publishNow"] = True
    return body


def bulk_upload(store: Store, text: str, *, dry_run: bool) -> tuple[int, Doc]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames:
        raise ApiError(400, "The CSV file is empty")
    columns = {name.strip().lower() for name in reader.fieldnames if name}
    if "content" not in columns and "mediaurls" not in columns:
        raise ApiError(
            400, "The CSV needs a header row with a content (or mediaUrls) column", {"columns": sorted(columns)}
        )
    errors: list[Doc] = []
    created: list[Doc] = []
    total = 0
    with store.savepoint(rollback=dry_run):
        for line, raw in enumerate(reader, start=2):
            total += 1
            row = {str(k).strip().lower(): (v or "") for k, v in raw.items() if k}
            try:
                with store.savepoint():
                    _, _, post = create_post(store, _row_body(store, row))
                created.append(render_post(store, post))
            except ApiError as exc:
                errors.append({"row": line, "error": exc.error, **({"details": exc.details} if exc.details else {})})
    body: Doc = {
        "success": not errors,
        "dryRun": dry_run,
        "totalRows": total,
        "created": len(created),
        "failed": len(errors),
        "errors": errors,
        "posts": created,
    }
    if errors and not created:
        return 400, {"error": "No rows could be imported", **body}
    return (207 if errors else 200), body
