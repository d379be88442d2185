"""POST /api/preview: a small, clean JPEG of one photo, for the compose page when the browser cannot show it
(HEIC on Chrome, Firefox and most Android phones), so the teacher can check faces before posting.

The body is the photo itself (any image type, no form around it). It is processed in memory by the same
pipeline as a post's photos (same byte and pixel limits, same handling of hostile files) and never stored; a
photo the pipeline refuses is refused here with the same message, so the phone can refuse it when it is
added rather than after Post.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from app.deps import CurrentUser, SettingsDep
from app.media import MediaLimits, PhotoRejected, sanitise_photo_async
from app.media.limits import describe_bytes

router = APIRouter()
PREVIEW_LONG_EDGE = 480
PREVIEW_MAX_BYTES = 200 * 1024


def preview_limits(settings) -> MediaLimits:
    full = MediaLimits.from_settings(settings)
    return MediaLimits(max_bytes=full.max_bytes, max_pixels=full.max_pixels, max_long_edge=PREVIEW_LONG_EDGE,
                       max_output_bytes=PREVIEW_MAX_BYTES)


async def _read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None once it passes `limit` (nothing more is read)."""
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/api/preview")
async def api_preview(request: Request, settings: SettingsDep, _user: CurrentUser) -> Response:
    limits = preview_limits(settings)
    data = await _read_capped(request, limits.max_bytes)
    if data is None:
        return JSONResponse({"detail": f"This photo is larger than {describe_bytes(limits.max_bytes)}, the limit "
                                       "per photo. Please choose a smaller photo."}, status_code=413)
    if not data:
        return JSONResponse({"detail": "No photo was sent: send the photo's bytes as the request body."},
                            status_code=422)
    try:
        clean = await sanitise_photo_async(data, limits, concurrency=settings.photo_concurrency)
    except PhotoRejected as exc:
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code)
    headers = {"Cache-Control": "no-store", "X-Photo-Notes": " ".join(clean.notes)[:500].encode("ascii", "ignore")
               .decode()}
    return Response(clean.data, media_type=clean.content_type, headers=headers)
