"""Bulk CSV upload (POST /v1/posts/bulk-upload): one post per data row, created exactly like POST /v1/posts.

The columns are the API's (its bulk-upload operation, "CSV columns"):

* required: ``platforms`` (platform names), ``profiles`` (profile ids; each platform resolves to that profile's
  account on it) and a schedule: ``schedule_time`` (with ``tz``), a ``schedule_time_<platform>`` override,
  ``publish_now=true``, ``use_queue=true`` or ``is_draft=true``;
* content: at least one of ``post_content``, ``title``, ``media_urls``;
* per platform: ``custom_content_<platform>``, ``custom_media_<platform>``; ``hashtags`` and ``mentions`` are
  stored on the post, not added to the caption (a warning says so);
* aliases, used when the real column is absent or blank in that row: ``content`` (post_content), ``timezone``
  (tz), ``scheduledFor`` (schedule_time), ``mediaUrls`` (media_urls).

The answer is the API's ``BulkUploadResult`` for 200 (every row succeeded, or every row failed) and 207 (mixed):
``{total, valid, invalid, results: [{rowIndex, ok, createdPostId?, errors?}], warnings, rateLimitedAccounts?}``,
``rowIndex`` counting data rows from 1 (the header excluded), ``errors`` as machine-readable codes
(``unknown_profile:<id>``, ``no_account_for_platform:<platform>``, ``schedule_time_missing``...). Each row is
created in its own savepoint, so a bad row does not undo the good ones; ``dryRun`` rolls everything back (and
reports no ``createdPostId``) but still sees duplicates within the file.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from late_mcp.sandbox.clock import parse_instant
from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.post_target import PLATFORMS, media_type
from late_mcp.sandbox.posts import create_post
from late_mcp.sandbox.store import Doc, Store

_TRUE = {"true", "1", "yes"}
#: alias -> the column it stands for (lower case, as headers are matched)
ALIASES = {"content": "post_content", "timezone": "tz", "scheduledfor": "schedule_time", "mediaurls": "media_urls"}
COLUMNS = (
    "platforms",
    "profiles",
    "schedule_time",
    "tz",
    "publish_now",
    "use_queue",
    "is_draft",
    "post_content",
    "title",
    "media_urls",
    "hashtags",
    "mentions",
)
PREFIXES = ("schedule_time_", "custom_content_", "custom_media_")
#: "rows_exceed_advisory_limit:500": more rows are accepted, with a warning
ADVISORY_ROWS = 500


def _known(column: str) -> bool:
    if column in COLUMNS or column in ALIASES:
        return True
    return any(column.startswith(prefix) and column[len(prefix) :] in PLATFORMS for prefix in PREFIXES)


def _split(value: str) -> list[str]:
    for sep in ("|", ";"):
        value = value.replace(sep, ",")
    return [part.strip() for part in value.split(",") if part.strip()]


def _cell(row: dict[str, str], column: str) -> str:
    """The row's value for a column; an alias fills in when the real column is absent or blank."""
    value = row.get(column, "").strip()
    if value:
        return value
    alias = next((a for a, real in ALIASES.items() if real == column), None)
    return row.get(alias, "").strip() if alias else ""


def _media(urls: list[str]) -> list[Doc]:
    return [{"url": url, "type": media_type({"url": url})} for url in urls]


def _targets(store: Store, row: dict[str, str], errors: list[str]) -> list[Doc]:
    platforms = [p.lower() for p in _split(_cell(row, "platforms"))]
    profile_ids = _profile_ids(row)
    if not platforms:
        errors.append("platforms_missing")
    if not profile_ids:
        errors.append("profiles_missing")
    for profile_id in profile_ids:
        if store.get("profiles", profile_id) is None:
            errors.append(f"unknown_profile:{profile_id}")
    known = [p for p in profile_ids if store.get("profiles", p) is not None]
    targets: list[Doc] = []
    for platform in platforms:
        if platform not in PLATFORMS:
            errors.append(f"unknown_platform:{platform}")
            continue
        accounts = [
            a for a in store.all("accounts") if a["platform"] == platform and a["profileId"] in known and a["isActive"]
        ]
        if not accounts and known:
            errors.append(f"no_account_for_platform:{platform}")
        for account in accounts:
            target: Doc = {"platform": platform, "accountId": account["_id"]}
            custom = row.get(f"custom_content_{platform}", "").strip()
            if custom:
                target["customContent"] = custom
            custom_media = _split(row.get(f"custom_media_{platform}", ""))
            if custom_media:
                target["customMedia"] = _media(custom_media)
            when = row.get(f"schedule_time_{platform}", "").strip()
            if when:
                target["scheduledFor"] = when
            targets.append(target)
    return targets


_MODES = (("publishNow", "publish_now"), ("isDraft", "is_draft"), ("queuedFromProfile", "use_queue"))


def _profile_ids(row: dict[str, str]) -> list[str]:
    return _split(_cell(row, "profiles"))


def _row_body(store: Store, row: dict[str, str]) -> tuple[Doc, list[str]]:
    """The POST /v1/posts body one row stands for, and the row's error codes (empty when it can be created)."""
    errors: list[str] = []
    targets = _targets(store, row, errors)
    body: Doc = {"platforms": targets}
    content, title, media = _cell(row, "post_content"), _cell(row, "title"), _split(_cell(row, "media_urls"))
    if not (content or title or media):
        errors.append("content_missing")
    if content:
        body["content"] = content
    if title:
        body["title"] = title
    if media:
        body["mediaItems"] = _media(media)
    for column in ("hashtags", "mentions"):
        if _cell(row, column):
            body[column] = _split(_cell(row, column))
    if _cell(row, "tz"):
        body["timezone"] = _cell(row, "tz")
    flags = {flag: _cell(row, column).lower() in _TRUE for flag, column in _MODES}
    when = _cell(row, "schedule_time")
    if flags["publishNow"]:
        body["publishNow"] = True
    elif flags["isDraft"]:
        body["isDraft"] = True
    elif flags["queuedFromProfile"] and _profile_ids(row):
        body["queuedFromProfile"] = _profile_ids(row)[0]
    elif when:
        body["scheduledFor"] = when
    elif not targets or any("scheduledFor" not in t for t in targets):
        errors.append("schedule_time_missing")
    return body, errors


def _code(exc: ApiError) -> str:
    """A refusal of POST /v1/posts as a row error code: its status and its message."""
    if exc.status != 400:
        return f"{exc.status}:{exc.error}"
    platform = (exc.details or {}).get("platform")
    return f"invalid:{platform}:{exc.error}" if platform else f"invalid:{exc.error}"


def _rate_limited(store: Store, account: Doc) -> str:
    """The row code `rate_limited:<platform>:@<username>:<remaining>`; the SDK does not spell out <remaining>,
    so the sandbox writes the cooldown's remaining whole minutes (`37m`)."""
    left = parse_instant(str(account["rateLimitedUntil"])) - store.now()
    minutes = max(1, -(-int(left.total_seconds()) // 60))
    return f"rate_limited:{account['platform']}:@{account['username']}:{minutes}m"


def bulk_upload(store: Store, text: str, *, dry_run: bool) -> tuple[int, Doc]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames:
        raise ApiError(400, "The CSV file is empty")
    columns = [name.strip().lower() for name in reader.fieldnames if name and name.strip()]
    if not any(_known(c) for c in columns):
        raise ApiError(
            400,
            "The CSV header has none of the bulk upload columns (platforms, profiles, schedule_time, post_content...)",
        )
    warnings: list[str] = []
    unknown = [name.strip() for name in reader.fieldnames if name and name.strip() and not _known(name.strip().lower())]
    if unknown:
        warnings.append("unknown_columns:" + ",".join(unknown))
    results: list[Doc] = []
    limited: dict[str, Doc] = {}
    stored_only: set[str] = set()
    with store.savepoint(rollback=dry_run):
        for index, raw in enumerate(reader, start=1):
            row = {str(k).strip().lower(): (v or "") for k, v in raw.items() if k}
            body, errors = _row_body(store, row)
            stored_only.update(c for c in ("hashtags", "mentions") if c in body)
            result: Doc = {"rowIndex": index}
            if not errors:
                try:
                    with store.savepoint():
                        _, _, post = create_post(store, body)
                except ApiError as exc:
                    cooling = (exc.details or {}).get("rateLimitedAccounts") if exc.status == 429 else None
                    for account in cooling or []:
                        limited[account["accountId"]] = account
                        errors.append(_rate_limited(store, account))
                    if not cooling:
                        errors.append(_code(exc))
                else:
                    if not dry_run:
                        result["createdPostId"] = post["_id"]
            result["ok"] = not errors
            if errors:
                result["errors"] = errors
            results.append(result)
    if len(results) > ADVISORY_ROWS:
        warnings.append(f"rows_exceed_advisory_limit:{ADVISORY_ROWS}")
    if stored_only:
        warnings.append("not_added_to_caption:" + ",".join(sorted(stored_only)))
    valid = sum(1 for r in results if r["ok"])
    body_out: dict[str, Any] = {
        "total": len(results),
        "valid": valid,
        "invalid": len(results) - valid,
        "results": results,
        "warnings": warnings,
    }
    if limited:  # "Present only when one or more rows targeted an account currently in cooldown"
        body_out["rateLimitedAccounts"] = list(limited.values())
    return (207 if 0 < valid < len(results) else 200), body_out
