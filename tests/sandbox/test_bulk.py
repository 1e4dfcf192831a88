"""Bulk CSV upload in the API's columns, with dry run, and the API's BulkUploadResult for 200 and 207."""

from __future__ import annotations

import httpx

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL

CSV = (
    "platforms,profiles,schedule_time,tz,post_content,media_urls,hashtags,colour\n"
    f"linkedin,{PROFILE_MAIN},2099-03-01T09:00,Europe/Paris,First bulk post,,,red\n"
    f"twitter,{PROFILE_PERSONAL},2099-03-02T09:00:00Z,,Second bulk post,,#launch,\n"
    f"twitter,{'f' * 24},2099-03-03T09:00:00Z,,Unknown profile,,,\n"
    f"tiktok,{PROFILE_PERSONAL},2099-03-03T09:00:00Z,,No TikTok in that profile,,,\n"
    f"instagram,{PROFILE_MAIN},,,No schedule,https://cdn.example.com/p.jpg,,\n"
    f"instagram,{PROFILE_MAIN},2099-03-04T09:00:00Z,,,https://cdn.example.com/p.jpg,,\n"
)


async def _upload(client: httpx.AsyncClient, csv: str, *, dry_run: bool) -> httpx.Response:
    return await client.post(
        "/v1/posts/bulk-upload", params={"dryRun": str(dry_run).lower()}, files={"file": ("p.csv", csv, "text/csv")}
    )


async def test_dry_run_reports_each_row_without_creating(client: httpx.AsyncClient) -> None:
    before = (await client.get("/v1/posts")).json()["pagination"]["total"]
    response = await _upload(client, CSV, dry_run=True)
    assert response.status_code == 207  # mixed
    body = response.json()
    assert (body["total"], body["valid"], body["invalid"]) == (6, 3, 3)
    results = body["results"]
    assert [r["rowIndex"] for r in results] == [1, 2, 3, 4, 5, 6]  # data rows, the header excluded
    assert [r["ok"] for r in results] == [True, True, False, False, False, True]
    assert results[2]["errors"] == [f"unknown_profile:{'f' * 24}"]
    assert results[3]["errors"] == ["no_account_for_platform:tiktok"]
    assert results[4]["errors"] == ["schedule_time_missing"]
    assert all("createdPostId" not in r for r in results)  # a dry run creates nothing
    assert "unknown_columns:colour" in body["warnings"]
    assert "not_added_to_caption:hashtags" in body["warnings"]
    assert (await client.get("/v1/posts")).json()["pagination"]["total"] == before


async def test_real_upload_creates_the_good_rows(client: httpx.AsyncClient) -> None:
    before = (await client.get("/v1/posts")).json()["pagination"]["total"]
    body = (await _upload(client, CSV, dry_run=False)).json()
    created = [r["createdPostId"] for r in body["results"] if r["ok"]]
    assert len(created) == 3
    assert (await client.get("/v1/posts")).json()["pagination"]["total"] == before + 3
    first = (await client.get(f"/v1/posts/{created[0]}")).json()["post"]
    assert first["scheduledFor"] == "2099-03-01T08:00:00.000Z"  # 09:00 Paris
    assert first["platforms"][0]["accountId"]["_id"] == ACCOUNT_IDS["linkedin"]
    # The same rows again: every row fails (duplicates), and "all failed" is a 200 like "all succeeded".
    again = await _upload(client, "\n".join(CSV.splitlines()[:3]) + "\n", dry_run=False)
    assert again.status_code == 200
    assert again.json()["valid"] == 0
    assert all(r["errors"][0].startswith("409:") for r in again.json()["results"])


async def test_aliases_per_platform_columns_and_modes(client: httpx.AsyncClient) -> None:
    csv = (
        "platforms,profiles,content,scheduledFor,timezone,custom_content_bluesky,schedule_time_twitter,is_draft\n"
        f'"twitter,bluesky",{PROFILE_MAIN},Shared text,2099-05-01T10:00,Europe/Berlin,Sky text,2099-05-02T10:00Z,\n'
        f"linkedin,{PROFILE_MAIN},A draft,,,,,true\n"
    )
    body = (await _upload(client, csv, dry_run=False)).json()
    assert body["valid"] == 2, body
    post = (await client.get(f"/v1/posts/{body['results'][0]['createdPostId']}")).json()["post"]
    twitter, bluesky = post["platforms"]
    assert twitter["scheduledFor"] == "2099-05-02T10:00:00.000Z"  # schedule_time_twitter overrides
    assert bluesky["customContent"] == "Sky text"
    assert post["scheduledFor"] == "2099-05-01T08:00:00.000Z"
    draft = (await client.get(f"/v1/posts/{body['results'][1]['createdPostId']}")).json()["post"]
    assert draft["status"] == "draft"


async def test_unreadable_csv_is_400(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/posts/bulk-upload", content=b"")).status_code == 400
    foreign = await client.post("/v1/posts/bulk-upload", content=b"foo,bar\n1,2\n")
    assert foreign.status_code == 400
    assert "1,2" not in foreign.text
