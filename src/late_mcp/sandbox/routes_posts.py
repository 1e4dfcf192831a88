"""Posts and logs routes (the API docs' Posts and Logs references)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox import bulk, live_posts, posts
from late_mcp.sandbox.accounts import account_ref
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import bad_request, not_found
from late_mcp.sandbox.http import json_body, path_param, query, respond
from late_mcp.sandbox.logs import post_summary, recent
from late_mcp.sandbox.params import int_param
from late_mcp.sandbox.post_target import PLATFORMS
from late_mcp.sandbox.store import Doc, Store


async def list_posts(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    with store.transaction():
        return respond(posts.list_posts(store, query(request)))


def _written(store: Store, code: int, message: str, post: Doc) -> JSONResponse:
    """The answer of a create or update: 207 (PostPublishIncompleteResponse) when an inline publish did not
    fully succeed, with each platform's result and `error` when none published."""
    body: Doc = {"message": message, "post": posts.render_post(store, post)}
    if code == 207:
        body["platformResults"] = [
            {"platform": e["platform"], "status": e["status"], "error": e.get("errorMessage")}
            for e in post["platforms"]
        ]
        if post["status"] == "failed":
            body["error"] = message
    return respond(body, code)


async def create_post(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        return _written(store, *posts.create_post(store, body))


async def get_post(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    with store.transaction():
        post = posts.get_post(store, path_param(request, "post_id"))
        return respond({"post": posts.render_post(store, post)})


async def update_post(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        post = posts.get_post(store, path_param(request, "post_id"))
        return _written(store, *posts.update_post(store, post, body))


async def delete_post(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    with store.transaction():
        posts.delete_post(store, posts.get_post(store, path_param(request, "post_id")))
    return respond({"message": "Post deleted successfully"})


async def retry_post(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    with store.transaction():
        post = posts.get_post(store, path_param(request, "post_id"))
        code, message, retried = posts.retry_post(store, post)
        return respond({"message": message, "post": posts.render_post(store, retried)}, code)


def _on_live_post(action: str) -> Any:
    """A route for one of live_posts' operations on an existing post."""

    async def route(request: Request) -> JSONResponse:
        store = sandbox_of(request).store
        body = await json_body(request)
        with store.transaction():
            post = posts.get_post(store, path_param(request, "post_id"))
            answer = getattr(live_posts, action)(store, post, body)
            return respond({**answer, "post": posts.render_post(store, post)})

    return route


async def bulk_upload(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    dry_run = request.query_params.get("dryRun", "false").lower() in ("true", "1")
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise bad_request("Send the CSV as the multipart field 'file'", field="file")
        raw = await upload.read()
    else:
        raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request("The CSV must be UTF-8 text") from None
    with store.transaction():
        code, body = bulk.bulk_upload(store, text, dry_run=dry_run)
    return respond(body, code)


async def post_logs(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    post_id = path_param(request, "post_id")
    limit = int_param(query(request), "limit", 50, minimum=1, maximum=100)
    with store.transaction():
        posts.get_post(store, post_id)
        logs = [log for log in recent(store, "logs", 7) if log["postId"] == post_id][:limit]
    return respond({"logs": logs, "count": len(logs), "postId": post_id})


def _log_window(params: dict[str, str]) -> tuple[int, int, int]:
    """A logs listing's ``days`` (GET /v1/logs: default 90, "max 90"), ``limit`` and ``skip``."""
    days = int_param(params, "days", 90, minimum=1, maximum=90)
    limit = int_param(params, "limit", 50, minimum=1, maximum=100)
    skip = int_param(params, "skip", 0, minimum=0)
    return days, limit, skip


def _pagination(total: int, limit: int, skip: int) -> dict[str, int | bool]:
    return {"total": total, "limit": limit, "skip": skip, "pages": -(-total // limit), "hasMore": skip + limit < total}


#: GET /v1/logs `type`; the sandbox keeps publishing and connection logs, the other kinds are always empty here
LOG_TYPES = ("publishing", "connections", "webhooks", "messaging", "workflow_event", "api_request", "all")


async def list_logs(request: Request) -> JSONResponse:
    """GET /v1/logs: one listing for every kind of log, chosen by ``type`` (default publishing)."""
    params = query(request)
    kind = params.get("type", "publishing")
    if kind not in LOG_TYPES:
        raise bad_request(f"type must be one of {', '.join(LOG_TYPES)}", field="type")
    if kind == "connections":
        return await connection_logs(request)
    if kind not in ("publishing", "all"):
        _, limit, skip = _log_window(params)
        return respond({"logs": [], "pagination": _pagination(0, limit, skip)})
    return _publishing_logs(request, params)


def _publishing_logs(request: Request, params: dict[str, str]) -> JSONResponse:
    store = sandbox_of(request).store
    days, limit, skip = _log_window(params)
    selected = []
    for log in recent(store, "logs", days):
        if params.get("status", "all") not in ("all", log["status"]):
            continue
        if params.get("platform", "all") not in ("all", log["platform"]):
            continue
        if params.get("action", "all") not in ("all", log["action"]):
            continue
        selected.append(log)
    total = len(selected)
    window = []
    for log in selected[skip : skip + limit]:
        shown = dict(log)
        shown["postId"] = post_summary(store, str(log["postId"]), detailed=False)
        window.append(shown)
    return respond({"logs": window, "pagination": _pagination(total, limit, skip)})


async def get_log(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    log = store.get("logs", path_param(request, "log_id"))
    if log is None:
        raise not_found()
    shown = dict(log)
    shown["postId"] = post_summary(store, str(log["postId"]), detailed=True)
    ref = account_ref(store, str(log["accountId"]))
    if isinstance(ref, dict):
        shown["accountId"] = {key: ref[key] for key in ("_id", "platform", "username", "displayName")}
    return respond({"log": shown})


async def connection_logs(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    days, limit, skip = _log_window(params)
    platform = params.get("platform", "all")
    if platform != "all" and platform not in PLATFORMS:
        raise bad_request(f"Unknown platform {platform!r}", field="platform")
    event = params.get("eventType") or params.get("action") or "all"
    status = params.get("status", "all")
    selected = []
    for log in recent(store, "connection_logs", days):
        if platform not in ("all", log["platform"]) or event not in ("all", log["eventType"]):
            continue
        failed = str(log["eventType"]).endswith("_failed")
        if (status == "success" and failed) or (status == "failed" and not failed):
            continue
        selected.append(log)
    return respond({"logs": selected[skip : skip + limit], "pagination": _pagination(len(selected), limit, skip)})


routes = [
    Route("/api/v1/posts", list_posts, methods=["GET"]),
    Route("/api/v1/posts", create_post, methods=["POST"]),
    Route("/api/v1/posts/logs", list_logs, methods=["GET"]),
    Route("/api/v1/posts/bulk-upload", bulk_upload, methods=["POST"]),
    Route("/api/v1/posts/{post_id}", get_post, methods=["GET"]),
    Route("/api/v1/posts/{post_id}", update_post, methods=["PUT"]),
    Route("/api/v1/posts/{post_id}", delete_post, methods=["DELETE"]),
    Route("/api/v1/posts/{post_id}/retry", retry_post, methods=["POST"]),
    Route("/api/v1/posts/{post_id}/unpublish", _on_live_post("unpublish"), methods=["POST"]),
    Route("/api/v1/posts/{post_id}/edit", _on_live_post("edit"), methods=["POST"]),
    Route("/api/v1/posts/{post_id}/review", _on_live_post("review"), methods=["POST"]),
    Route("/api/v1/posts/{post_id}/logs", post_logs, methods=["GET"]),
    Route("/api/v1/logs", list_logs, methods=["GET"]),
    Route("/api/v1/logs/{log_id}", get_log, methods=["GET"]),
    Route("/api/v1/connections/logs", connection_logs, methods=["GET"]),
]
