"""Bulk CSV upload with dry run."""

from __future__ import annotations

import httpx

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_PERSONAL

CSV = (
    "content,accountIds,platforms,profileId,scheduledFor,timezone,mediaUrls\n"
    f"First bulk post,{ACCOUNT_IDS['linkedin']},,,2099-03-01T09:00,Europe/Paris,\n"
    f"Second bulk post,,twitter,{PROFILE_PERSONAL},2099-03-02T09:00:00Z,,\n"
    "Ambiguous,,twitter,,2099-03-03T09:00:00Z,,\n"
    f"Too late,{ACCOUNT_IDS['bluesky']},,,2001-01-01T00:00:00Z,,\n"
    f",{ACCOUNT_IDS['instagram']},,,2099-03-04T09:00:00Z,,https://cdn.example.com/p.jpg\n"
)


async def test_dry_run_reports_without_creating(client: httpx.AsyncClient) -> None:
    before = (await client.get("/v1/posts")).json()["pagination"]["total"]
    response = await client.post("/v1/posts/bulk-upload", params={"dryRun": "true"}, files={"file": ("p.csv", CSV)})
    assert response.status_code == 207
    body = response.json()
    assert (body["totalRows"], body["created"], body["failed"]) == (5, 3, 2)
    assert [e["row"] for e in body["errors"]] == [4, 5]
    assert "several twitter accounts" in body["errors"][0]["error"]
    assert "past" in body["errors"][1]["error"]
    assert body["posts"][0]["scheduledFor"] == "2099-03-01T08:00:00.000Z"
    assert (await client.get("/v1/posts")).json()["pagination"]["total"] == before


async def test_real_upload_creates_the_good_rows(client: httpx.AsyncClient) -> None:
    before = (await client.get("/v1/posts")).json()["pagination"]["total"]
    response = await client.post("/v1/posts/bulk-upload", content=CSV, headers={"Content-Type": "text/csv"})
    assert response.status_code == 207
    assert (await client.get("/v1/posts")).json()["pagination"]["total"] == before + 3
    again = await client.post("/v1/posts/bulk-upload", content=CSV.splitlines()[0] + "\n" + CSV.splitlines()[1])
    assert again.status_code == 400  # the same row again is a duplicate
    assert "already posted" in again.json()["errors"][0]["error"]


async def test_unreadable_csv_is_400(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/posts/bulk-upload", content=b"")).status_code == 400
    assert (await client.post("/v1/posts/bulk-upload", content=b"foo,bar\n1,2\n")).status_code == 400
