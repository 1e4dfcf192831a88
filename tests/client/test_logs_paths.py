"""Logs on today's single `GET /v1/logs?type=...`, and the seeds' per-kind path only when that listing is not found."""

from __future__ import annotations

from .conftest import FakeAPI, MakeClient, R

LOG = {"_id": "cl_1", "platform": "twitter", "eventType": "connect_success", "createdAt": "2026-11-20T10:00:00Z"}
PAGE = {"logs": [LOG], "pagination": {"total": 1, "limit": 50, "skip": 0, "hasMore": False}}


async def test_connection_logs_come_from_the_typed_listing(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, PAGE))
    client = make_client(api)
    page = await client.logs.connections(status="failed", days=90)
    assert api.calls == 1
    assert api.last.url.path == "/api/v1/logs"
    assert dict(api.last.url.params) == {
        "type": "connections",
        "status": "failed",
        "days": "90",
        "limit": "50",
        "skip": "0",
    }
    assert [log.id for log in page.logs] == ["cl_1"]


async def test_connection_logs_fall_back_to_the_older_path_on_404(make_client: MakeClient) -> None:
    api = FakeAPI(R(404, {"error": "Not found"}), R(200, PAGE))
    client = make_client(api)
    page = await client.logs.connections(platform="twitter", event_type="connect_success")
    assert [r.url.path for r in api.requests] == ["/api/v1/logs", "/api/v1/connections/logs"]
    assert api.requests[0].url.params["action"] == "connect_success"
    assert api.last.url.params["eventType"] == "connect_success"
    assert api.last.url.params["platform"] == "twitter"
    assert "type" not in api.last.url.params
    assert [log.id for log in page.logs] == ["cl_1"]


async def test_publishing_logs_name_their_type(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, {"logs": [], "pagination": {}}))
    await make_client(api).logs.publishing(days=90)
    assert api.last.url.path == "/api/v1/logs"
    assert api.last.url.params["type"] == "publishing"
    assert api.last.url.params["days"] == "90"
