"""Media: presigned PUT then GET, the upload-token flow and the browser upload page's endpoints."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from .helpers import ROOT

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
ACCEPTED = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "video/mp4",
    "video/quicktime",
    "video/webm",
    "application/pdf",
]


async def test_presign_put_then_get_public_url(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/media/presign", json={"filename": "../../etc/My Photo.png", "contentType": "image/png", "size": len(PNG)}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"uploadUrl", "publicUrl", "key", "type"}
    assert body["type"] == "image"
    assert "/" not in body["key"]
    assert ".." not in body["key"]
    assert body["publicUrl"] == f"{ROOT}/media/{body['key']}"
    assert (await client.get(body["publicUrl"])).status_code == 404  # nothing uploaded yet

    wrong_type = await client.put(body["uploadUrl"], content=PNG, headers={"Content-Type": "image/jpeg"})
    assert wrong_type.status_code == 403
    put = await client.put(body["uploadUrl"], content=PNG, headers={"Content-Type": "image/png"})
    assert put.status_code == 200
    served = await client.get(body["publicUrl"])
    assert served.status_code == 200
    assert served.content == PNG
    assert served.headers["content-type"] == "image/png"


async def test_presign_refuses_bad_requests_and_bad_signatures(client: httpx.AsyncClient) -> None:
    bad_type = await client.post("/v1/media/presign", json={"filename": "a.exe", "contentType": "application/x-exe"})
    assert bad_type.status_code == 400
    assert "contentType" in bad_type.json()["error"]
    assert (await client.post("/v1/media/presign", json={"contentType": "image/png"})).status_code == 400
    too_big = await client.post(
        "/v1/media/presign", json={"filename": "a.mp4", "contentType": "video/mp4", "size": 6 * 1024**3}
    )
    assert too_big.status_code == 400

    body = (await client.post("/v1/media/presign", json={"filename": "a.png", "contentType": "image/png"})).json()
    parts = urlsplit(body["uploadUrl"])
    forged = f"{ROOT}{parts.path}?{parts.query[:-4]}abcd"
    assert (await client.put(forged, content=PNG, headers={"Content-Type": "image/png"})).status_code == 403
    await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 3601})
    expired = await client.put(body["uploadUrl"], content=PNG, headers={"Content-Type": "image/png"})
    assert expired.status_code == 403
    assert "expired" in expired.json()["error"]


async def _token(client: httpx.AsyncClient) -> str:
    response = await client.post("/v1/media/upload-token")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "uploadUrl", "expiresAt", "status"}
    assert body["status"] == "pending"
    assert body["uploadUrl"] == f"{ROOT}/upload/{body['token']}"
    token: str = body["token"]
    return token


async def _upload(
    client: httpx.AsyncClient, token: str, data: bytes, content_type: str, name: str = "photo.png"
) -> httpx.Response:
    return await client.post(
        f"{ROOT}/upload/{token}/files", params={"filename": name}, content=data, headers={"Content-Type": content_type}
    )


async def test_upload_token_flow_end_to_end(client: httpx.AsyncClient) -> None:
    token = await _token(client)
    status = (await client.get("/v1/media/upload-token", params={"token": token})).json()
    assert status["status"] == "pending"
    assert status["files"] == []
    assert status["completedAt"] is None

    page = await client.get(f"{ROOT}/upload/{token}")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"

    state = (await client.get(f"{ROOT}/upload/{token}/state")).json()
    assert state["status"] == "pending"
    assert state["maxFileSize"] == 5 * 1024**3
    assert state["acceptedTypes"] == ACCEPTED

    image = await _upload(client, token, PNG, "image/png", "holiday photo.png")
    assert image.status_code == 201
    file = image.json()["file"]
    assert set(file) == {"url", "filename", "mimeType", "size", "type"}
    assert file["filename"] == "holiday photo.png"
    assert (file["mimeType"], file["size"], file["type"]) == ("image/png", len(PNG), "image")
    pdf = await _upload(client, token, PDF, "application/pdf", "menu.pdf")
    assert pdf.json()["file"]["type"] == "document"
    assert (await client.get(file["url"])).content == PNG

    done = await client.post(f"{ROOT}/upload/{token}/complete")
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    assert [f["filename"] for f in done.json()["files"]] == ["holiday photo.png", "menu.pdf"]
    final = (await client.get("/v1/media/upload-token", params={"token": token})).json()
    assert final["status"] == "completed"
    assert final["completedAt"]
    assert len(final["files"]) == 2

    again = await _upload(client, token, PNG, "image/png")
    assert again.status_code == 409
    assert (await client.post(f"{ROOT}/upload/{token}/complete")).status_code == 409


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        (b"MZ\x90\x00" + b"\x00" * 64, "application/x-msdownload", 415),
        (b"plain text pretending" * 4, "image/png", 415),  # type claimed, bytes disagree
        (JPEG, "image/png", 415),
        (JPEG, "image/jpeg", 201),
        (MP4, "video/mp4", 201),
        (MP4, "video/quicktime", 201),
        (b"", "image/png", 400),
    ],
)
async def test_upload_checks_type_and_magic_bytes(
    client: httpx.AsyncClient, data: bytes, content_type: str, status: int
) -> None:
    token = await _token(client)
    response = await _upload(client, token, data, content_type)
    assert response.status_code == status, response.text
    if status != 201:
        assert response.json()["error"].endswith(".")
        assert (await client.get(f"{ROOT}/upload/{token}/state")).json()["files"] == []


async def test_upload_size_limit(client: httpx.AsyncClient) -> None:
    await client.post(f"{ROOT}/_sandbox/settings", json={"max_upload_bytes": 100})
    token = await _token(client)
    assert (await client.get(f"{ROOT}/upload/{token}/state")).json()["maxFileSize"] == 100
    big = await _upload(client, token, PNG + b"\x00" * 100, "image/png")
    assert big.status_code == 413
    assert "too large" in big.json()["error"]

    async def chunks() -> object:
        yield PNG
        yield b"\x00" * 100

    streamed = await client.post(
        f"{ROOT}/upload/{token}/files",
        params={"filename": "x.png"},
        content=chunks(),
        headers={"Content-Type": "image/png"},
    )  # type: ignore[arg-type]
    assert streamed.status_code == 413
    assert (await client.get(f"{ROOT}/upload/{token}/state")).json()["files"] == []


async def test_expired_and_unknown_tokens(client: httpx.AsyncClient) -> None:
    token = await _token(client)
    await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 3601})
    assert (await client.get("/v1/media/upload-token", params={"token": token})).json()["status"] == "expired"
    assert (await client.get(f"{ROOT}/upload/{token}/state")).json()["status"] == "expired"
    assert (await _upload(client, token, PNG, "image/png")).status_code == 410
    assert (await client.post(f"{ROOT}/upload/{token}/complete")).status_code == 410

    unknown = "0" * 32
    state = await client.get(f"{ROOT}/upload/{unknown}/state")
    assert state.status_code == 404
    assert state.json() == {"error": "Unknown upload link"}
    assert (await client.get(f"{ROOT}/upload/{unknown}")).status_code == 200  # the page shows the error itself
    assert (await _upload(client, unknown, PNG, "image/png")).status_code == 404
    assert (await client.get("/v1/media/upload-token", params={"token": unknown})).status_code == 404


async def test_complete_without_files_is_400(client: httpx.AsyncClient) -> None:
    token = await _token(client)
    response = await client.post(f"{ROOT}/upload/{token}/complete")
    assert response.status_code == 400
    assert (await client.get(f"{ROOT}/upload/{token}/state")).json()["status"] == "pending"


async def test_token_lifetime_is_configurable(client: httpx.AsyncClient) -> None:
    await client.post(f"{ROOT}/_sandbox/settings", json={"upload_token_ttl_s": 60})
    token = await _token(client)
    await client.post(f"{ROOT}/_sandbox/clock", json={"advance": 61})
    assert (await client.get(f"{ROOT}/upload/{token}/state")).json()["status"] == "expired"


async def test_filenames_are_cleaned_for_display(client: httpx.AsyncClient) -> None:
    token = await _token(client)
    response = await _upload(client, token, PNG, "image/png", "..\\..\\evil/\x00pass\nwd.png")
    file = response.json()["file"]
    assert file["filename"] == "passwd.png"
    assert "/media/" in file["url"]
    assert ".." not in file["url"]
