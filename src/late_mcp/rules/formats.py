"""Media formats and sizes as the platform guides name them: MIME sets, their labels, and readable byte sizes."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from late_mcp.rules.model import GB, MB

# MIME types of the formats the guides name.
JPEG = frozenset({"image/jpeg", "image/jpg"})
PNG = frozenset({"image/png"})
WEBP = frozenset({"image/webp"})
GIF = frozenset({"image/gif"})
MP4 = frozenset({"video/mp4", "video/x-m4v"})  # M4V is the MP4 container (the API's presign accepts it)
MOV = frozenset({"video/quicktime"})
WEBM = frozenset({"video/webm"})
AVI = frozenset({"video/avi", "video/x-msvideo"})
WMV = frozenset({"video/x-ms-wmv"})
FLV = frozenset({"video/x-flv"})
THREE_GP = frozenset({"video/3gpp"})
MPEG = frozenset({"video/mpeg"})
PDF = frozenset({"application/pdf"})
PPT = frozenset({"application/vnd.ms-powerpoint"})
PPTX = frozenset({"application/vnd.openxmlformats-officedocument.presentationml.presentation"})
DOC = frozenset({"application/msword"})
DOCX = frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"})

FORMAT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        mime: label
        for label, mimes in (
            ("JPEG", JPEG),
            ("PNG", PNG),
            ("WebP", WEBP),
            ("GIF", GIF),
            ("MP4", MP4),
            ("MOV", MOV),
            ("WebM", WEBM),
            ("AVI", AVI),
            ("WMV", WMV),
            ("FLV", FLV),
            ("3GP", THREE_GP),
            ("MPEG", MPEG),
            ("PDF", PDF),
            ("PPT", PPT),
            ("PPTX", PPTX),
            ("DOC", DOC),
            ("DOCX", DOCX),
        )
        for mime in mimes
    }
)


#: the content types the API takes for media (POST /v1/media/presign's list) and the mediaItems type of each
API_MEDIA: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(JPEG | PNG | WEBP, "image"),
        **dict.fromkeys(GIF, "gif"),
        **dict.fromkeys(MP4 | MOV | WEBM | AVI | MPEG, "video"),
        **dict.fromkeys(PDF, "document"),
    }
)
#: file extension -> content type, for the extensions of the formats the API takes
EXTENSIONS: Mapping[str, str] = MappingProxyType(
    {
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif",
        "mp4": "video/mp4", "m4v": "video/x-m4v", "mov": "video/quicktime", "webm": "video/webm",
        "avi": "video/x-msvideo", "mpeg": "video/mpeg", "mpg": "video/mpeg", "pdf": "application/pdf",
    }
)  # fmt: skip
#: formats no platform takes that phones make by default, and how to convert them
CONVERT: Mapping[str, str] = MappingProxyType(
    {
        ext: "HEIC/HEIF photos (the iPhone's default) are not accepted by the API or any platform: convert it to "
        "JPEG first (on a Mac: open it in Preview, File > Export > JPEG; on an iPhone: Settings > Camera > "
        "Formats > Most Compatible), then upload the JPEG."
        for ext in ("heic", "heif")
    }
)


def format_bytes(size: int) -> str:
    """Human-readable size in the guides' units ("50 MB", "4 GB", "61.2 MB")."""
    if size >= GB and size % GB == 0:
        return f"{size // GB} GB"
    if size >= GB:
        return f"{size / GB:.1f} GB"
    if size % MB == 0:
        return f"{size // MB} MB"
    if size >= MB // 10:
        return f"{size / MB:.1f} MB"
    return f"{size} bytes"


def format_labels(mimes: frozenset[str]) -> str:
    """The guide's names for a set of MIME types ("JPEG, PNG, MP4"), in a stable order."""
    order = list(dict.fromkeys(FORMAT_LABELS.values()))
    present = {FORMAT_LABELS[m] for m in mimes if m in FORMAT_LABELS}
    return ", ".join(label for label in order if label in present)
