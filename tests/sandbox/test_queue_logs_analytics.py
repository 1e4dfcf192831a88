"""Queue slots, publishing and connection logs, analytics, the clock and reset control endpoints."""

from __future__ import annotations

from datetime import datetime

import httpx

from late_mcp.sandbox.seed import PROFILE_MAIN, PROFILE_PERSONAL, QUEUE_MAIN, oid

from .helpers import ROOT, create, future, target


async def test_queue_slots_crud_preview_and_next(client: httpx.AsyncClient) -> None:
    current = (await client.get("/v1/queue/slots", params={"profileId": PROFILE_MAIN})).json()
    assert current["exists"] is True
    assert current["schedule"]["_id"] == QUEUE_MAIN
    assert len(current["nextSlots"]) == 10
    assert (await client.get("/v1/queue/slots")).status_code == 400
    none = (await client.get("/v1/queue/slots", params={"profileId": PROFILE_PERSONAL})).json()
    assert none["exists"] is False

    made = await client.put(
        "/v1/queue/slots",
        json={"profileId": PROFILE_PERSONAL, "timezone": "Europe/Berlin", "slots": [{"dayOfWeek": 6, "time": "10:00"}]},
    )
    assert made.status_code == 200
    schedule = made.json()["schedule"]
    assert schedule["isDefault"] is True
    for slot in made.json()["nextSlots"][:3]:
        when = datetime.fromisoformat(slot.replace("Z", "+00:00"))
        assert when.weekday() == 5  # Saturday (10:00 Berlin is still Saturday in UTC)
    bad = await client.put(
        "/v1/queue/slots",
        json={"profileId": PROFILE_PERSONAL, "timezone": "UTC", "slots": [{"dayOfWeek": 9, "time": "25:00"}]},
    )
    assert bad.status_code == 400

    extra = await client.post(
        "/v1/queue/slots",
        json={
            "profileId": PROFILE_PERSONAL,
            "name": "Evenings",
            "timezone": "UTC",
            "slots": [{"dayOfWeek": 1, "time": "19:00"}],
        },
    )
    assert extra.status_code == 201
    assert extra.json()["schedule"]["isDefault"] is False
    every = (await client.get("/v1/queue/slots", params={"profileId": PROFILE_PERSONAL, "all": "true"})).json()
    assert every["count"] == 2

    preview = (await client.get("/v1/queue/preview", params={"profileId": PROFILE_MAIN, "count": 4})).json()
    assert preview["count"] == 4
    assert preview["slots"] == sorted(preview["slots"])
    nxt = (await client.get("/v1/queue/next-slot", params={"profileId": PROFILE_MAIN})).json()
    assert nxt["nextSlot"] == preview["slots"][0]
    assert nxt["queueName"] == "Weekday mornings"

    removed = await client.delete("/v1/queue/slots", params={"profileId": PROFILE_PERSONAL, "queueId": schedule["_id"]})
    assert removed.json() == {"success": True, "deleted": True}
    left = (await client.get("/v1/queue/slots", params={"profileId": PROFILE_PERSONAL, "all": "true"})).json()
    assert left["count"] == 1
    assert left["queues"][0]["isDefault"] is True


async def test_publishing_logs(client: httpx.AsyncClient) -> None:
    logs = (await client.get("/v1/logs")).json()
    assert logs["pagination"]["total"] == len(logs["logs"]) > 0
    first = logs["logs"][0]
    assert set(first["postId"]) == {"_id", "content", "status"}
    failed = (await client.get("/v1/logs", params={"status": "failed"})).json()["logs"]
    assert failed
    assert all(log["status"] == "failed" for log in failed)
    assert all(log["response"]["errorMessage"] for log in failed)
    page = (await client.get("/v1/posts/logs", params={"limit": 2, "skip": 1})).json()
    assert len(page["logs"]) == 2
    assert page["pagination"]["hasMore"] is True
    detail = (await client.get(f"/v1/logs/{first['_id']}")).json()["log"]
    assert detail["accountId"]["username"]
    assert "mediaItems" in detail["postId"]
    assert (await client.get("/v1/logs/nope")).status_code == 404
    assert (await client.get(f"/v1/posts/{'f' * 24}/logs")).status_code == 404

    # GET /v1/logs: `days` up to 90, "Logs are retained for 90 days"
    assert (await client.get("/v1/logs", params={"days": 90})).status_code == 200
    assert (await client.get("/v1/logs", params={"days": 91})).status_code == 400
    assert (await client.get("/v1/logs", params={"type": "nope"})).status_code == 400
    seeded = {log["_id"] for log in logs["logs"]}
    await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 91 * 86400})
    later = (await client.get("/v1/logs")).json()["logs"]  # the scheduled posts have published meanwhile
    assert later
    assert not seeded & {log["_id"] for log in later}


async def test_connection_logs(client: httpx.AsyncClient) -> None:
    # today's listing (GET /v1/logs?type=connections) and the seeds' path answer the same
    typed = (await client.get("/v1/logs", params={"type": "connections"})).json()
    body = (await client.get("/v1/connections/logs")).json()
    assert typed == body
    assert (await client.get("/v1/logs", params={"type": "webhooks"})).json()["logs"] == []
    events = {log["eventType"] for log in body["logs"]}
    assert {"connect_success", "reconnect_failed"} <= events
    failed = (await client.get("/v1/connections/logs", params={"status": "failed"})).json()["logs"]
    assert [log["platform"] for log in failed] == ["facebook"]


async def test_analytics_are_deterministic(client: httpx.AsyncClient) -> None:
    post_id = oid("post:published-launch")
    one = (await client.get("/v1/analytics", params={"postId": post_id})).json()
    again = (await client.get("/v1/analytics", params={"postId": post_id})).json()
    assert one == again
    assert one["analytics"]["impressions"] > 0
    assert {p["platform"] for p in one["platformAnalytics"]} == {"twitter", "bluesky", "threads"}
    listing = (await client.get("/v1/analytics", params={"platform": "twitter"})).json()
    assert listing["posts"]
    assert all(p["platform"] == "twitter" for row in listing["posts"] for p in row["platformAnalytics"])
    assert (await client.get("/v1/analytics", params={"postId": "f" * 24})).status_code == 404
    await client.post(f"{ROOT}/_sandbox/plan", json={"analytics": False})
    assert (await client.get("/v1/analytics")).status_code == 402


async def test_clock_control(client: httpx.AsyncClient) -> None:
    before = (await client.get(f"{ROOT}/_sandbox/clock")).json()
    post = (await create(client, content="tick", platforms=[target("linkedin")], scheduledFor=future(1))).json()
    moved = (await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 7200})).json()
    assert moved["offsetSeconds"] >= before["offsetSeconds"] + 7200
    assert moved["published"] >= 1
    assert (await client.get(f"/v1/posts/{post['post']['_id']}")).json()["post"]["status"] == "published"
    absolute = (await client.post(f"{ROOT}/_sandbox/clock", json={"now": "2099-01-01T00:00:00Z"})).json()
    assert absolute["now"].startswith("2099-01-01T00:00:0")
    assert (await client.post(f"{ROOT}/_sandbox/clock", json={"reset": True})).json()["offsetSeconds"] == 0
    assert (await client.post(f"{ROOT}/_sandbox/clock", json={})).status_code == 400


async def test_reset_reseeds_and_keeps_the_key(client: httpx.AsyncClient) -> None:
    await client.delete(f"/v1/posts/{oid('post:draft-newsletter')}")
    response = await client.post(f"{ROOT}/_sandbox/reset", json={})
    assert response.status_code == 200
    assert (await client.get(f"/v1/posts/{oid('post:draft-newsletter')}")).status_code == 200
