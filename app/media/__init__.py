"""The server-side photo pipeline: every uploaded photo passes through here before it is stored.

    limits = MediaLimits.from_settings(settings)
    clean = await sanitise_photo_async(data, limits, concurrency=settings.photo_concurrency)
    # clean.data / clean.content_type / clean.width / clean.height / clean.notes

PhotoRejected carries the HTTP status (413, 415, 422) and a plain-English message.
"""

from app.media.concurrency import sanitise_photo_async
from app.media.errors import ACCEPTED_FORMATS, PhotoRejected
from app.media.limits import MediaLimits
from app.media.sanitise import CleanPhoto, sanitise_photo

__all__ = [
    "ACCEPTED_FORMATS",
    "CleanPhoto",
    "MediaLimits",
    "PhotoRejected",
    "sanitise_photo",
    "sanitise_photo_async",
]
