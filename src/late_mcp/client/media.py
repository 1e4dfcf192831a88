"""Media: the browser upload-token flow and presigned direct uploads."""

from __future__ import annotations

from ..models.media import PresignedUpload, UploadToken
from ._transport import HTTP


class Media:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    async def create_upload_token(self) -> UploadToken:
        body = await self._http.request("POST", "v1/media/upload-token")
        return UploadToken.model_validate(body)

    async def upload_token_status(self, token: str) -> UploadToken:
        body = await self._http.request("GET", "v1/media/upload-token", params={"token": token})
        return UploadToken.model_validate(body)

    async def presign(self, *, filename: str, content_type: str, size: int | None = None) -> PresignedUpload:
        payload: dict[str, object] = {"filename": filename, "contentType": content_type}
        if size is not None:
            payload["size"] = size
        body = await self._http.request("POST", "v1/media/presign", json=payload)
        return PresignedUpload.model_validate(body)
