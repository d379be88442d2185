"""POST /api/faces: where the faces are in a photo, so the compose page can offer to blur them.

The photo goes through the same checks as a published one (size, type from its bytes, pixel count, hostile
files: `decode_to_srgb`), is turned upright and looked at in memory, and is never stored or logged.
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.deps import CurrentUser, SettingsDep
from app.media.errors import PhotoRejected
from app.media.limits import MediaLimits, describe_bytes
from app.media.sanitise import decode_to_srgb

router = APIRouter()
READ_CHUNK = 1024 * 1024
# Decoding plus detection holds tens of MB for a few hundred ms; at most this many at once in the process.
_slots = threading.BoundedSemaphore(2)


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def find_faces(data: bytes, limits: MediaLimits) -> dict:
    """Decode (with every check of the photo pipeline) and detect. Raises PhotoRejected."""
    from app.media.faces import detect_faces  # OpenCV is loaded on the first use, not when the app starts

    with _slots:
        decoded = decode_to_srgb(data, limits)
        try:
            faces = detect_faces(decoded.image)
            width, height = decoded.image.size
        finally:
            decoded.image.close()
    return {"faces": [face.to_json() for face in faces], "width": width, "height": height}


@router.post("/api/faces")
async def api_faces(request: Request, settings: SettingsDep, user: CurrentUser):
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return _refuse(415, "Send the photo as multipart/form-data in a field called 'photo'.")
    try:
        form = await request.form(max_files=1, max_fields=4)
    except StarletteHTTPException as exc:
        return _refuse(413 if "size" in str(exc.detail) or "many" in str(exc.detail) else 422,
                       f"The photo could not be read: {exc.detail}")
    upload = form.get("photo")
    try:
        if not isinstance(upload, UploadFile):
            return _refuse(422, "Send the photo in a field called 'photo'.")
        chunks, total = [], 0
        while chunk := await upload.read(READ_CHUNK):
            total += len(chunk)
            if total > settings.upload_max_bytes:
                return _refuse(413, f"This file is larger than {describe_bytes(settings.upload_max_bytes)}; "
                                    "choose a smaller photo.")
            chunks.append(chunk)
    finally:
        await form.close()
    if not total:
        return _refuse(422, "The photo is empty (0 bytes). Choose it again.")
    try:
        return await run_in_threadpool(find_faces, b"".join(chunks), MediaLimits.from_settings(settings))
    except PhotoRejected as exc:
        return _refuse(exc.status_code, exc.message)
