"""The one exception the photo pipeline raises, with the HTTP status the upload route should answer."""

from __future__ import annotations

ACCEPTED_FORMATS = "JPEG, PNG, WebP, HEIC or GIF"
ACCEPTED_SENTENCE = f"Tripcast accepts photos in {ACCEPTED_FORMATS} format."


class PhotoRejected(Exception):
    """A photo the pipeline will not publish.

    `status_code` is the HTTP status for the upload response: 413 too big (bytes, pixels, or a
    decompression bomb), 415 not an accepted type, 422 corrupt, truncated or undecodable.
    `message` is plain English that can be shown to the teacher as it is.
    """

    TOO_LARGE = 413
    UNSUPPORTED = 415
    UNREADABLE = 422

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message

    def __repr__(self) -> str:
        return f"PhotoRejected({self.status_code}, {self.message!r})"

    @classmethod
    def too_large(cls, message: str) -> PhotoRejected:
        return cls(cls.TOO_LARGE, message)

    @classmethod
    def unsupported(cls, what: str) -> PhotoRejected:
        """`what` completes "This file is ...", e.g. "a PDF"."""
        return cls(cls.UNSUPPORTED, f"This file is {what}. {ACCEPTED_SENTENCE}")

    @classmethod
    def unreadable(cls, label: str = "", reason: str = "looks damaged or incomplete") -> PhotoRejected:
        """`label` names the format ("JPEG") when it is known."""
        what = f"this {label} file" if label else "the file"
        return cls(
            cls.UNREADABLE,
            f"This photo could not be read: {what} {reason} (it may not have finished uploading). "
            "Please try again, or choose another photo.",
        )
