from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.channels.base import OutgoingPhoto, OutgoingPost


def make_photo(number: int, alt: str | None = None) -> OutgoingPhoto:
    data = b"\xff\xd8\xff\xe0" + bytes([number]) * 64 + b"\x00\r\n--boundary\xff\xd9"
    return OutgoingPhoto(
        data, "image/jpeg", alt if alt is not None else f"Class 4 at the museum, photo {number}"
    )


def make_post(photos: int = 0, text: str = "Year 4 loved the Roman museum today! #trips") -> OutgoingPost:
    return OutgoingPost(
        post_id=f"post-{photos}-{abs(hash(text)) % 10_000}",
        text=text,
        photos=tuple(make_photo(n) for n in range(1, photos + 1)),
        first_attempt_at=datetime.now(UTC) - timedelta(seconds=5),
    )


class CreateSpy:
    """A before_create callback that records when it was called."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


@pytest.fixture
def spy() -> CreateSpy:
    return CreateSpy()
