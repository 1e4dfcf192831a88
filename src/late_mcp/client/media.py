"""Media: the browser upload-token flow and presigned direct uploads."""

from __future__ import annotations

from collections.abc import AsyncIterator

from ..models.media import PresignedUpload, UploadToken
from ._ops import operation
from ._transport import HTTP


class Media:
    def __init__(self, http: HTTP, *, upload_timeout: float = 300.0) -> None:
        self._http = http
        self._upload_timeout = upload_timeout

    async def put(self, upload: PresignedUpload, body: AsyncIterator[bytes], *, content_type: str, size: int) -> None:
        """Send a file's bytes to the presigned URL (step 2 of the direct upload; no API key goes there)."""
        await self._http.put_upload(
            upload.upload_url, body, content_type=content_type, size=size, timeout=self._upload_timeout
        )

    @operation("POST /v1/media/upload-token")
    async def create_upload_token(self) -> UploadToken:
        return await self._http.parsed(UploadToken, "POST", "v1/media/upload-token")

    @operation("GET /v1/media/upload-token")
    async def upload_token_status(self, token: str) -> UploadToken:
        return await self._http.parsed(UploadToken, "GET", "v1/media/upload-token", params={"token": token})

    @operation("POST /v1/media/presign")
    async def presign(self, *, filename: str, content_type: str, size: int | None = None) -> PresignedUpload:
        payload: dict[str, object] = {"filename": filename, "contentType": content_type}
        if size is not None:
            payload["size"] = size
        return await self._http.parsed(PresignedUpload, "POST", "v1/media/presign", json=payload)
